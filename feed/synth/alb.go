package synth

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"
)

// alb makes AWS Application Load Balancer access log lines for the shop
// of access.go: the same clients, URLs, statuses and sizes, as an ALB in
// front of it writes them (UTC timestamps with microseconds, client and
// target with ports, three timings, the TLS fields, trace ids, the newer
// trailing fields). When the target group fails (an outage), the load
// balancer answers 502/503/504 itself: target "-", timings -1.
type alb struct {
	web     *access
	r       *rng
	stamp   stamp
	addrs   []string   // per web client: its address as an ALB logs it (always an IP)
	targets []string   // "ip:port" of the target group's instances
	latency *logNormal // target processing time, ms
}

// albHead is what every line of the shop's load balancer shares after the
// timestamp.
const (
	albName        = " app/shop-prod-alb/50dc6c495c0c9188 "
	albTargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/73e2d6bc24d8a067"
	albCert        = "arn:aws:acm:eu-west-1:123456789012:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99"
	albTLS         = ` ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ` + albTargetGroup + ` "Root=1-`
)

func init() {
	formats["alb"] = func(seed int64, loc *time.Location) maker { return newALB(seed) }
}

func newALB(seed int64) *alb {
	a := &alb{
		web:     newAccess(true, seed, time.UTC),
		r:       newRNG(seed, 6),
		stamp:   stamp{layout: "2006-01-02T15:04:05.", loc: time.UTC},
		latency: newLogNormal(14, 0.9, 1, 29000),
	}
	pool := newRNG(seed, 7)
	a.addrs = make([]string, len(a.web.clients))
	for i := range a.web.clients {
		a.addrs[i] = albAddress(a.web.clients[i].addr, pool)
	}
	for i := range 6 {
		a.targets = append(a.targets, fmt.Sprintf("10.0.%d.%d:8080", 1+i%3, 10+pool.intn(200)))
	}
	return a
}

// albAddress is the address a client connects from: a load balancer logs
// IPs, never the names a web server may have resolved.
func albAddress(addr string, r *rng) string {
	if _, err := netip.ParseAddr(addr); err == nil {
		return addr
	}
	return randomIPv4(r)
}

func (a *alb) normal(dst []byte, t time.Time, in *incident) []byte {
	w, r := a.web, a.r
	ci := w.pickClient.pick(w.r)
	c := &w.clients[ci]
	tg := w.targetFor(c)
	method := w.method(tg)
	status := w.status(tg, method)
	if in != nil && in.kind == outage && (tg.kind == kindAPI || tg.kind == kindPage) && r.chance(in.failShare) {
		status = w.st.outage.draw(r)
	}
	return a.line(dst, t, a.addrs[ci], c, tg, method, status)
}

func (a *alb) incident(dst []byte, t time.Time, in *incident) []byte {
	w, r := a.web, a.r
	switch in.kind {
	case flood:
		return a.line(dst, t, in.actor.addr, &in.actor, &in.target, "POST", w.st.flood.draw(r))
	case scan:
		tg := &w.site.scans[r.intn(len(w.site.scans))]
		return a.line(dst, t, in.actor.addr, &in.actor, tg, "GET", w.st.scan.draw(r))
	default: // outage: retries of the broken endpoint
		ci := w.pickClient.pick(w.r)
		status := w.st.outage.draw(r)
		if !r.chance(in.failShare) {
			status = 200
		}
		return a.line(dst, t, a.addrs[ci], &w.clients[ci], &in.target, w.method(&in.target), status)
	}
}

func (a *alb) prepare(in *incident, r *rng) { a.web.prepare(in, r) }

// line writes one ALB line:
//
//	https 2025-03-04T10:00:00.123456Z app/… 203.0.113.7:51234 10.0.1.12:8080 0.001 0.012 0.000 200 200 412 18342 "GET https://shop.example.com:443/p HTTP/2.0" "agent" ECDHE… TLSv1.2 arn:… "Root=1-…" "shop.example.com" "arn:…" 0 2025-03-04T10:00:00.110000Z "forward" "-" "-" "10.0.1.12:8080" "200" "-" "-" TID_…
func (a *alb) line(dst []byte, t time.Time, addr string, c *client, tg *target, method string, status int) []byte {
	r, w := a.r, a.web
	typ := "https"
	if c.proto == "HTTP/2.0" {
		typ = "h2"
	}
	dst = append(dst, typ...)
	dst = append(dst, ' ')
	dst = a.appendTime(dst, t)
	dst = append(dst, albName...)
	dst = append(dst, addr...)
	dst = append(dst, ':')
	dst = strconv.AppendInt(dst, int64(1024+r.intn(64511)), 10)
	dst = append(dst, ' ')
	// The load balancer answers itself when the targets fail.
	lbError := status == 502 || status == 503 || status == 504
	target := a.targets[r.intn(len(a.targets))]
	if lbError {
		dst = append(dst, "- -1 -1 -1 "...)
	} else {
		dst = append(dst, target...)
		dst = append(dst, ' ')
		dst = appendSeconds(dst, r.intn(2))
		dst = appendSeconds(dst, int(a.latency.draw(r)))
		dst = appendSeconds(dst, r.intn(2))
	}
	dst = append(dst, statusField[status][:]...)
	if lbError {
		dst = append(dst, "- "...)
	} else {
		dst = append(dst, statusField[status][:]...)
	}
	dst = strconv.AppendInt(dst, int64(180+r.intn(900)), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, w.size(tg, status)+int64(240+r.intn(120)), 10)
	dst = append(dst, ` "`...)
	dst = append(dst, method...)
	dst = append(dst, " https://shop.example.com:443"...)
	dst = append(dst, tg.path...)
	dst = append(dst, ' ')
	dst = append(dst, c.proto...)
	dst = append(dst, `" "`...)
	agent := c.agent
	if agent == "" {
		agent = browserAgents[w.pickAgent.pick(r)]
	}
	dst = append(dst, agent...)
	dst = append(dst, '"')
	dst = append(dst, albTLS...)
	dst = strconv.AppendInt(dst, t.Unix(), 16)
	dst = append(dst, '-')
	dst = a.appendHex(dst, 24)
	dst = append(dst, `" "shop.example.com" "`+albCert+`" `...)
	if lbError {
		dst = append(dst, "0 "...)
	} else {
		dst = append(dst, "1 "...)
	}
	dst = a.appendTime(dst, t.Add(-time.Duration(r.intn(20))*time.Millisecond))
	dst = append(dst, ` "forward" "-" `...)
	switch {
	case status == 502:
		dst = append(dst, `"Target.ResponseCodeMismatch" "-" "-"`...)
	case status == 504:
		dst = append(dst, `"Target.Timeout" "-" "-"`...)
	case lbError:
		dst = append(dst, `"-" "-" "-"`...)
	default:
		dst = append(dst, `"-" "`...)
		dst = append(dst, target...)
		dst = append(dst, `" "`...)
		dst = append(dst, statusField[status][:3]...)
		dst = append(dst, '"')
	}
	dst = append(dst, ` "-" "-" TID_`...)
	dst = a.appendHex(dst, 16)
	return append(dst, '\n')
}

// appendTime writes t in UTC with microseconds and a Z.
func (a *alb) appendTime(dst []byte, t time.Time) []byte {
	dst = a.stamp.append(dst, t)
	us := t.Nanosecond() / 1000
	var b [6]byte
	for i := 5; i >= 0; i-- {
		b[i] = byte('0' + us%10)
		us /= 10
	}
	dst = append(dst, b[:]...)
	return append(dst, 'Z')
}

// appendSeconds writes ms milliseconds as seconds with three decimals,
// and a space.
func appendSeconds(dst []byte, ms int) []byte {
	dst = strconv.AppendInt(dst, int64(ms/1000), 10)
	return append(dst, '.', byte('0'+ms/100%10), byte('0'+ms/10%10), byte('0'+ms%10), ' ')
}

const hexDigits = "0123456789abcdef"

// appendHex writes n random hex digits.
func (a *alb) appendHex(dst []byte, n int) []byte {
	return appendRandomHex(dst, a.r, n)
}

func appendRandomHex(dst []byte, r *rng, n int) []byte {
	for n > 0 {
		x := r.u64()
		for k := 0; k < 16 && n > 0; k++ {
			dst = append(dst, hexDigits[x&15])
			x >>= 4
			n--
		}
	}
	return dst
}
