package parse

import "bytes"

// elbMaxFields bounds the fields read from a load balancer line; later
// fields (a future version's additions) are ignored.
const elbMaxFields = 40

// elbLine is where the fields of one load balancer log line are: spans of
// the line, quotes excluded for quoted fields.
type elbLine struct {
	f [elbMaxFields]span
	n int
}

func (l *elbLine) get(line []byte, i int) []byte {
	if i >= l.n {
		return nil
	}
	return l.f[i].of(line)
}

// splitELB splits line into space-separated fields, a field in double
// quotes being one field (it may hold spaces, and backslash-escaped
// quotes). A closing quote ends its field even when no space follows (a
// known ALB quirk writes "-"1). It reports false for an unterminated quote.
func splitELB(line []byte, l *elbLine) bool {
	l.n = 0
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	i := 0
	for i < n {
		if l.n == elbMaxFields {
			return true
		}
		if line[i] == '"' {
			q := elbCloseQuote(line[:n], i+1)
			if q < 0 {
				return false
			}
			l.f[l.n] = span{i + 1, q}
			l.n++
			i = q + 1
		} else {
			j := i
			for j < n && line[j] != ' ' {
				j++
			}
			l.f[l.n] = span{i, j}
			l.n++
			i = j
		}
		if i < n && line[i] == ' ' {
			i++
		}
	}
	return true
}

// elbCloseQuote finds the quote that closes a field opened before i: the
// first one not escaped by a backslash.
func elbCloseQuote(line []byte, i int) int {
	for {
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			return -1
		}
		q := i + j
		bs := 0
		for p := q - 1; p >= i && line[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// elbHostPort splits "ip:port" (the last colon separates the port, so an
// IPv6 address keeps its colons; brackets are dropped) and checks that it
// is made of address characters. "-" or anything else is not.
func elbHostPort(b []byte) (host, port []byte, ok bool) {
	c := bytes.LastIndexByte(b, ':')
	if c <= 0 || c == len(b)-1 {
		return nil, nil, false
	}
	host, port = b[:c], b[c+1:]
	if len(host) > 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	if !elbDigits(port) || !elbAddress(host) {
		return nil, nil, false
	}
	return host, port, true
}

// elbAddress reports whether b is made only of what IPv4 and IPv6
// addresses are made of (not a proof of validity: a log that wrote a
// malformed address still has its line read).
func elbAddress(b []byte) bool {
	if len(b) == 0 || len(b) > 64 {
		return false
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':' || c == '%') {
			return false
		}
	}
	return true
}

func elbDigits(b []byte) bool {
	if len(b) == 0 || len(b) > 18 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// elbCount reads a byte count or "-" (0).
func elbCount(b []byte) (int64, bool) {
	if len(b) == 1 && b[0] == '-' {
		return 0, true
	}
	if !elbDigits(b) {
		return 0, false
	}
	n, _ := jsonInt(b)
	return n, true
}

// elbTiming checks a processing time: seconds with a fraction, -1 when the
// load balancer could not measure it, or "-".
func elbTiming(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if b[0] == '-' {
		b = b[1:]
		if len(b) == 0 {
			return true
		}
	}
	dot := false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return len(b) > 0
}

// elbStatus reads an HTTP status, or "-" (0) when there is none (a TCP
// listener, a request that never reached a target).
func elbStatus(b []byte) (int, bool) {
	if len(b) == 1 && b[0] == '-' {
		return 0, true
	}
	if len(b) != 3 {
		return 0, false
	}
	code, ok := digits2(b[1], b[2])
	if !ok || b[0] < '0' || b[0] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*100 + code, true
}

// elbRequestPath finds the path in a request field "GET http://host:80/p?q
// HTTP/1.1": the URL's path without its query; the URL itself when it has
// no path; nil for a request that is "-" (TCP listeners, malformed input).
// The URL runs to the last space, so that one with a raw space in it (a
// shell injection attempt) stays whole.
func elbRequestPath(req []byte) []byte {
	req = bytes.TrimRight(req, " ")
	sp := bytes.IndexByte(req, ' ')
	if sp < 0 {
		return nil
	}
	url := req[sp+1:]
	if e := bytes.LastIndexByte(url, ' '); e >= 0 {
		url = url[:e] // the protocol
	}
	if len(url) == 0 || len(url) == 1 && url[0] == '-' {
		return nil
	}
	path := url
	if k := bytes.Index(url, []byte("://")); k >= 0 {
		rest := url[k+3:]
		s := bytes.IndexByte(rest, '/')
		if s < 0 {
			return url
		}
		path = rest[s:]
	}
	if q := bytes.IndexByte(path, '?'); q >= 0 {
		path = path[:q]
	}
	return path
}
