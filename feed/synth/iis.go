package synth

import (
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// iis makes IIS W3C extended log lines for the shop of access.go: the same
// clients, URLs, statuses and sizes, as IIS 10 writes them with the
// default fields plus bytes sent and received. A log starts with its
// header block (#Software, #Version, #Date, #Fields), written again each
// new UTC day as IIS does when it rolls to the next daily file; times are
// UTC, spaces in user agents are '+', empty fields '-'.
type iis struct {
	web    *access
	r      *rng
	stamp  stamp
	addrs  []string // per web client: its address as IIS logs it (always an IP)
	agents []string // per web client: its user agent as IIS writes it, "" for a NAT
	// browsers are the browser agents as IIS writes them, for NAT
	// gateways whose agent changes per request.
	browsers []string
	taken    *logNormal // time-taken, ms
	// header is the header line still to write before the next row (0:
	// none), day the UTC day of the last header.
	header int
	day    int64
}

// iisFields is the #Fields line of the generated logs (IIS 10's default
// fields plus sc-bytes and cs-bytes).
const iisFields = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken"

func init() {
	formats["iis"] = func(seed int64, loc *time.Location) maker { return newIIS(seed) }
}

func newIIS(seed int64) *iis {
	w := &iis{
		web:    newAccess(true, seed, time.UTC),
		r:      newRNG(seed, 8),
		stamp:  stamp{layout: "2006-01-02 15:04:05 ", loc: time.UTC},
		taken:  newLogNormal(31, 1.1, 0, 60000),
		header: 1,
		day:    -1,
	}
	pool := newRNG(seed, 9)
	w.addrs = make([]string, len(w.web.clients))
	w.agents = make([]string, len(w.web.clients))
	for i := range w.web.clients {
		w.addrs[i] = iisAddress(w.web.clients[i].addr, pool)
		w.agents[i] = plusSpaces(w.web.clients[i].agent)
	}
	for _, a := range browserAgents {
		w.browsers = append(w.browsers, plusSpaces(a))
	}
	return w
}

// iisAddress is the address a client connects from: IIS logs IPs, not the
// names a web server with reverse lookups may have written.
func iisAddress(addr string, r *rng) string {
	if _, err := netip.ParseAddr(addr); err == nil {
		return addr
	}
	return randomIPv4(r)
}

// plusSpaces writes a user agent the way IIS does: spaces as '+'.
func plusSpaces(s string) string { return strings.ReplaceAll(s, " ", "+") }

func (w *iis) normal(dst []byte, t time.Time, in *incident) []byte {
	if line, ok := w.headerLine(dst, t); ok {
		return line
	}
	a, r := w.web, w.r
	ci := a.pickClient.pick(a.r)
	c := &a.clients[ci]
	tg := a.targetFor(c)
	method := a.method(tg)
	status := a.status(tg, method)
	if in != nil && in.kind == outage && (tg.kind == kindAPI || tg.kind == kindPage) && r.chance(in.failShare) {
		status = a.st.outage.draw(r)
	}
	return w.line(dst, t, w.addrs[ci], w.agentOf(ci), c, tg, method, status, a.referer(c, tg))
}

func (w *iis) incident(dst []byte, t time.Time, in *incident) []byte {
	if line, ok := w.headerLine(dst, t); ok {
		return line
	}
	a, r := w.web, w.r
	switch in.kind {
	case flood:
		return w.line(dst, t, in.actor.addr, in.actor.agent, &in.actor, &in.target, "POST", a.st.flood.draw(r), noReferer)
	case scan:
		tg := &a.site.scans[r.intn(len(a.site.scans))]
		return w.line(dst, t, in.actor.addr, in.actor.agent, &in.actor, tg, "GET", a.st.scan.draw(r), noReferer)
	default: // outage: retries of the broken endpoint
		ci := a.pickClient.pick(a.r)
		status := a.st.outage.draw(r)
		if !r.chance(in.failShare) {
			status = 200
		}
		return w.line(dst, t, w.addrs[ci], w.agentOf(ci), &a.clients[ci], &in.target, a.method(&in.target), status, referer{quotedOrigin, "/checkout"})
	}
}

// prepare picks the incident's actor and target as the shop would, and
// writes the actor's agent the IIS way once, not per line.
func (w *iis) prepare(in *incident, r *rng) {
	w.web.prepare(in, r)
	in.actor.agent = plusSpaces(in.actor.agent)
}

func (w *iis) agentOf(ci int) string {
	if a := w.agents[ci]; a != "" {
		return a
	}
	return w.browsers[w.web.pickAgent.pick(w.r)]
}

// headerLine writes the next line of the header block when one is due: at
// the start and on each new UTC day. It reports whether it wrote one.
func (w *iis) headerLine(dst []byte, t time.Time) ([]byte, bool) {
	if day := t.Unix() / 86400; day != w.day {
		w.day, w.header = day, 1
	}
	switch w.header {
	case 0:
		return dst, false
	case 1:
		dst = append(dst, "#Software: Microsoft Internet Information Services 10.0\n"...)
	case 2:
		dst = append(dst, "#Version: 1.0\n"...)
	case 3:
		dst = append(dst, "#Date: "...)
		dst = t.UTC().AppendFormat(dst, "2006-01-02 15:04:05")
		dst = append(dst, '\n')
	default:
		w.header = 0
		return append(dst, iisFields+"\n"...), true
	}
	w.header++
	return dst, true
}

// line writes one row:
//
//	2025-03-04 10:00:00 10.0.1.12 GET /p/classic-tee-1234 - 443 - 203.0.113.7 Mozilla/5.0+(…) https://shop.example.com/ 200 0 0 18342 512 31
func (w *iis) line(dst []byte, t time.Time, addr, agent string, c *client, tg *target, method string, status int, ref referer) []byte {
	a, r := w.web, w.r
	dst = w.stamp.append(dst, t)
	dst = append(dst, iisServers[r.intn(len(iisServers))]...)
	dst = append(dst, method...)
	dst = append(dst, ' ')
	stem, query, ok := strings.Cut(tg.path, "?")
	dst = append(dst, stem...)
	if ok && query != "" {
		dst = append(dst, ' ')
		dst = append(dst, query...)
	} else {
		dst = append(dst, " -"...)
	}
	dst = append(dst, " 443 "...)
	if tg.kind == kindAsset || tg.kind == kindMissing || c.user == "" {
		dst = append(dst, '-') // assets are served before authentication
	} else {
		dst = append(dst, c.user...)
	}
	dst = append(dst, ' ')
	dst = append(dst, addr...)
	dst = append(dst, ' ')
	if agent == "" {
		agent = "-"
	}
	dst = append(dst, agent...)
	dst = append(dst, ' ')
	// The referer as a W3C field: without the quote access.go opens it with.
	dst = append(dst, ref[0][2:]...)
	dst = append(dst, ref[1]...)
	dst = append(dst, ' ')
	dst = append(dst, statusField[min(max(status, 0), 599)][:]...)
	switch {
	case status == 401:
		dst = append(dst, "1 2148074254 "...) // logon failed, SEC_E_NO_CREDENTIALS
	case status == 404:
		dst = append(dst, "0 2 "...) // ERROR_FILE_NOT_FOUND
	case status >= 500:
		dst = append(dst, "0 64 "...) // ERROR_NETNAME_DELETED
	default:
		dst = append(dst, "0 0 "...)
	}
	dst = strconv.AppendInt(dst, a.size(tg, status), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(180+r.intn(900)+len(tg.path)), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, w.taken.draw(r), 10)
	return append(dst, '\n')
}

// iisServers are the web farm's server addresses with the space after.
var iisServers = []string{"10.0.1.12 ", "10.0.1.13 ", "10.0.1.14 "}
