package parse

import "bytes"

// pickClient chooses the actor from a client field that holds several
// addresses (an X-Forwarded-For chain, possibly quoted, possibly followed by
// the proxy's $remote_addr): the first public IP address, else the first IP
// address, else the first item. The public address is what Filebeat's
// nginx pipeline reports as source.ip, and the right answer for "who is
// sending": proxies and load balancers sit on private addresses, the client
// in front of them does not. Skipping names such as "unknown" keeps every
// client that hides behind one from landing in a single bucket.
func pickClient(line []byte, clients span) span {
	b := clients.of(line)
	var first, firstIP span
	i := 0
	for i < len(b) {
		for i < len(b) && isListSep(b[i]) {
			i++
		}
		j := i
		for j < len(b) && !isListSep(b[j]) {
			j++
		}
		if j == i {
			break
		}
		item := span{clients.lo + i, clients.lo + j}
		if !first.present() {
			first = item
		}
		switch classifyIP(b[i:j]) {
		case publicIP:
			return item
		case privateIP:
			if !firstIP.present() {
				firstIP = item
			}
		}
		i = j
	}
	if firstIP.present() {
		return firstIP
	}
	return first
}

// listSep marks the bytes that separate the items of a client list.
var listSep = [256]bool{' ': true, ',': true, '"': true}

func isListSep(c byte) bool { return listSep[c] }

type ipClass uint8

const (
	notIP     ipClass = iota // a name, "unknown", junk
	privateIP                // loopback, private, shared, link-local, unspecified
	publicIP
)

// classifyIP sorts b into public addresses (IPv4 or IPv6 outside the
// loopback, private (RFC 1918, RFC 4193), shared (RFC 6598), link-local and
// unspecified ranges), other addresses, and the rest.
func classifyIP(b []byte) ipClass {
	if v4, ok := parseIPv4(b); ok {
		return classify4(v4, true)
	}
	// IPv6, checked by shape rather than fully parsed: hex digits and
	// colons, an optional embedded IPv4 tail, an optional %zone.
	if z := bytes.IndexByte(b, '%'); z >= 0 {
		b = b[:z]
	}
	colons := 0
	for _, c := range b {
		switch {
		case c == ':':
			colons++
		case c == '.', c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		default:
			return notIP
		}
	}
	if colons < 2 || colons > 7 {
		return notIP
	}
	if bytes.IndexByte(b, '.') >= 0 { // ::ffff:10.0.0.1 and friends
		v4, ok := parseIPv4(b[bytes.LastIndexByte(b, ':')+1:])
		return classify4(v4, ok)
	}
	if b[0] == ':' { // ::, ::1 and other addresses in ::/8 are not routable
		return privateIP
	}
	var first uint32
	for _, c := range b {
		if c == ':' {
			break
		}
		first = first<<4 | uint32(unhex(c))
		if first > 0xffff {
			return notIP
		}
	}
	switch {
	case first&0xfe00 == 0xfc00: // unique local fc00::/7
		return privateIP
	case first&0xffc0 == 0xfe80: // link-local fe80::/10
		return privateIP
	}
	return publicIP
}

func classify4(ip [4]byte, ok bool) ipClass {
	switch {
	case !ok:
		return notIP
	case publicIPv4(ip):
		return publicIP
	}
	return privateIP
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// parseIPv4 reads a dotted quad.
func parseIPv4(b []byte) (ip [4]byte, ok bool) {
	if len(b) < 7 || len(b) > 15 {
		return ip, false
	}
	n, part, digits := 0, uint(0), 0
	for _, c := range b {
		d := uint(c) - '0'
		if d <= 9 {
			part = part*10 + d
			digits++
			if digits > 3 {
				return ip, false
			}
			continue
		}
		if c != '.' || digits == 0 || n == 3 || part > 255 {
			return ip, false
		}
		ip[n] = byte(part)
		n++
		part, digits = 0, 0
	}
	if digits == 0 || n != 3 || part > 255 {
		return ip, false
	}
	ip[3] = byte(part)
	return ip, true
}

func publicIPv4(ip [4]byte) bool {
	switch {
	case ip[0] == 0, ip[0] == 10, ip[0] == 127:
		return false
	case ip[0] == 172 && ip[1]&0xf0 == 16:
		return false
	case ip[0] == 192 && ip[1] == 168:
		return false
	case ip[0] == 169 && ip[1] == 254:
		return false
	case ip[0] == 100 && ip[1]&0xc0 == 64:
		return false
	}
	return true
}
