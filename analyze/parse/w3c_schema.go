package parse

import (
	"bytes"
	"strings"
)

// w3cSchema is one W3C field list (a #Fields line, or a built-in IIS layout
// for lines that come without one) with the positions of the fields an
// event is made of, resolved once when the list arrives so that a line
// costs no name lookup. A schema never changes after it is made: events
// point at the one they were read with, and Fields lists their original
// fields with it even after the header has changed.
type w3cSchema struct {
	names []string
	// layout names the built-in layout; "" for a #Fields line.
	layout string

	date, time int  // -1 when absent
	local      bool // date-local/time-local: the server's wall clock, not UTC
	clientIP   int  // c-ip
	xff        int  // an X-Forwarded-For field added by the admin
	clientDNS  int  // c-dns
	user       int  // cs-username
	target     int  // cs-uri-stem, else cs-uri
	targetURI  bool // target is cs-uri: cut at '?'
	status     int
	bytes      int // sc-bytes (Oracle: bytes)
	method     int
	serverPort int
	// spill is the field that takes the blanks some servers write
	// unencoded: when a line has more fields than the list, the extra
	// ones belong to it (a user agent with spaces). -1 when there is none.
	spill int
}

func newW3CSchema(names []string, layout string) *w3cSchema {
	s := &w3cSchema{names: names, layout: layout}
	find := func(alts ...string) int {
		for _, a := range alts {
			for i, n := range names {
				if strings.EqualFold(n, a) {
					return i
				}
			}
		}
		return -1
	}
	s.date = find("date")
	s.time = find("time")
	if s.date < 0 && s.time < 0 {
		s.date, s.time = find("date-local"), find("time-local")
		s.local = s.date >= 0 || s.time >= 0
	}
	s.clientIP = find("c-ip")
	s.xff = find("x-forwarded-for", "cs(x-forwarded-for)", "x-forwarded-for-ip")
	s.clientDNS = find("c-dns")
	s.user = find("cs-username", "c-auth-id")
	s.target = find("cs-uri-stem")
	if s.target < 0 {
		s.target = find("cs-uri")
		s.targetURI = s.target >= 0
	}
	s.status = find("sc-status")
	s.bytes = find("sc-bytes", "bytes")
	s.method = find("cs-method")
	s.serverPort = find("s-port")
	s.spill = find("cs(user-agent)", "cs(referer)", "cs(referrer)", "cs(cookie)")
	return s
}

// at returns the cell of field i of a line that has extra more fields than
// the list: they all go to the spill field.
func (s *w3cSchema) at(cells []fieldSpan, extra, i int) fieldSpan {
	if extra == 0 || i < s.spill {
		return cells[i]
	}
	if i == s.spill {
		return fieldSpan{lo: cells[i].lo, hi: cells[i+extra].hi}
	}
	return cells[i+extra]
}

// w3cFieldNames splits the value of a #Fields directive. A "//" starts a
// trailing comment (HTTP.sys samples annotate their headers so).
func w3cFieldNames(v []byte) []string {
	var names []string
	for _, f := range bytes.Fields(v) {
		if bytes.HasPrefix(f, []byte("//")) || len(names) == maxCells {
			break
		}
		names = append(names, string(f))
	}
	return names
}
