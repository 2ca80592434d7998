package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// jsonDoc follows one JSON document spread over many lines, or over one
// long line: a CloudTrail {"Records":[...]} file, pretty-printed or not, a
// pretty-printed single event, a CloudWatch Logs subscription payload. It
// reads the document a line at a time with a small state machine (depth,
// strings, the last top-level key) and hands over its parts as they
// complete, so that nothing waits for the document's end:
//
//   - stream mode: each element of one top-level array (Records, logEvents)
//     as soon as its closing brace is read, and the top-level string
//     members (logGroup) on the way. Only the element being read is
//     buffered, and an element that begins and ends on one line is handed
//     over in place, without a copy.
//   - whole mode: the whole document, when it is one event (a pretty-printed
//     CloudTrail event, a digest file).
//
// What is buffered is capped (limit): a larger element or document is
// dropped and its remaining lines are Unparsed. Lines that cannot continue
// a JSON document (text, a syslog line) end it, so that a cut document
// never swallows the lines after it; a line that begins a new document of
// the same kind (restart prefixes) ends it too, since a cut line is how a
// broken document usually ends.
//
// The owner counts each line by what happened on it: Parsed when an event
// was emitted, Unparsed when an element was invalid, too large, or the
// document was abandoned, Meta otherwise (a line in the middle of the
// document, or one that completed a part with nothing to count).
type jsonDoc struct {
	streamKey string   // the top-level key whose array is streamed
	restart   []string // line prefixes that begin a new document
	limit     int      // cap on the bytes buffered

	mode      docMode
	depth     int
	inStr     bool
	esc       bool
	expectKey bool // at depth 1: the next string is a key
	strStart  int  // where the depth-1 string being read began on this line; -1 if on an earlier line
	key       [64]byte
	keyN      int  // length of the last top-level key; -1 when it did not fit or spanned lines
	inArray   bool // inside the streamed array (depth 2 is its level)
	elem      bool // inside an element of the streamed array
	segFrom   int  // where the buffered unit began on this line; -1 if on an earlier line
	over      bool // the buffered unit outgrew limit: dropped, its lines unparsed
	buf       []byte

	// What happened on the current line.
	lineEvents bool
	lineBad    bool
}

type docMode uint8

const (
	docIdle   docMode = iota // no document open
	docOpen                  // the opening brace was read, no key yet
	docStream                // streaming the elements of streamKey's array
	docWhole                 // buffering the whole document
)

// docHandler is what a format does with the parts of its documents.
type docHandler interface {
	// docFirstKey decides, from the document's first key, how to read it:
	// docStream, docWhole, or docIdle to refuse the document.
	docFirstKey(key []byte) docMode
	// docTop sees each top-level string member in stream mode (raw
	// contents, escapes as written).
	docTop(key, raw []byte)
	// docElement reads one element of the streamed array.
	docElement(elem []byte, emit func(*Event)) Result
	// docWhole reads a whole document.
	docWhole(doc []byte, emit func(*Event)) Result
}

// open reports whether a document is being read.
func (d *jsonDoc) open() bool { return d.mode != docIdle }

// begin starts a document: the next line fed must open it.
func (d *jsonDoc) begin() {
	d.mode = docOpen
	d.depth = 0
	d.inStr, d.esc, d.expectKey = false, false, false
	d.keyN = -1
	d.inArray, d.elem, d.over = false, false, false
	d.buf = d.buf[:0]
	d.segFrom = -1
}

// abandon ends the document where it is.
func (d *jsonDoc) abandon() {
	d.mode = docIdle
	d.buf = d.buf[:0]
	if cap(d.buf) > 64<<10 {
		d.buf = nil // a large document's buffer is not kept for ever
	}
}

// feed reads the next line of the open document (the first line too, after
// begin). restart is true when the line begins a new document instead: the
// document was abandoned and the caller should read the line afresh.
func (d *jsonDoc) feed(line []byte, h docHandler, emit func(*Event)) (r Result, restart bool) {
	d.lineEvents, d.lineBad = false, false
	// A line that begins a new document ends this one even when it was
	// left inside a string: strings do not go on past a line in valid
	// JSON, and a cut line is how a broken document usually ends.
	if d.depth > 0 && d.startsNew(line) {
		d.abandon()
		return Unparsed, true
	}
	if !d.inStr && !plausibleJSONLine(line) {
		d.abandon()
		return Unparsed, false
	}
	if d.depth > 0 {
		d.segFrom = -1
	}
	d.strStart = -1
	if !d.scan(line, h, emit) {
		d.abandon()
		if d.lineEvents {
			return Parsed, false
		}
		return Unparsed, false
	}
	if d.mode != docIdle && (d.elem || d.mode == docOpen || d.mode == docWhole) {
		from := d.segFrom
		if from < 0 {
			from = 0
		}
		d.keep(line[from:])
	}
	return d.lineResult(), false
}

func (d *jsonDoc) lineResult() Result {
	switch {
	case d.lineEvents:
		return Parsed
	case d.lineBad:
		return Unparsed
	}
	return Meta
}

// startsNew reports whether line begins a new document where one cannot
// be (anywhere but between the elements of the streamed array).
func (d *jsonDoc) startsNew(line []byte) bool {
	if d.mode == docStream && d.inArray && d.depth == 2 && !d.elem {
		return false
	}
	t := trimLeftJSONSpace(line)
	for _, p := range d.restart {
		if bytes.HasPrefix(t, []byte(p)) {
			return true
		}
	}
	return false
}

// scan runs the state machine over line. It returns false when the
// document must be abandoned.
func (d *jsonDoc) scan(line []byte, h docHandler, emit func(*Event)) bool {
	for i := 0; i < len(line); i++ {
		if d.inStr {
			if d.esc {
				d.esc = false
				continue
			}
			i = skipStringRun(line, i)
			if i == len(line) {
				break
			}
			if line[i] == '\\' {
				d.esc = true
				continue
			}
			d.inStr = false // at the closing quote
			if d.depth == 1 {
				d.topString(line, i, h)
			}
			continue
		}
		c := line[i]
		switch c {
		case ' ', '\t', '\r', '\n', ',', ':':
			if c == ',' && d.depth == 1 {
				d.expectKey = true
			}
			if c == ':' && d.depth == 1 {
				d.expectKey = false
				if d.mode == docOpen && !d.decide(h) {
					return false
				}
			}
		case '"':
			d.inStr = true
			if d.depth == 1 {
				d.strStart = i
			}
			if d.depth == 2 && d.inArray && !d.elem {
				d.lineBad = true // a string where an object belongs
			}
		case '{', '[':
			switch {
			case d.depth == 0:
				if c != '{' || d.mode != docOpen {
					return false
				}
				d.segFrom = i
				d.expectKey = true
			case d.depth == 1 && c == '[' && d.mode == docStream && !d.expectKey && d.keyIs(d.streamKey):
				d.inArray = true
			case d.depth == 2 && d.inArray && !d.elem:
				d.elem, d.segFrom, d.over = true, i, false
				d.buf = d.buf[:0]
			}
			d.depth++
			if d.depth > jsonMaxDepth {
				return false
			}
		case '}', ']':
			d.depth--
			switch {
			case d.depth < 0:
				return false
			case d.depth == 2 && d.elem:
				d.elem = false
				d.complete(line, i, h, emit, false)
			case d.depth == 1 && d.inArray && c == ']':
				d.inArray = false
			case d.depth == 0:
				switch d.mode {
				case docWhole:
					d.complete(line, i, h, emit, true)
				case docOpen:
					d.lineBad = true // an empty object
				}
				d.mode = docIdle
				if len(trimLeftJSONSpace(line[i+1:])) > 0 {
					d.lineBad = true // whatever follows is not read
				}
				return true
			}
		default:
			if d.unbuffered() && !jsonBareByte(c) {
				return false // not JSON: text after a cut document
			}
			if d.depth == 2 && d.inArray && !d.elem {
				d.lineBad = true // a number or literal where an object belongs
			}
		}
	}
	if d.inStr && d.depth == 1 {
		d.strStart = -1
		if d.unbuffered() {
			return false // a top-level string cannot go on past the line
		}
	}
	return true
}

// skipStringRun returns the offset of the first quote or backslash at or
// after i, or len(b): eight bytes at a time, as strings are most of a
// document.
func skipStringRun(b []byte, i int) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q := x ^ (lo * '"')
		bs := x ^ (lo * '\\')
		// The lowest mark is a true one (see stopBytes).
		if m := ((q - lo) | (bs - lo)) &^ x & hi; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) && b[i] != '"' && b[i] != '\\' {
		i++
	}
	return i
}

// unbuffered reports whether the bytes being read are not kept (between
// the elements of a streamed document): there, only JSON may appear.
func (d *jsonDoc) unbuffered() bool { return d.mode == docStream && !d.elem }

// decide asks the handler how to read the document, at its first key.
func (d *jsonDoc) decide(h docHandler) bool {
	if d.keyN < 0 {
		return false
	}
	switch h.docFirstKey(d.key[:d.keyN]) {
	case docStream:
		d.mode = docStream
		d.buf = d.buf[:0]
		return true
	case docWhole:
		d.mode = docWhole
		return true
	}
	return false
}

// topString notes a top-level string that closed at i: a key, or a value
// for the handler.
func (d *jsonDoc) topString(line []byte, i int, h docHandler) {
	if d.strStart < 0 {
		d.keyN = -1
		return
	}
	raw := line[d.strStart+1 : i]
	d.strStart = -1
	if d.expectKey {
		if len(raw) > len(d.key) {
			d.keyN = -1
			return
		}
		d.keyN = copy(d.key[:], raw)
		return
	}
	if d.mode == docStream && d.keyN >= 0 {
		h.docTop(d.key[:d.keyN], raw)
	}
}

func (d *jsonDoc) keyIs(k string) bool {
	return d.keyN == len(k) && string(d.key[:d.keyN]) == k
}

// complete hands over the unit (element or document) that closed at i.
func (d *jsonDoc) complete(line []byte, i int, h docHandler, emit func(*Event), whole bool) {
	var unit []byte
	if d.segFrom >= 0 {
		unit = line[d.segFrom : i+1]
	} else {
		d.keep(line[:i+1])
		unit = d.buf
	}
	over := d.over
	d.over = false
	d.buf = d.buf[:0]
	d.segFrom = -1
	if over {
		d.lineBad = true
		return
	}
	var r Result
	if whole {
		r = h.docWhole(unit, emit)
	} else {
		r = h.docElement(unit, emit)
	}
	switch r {
	case Parsed:
		d.lineEvents = true
	case Unparsed:
		d.lineBad = true
	}
}

// keep appends part of a line to the buffered unit, lines joined by '\n',
// unless that would pass the cap: the unit is then dropped.
func (d *jsonDoc) keep(seg []byte) {
	if d.over {
		d.lineBad = true
		return
	}
	n := len(d.buf) + len(seg)
	if len(d.buf) > 0 {
		n++
	}
	if n > d.limit {
		d.over = true
		d.lineBad = true
		d.buf = d.buf[:0]
		return
	}
	if len(d.buf) > 0 {
		d.buf = append(d.buf, '\n')
	}
	d.buf = append(d.buf, seg...)
}

// plausibleJSONLine reports whether line (not inside a string) can be part
// of a JSON document: blank, or beginning with something a value, a member
// or a closing bracket begins with.
func plausibleJSONLine(line []byte) bool {
	t := trimLeftJSONSpace(line)
	if len(t) == 0 {
		return true
	}
	switch c := t[0]; {
	case c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == ',' || c == '-' || c >= '0' && c <= '9':
		return true
	case c == 't':
		return bytes.HasPrefix(t, []byte("true"))
	case c == 'f':
		return bytes.HasPrefix(t, []byte("false"))
	case c == 'n':
		return bytes.HasPrefix(t, []byte("null"))
	}
	return false
}

// jsonBareByte reports whether c may appear outside strings in JSON apart
// from structure and space: in numbers and literals.
func jsonBareByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '+' || c == '.'
}

// trimLeftJSONSpace drops leading JSON whitespace and a UTF-8 byte order
// mark.
func trimLeftJSONSpace(b []byte) []byte {
	b = bytes.TrimPrefix(b, jsonBOM)
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

var jsonBOM = []byte("\xef\xbb\xbf")
