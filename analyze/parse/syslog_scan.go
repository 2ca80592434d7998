package parse

import "bytes"

// syslogLine is where the parts of one syslog line are.
type syslogLine struct {
	rfc5424  bool
	isoStamp bool // the stamp is RFC 3339 (RFC 5424, or rsyslog's precise BSD lines)
	pri      int  // -1 when the line has no <PRI>
	stamp    span
	host     span
	app      span // the tag (RFC 3164) or APP-NAME
	procID   span
	msgID    span
	sd       span // structured data, RFC 5424
	msg      span
	repeated bool // "--- last message repeated N times ---"
}

// scanSyslog finds the parts of an RFC 5424 or RFC 3164 line:
//
//	<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] message
//	<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
//	Mar 24 14:02:50 bigproduct-web1 tomcat.log: 127.0.0.1 - - "GET / HTTP/1.1" 200 65508
//	2019-03-24T14:02:50.123456+01:00 host app[42]: message   (rsyslog's precise stamps)
//
// It reports false when the line has neither shape. The timestamp is
// located and roughly checked; the clock converts it.
func scanSyslog(line []byte, s *syslogLine) bool {
	*s = syslogLine{pri: -1}
	i := 0
	if len(line) > 0 && line[0] == '<' {
		j := 1
		pri := 0
		for j < len(line) && j <= 4 && line[j] >= '0' && line[j] <= '9' {
			pri = pri*10 + int(line[j]-'0')
			j++
		}
		if j == 1 || j >= len(line) || line[j] != '>' || pri > 191 {
			return false
		}
		s.pri = pri
		i = j + 1
		if i+1 < len(line) && line[i] >= '1' && line[i] <= '9' && line[i+1] == ' ' {
			return scan5424(line, i+2, s)
		}
	}
	return scan3164(line, i, s)
}

// field reads a space-ended token at i; it returns the token and the
// offset after the space, or ok false at the end of line.
func syslogToken(line []byte, i int) (span, int, bool) {
	j := i
	for j < len(line) && line[j] != ' ' {
		j++
	}
	if j == i {
		return span{}, i, false
	}
	if j == len(line) {
		return span{i, j}, j, true
	}
	return span{i, j}, j + 1, true
}

func scan5424(line []byte, i int, s *syslogLine) bool {
	s.rfc5424 = true
	var ok bool
	parts := [...]*span{&s.stamp, &s.host, &s.app, &s.procID, &s.msgID}
	for _, p := range parts {
		if *p, i, ok = syslogToken(line, i); !ok {
			return false
		}
	}
	if st := s.stamp.of(line); !(len(st) == 1 && st[0] == '-') && (len(st) < isoSecondsLen || st[4] != '-' || st[10] != 'T') {
		return false
	}
	s.isoStamp = true
	// STRUCTURED-DATA: "-" or one or more [id param="value"...] elements,
	// values escaping ", \ and ].
	if i >= len(line) {
		return false
	}
	start := i
	if line[i] == '-' {
		i++
	} else {
		for i < len(line) && line[i] == '[' {
			i++
			inQ := false
			for i < len(line) {
				c := line[i]
				if c == '\\' && inQ {
					i += 2
					continue
				}
				if c == '"' {
					inQ = !inQ
				} else if c == ']' && !inQ {
					break
				}
				i++
			}
			if i >= len(line) {
				return false
			}
			i++
		}
		if i == start {
			return false
		}
	}
	s.sd = span{start, i}
	if i < len(line) {
		if line[i] != ' ' {
			return false
		}
		i++
		m := bytes.TrimPrefix(line[i:], jsonBOM)
		s.msg = span{len(line) - len(m), len(line)}
	}
	return true
}

func scan3164(line []byte, i int, s *syslogLine) bool {
	// The timestamp: "Mmm dd hh:mm:ss" (day space-padded), with an
	// optional year after the day, or an RFC 3339 stamp.
	rest := line[i:]
	switch {
	case len(rest) >= 16 && syslogMonth(rest) > 0 && rest[3] == ' ' && rest[6] == ' ':
		end := i + 15
		if rest[9] != ':' && len(rest) >= 21 && rest[11] == ' ' && rest[14] == ':' {
			end = i + 20 // "Mmm dd yyyy hh:mm:ss"
		}
		if line[end-3] != ':' || line[end-6] != ':' || end >= len(line) || line[end] != ' ' {
			return false
		}
		s.stamp = span{i, end}
		i = end + 1
	case len(rest) >= isoSecondsLen+2 && rest[4] == '-' && rest[7] == '-' && rest[10] == 'T':
		st, next, ok := syslogToken(line, i)
		if !ok || st.hi-st.lo < isoSecondsLen {
			return false
		}
		s.stamp, i, s.isoStamp = st, next, true
	default:
		return false
	}
	// "--- last message repeated N times ---" has no host.
	if bytes.HasPrefix(line[i:], []byte("--- last message repeated")) {
		s.repeated = true
		s.msg = span{i, len(line)}
		return true
	}
	var ok bool
	if s.host, i, ok = syslogToken(line, i); !ok {
		return false
	}
	// TAG[PID]: — a tag ends at '[' or ':'; without one, the message
	// starts right after the host.
	j := i
	for j < len(line) && j-i <= 64 && line[j] != ':' && line[j] != '[' && line[j] != ' ' {
		j++
	}
	if j > i && j < len(line) && (line[j] == ':' || line[j] == '[') {
		s.app = span{i, j}
		if line[j] == '[' {
			k := bytes.IndexByte(line[j:], ']')
			if k < 0 {
				return false
			}
			s.procID = span{j + 1, j + k}
			j += k + 1
		}
		if j < len(line) && line[j] == ':' {
			j++
		}
		if j < len(line) && line[j] == ' ' {
			j++
		}
		i = j
	}
	if i < len(line) {
		s.msg = span{i, len(line)}
	}
	return true
}

// syslogMonth returns 1-12 for a month abbreviation at the start of b.
func syslogMonth(b []byte) int {
	for m, name := range monthIndex {
		if b[0] == name[0] && b[1] == name[1] && b[2] == name[2] {
			return m + 1
		}
	}
	return 0
}
