package parse

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// span is a byte range [lo, hi) of a line. The zero span is "absent": no
// field of an access line that can be present ends at offset 0.
type span struct{ lo, hi int }

func (s span) present() bool { return s.hi > 0 }

// of returns the bytes of s in line, nil when absent.
func (s span) of(line []byte) []byte {
	if s.hi == 0 {
		return nil
	}
	return line[s.lo:s.hi:s.hi]
}

// accessLine is where the fields of one access-log line are, as found by
// scanAccess. It holds only offsets, so scanning allocates nothing, and its
// zero value means "nothing found", so resetting it is one memory clear.
type accessLine struct {
	vhost    span // a virtual host before the client (nginx $host, Apache %v)
	clients  span // the client field: one address, or a forwarded-for list
	actor    span // the client chosen from clients
	ident    span
	authuser span
	datetime span // between the brackets
	request  span // between the quotes, escapes as written
	method   span
	url      span
	path     span // url up to '?'
	proto    span
	status   span // absent when the line ends after the request
	bytes    span // absent when the line ends after the status
	referer  span // between the quotes; present only with agent
	agent    span
	tail     int // offset of the first field after bytes (or after agent when combined); end of line if none
	end      int // length of the line without trailing blanks
	code     int
	size     int64
}

// combined reports whether the line carries referer and user agent.
func (a *accessLine) combined() bool { return a.agent.present() }

// maxPrefixTokens bounds the space-separated tokens before the timestamp:
// vhost, a forwarded-for list, ident and authuser. It keeps a line without
// brackets from being walked token by token to its end.
const maxPrefixTokens = 12

// scanAccess finds the fields of a Common or Combined Log Format line,
// nginx variants included:
//
//	[vhost] client[, client...] ident authuser [time] "request" [status [bytes]] ["referer" "agent"] [extra...]
//
// The client field may be a comma-separated X-Forwarded-For list, quoted or
// not. It reports false when the line does not have that shape. The time is
// located, not validated (that is the clock's job).
//
// Short fields (addresses, status, size) are walked byte by byte; long ones
// (request, referer, agent) are searched with bytes.IndexByte, whose fixed
// cost only pays off over a distance.
func scanAccess(line []byte, a *accessLine) bool { return scanAccessTo(line, a, true) }

// scanAccessTo is scanAccess that, when agent is false, stops after the
// bytes field: referer, agent and tail stay unset. Whether it reports true
// does not depend on agent (nothing after the bytes field can make a line
// fail), so a caller that has no use for the referer and agent (a parser
// past its combined check) skips searching about half of the line.
func scanAccessTo(line []byte, a *accessLine, agent bool) bool {
	*a = accessLine{}
	n := len(line)
	for n > 0 && (line[n-1] == ' ' || line[n-1] == '\t' || line[n-1] == '\r') {
		n--
	}
	line = line[:n]
	a.end = n

	// Tokens up to the one that opens the timestamp. Only the first two
	// and the last three matter: vhost and list start, then the end of
	// the client field, ident and authuser.
	var t0, t1, p2, p1, p0 span // p0 the latest token
	k, i := 0, 0
	comma := false // a comma anywhere before ident: a forwarded-for list
	for {
		if i >= n {
			return false
		}
		if line[i] == '[' {
			break
		}
		if k == maxPrefixTokens {
			return false
		}
		start := i
		if line[i] == '"' {
			// Only a forwarded-for list may be quoted, and it opens
			// the line or follows the vhost.
			if k > 1 {
				return false
			}
			j := bytes.IndexByte(line[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 2
			comma = true
		} else if line[i] == '-' && i+1 < n && line[i+1] == ' ' {
			i++ // "-": ident and authuser nearly always
		} else {
			var c bool
			i, c = clientTokenEnd(line, i)
			comma = comma || c
			if i == start { // two spaces in a row
				return false
			}
		}
		tok := span{start, i}
		switch k {
		case 0:
			t0 = tok
		case 1:
			t1 = tok
		}
		p2, p1, p0 = p1, p0, tok
		k++
		if i >= n || line[i] != ' ' {
			return false
		}
		i++
	}
	if k < 3 {
		return false
	}
	a.ident, a.authuser = p1, p0
	if k == 3 && !comma {
		// The usual case: one client, no vhost.
		if t0.hi-t0.lo == 1 && line[t0.lo] == '-' {
			return false
		}
		a.clients, a.actor = t0, t0
	} else if !splitClients(line, t0, t1, k-2, p2.hi, a) {
		return false
	}

	// [time], looked for only as far as a timestamp can reach; most are
	// exactly 26 bytes.
	if i+27 < n && line[i+27] == ']' {
		a.datetime = span{i + 1, i + 27}
		i += 28
	} else {
		win := line[i+1:]
		if len(win) > clfTimeMax+1 {
			win = win[:clfTimeMax+1]
		}
		j := bytes.IndexByte(win, ']')
		if j < 0 {
			return false
		}
		a.datetime = span{i + 1, i + 1 + j}
		i += j + 2
	}
	// "request"
	if i+1 >= n || line[i] != ' ' || line[i+1] != '"' {
		return false
	}
	q := closeQuote(line, i+2)
	if q < 0 {
		return false
	}
	a.request = span{i + 2, q}
	splitRequest(line, a)
	i = q + 1

	// status and bytes, either of which may be missing at the end of line.
	a.tail = n
	if i == n {
		return true
	}
	if line[i] != ' ' {
		return false
	}
	i++
	e := statusToken(line, i, a)
	if e < 0 {
		return false
	}
	a.status = span{i, e}
	i = e
	if i == n {
		return true
	}
	i++ // the token ended on a space
	e = bytesToken(line, i, a)
	if e < 0 {
		return false
	}
	a.bytes = span{i, e}
	i = e
	if i == n {
		return true
	}
	i++
	a.tail = i
	if !agent {
		return true
	}

	// "referer" "agent": both quoted, or neither is taken.
	if i < n && line[i] == '"' {
		q1 := closeQuote(line, i+1)
		if q1 >= 0 && q1+2 < n && line[q1+2] == '"' {
			if q2 := closeQuote(line, q1+3); q2 >= 0 {
				a.referer = span{i + 1, q1}
				a.agent = span{q1 + 3, q2}
				a.tail = q2 + 2
				if a.tail > n {
					a.tail = n
				}
			}
		}
	}
	return true
}

// tokenEnd returns the offset of the first space at or after i, or the
// end of line.
func tokenEnd(line []byte, i int) int {
	if j := bytes.IndexByte(line[i:], ' '); j >= 0 {
		return i + j
	}
	return len(line)
}

// closeQuote returns the offset of the quote that closes a field opened
// just before i: a quote not escaped by a backslash (Apache writes \" and
// \\) and followed by a space or the end of the line. A bare quote inside
// the field (old servers did not escape) is taken as text. -1 if none.
func closeQuote(line []byte, i int) int {
	for i <= len(line) {
		q := indexQuote(line, i)
		if q < 0 {
			return -1
		}
		bs := 0
		for p := q - 1; p >= i && line[p] == '\\'; p-- {
			bs++
		}
		if bs%2 == 0 && (q+1 == len(line) || line[q+1] == ' ') {
			return q
		}
		i = q + 1
	}
	return -1
}

// indexQuote returns the offset of the first quote at or after i, or -1.
// Short fields ("-", "") close within a few bytes: the first eight are
// looked at in one word before paying for bytes.IndexByte's setup.
func indexQuote(line []byte, i int) int {
	if i+8 <= len(line) {
		x := binary.LittleEndian.Uint64(line[i:i+8]) ^ (lsb * '"')
		if z := zeroBytes(x); z != 0 {
			return i + bits.TrailingZeros64(z)>>3
		}
		if j := bytes.IndexByte(line[i+8:], '"'); j >= 0 {
			return i + 8 + j
		}
		return -1
	}
	for p := i; p < len(line); p++ {
		if line[p] == '"' {
			return p
		}
	}
	return -1
}

// clientTokenEnd returns the offset of the first space at or after i (the
// end of the line if none) and whether a comma comes before it, eight bytes at a
// time: the client field and ident before an access line's timestamp.
func clientTokenEnd(line []byte, i int) (int, bool) {
	comma := false
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i : i+8])
		sp, cm := zeroBytes(x^(lsb*' ')), zeroBytes(x^(lsb*','))
		if sp != 0 {
			// Bits below the first space's flag cover the bytes
			// before it.
			return i + bits.TrailingZeros64(sp)>>3, comma || cm&(sp&-sp-1) != 0
		}
		comma = comma || cm != 0
	}
	for ; i < len(line) && line[i] != ' '; i++ {
		if line[i] == ',' {
			comma = true
		}
	}
	return i, comma
}

// splitClients sorts the count tokens before ident (the first two are t0
// and t1; the last ends at end) into an optional vhost and the client
// field, and picks the actor.
func splitClients(line []byte, t0, t1 span, count, end int, a *accessLine) bool {
	// With more than one token, the first is a vhost unless it begins a
	// forwarded-for list (quoted, or ends with a comma).
	first := t0
	if count >= 2 && !listOpener(line, t0) {
		a.vhost = t0
		first = t1
		count--
	}
	// Several tokens remain only as a list: "a, b c" is how nginx writes
	// $http_x_forwarded_for before $remote_addr. Without the comma or the
	// quote, this is not an access line (syslog "Mar 24 14:02:50 host:").
	if count >= 2 && !listOpener(line, first) {
		return false
	}
	a.clients = span{first.lo, end}
	if count == 1 && line[first.lo] != '"' && bytes.IndexByte(first.of(line), ',') < 0 {
		a.actor = first
	} else {
		a.actor = pickClient(line, a.clients)
	}
	if !a.actor.present() {
		return false
	}
	if act := a.actor.of(line); len(act) == 1 && act[0] == '-' {
		return false
	}
	return true
}

func listOpener(line []byte, t span) bool {
	return line[t.lo] == '"' || line[t.hi-1] == ','
}

// splitRequest finds method, URL, path and protocol inside the request.
// A request without a space ("-", "", junk from a TLS handshake) has none.
func splitRequest(line []byte, a *accessLine) {
	r := a.request.of(line)
	sp := 0
	for sp < len(r) && r[sp] != ' ' {
		sp++
	}
	if sp == 0 || sp == len(r) {
		return
	}
	lo := a.request.lo
	a.method = span{lo, lo + sp}
	urlLo, urlHi := lo+sp+1, a.request.hi
	// The protocol is nearly always "HTTP/x.y": try there first.
	last := len(r) - 9
	if last <= sp || r[last] != ' ' {
		last = bytes.LastIndexByte(r, ' ')
	}
	if last > sp && len(r)-last > 5 && string(r[last+1:last+6]) == "HTTP/" {
		a.proto = span{lo + last + 1, a.request.hi}
		urlHi = lo + last
	}
	a.url = span{urlLo, urlHi}
	a.path = a.url
	if q := bytes.IndexByte(line[urlLo:urlHi], '?'); q >= 0 {
		a.path.hi = urlLo + q
	}
}

// statusToken reads the status at i: three digits, or "-" (logged for
// aborted requests). It returns the offset after it, -1 if there is none.
func statusToken(line []byte, i int, a *accessLine) int {
	n := len(line)
	if i < n && line[i] == '-' {
		if i+1 == n || line[i+1] == ' ' {
			return i + 1
		}
		return -1
	}
	if i+3 > n || (i+3 < n && line[i+3] != ' ') {
		return -1
	}
	code := 0
	for _, c := range line[i : i+3] {
		if c < '0' || c > '9' {
			return -1
		}
		code = code*10 + int(c-'0')
	}
	a.code = code
	return i + 3
}

// bytesToken reads the response size at i: decimal digits, or "-" (nothing
// sent). It returns the offset after it, -1 if there is none.
func bytesToken(line []byte, i int, a *accessLine) int {
	n := len(line)
	if i < n && line[i] == '-' {
		if i+1 == n || line[i+1] == ' ' {
			return i + 1
		}
		return -1
	}
	var size int64
	j := i
	for ; j < n && line[j] != ' '; j++ {
		c := line[j]
		if c < '0' || c > '9' || j-i == 18 { // 18 digits cannot overflow int64
			return -1
		}
		size = size*10 + int64(c-'0')
	}
	if j == i {
		return -1
	}
	a.size = size
	return j
}
