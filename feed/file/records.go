package file

import (
	"bytes"
	"time"
)

// A CloudTrail log file delivered to S3 is one line of JSON,
// {"Records":[{...},{...}]}, and a busy account writes files of hundreds of
// MB. Cutting such a line at feed.MaxLineBytes would lose all but the first
// records, and holding it whole would cost its size in memory. So a line
// that passes the bound and starts like a CloudTrail document is split
// instead: each object of its Records array becomes a line of its own (a
// single CloudTrail event, which the parser reads as delivered through
// CloudWatch Logs), found by a small streaming scanner that tracks strings,
// escapes and nesting depth across reads. Memory stays one record: a
// record longer than the bound is cut and counted like any long line.
//
// A document within the bound stays one line: the parser expands it.

// recordScan is the state of splitting one over-long document line.
type recordScan struct {
	on    bool // the current line is a document being split
	inRec bool // inside a record
	depth int  // nesting depth inside the record (1: its own braces)
	inStr bool // inside a JSON string
	esc   bool // the previous byte was a backslash inside a string
	skip  bool // the record passed the bound: the rest of it is skipped
	// scanned is how many bytes of the carried partial record were
	// already scanned: the scan resumes after them.
	scanned int
}

// recordsPrefixLen returns the length of a CloudTrail document's opening,
// `{"Records":[` with optional whitespace, at the start of b; 0 if b does
// not start with one.
func recordsPrefixLen(b []byte) int {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0
	}
	i = skipSpace(b, i+1)
	const key = `"Records"`
	if !bytes.HasPrefix(b[i:], []byte(key)) {
		return 0
	}
	i = skipSpace(b, i+len(key))
	if i >= len(b) || b[i] != ':' {
		return 0
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '[' {
		return 0
	}
	return i + 1
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// Bytes that matter to the scanner inside and outside strings. A newline
// always matters: it ends the line, and with it the document.
const (
	stopInString  = "\"\\\n"
	stopOutString = "\"{}[]\n"
)

// splitRecords scans b.stage from i for cursor c, which is splitting a
// document, and adds each complete record as a line. It returns where line
// splitting resumes: after the newline or the Records array's end that
// ended the document, or the end of the stage (a partial record is then
// carried in c.carry).
func (b *batcher) splitRecords(c *cursor, i int, arrival time.Time) (int, bool) {
	buf := b.stage
	end := len(buf)
	r := &c.rec
	start := i // first byte of the current record
	j := i + r.scanned
	r.scanned = 0
	// skipFrom is where the skipped rest of a record carried over as
	// skipped resumes: only that record can be skipped on entry.
	skipFrom := j
	for j < end {
		if !r.inRec {
			switch buf[j] {
			case ' ', '\t', '\r', ',':
				j++
			case '{':
				r.inRec, r.depth, r.inStr, r.esc, r.skip = true, 1, false, false, false
				start = j
				j++
			case ']':
				// The array ends; what follows on the line (the
				// document's closing brace) is not a record.
				r.on = false
				c.discard = true
				return j + 1, true
			case '\n':
				r.on = false // a document cut short
				return j + 1, true
			default:
				// Not a record: line splitting takes over from here, so
				// the rest of the line is counted (as unparsed).
				r.on = false
				return j, true
			}
			continue
		}
		k, ended, newline := scanRecord(r, buf[j:end])
		j += k
		if !ended && !newline {
			break // the stage ends inside the record
		}
		recEnd, dataEnd := j, j
		if newline {
			// The line ended inside the record: what came of it is a
			// cut line, without the line's end (as lines are).
			recEnd, dataEnd = j-1, j-1
			if dataEnd > start && buf[dataEnd-1] == '\r' {
				dataEnd--
			}
			r.on = false
		}
		r.inRec = false
		switch {
		case r.skip:
			c.skipped += int64(recEnd - skipFrom)
			r.skip = false
		case dataEnd-start > b.maxLine:
			c.skipped += int64(recEnd - start - b.maxLine)
			if !b.add(c, start, start+b.maxLine, true, arrival) {
				return j, false
			}
		default:
			if !b.add(c, start, dataEnd, newline, arrival) {
				return j, false
			}
		}
		if newline {
			return j, true
		}
	}
	if !r.inRec {
		return end, true
	}
	// The stage ends inside a record: carry it, or cut it if it is
	// already too long.
	switch {
	case r.skip:
		c.skipped += int64(end - skipFrom)
	case end-start > b.maxLine:
		r.skip = true
		c.skipped += int64(end - start - b.maxLine)
		if !b.add(c, start, start+b.maxLine, true, arrival) {
			return end, false
		}
	default:
		c.carry = append(c.carry[:0], buf[start:end]...)
		r.scanned = end - start
	}
	return end, true
}

// scanRecord advances r through p, which starts inside a record. It
// returns the bytes consumed and whether the record ended (its closing
// brace consumed) or the line did (its newline consumed).
func scanRecord(r *recordScan, p []byte) (n int, ended, newline bool) {
	j := 0
	for j < len(p) {
		if r.esc {
			r.esc = false
			if p[j] == '\n' {
				return j + 1, false, true
			}
			j++
			continue
		}
		if r.inStr {
			k := bytes.IndexAny(p[j:], stopInString)
			if k < 0 {
				return len(p), false, false
			}
			j += k
			switch p[j] {
			case '"':
				r.inStr = false
			case '\\':
				r.esc = true
			case '\n':
				return j + 1, false, true
			}
			j++
			continue
		}
		k := bytes.IndexAny(p[j:], stopOutString)
		if k < 0 {
			return len(p), false, false
		}
		j += k
		switch p[j] {
		case '"':
			r.inStr = true
		case '{', '[':
			r.depth++
		case '}', ']':
			r.depth--
			if r.depth == 0 {
				return j + 1, true, false
			}
		case '\n':
			return j + 1, false, true
		}
		j++
	}
	return j, false, false
}
