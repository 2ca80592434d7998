package synth

import (
	"strconv"
	"strings"
	"time"
)

// jsonLog makes JSON lines as a modern web service writes them (zap,
// Caddy, pino style): the shop of access.go, one access record per request
//
//	{"ts":"2025-03-04T10:00:00.123Z","level":"info","logger":"http.access","msg":"handled request","client_ip":"203.0.113.7","method":"GET","path":"/products","query":"page=2","proto":"HTTP/2.0","status":200,"bytes":18342,"duration_ms":12,"user_agent":"…"}
//
// and, now and then, an application record (a warning or an error of the
// checkout, payments or inventory service) with a service name, a message
// and a trace id. An outage makes the broken service log errors.
type jsonLog struct {
	web     *access
	addrs   []string // per web client: its address as a service sees it (an IP)
	r       *rng
	stamp   stamp
	latency *logNormal
	apps    []jsonApp
}

// jsonApp is one service's application records, rendered ahead.
type jsonApp struct {
	head string // `","level":"warn","logger":"checkout","msg":"…","service.name":"checkout"`
	err  bool
}

func init() {
	formats["json"] = func(seed int64, loc *time.Location) maker { return newJSONLog(seed, loc) }
}

func newJSONLog(seed int64, loc *time.Location) *jsonLog {
	j := &jsonLog{
		web:     newAccess(true, seed, loc),
		r:       newRNG(seed, 10),
		stamp:   stamp{layout: "2006-01-02T15:04:05.", loc: time.UTC},
		latency: newLogNormal(9, 1.0, 1, 30000),
	}
	pool := newRNG(seed, 11)
	j.addrs = make([]string, len(j.web.clients))
	for i := range j.web.clients {
		j.addrs[i] = albAddress(j.web.clients[i].addr, pool)
	}
	for _, a := range []struct {
		level, service, msg string
	}{
		{"warn", "checkout", "slow query on orders table"},
		{"warn", "inventory", "cache miss rate above threshold"},
		{"error", "payments", "payment gateway timeout"},
		{"error", "checkout", "failed to reserve stock: context deadline exceeded"},
		{"info", "inventory", "inventory sync completed"},
		{"warn", "auth", "token refresh failed, retrying"},
	} {
		j.apps = append(j.apps, jsonApp{
			head: `","level":"` + a.level + `","logger":"` + a.service + `","msg":"` + a.msg + `","service.name":"` + a.service + `"`,
			err:  a.level == "error",
		})
	}
	return j
}

func (j *jsonLog) normal(dst []byte, t time.Time, in *incident) []byte {
	w, r := j.web, j.r
	if r.intn(100) < 4 {
		app := &j.apps[r.intn(len(j.apps))]
		if in != nil && in.kind == outage && r.chance(0.5) {
			app = &j.apps[3] // the broken dependency shows in the services' logs
		}
		return j.app(dst, t, app)
	}
	ci := w.pickClient.pick(w.r)
	c := &w.clients[ci]
	tg := w.targetFor(c)
	method := w.method(tg)
	status := w.status(tg, method)
	if in != nil && in.kind == outage && (tg.kind == kindAPI || tg.kind == kindPage) && r.chance(in.failShare) {
		status = w.st.outage.draw(r)
	}
	return j.access(dst, t, j.addrs[ci], c, tg, method, status)
}

func (j *jsonLog) incident(dst []byte, t time.Time, in *incident) []byte {
	w, r := j.web, j.r
	switch in.kind {
	case flood:
		return j.access(dst, t, in.actor.addr, &in.actor, &in.target, "POST", w.st.flood.draw(r))
	case scan:
		return j.access(dst, t, in.actor.addr, &in.actor, &w.site.scans[r.intn(len(w.site.scans))], "GET", w.st.scan.draw(r))
	default:
		ci := w.pickClient.pick(w.r)
		status := w.st.outage.draw(r)
		if !r.chance(in.failShare) {
			status = 200
		}
		return j.access(dst, t, j.addrs[ci], &w.clients[ci], &in.target, w.method(&in.target), status)
	}
}

func (j *jsonLog) prepare(in *incident, r *rng) { j.web.prepare(in, r) }

// access writes one request record.
func (j *jsonLog) access(dst []byte, t time.Time, addr string, c *client, tg *target, method string, status int) []byte {
	r, w := j.r, j.web
	dst = append(dst, `{"ts":"`...)
	dst = j.appendTime(dst, t)
	switch {
	case status >= 500:
		dst = append(dst, `","level":"error"`...)
	case status >= 400:
		dst = append(dst, `","level":"warn"`...)
	default:
		dst = append(dst, `","level":"info"`...)
	}
	dst = append(dst, `,"logger":"http.access","msg":"handled request","client_ip":"`...)
	dst = append(dst, addr...)
	dst = append(dst, `","method":"`...)
	dst = append(dst, method...)
	path, query, _ := strings.Cut(tg.path, "?")
	dst = append(dst, `","path":"`...)
	dst = append(dst, path...)
	if query != "" {
		dst = append(dst, `","query":"`...)
		dst = append(dst, query...)
	}
	dst = append(dst, `","proto":"`...)
	dst = append(dst, c.proto...)
	dst = append(dst, `","status":`...)
	dst = strconv.AppendInt(dst, int64(status), 10)
	dst = append(dst, `,"bytes":`...)
	dst = strconv.AppendInt(dst, w.size(tg, status), 10)
	dst = append(dst, `,"duration_ms":`...)
	dst = strconv.AppendInt(dst, j.latency.draw(r), 10)
	if c.user != "-" && c.user != "" && tg.kind != kindAsset {
		dst = append(dst, `,"user":"`...)
		dst = append(dst, c.user...)
		dst = append(dst, '"')
	}
	agent := c.agent
	if agent == "" {
		agent = browserAgents[w.pickAgent.pick(r)]
	}
	dst = append(dst, `,"user_agent":"`...)
	dst = append(dst, agent...)
	return append(dst, "\"}\n"...)
}

// app writes one application record.
func (j *jsonLog) app(dst []byte, t time.Time, a *jsonApp) []byte {
	dst = append(dst, `{"ts":"`...)
	dst = j.appendTime(dst, t)
	dst = append(dst, a.head...)
	dst = append(dst, `,"trace_id":"`...)
	dst = appendRandomHex(dst, j.r, 32)
	if a.err {
		dst = append(dst, `","error":"upstream request failed`...)
	}
	return append(dst, "\"}\n"...)
}

// appendTime writes t in UTC with milliseconds and a Z.
func (j *jsonLog) appendTime(dst []byte, t time.Time) []byte {
	dst = j.stamp.append(dst, t)
	ms := t.Nanosecond() / 1e6
	return append(dst, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}
