package parse

import (
	"bytes"
	"errors"
	"strings"
	"time"
)

// AWS VPC Flow Logs: one flow record per line, fields separated by spaces,
// "-" for a field with no value:
//
//	version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
//	2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK
//
// The field list is the default (v2) format, or a custom one: named by a
// header line (files delivered to S3 start with one), by --fields
// (Options.VPCFields), or recognised from the record itself among the
// formats AWS defines (vpcflow_fields.go). Events: actor srcaddr, target
// "dstaddr:dstport/protocol", status the action (ACCEPT, REJECT), or the
// log status of records that carry no flow (NODATA, SKIPDATA), counted
// apart; bytes the flow's bytes, time the end of its capture window.

var vpcLabels = Labels{Actor: "sources", Target: "destinations", Status: "actions"}

func init() {
	Register(&Format{
		Name:       "vpcflow",
		Labels:     vpcLabels,
		New:        newVPCParser,
		Detectable: true,
		Priority:   28,
	})
}

func newVPCParser(opts Options) (Parser, error) {
	p := &vpcParser{}
	if len(opts.VPCFields) > 0 {
		if len(opts.VPCFields) > maxCells {
			return nil, errors.New("vpcflow: too many fields")
		}
		for _, f := range opts.VPCFields {
			if f == "" {
				return nil, errors.New("vpcflow: empty field name in the field list")
			}
		}
		p.schema = newVPCSchema(append([]string(nil), opts.VPCFields...), "")
	}
	return p, nil
}

// vpcSchema is one field list with the positions of the fields an event is
// made of. It never changes once made: events point at the one they were
// read with.
type vpcSchema struct {
	names    []string
	kinds    []vpcKind
	prefixes []string // the id prefix of vpcPrefixed fields
	layout   string   // the built-in format's name; "" for a header or --fields
	v2       bool     // the default format's fields: vpcFastV2 reads its records

	srcaddr, dstaddr, srcport, dstport, protocol int // -1 when absent
	bytes, start, end, action, logStatus, pktSrc int
}

func newVPCSchema(names []string, layout string) *vpcSchema {
	s := &vpcSchema{names: names, layout: layout, kinds: make([]vpcKind, len(names)), prefixes: make([]string, len(names))}
	for i, n := range names {
		s.kinds[i] = vpcFieldKinds[n]
		s.prefixes[i] = vpcPrefixes[n]
	}
	find := func(name string) int {
		for i, n := range names {
			if n == name {
				return i
			}
		}
		return -1
	}
	s.srcaddr, s.dstaddr = find("srcaddr"), find("dstaddr")
	s.srcport, s.dstport = find("srcport"), find("dstport")
	s.protocol, s.bytes = find("protocol"), find("bytes")
	s.start, s.end = find("start"), find("end")
	s.action, s.logStatus = find("action"), find("log-status")
	s.pktSrc = find("pkt-srcaddr")
	s.v2 = strings.Join(names, " ") == vpcFieldsV2
	return s
}

// vpcParser parses one origin's flow log records.
type vpcParser struct {
	schema *vpcSchema // from the latest header line, or --fields
	guess  *vpcSchema // the built-in format that fitted the last record
	seen   bool       // a header or record came: blank lines are the format's
	target []byte     // "dstaddr:dstport/protocol" of the event at hand
	// lastWin is the last capture window's seconds read (lastWinN of
	// its bytes; none yet when 0), and lastTime their time.
	lastWin  [20]byte
	lastWinN int
	lastTime time.Time
	ev       Event
	cells    [maxCells]fieldSpan
}

// Format implements Parser.
func (p *vpcParser) Format() string { return "vpcflow" }

// Parse implements Parser. Records cost no allocation: the event points
// into the line and into the parser's target buffer.
func (p *vpcParser) Parse(line []byte, emit func(*Event)) Result {
	line = trimLine(line)
	if len(line) == 0 {
		if p.seen {
			return Meta // S3 files concatenated: a blank line, a new header
		}
		return Unparsed
	}
	if c := line[0]; c >= 'a' && c <= 'z' || c == '$' {
		if names := vpcHeaderNames(line); names != nil {
			p.schema = newVPCSchema(names, "")
			p.seen = true
			return Meta
		}
	}
	s := p.record(line)
	if s == nil {
		return Unparsed
	}
	p.seen = true
	ev := &p.ev
	ev.Reset()
	p.fill(s, line, ev)
	ev.Raw = line
	ev.Schema = s
	emit(ev)
	return Parsed
}

// record checks a record, leaving its fields in p.cells, and returns the
// schema it is read with: the header's (or --fields'), or the built-in
// format it fits. Nil when it is not a record.
func (p *vpcParser) record(line []byte) *vpcSchema {
	s := p.schema
	if g := p.guess; (s != nil && s.v2 || s == nil && g != nil && g.v2) && vpcFastV2(line, &p.cells) {
		if s == nil {
			return g
		}
		return s
	}
	n := splitSpaceRuns(line, p.cells[:], false)
	if s == nil {
		return p.matchLayout(line, n)
	}
	nf := len(s.names)
	// Words after the record are allowed only as a '#' comment.
	if n < nf || n > nf && (nf >= maxCells || line[p.cells[nf].lo] != '#') {
		return nil
	}
	if !s.fits(line, p.cells[:nf]) {
		return nil
	}
	return s
}

// field returns field f of the record, nil when the list lacks it or the
// record has "-".
func (p *vpcParser) field(line []byte, f int) []byte {
	if f < 0 {
		return nil
	}
	return dashNil(p.cells[f].of(line))
}

func (p *vpcParser) fill(s *vpcSchema, line []byte, ev *Event) {
	ev.Actor = p.field(line, s.srcaddr)
	ev.Target = p.appendTarget(s, line)
	action := p.field(line, s.action)
	ev.Status = action
	// Constant strings: compared inline, not by a call.
	if st := p.field(line, s.logStatus); st != nil && string(st) != "OK" || action == nil {
		ev.Status = st
	}
	ev.Failure = string(action) == "REJECT"
	ev.Bytes = parseCount(p.field(line, s.bytes))
	// The end of the capture window, as Filebeat's @timestamp: when the
	// record was written, which is what its delivery lag is measured from.
	when := p.field(line, s.end)
	if when == nil {
		when = p.field(line, s.start)
	}
	ev.Time = p.windowTime(when)
	if pkt := p.field(line, s.pktSrc); pkt != nil && string(pkt) != string(ev.Actor) {
		ev.SourceIP = pkt
	}
}

// windowTime reads the seconds of a capture window's start or end. The
// records of a file mostly share their windows (AWS aggregates flows over
// a minute or ten), so the last one read is kept and compared first.
func (p *vpcParser) windowTime(secs []byte) time.Time {
	if len(secs) == p.lastWinN && string(secs) == string(p.lastWin[:p.lastWinN]) {
		return p.lastTime
	}
	var t time.Time
	if n := parseCount(secs); n > 0 {
		t = time.Unix(n, 0).UTC()
	}
	if len(secs) <= len(p.lastWin) {
		p.lastWinN = copy(p.lastWin[:], secs)
		p.lastTime = t
	}
	return t
}

// appendTarget writes "dstaddr:dstport/protocol" into the parser's buffer:
// "[2001:db8::1]:22/tcp" for IPv6, no port for ICMP, the protocol's number
// when it has no common name.
func (p *vpcParser) appendTarget(s *vpcSchema, line []byte) []byte {
	dst := p.field(line, s.dstaddr)
	if dst == nil {
		return nil
	}
	proto := p.field(line, s.protocol)
	port := p.field(line, s.dstport)
	num := -1
	if len(proto) > 0 && len(proto) <= 3 {
		if n, ok := decDigits(proto); ok && n < 256 {
			num = n
		}
	}
	if num == 1 || num == 58 {
		port = nil // ICMP has types, not ports
	}
	b := p.target[:0]
	v6 := port != nil && bytes.IndexByte(dst, ':') >= 0
	if v6 {
		b = append(b, '[')
	}
	b = append(b, dst...)
	if v6 {
		b = append(b, ']')
	}
	if port != nil {
		b = append(b, ':')
		b = append(b, port...)
	}
	if proto != nil {
		b = append(b, '/')
		if num >= 0 && ipProtocolNames[num] != "" {
			b = append(b, ipProtocolNames[num]...)
		} else {
			b = append(b, proto...)
		}
	}
	p.target = b
	return b
}

// ipProtocolNames names the IP protocol numbers seen in flow logs.
var ipProtocolNames = [256]string{1: "icmp", 2: "igmp", 4: "ipip", 6: "tcp", 17: "udp", 41: "ipv6", 47: "gre", 50: "esp", 51: "ah", 58: "icmpv6", 89: "ospf", 132: "sctp"}

// fits checks every field of a record against the shape of its column.
func (s *vpcSchema) fits(line []byte, cells []fieldSpan) bool {
	for i, k := range s.kinds {
		v := cells[i].of(line)
		if k == vpcAny {
			continue
		}
		if isDash(v) {
			if i == 0 && s.names[0] == "version" {
				return false // every record has a version
			}
			continue
		}
		switch k {
		case vpcNumber:
			if !allDigits(v) || len(v) > 20 {
				return false
			}
		case vpcAddr:
			if !isAddrLike(v) {
				return false
			}
		case vpcAction:
			if string(v) != "ACCEPT" && string(v) != "REJECT" {
				return false
			}
		case vpcStatus:
			if string(v) != "OK" && string(v) != "NODATA" && string(v) != "SKIPDATA" {
				return false
			}
		case vpcType:
			if string(v) != "IPv4" && string(v) != "IPv6" && string(v) != "EFA" {
				return false
			}
		case vpcPrefixed:
			if pre := s.prefixes[i]; len(v) <= len(pre) || string(v[:len(pre)]) != pre {
				return false
			}
		case vpcDirection:
			if string(v) != "ingress" && string(v) != "egress" {
				return false
			}
		}
	}
	return true
}

// matchLayout returns the built-in format a headerless record of n fields
// fits, or nil. The one that fitted the previous record is tried first.
func (p *vpcParser) matchLayout(line []byte, n int) *vpcSchema {
	if g := p.guess; g != nil && len(g.names) == n && g.fits(line, p.cells[:n]) {
		return g
	}
	if n > maxCells {
		return nil
	}
	for _, s := range vpcLayouts {
		if len(s.names) == n && s != p.guess && s.fits(line, p.cells[:n]) {
			p.guess = s
			return s
		}
	}
	return nil
}

// Fields implements Parser: the record's fields under their flow log names,
// "-" as nil, and a trailing '#' comment as "comment".
func (p *vpcParser) Fields(ev *Event, fn func(name string, value []byte)) {
	// The event's own schema: the one its line was read with. Events
	// of other parsers (an Auto that moved on) are not listed.
	s, ok := ev.Schema.(*vpcSchema)
	if ev.Schema == nil {
		s, ok = p.schema, p.schema != nil
	}
	if !ok {
		return
	}
	line := ev.Raw
	cells := make([]fieldSpan, maxCells)
	n := min(splitSpaceRuns(line, cells, false), maxCells)
	for i, name := range s.names {
		if i >= n {
			fn(name, nil)
			continue
		}
		fn(name, dashNil(cells[i].of(line)))
	}
	if n > len(s.names) {
		fn("comment", line[cells[len(s.names)].lo:])
	}
}
