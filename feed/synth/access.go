package synth

import (
	"strconv"
	"time"
)

// access makes web access log lines, Apache/nginx "combined" or "common",
// from a model of a small shop: who sends (clients), what they ask for
// (site), how it goes (statuses) and how big the answers are.
type access struct {
	combined bool
	r        *rng
	stamp    stamp
	site     *site
	clients  []client
	st       *statuses

	pickClient, pickAgent alias
	browserWants          alias // which kind of URL a browser asks for next

	pageSize, apiSize, notFound, apiError, serverError, redirect *logNormal
}

// browserWantKinds are the kinds of URL a page view is made of.
var browserWantKinds = []pathKind{kindAsset, kindPage, kindAPI, kindLogin}

func newAccess(combined bool, seed int64, loc *time.Location) *access {
	pool := newRNG(seed, 1)
	a := &access{
		combined: combined,
		r:        newRNG(seed, 2),
		stamp:    stamp{layout: clfLayout, suffix: "] \"", loc: loc},
		site:     newSite(pool),
		clients:  newClients(pool, 4000),
		st:       newStatuses(),

		pageSize:    newLogNormal(18000, 0.6, 900, 400000),
		apiSize:     newLogNormal(1400, 1.0, 2, 250000),
		notFound:    newLogNormal(1200, 0.5, 146, 9000),
		apiError:    newLogNormal(90, 0.4, 30, 600),
		serverError: newLogNormal(300, 0.5, 157, 2000),
		redirect:    newLogNormal(180, 0.2, 120, 400),
	}
	a.pickClient = newAlias(zipfWeights(len(a.clients), 1.0))
	a.pickAgent = newAlias(browserAgentWeights)
	a.browserWants = newAlias([]float64{50, 32, 16, 2})
	return a
}

// normal appends one request of ordinary traffic. During an outage, pages
// and API calls fail with the incident's share.
func (a *access) normal(dst []byte, t time.Time, in *incident) []byte {
	r := a.r
	c := &a.clients[a.pickClient.pick(r)]
	tg := a.targetFor(c)
	method := a.method(tg)
	status := a.status(tg, method)
	if in != nil && in.kind == outage && (tg.kind == kindAPI || tg.kind == kindPage) && r.chance(in.failShare) {
		status = a.st.outage.draw(r)
	}
	return a.line(dst, t, c, tg, method, status, a.referer(c, tg))
}

// incident appends one request of the incident's own traffic: the flood of
// one actor on a login, a scanner's probe, or a retry hitting the broken
// endpoint of an outage.
func (a *access) incident(dst []byte, t time.Time, in *incident) []byte {
	r := a.r
	switch in.kind {
	case flood:
		ref := noReferer
		if r.chance(0.5) {
			ref = referer{quotedOrigin, "/login"}
		}
		return a.line(dst, t, &in.actor, &in.target, "POST", a.st.flood.draw(r), ref)
	case scan:
		tg := &a.site.scans[r.intn(len(a.site.scans))]
		method := "GET"
		if r.chance(0.1) {
			method = "POST"
		}
		return a.line(dst, t, &in.actor, tg, method, a.st.scan.draw(r), noReferer)
	default: // outage
		c := &a.clients[a.pickClient.pick(r)]
		for c.kind == probe {
			c = &a.clients[a.pickClient.pick(r)]
		}
		status := a.st.outage.draw(r)
		if !r.chance(in.failShare) {
			status = 200
		}
		return a.line(dst, t, c, &in.target, a.method(&in.target), status, referer{quotedOrigin, "/checkout"})
	}
}

// prepare picks who and what an incident is about.
func (a *access) prepare(in *incident, r *rng) {
	switch in.kind {
	case flood:
		in.actor = *(&client{addr: attackerAddr(r), user: "-", agent: toolAgents[r.intn(3)], proto: "HTTP/1.1", kind: scanner}).render()
		in.target = a.site.login
		if r.chance(0.3) {
			in.target = a.site.apiSession
		}
	case scan:
		in.actor = *(&client{addr: attackerAddr(r), user: "-", agent: scannerAgents[r.intn(len(scannerAgents))], proto: "HTTP/1.1", kind: scanner}).render()
	case outage:
		in.target = a.site.api[r.intn(8)] // one of the busy endpoints
		in.failShare = r.between(0.3, 0.6)
	}
}

// attackerAddr is an address from hosting networks that credential
// stuffers and scanners rent.
func attackerAddr(r *rng) string {
	nets := [][2]int{{185, 220}, {45, 155}, {193, 32}, {194, 26}, {141, 98}, {89, 248}}
	n := nets[r.intn(len(nets))]
	return strconv.Itoa(n[0]) + "." + strconv.Itoa(n[1]) + "." + strconv.Itoa(r.intn(256)) + "." + strconv.Itoa(1+r.intn(254))
}

func (a *access) targetFor(c *client) *target {
	r, s := a.r, a.site
	switch c.kind {
	case probe:
		return c.probe
	case crawler:
		switch x := r.intn(100); {
		case x < 4:
			return &s.robots[r.intn(len(s.robots))]
		case x < 12:
			return &s.assets[s.pickAsset.pick(r)]
		}
		return &s.pages[s.pickPage.pick(r)]
	case apiClient:
		if r.intn(100) < 3 {
			return &s.apiSession
		}
		return &s.api[s.pickAPI.pick(r)]
	case scanner:
		if r.intn(100) < 75 {
			return &s.scans[s.pickScan.pick(r)]
		}
		return &s.pages[s.pickPage.pick(r)]
	}
	switch browserWantKinds[a.browserWants.pick(r)] {
	case kindAsset:
		return &s.assets[s.pickAsset.pick(r)]
	case kindAPI:
		return &s.api[s.pickAPI.pick(r)]
	case kindLogin:
		return &s.login
	}
	return &s.pages[s.pickPage.pick(r)]
}

func (a *access) method(tg *target) string {
	x := a.r.intn(100)
	switch tg.method {
	case readWrite:
		if x < 35 {
			return "POST"
		}
	case postMostly:
		if x < 85 {
			return "POST"
		}
	case readDelete:
		if x < 20 {
			return "DELETE"
		}
		if x < 45 {
			return "POST"
		}
	}
	if tg.kind == kindHealth && x < 30 {
		return "HEAD"
	}
	return "GET"
}

func (a *access) status(tg *target, method string) int {
	r, st := a.r, a.st
	switch tg.kind {
	case kindAsset:
		return st.asset.draw(r)
	case kindMissing:
		return 404
	case kindRobots:
		return st.robots.draw(r)
	case kindHealth:
		return st.health.draw(r)
	case kindScan:
		return st.scan.draw(r)
	case kindLogin:
		if method == "POST" {
			return st.loginPost.draw(r)
		}
		return st.loginGet.draw(r)
	case kindAPI:
		switch method {
		case "POST":
			return st.apiPost.draw(r)
		case "DELETE":
			return st.apiDelete.draw(r)
		}
		return st.apiGet.draw(r)
	}
	return st.page.draw(r)
}

// size is the response body size: 0 for 204 and 304, the file's size for a
// static asset, log-normal for generated pages and API answers.
func (a *access) size(tg *target, status int) int64 {
	r := a.r
	switch {
	case status == 304 || status == 204:
		return 0
	case status == 301 || status == 302:
		return a.redirect.draw(r)
	case status >= 500:
		return a.serverError.draw(r)
	case status >= 400 && (tg.kind == kindAPI || tg.kind == kindLogin && status != 404):
		return a.apiError.draw(r)
	case status >= 400:
		return a.notFound.draw(r)
	case status == 206:
		return int64(r.intn(int(max(tg.size, 1)))) + 1
	case tg.size > 0:
		return int64(tg.size)
	case tg.kind == kindHealth:
		return 2
	case tg.kind == kindAPI:
		return a.apiSize.draw(r)
	}
	return a.pageSize.draw(r)
}

// referer is a Referer header as two parts, written one after the other,
// so an internal page needs no concatenation. The first part starts with
// the ` "` that opens the field.
type referer [2]string

var (
	noReferer       = referer{` "-`, ""}
	quotedOrigin    = ` "` + siteOrigin
	quotedExternals = func() []string {
		q := make([]string, len(externalReferers))
		for i, r := range externalReferers {
			q[i] = ` "` + r
		}
		return q
	}()
	quotedBrowserAgents = func() []string {
		q := make([]string, len(browserAgents))
		for i, a := range browserAgents {
			q[i] = quotedAgent(a)
		}
		return q
	}()
)

// statusField holds "NNN " for every status code below 600.
var statusField = func() (t [600][4]byte) {
	for i := range t {
		t[i] = [4]byte{byte('0' + i/100), byte('0' + i/10%10), byte('0' + i%10), ' '}
	}
	return t
}()

func (a *access) referer(c *client, tg *target) referer {
	r, s := a.r, a.site
	if c.kind != browser || tg.kind == kindHealth || tg.kind == kindScan {
		return noReferer
	}
	internal := referer{quotedOrigin, s.pages[s.pickPage.pick(r)].path}
	switch tg.kind {
	case kindAsset, kindMissing, kindAPI, kindLogin:
		if r.intn(100) < 93 {
			return internal
		}
		return noReferer
	}
	switch x := r.intn(100); {
	case x < 35:
		return noReferer
	case x < 65:
		return referer{quotedExternals[r.intn(len(quotedExternals))], ""}
	}
	return internal
}

// line writes one access log line:
//
//	addr - user [02/Jan/2006:15:04:05 -0700] "METHOD path proto" status bytes "referer" "agent"
//
// from parts rendered ahead, so that a line is a dozen appends.
func (a *access) line(dst []byte, t time.Time, c *client, tg *target, method string, status int, ref referer) []byte {
	size := a.size(tg, status)
	if tg.kind == kindAsset || tg.kind == kindMissing {
		dst = append(dst, c.anonHead...) // assets are served before authentication
	} else {
		dst = append(dst, c.head...)
	}
	dst = a.stamp.append(dst, t)
	dst = append(dst, method...)
	dst = append(dst, ' ')
	dst = append(dst, tg.path...)
	dst = append(dst, ' ')
	dst = append(dst, c.protoTail...)
	dst = append(dst, statusField[min(max(status, 0), 599)][:]...)
	dst = strconv.AppendInt(dst, size, 10)
	if !a.combined {
		return append(dst, '\n')
	}
	dst = append(dst, ref[0]...)
	dst = append(dst, ref[1]...)
	if c.agentTail == "" {
		return append(dst, quotedBrowserAgents[a.pickAgent.pick(a.r)]...)
	}
	return append(dst, c.agentTail...)
}
