package parse

import "bytes"

// W3C extended log directives: "#Name: value" lines before the rows, and
// again after every restart of the server. #Fields names the columns of
// the rows that follow; #Date (or #Start-Date) gives the day for logs whose
// rows carry only a time (IIS FTP); #GMT-Offset says the times are not UTC.

// w3cFamily is what the header lines say an origin is. Exchange writes the
// same #Software/#Version/#Date lines above its CSV logs; the W3C parser
// learns from them to leave those logs to the Exchange parsers.
type w3cFamily uint8

const (
	familyUnknown w3cFamily = iota
	familyW3C
	familyExchange
)

// splitDirective splits "#Name: value" (also "# Name: value") into its name
// and its value without surrounding blanks. ok is false for a '#' line that
// is not a directive.
func splitDirective(line []byte) (name, value []byte, ok bool) {
	if len(line) == 0 || line[0] != '#' {
		return nil, nil, false
	}
	rest := line[1:]
	for len(rest) > 0 && rest[0] == ' ' {
		rest = rest[1:]
	}
	colon := bytes.IndexByte(rest, ':')
	if colon <= 0 || colon > 32 {
		return nil, nil, false
	}
	name = rest[:colon]
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return nil, nil, false
		}
	}
	return name, bytes.TrimSpace(rest[colon+1:]), true
}

func nameIs(name []byte, want string) bool { return bytes.EqualFold(name, []byte(want)) }

// directive reads a '#' line. Directives of W3C logs are Meta; anything
// else (an Exchange header, a shell comment) is not this format's.
func (p *w3cParser) directive(line []byte) Result {
	name, value, ok := splitDirective(line)
	if !ok {
		return Unparsed
	}
	if p.rows {
		// The first directive after rows opens a new header block:
		// what the old one said about dates and zones is over.
		p.rows = false
		p.hasDate, p.offset = false, 0
	}
	switch {
	case nameIs(name, "Fields"):
		if bytes.IndexByte(value, ',') >= 0 {
			p.family = familyExchange // CSV columns: an Exchange log
			return Unparsed
		}
		names := w3cFieldNames(value)
		if len(names) == 0 {
			return Unparsed
		}
		p.schema = newW3CSchema(names, "")
		p.family = familyW3C
		return Meta
	case nameIs(name, "Software"):
		if bytes.Contains(value, []byte("Exchange")) {
			p.family = familyExchange
			return Unparsed
		}
		p.family = familyW3C
		return Meta
	case nameIs(name, "Log-type"):
		p.family = familyExchange
		return Unparsed
	}
	if p.family == familyExchange {
		return Unparsed
	}
	switch {
	case nameIs(name, "Date"), nameIs(name, "Start-Date"):
		// "2002-05-02 17:42:15", maybe followed by a comment. Other
		// spellings (Incapsula's "28/Jun/2017 07:28:59") are kept as
		// text: they matter only to rows without a date.
		if len(value) >= 10 {
			if d, ok := p.days.unixDays(value[:10]); ok {
				p.date, p.hasDate = d, true
			}
		}
		return Meta
	case nameIs(name, "GMT-Offset"):
		if off, ok := parseOffset(value); ok {
			p.offset = off
		}
		return Meta
	case nameIs(name, "Version"), nameIs(name, "Remark"), nameIs(name, "End-Date"):
		return Meta
	}
	return Unparsed
}
