package parse

import "bytes"

// maxLogType bounds the #Log-type value kept per origin.
const maxLogType = 128

// directive reads a '#' line of an Exchange log. #Log-type says which log
// follows, so the tracking and protocol parsers each claim only their own
// (and auto-detection moves to the right one on that line); #Fields sets
// the columns; #Software, #Version and #Date are the rest of the header.
func (p *exchangeParser) directive(line []byte) Result {
	name, value, ok := splitDirective(line)
	if !ok {
		return Unparsed
	}
	if p.rows {
		// A header after rows: a restart, a new file appended.
		p.rows = false
		p.logType = ""
	}
	switch {
	case nameIs(name, "Software"):
		if !bytes.Contains(value, []byte("Exchange")) {
			p.family = familyW3C
			return Unparsed
		}
		p.family = familyExchange
		return Meta
	case nameIs(name, "Log-type"):
		p.family = familyExchange
		p.logType = string(value[:min(len(value), maxLogType)])
		if p.ownsLogType() {
			return Meta
		}
		return Unparsed
	case nameIs(name, "Fields"):
		if bytes.IndexByte(value, ',') < 0 {
			p.family = familyW3C // blank-separated: a W3C log
			return Unparsed
		}
		p.family = familyExchange
		p.schema = newExchSchema(splitExchFields(value), p.logType, "")
		if p.mine(p.schema) {
			return Meta
		}
		return Unparsed
	case nameIs(name, "Version"), nameIs(name, "Date"):
		if p.family == familyExchange && p.ownsLogType() {
			return Meta
		}
	}
	return Unparsed
}

// ownsLogType reports whether the #Log-type seen (if any) is this parser's.
func (p *exchangeParser) ownsLogType() bool {
	if p.logType == "" {
		return true
	}
	return isTrackingLogType(p.logType) == p.tracking
}

func isTrackingLogType(t string) bool {
	return bytes.Contains(bytes.ToLower([]byte(t)), []byte("message tracking"))
}
