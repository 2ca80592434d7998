package synth

import (
	"bytes"
	"time"
)

// appendMalformed appends a line no parser of the format accepts, of the
// kinds that really end up in access logs or in what is tailed beside them.
func (g *Generator) appendMalformed(dst []byte, t time.Time, in *incident) []byte {
	r := g.r
	switch r.intn(6) {
	case 0:
		// A line cut inside its request, as when a disk fills or a
		// writer dies mid-line.
		start := len(dst)
		dst = g.m.normal(dst, t, in)
		line := dst[start:]
		q := bytes.IndexByte(line, '"')
		if q < 0 {
			return append(dst[:start+len(line)/2], '\n')
		}
		return append(dst[:start+q+1+r.intn(6)], '\n')
	case 1:
		dst = g.junk.append(dst, t)
		return append(dst, " [error] 2231#2231: *91711 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 203.0.113.7, server: shop.example.com, request: \"GET /api/v1/orders HTTP/1.1\"\n"...)
	case 2:
		return append(dst, "\tat com.example.shop.orders.OrderService.place(OrderService.java:214)\n"...)
	case 3:
		// Escape sequences in a log must reach the screen inert.
		return append(dst, "\x1b[2J\x1b[H\x1b]0;you have been pwned\x07\x1b[31mALERT\x1b[0m\n"...)
	case 4:
		// A TLS ClientHello sent to a plain HTTP port.
		return append(dst, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x9b\xe2\x80\xae\n"...)
	}
	return append(dst, "-- MARK --\n"...)
}
