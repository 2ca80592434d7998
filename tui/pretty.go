package tui

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// Pretty-printing a raw JSON line for the drill-down's detail view. The
// lines it returns are NOT sanitized: the escapes of JSON strings are
// decoded first (so that "\n" and "\t" in a message or a stack trace become
// real line breaks and indentation, and "\u001b" an ESC), then the caller
// passes every resulting line through tui/safe.

// prettyIndent is the indentation of one nesting level, and of the
// continuation lines of a multi-line string.
const prettyIndent = "  "

// prettyTab is how many spaces a tab inside a string becomes.
const prettyTab = 4

// prettyJSON returns s pretty-printed, at most maxLines lines (the last
// one then says the rest was cut), when s (after leading space) is a JSON
// object or array; ok is false otherwise.
func prettyJSON(s string, maxLines int) (lines []string, ok bool) {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') || !json.Valid([]byte(t)) {
		return nil, false
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	p := prettyPrinter{max: maxLines}
	for !p.full() {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false
		}
		p.token(tok)
		if len(p.stack) == 0 {
			break // one value: what follows is not ours to show
		}
	}
	p.flush()
	if p.cut {
		p.lines = append(p.lines[:maxLines-1], "… (cut)")
	}
	return p.lines, true
}

// container is an open object or array.
type container struct {
	object bool
	n      int // elements (or keys) so far
	// key is true when an object's next string is a key.
	key bool
}

// prettyPrinter builds the lines from the token stream.
type prettyPrinter struct {
	lines []string
	cur   strings.Builder
	stack []container
	max   int
	cut   bool
}

func (p *prettyPrinter) full() bool {
	if p.max > 0 && len(p.lines) >= p.max {
		p.cut = true
		return true
	}
	return false
}

// newline ends the current line and starts the next at depth.
func (p *prettyPrinter) newline(depth int) {
	p.lines = append(p.lines, p.cur.String())
	p.cur.Reset()
	p.cur.WriteString(strings.Repeat(prettyIndent, depth))
}

func (p *prettyPrinter) flush() {
	if p.cur.Len() > 0 {
		p.lines = append(p.lines, p.cur.String())
		p.cur.Reset()
	}
}

// element starts a value inside the innermost container: the comma, a new
// line, the indentation. After a key the value follows on the same line.
func (p *prettyPrinter) element() {
	if len(p.stack) == 0 {
		return
	}
	top := &p.stack[len(p.stack)-1]
	if top.object && !top.key {
		// The value of the key just written.
		top.key = true
		return
	}
	if top.n > 0 {
		p.cur.WriteByte(',')
	}
	top.n++
	p.newline(len(p.stack))
}

func (p *prettyPrinter) token(tok json.Token) {
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{', '[':
			p.element()
			p.cur.WriteRune(rune(v))
			p.stack = append(p.stack, container{object: v == '{', key: true})
		case '}', ']':
			top := p.stack[len(p.stack)-1]
			p.stack = p.stack[:len(p.stack)-1]
			if top.n > 0 {
				p.newline(len(p.stack))
			}
			p.cur.WriteRune(rune(v))
		}
	case string:
		if n := len(p.stack); n > 0 && p.stack[n-1].object && p.stack[n-1].key {
			p.element()
			p.stack[n-1].key = false
			p.str(v)
			p.cur.WriteString(": ")
			return
		}
		p.element()
		p.str(v)
	case json.Number:
		p.element()
		p.cur.WriteString(v.String())
	case bool:
		p.element()
		if v {
			p.cur.WriteString("true")
		} else {
			p.cur.WriteString("false")
		}
	case nil:
		p.element()
		p.cur.WriteString("null")
	}
}

// str writes a decoded string in quotes: a line break inside it starts a
// new line, indented one level deeper than the line it began on; a tab
// becomes spaces; quotes and backslashes keep their escapes so that the
// string's end stays visible. Other characters are written as they are.
func (p *prettyPrinter) str(s string) {
	depth := len(p.stack) + 1
	p.cur.WriteByte('"')
	col := 0
	for i := 0; i < len(s); i++ {
		if p.full() {
			return
		}
		c := s[i]
		switch {
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// CRLF: one line break.
		case c == '\n':
			p.newline(depth)
			col = 0
		case c == '\t':
			n := prettyTab - col%prettyTab
			p.cur.WriteString(strings.Repeat(" ", n))
			col += n
		case c == '"' || c == '\\':
			p.cur.WriteByte('\\')
			p.cur.WriteByte(c)
			col += 2
		default:
			p.cur.WriteByte(c)
			col++
		}
	}
	p.cur.WriteByte('"')
}
