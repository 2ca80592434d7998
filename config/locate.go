package config

import (
	"strconv"
	"strings"
)

// lines maps dotted keys to the line they are defined on. The TOML library
// reports lines for syntax errors only, and a checked value can be wrong
// without being a syntax error ("window = '7m'"), so this walks the
// (already parsed, hence valid) document once more to remember where every
// key is. Keys are recorded twice: with array indexes
// ("sources.web[1].format") and without ("sources.web.format", the first
// one), the form the library's undecoded keys come in.
type lines map[string]int

// line returns the line of key, or of its nearest enclosing table, or 0.
func (l lines) line(key string) int {
	for key != "" {
		if n, ok := l[key]; ok {
			return n
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

func (l lines) add(key string, line int) {
	if _, ok := l[key]; !ok {
		l[key] = line
	}
	if plain := stripIndexes(key); plain != key {
		if _, ok := l[plain]; !ok {
			l[plain] = line
		}
	}
}

// stripIndexes removes the "[N]" array indexes from a key.
func stripIndexes(key string) string {
	if !strings.Contains(key, "[") {
		return key
	}
	var b strings.Builder
	depth := 0
	for _, r := range key {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// locate walks a valid TOML document and records the line of every key,
// table header and array element. On input it does not understand it stops
// and returns what it has: positions are a help for messages, never a
// reason to fail.
func locate(src string) lines {
	w := &walker{s: src, line: 1, out: lines{}, arrays: map[string]int{}}
	func() {
		defer func() { _ = recover() }() // a walker bug must not break loading
		w.document()
	}()
	return w.out
}

type walker struct {
	s      string
	i      int
	line   int
	out    lines
	table  string         // the current table's key, with indexes
	arrays map[string]int // next index of each [[array]] table
}

func (w *walker) eof() bool { return w.i >= len(w.s) }

func (w *walker) peek() byte {
	if w.eof() {
		return 0
	}
	return w.s[w.i]
}

func (w *walker) next() byte {
	c := w.s[w.i]
	w.i++
	if c == '\n' {
		w.line++
	}
	return c
}

// skip passes blanks and, when newlines is set, newlines and comments.
func (w *walker) skip(newlines bool) {
	for !w.eof() {
		switch c := w.peek(); {
		case c == ' ' || c == '\t' || c == '\r':
			w.next()
		case c == '#':
			for !w.eof() && w.peek() != '\n' {
				w.next()
			}
		case c == '\n' && newlines:
			w.next()
		default:
			return
		}
	}
}

func (w *walker) document() {
	for {
		w.skip(true)
		if w.eof() {
			return
		}
		line := w.line
		if strings.HasPrefix(w.s[w.i:], "[[") {
			w.i += 2
			key := w.keyPath()
			w.skip(false)
			w.i += 2 // ]]
			n := w.arrays[key]
			w.arrays[key] = n + 1
			w.table = key + "[" + strconv.Itoa(n) + "]"
			w.out.add(key, line)
			w.out.add(w.table, line)
			continue
		}
		if w.peek() == '[' {
			w.i++
			w.table = w.keyPath()
			w.skip(false)
			w.i++ // ]
			w.out.add(w.table, line)
			continue
		}
		w.keyValue(w.table)
	}
}

// keyValue reads "key = value" under prefix.
func (w *walker) keyValue(prefix string) {
	line := w.line
	key := join(prefix, w.keyPath())
	w.skip(false)
	if w.peek() != '=' {
		panic("expected =")
	}
	w.i++
	w.out.add(key, line)
	w.skip(false)
	w.value(key)
}

// keyPath reads a dotted key of bare and quoted parts.
func (w *walker) keyPath() string {
	var parts []string
	for {
		w.skip(false)
		switch w.peek() {
		case '"', '\'':
			parts = append(parts, w.str())
		default:
			start := w.i
			for !w.eof() && isBare(w.peek()) {
				w.i++
			}
			if start == w.i {
				panic("expected a key")
			}
			parts = append(parts, w.s[start:w.i])
		}
		w.skip(false)
		if w.peek() != '.' {
			return strings.Join(parts, ".")
		}
		w.i++
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// value passes one value, recording the keys of inline tables and the
// elements of arrays under key.
func (w *walker) value(key string) {
	switch w.peek() {
	case '"', '\'':
		w.str()
	case '[':
		w.next()
		for n := 0; ; n++ {
			w.skip(true)
			w.needMore()
			if w.peek() == ']' {
				w.next()
				return
			}
			elem := key + "[" + strconv.Itoa(n) + "]"
			w.out.add(elem, w.line)
			w.value(elem)
			w.skip(true)
			if w.peek() == ',' {
				w.next()
			}
		}
	case '{':
		w.next()
		for {
			w.skip(true)
			w.needMore()
			if w.peek() == '}' {
				w.next()
				return
			}
			w.keyValue(key)
			w.skip(true)
			if w.peek() == ',' {
				w.next()
			}
		}
	default: // numbers, booleans, dates: up to a delimiter
		start := w.i
		for !w.eof() && !strings.ContainsRune(",]}#\n", rune(w.peek())) {
			w.next()
		}
		if w.i == start {
			panic("expected a value") // and no progress would loop forever
		}
	}
}

// needMore stops the walk at an unexpected end of the input.
func (w *walker) needMore() {
	if w.eof() {
		panic("unexpected end")
	}
}

// str reads a basic, literal or multi-line string and returns its text
// (escapes are kept as written: it only names keys in messages).
func (w *walker) str() string {
	q := w.peek()
	delim := string(q)
	if strings.HasPrefix(w.s[w.i:], strings.Repeat(delim, 3)) {
		delim = strings.Repeat(delim, 3)
	}
	w.i += len(delim)
	start := w.i
	for !w.eof() {
		if q == '"' && w.peek() == '\\' {
			w.next()
			w.next()
			continue
		}
		if strings.HasPrefix(w.s[w.i:], delim) {
			end := w.i
			w.i += len(delim)
			// A multi-line string may end with up to two more quotes.
			for len(delim) == 3 && w.peek() == q {
				w.i++
				end++
			}
			return w.s[start:end]
		}
		w.next()
	}
	panic("unterminated string")
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
