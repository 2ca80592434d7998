package tui

import (
	"strings"
	"sync"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
)

// fakeProvider serves fixed snapshots and records what it was asked.
type fakeProvider struct {
	mu        sync.Mutex
	version   uint64
	snap      analyze.Snapshot
	sources   []feed.Status
	calls     []analyze.SnapshotOptions
	versionsN int
	// ring is the event ring of each stream Drill answers from; drills
	// the queries.
	ring   map[string][]analyze.TailLine
	drills []analyze.Query
}

// Drill answers like the engine: the ring's lines of the stream that match
// every filter, within [From, To], newer than After, the most recent Limit.
func (f *fakeProvider) Drill(q analyze.Query) []analyze.TailLine {
	f.mu.Lock()
	defer f.mu.Unlock()
	q.Filters = append([]analyze.Filter(nil), q.Filters...)
	f.drills = append(f.drills, q)
	var out []analyze.TailLine
	for _, l := range f.ring[q.Stream] {
		if l.Seq > q.After && fakeMatch(l, q) {
			out = append(out, l)
		}
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[len(out)-q.Limit:]
	}
	return out
}

func fakeMatch(l analyze.TailLine, q analyze.Query) bool {
	if (!q.From.IsZero() && l.Arrival.Before(q.From)) || (!q.To.IsZero() && l.Arrival.After(q.To)) {
		return false
	}
	for _, f := range q.Filters {
		ok := false
		switch f.Dim {
		case analyze.DimActor:
			ok = l.Actor == f.Value
		case analyze.DimTarget:
			ok = l.Target == f.Value
		case analyze.DimStatus:
			ok = l.Status == f.Value
		case analyze.DimClass:
			ok = l.Status == f.Value || (len(l.Status) == 3 && len(f.Value) == 3 && f.Value[1:] == "xx" && l.Status[0] == f.Value[0])
		case analyze.DimDenied:
			ok = l.Denied
		case analyze.DimFailure:
			ok = l.Failure
		case analyze.DimUnauthorized:
			ok = l.Status == "401" || l.Status == "403"
		case analyze.DimText:
			ok = strings.Contains(strings.ToLower(l.Text), strings.ToLower(f.Value))
		}
		if !ok {
			return false
		}
	}
	return true
}

func (f *fakeProvider) drillCalls() []analyze.Query {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]analyze.Query(nil), f.drills...)
}

func (f *fakeProvider) lastDrill() analyze.Query {
	d := f.drillCalls()
	if len(d) == 0 {
		return analyze.Query{Limit: -1}
	}
	return d[len(d)-1]
}

// arrive appends lines to a stream's ring and bumps the version.
func (f *fakeProvider) arrive(stream string, lines ...analyze.TailLine) {
	f.mu.Lock()
	f.ring[stream] = append(f.ring[stream], lines...)
	f.version++
	f.mu.Unlock()
}

func (f *fakeProvider) Snapshot(opts analyze.SnapshotOptions) analyze.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, opts)
	s := f.snap
	s.Window = FormatWindow(opts.Window)
	return s
}

func (f *fakeProvider) Version() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.versionsN++
	return f.version
}

func (f *fakeProvider) Sources() []feed.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]feed.Status(nil), f.sources...)
}

// bump simulates ingestion.
func (f *fakeProvider) bump() {
	f.mu.Lock()
	f.version++
	f.mu.Unlock()
}

func (f *fakeProvider) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeProvider) lastCall() analyze.SnapshotOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return analyze.SnapshotOptions{}
	}
	return f.calls[len(f.calls)-1]
}

// Hostile strings: each would do something to a terminal if printed raw.
const (
	hostileTitle = "\x1b]0;pwned\x07"                // set the window title
	hostileClear = "\x1b[2J\x1b[H"                   // clear the screen
	hostileLink  = "\x1b]8;;http://evil/\x1b\\click" // plant a hyperlink
	hostileBidi  = "admin\u202egnp.exe"              // right-to-left override
	hostileCSI8  = "\u009b31m"                       // a C1 CSI
)

var t0 = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// webStream is a deterministic access-log stream with hostile keys.
func webStream() analyze.StreamSnapshot {
	rate := make([]float64, 120)
	bytes := make([]float64, 120)
	for i := range rate {
		rate[i] = float64((i*37)%50 + 10)
		if i > 100 && i < 110 {
			rate[i] = 180 // a spike
		}
		bytes[i] = rate[i] * 1500
	}
	pm := make([]analyze.MinuteCount, 0, 30)
	for i := 0; i < 30; i++ {
		c := int64(1000 + (i*97)%600)
		cls := map[string]int64{"2xx": c * 9 / 10, "4xx": c / 20, "5xx": c / 200}
		if i == 25 {
			cls["5xx"] = c / 5
		}
		pm = append(pm, analyze.MinuteCount{Minute: t0.Add(time.Duration(i-29) * time.Minute).Truncate(time.Minute), Count: c, Classes: cls})
	}
	tail := []analyze.TailLine{
		{Seq: 1, Arrival: t0.Add(-5 * time.Second), Text: `203.0.113.7 - - [14/Mar/2026:15:09:21 +0000] "GET /index.html HTTP/1.1" 200 5120`, Parsed: true, Status: "200"},
		{Seq: 2, Arrival: t0.Add(-4 * time.Second), Text: `198.51.100.23 - - [14/Mar/2026:15:09:22 +0000] "POST /api/login HTTP/1.1" 401 88`, Parsed: true, Status: "401"},
		{Seq: 3, Arrival: t0.Add(-3 * time.Second), Text: `192.0.2.1 - - [14/Mar/2026:15:09:23 +0000] "GET /` + hostileClear + `x HTTP/1.1" 500 0`, Parsed: true, Status: "500", Failure: true},
		{Seq: 4, Arrival: t0.Add(-2 * time.Second), Text: "203.0.113.7 - - \"GET /a\tb " + hostileTitle + " HTTP/1.1\" 200 77", Parsed: true, Status: "200"},
		{Seq: 5, Arrival: t0.Add(-1 * time.Second), Text: `10.0.0.5 - - [14/Mar/2026:15:09:25 +0000] "GET /health HTTP/1.1" 503 19 "-" "kube-probe/1.29 with a very long user agent that will certainly not fit on one line of any terminal"`, Parsed: true, Status: "503", Failure: true},
	}
	return analyze.StreamSnapshot{
		Name: "access.log", Format: "combined",
		Lines: 52310, Parsed: 52298, Unparsed: 12, Events: 52298, Bytes: 78_000_000, Failures: 812,
		Top: analyze.Top{
			Actor: []analyze.KeyCount{
				{Key: "203.0.113.7", Count: 20412},
				{Key: "198.51.100.23", Count: 9120},
				{Key: hostileTitle + "10.9.8.7", Count: 4410},
				{Key: "2001:db8:85a3::8a2e:370:7334", Count: 2200},
				{Key: hostileBidi, Count: 1200},
				{Key: "192.0.2.1", Count: 512},
				{Key: "", Count: 7},
			},
			Target: []analyze.KeyCount{
				{Key: "/index.html", Count: 15000},
				{Key: "/api/v1/customers/12345/orders?include=items,shipping,payments&page=2", Count: 8000},
				{Key: "/" + hostileClear + "wp-login.php", Count: 3000},
				{Key: "/health", Count: 2500},
				{Key: "/" + hostileLink, Count: 100},
				{Key: "/日本語/ページ", Count: 50},
			},
		},
		Statuses:      map[string]int64{"200": 44000, "304": 3000, "404": 2600, "401": 900, "500": 500, "503": 300, hostileCSI8: 1},
		StatusClasses: map[string]int64{"2xx": 44000, "3xx": 3000, "4xx": 3500, "5xx": 800},
		PerMinute:     pm,
		Labels:        parse.Labels{Actor: "clients", Target: "paths", Status: "statuses"},
		Rate:          rate,
		ByteRate:      bytes,
		LinesPerSec:   123.4,
		Tail:          tail,
		UnparsedTail: []analyze.TailLine{
			{Seq: 10, Arrival: t0.Add(-30 * time.Second), Text: "garbage " + hostileClear + " line"},
			{Seq: 11, Arrival: t0.Add(-10 * time.Second), Text: "\x00\x01binary\xff\xfe"},
		},
		Lag:          1500 * time.Millisecond,
		Unauthorized: 900,
		SpikeMarks:   spikeMarks(len(rate), 101, 110),
		Spikes: []analyze.Spike{
			{Kind: "load", Start: t0.Add(-19 * time.Second), End: t0.Add(-10 * time.Second), Peak: 180, Baseline: 30, Ratio: 6,
				Attribution: analyze.Attribution{Actor: []analyze.Share{{Key: "203.0.113.7", Count: 1400, Share: 0.83, Before: 0.2}}},
				Summary:     "x6 load, 83% from 203.0.113.7 on /index.html, 200"},
			{Kind: "errors", Start: t0.Add(-50 * time.Minute), End: t0.Add(-49 * time.Minute), Peak: 12, Baseline: 0.5, Ratio: 24,
				Attribution: analyze.Attribution{Actor: []analyze.Share{{Key: "192.0.2.1", Count: 300, Share: 0.9}}},
				Summary:     "x24 errors, 90% from 192.0.2.1 on /" + hostileClear + "x, 500"},
		},
		Alerts: []analyze.Alert{
			{Rule: "status:5xx > 5% per 5m", Value: 0.016, Threshold: 0.05, Fired: 1,
				Since: t0.Add(-50 * time.Minute), Cleared: t0.Add(-47 * time.Minute)},
			{Rule: "rate > 3x baseline", Value: 0.4, Threshold: 3},
		},
	}
}

// spikeMarks marks the seconds [from, to) of n.
func spikeMarks(n, from, to int) []bool {
	m := make([]bool, n)
	for i := from; i < to && i < n; i++ {
		m[i] = true
	}
	return m
}

// webRing is the web stream's event ring: a few clients, one of them
// hostile, and statuses to stack filters on.
func webRing() []analyze.TailLine {
	var out []analyze.TailLine
	add := func(actor, target, status string, text string) {
		seq := uint64(len(out) + 1)
		out = append(out, analyze.TailLine{
			Seq: seq, Arrival: t0.Add(time.Duration(int(seq)-20) * time.Second), Origin: "access.log",
			Text: text, Parsed: true, Status: status, Failure: status[0] == '5', Actor: actor, Target: target,
		})
	}
	for i := 0; i < 12; i++ {
		switch i % 4 {
		case 0:
			add("203.0.113.7", "/index.html", "200", `203.0.113.7 - - [14/Mar/2026:15:08:46 +0000] "GET /index.html HTTP/1.1" 200 5120`)
		case 1:
			add("198.51.100.23", "/api/login", "401", `198.51.100.23 - - [14/Mar/2026:15:08:47 +0000] "POST /api/login HTTP/1.1" 401 88`)
		case 2:
			add("203.0.113.7", "/api/v1/orders", "503", `203.0.113.7 - - [14/Mar/2026:15:08:48 +0000] "GET /api/v1/orders HTTP/1.1" 503 19`)
		case 3:
			add(hostileTitle+"10.9.8.7", "/"+hostileClear, "404", hostileTitle+`10.9.8.7 - - "GET /`+hostileClear+hostileLink+` HTTP/1.1" 404 0 "`+hostileBidi+`"`)
		}
	}
	return out
}

// trailStream is a second stream, for the tabs.
func trailStream() analyze.StreamSnapshot {
	return analyze.StreamSnapshot{
		Name: "cloudtrail" + hostileTitle, Format: "cloudtrail",
		Lines: 300, Parsed: 300, Events: 900,
		Top: analyze.Top{
			Actor:  []analyze.KeyCount{{Key: "arn:aws:iam::123456789012:user/alice", Count: 600}, {Key: "arn:aws:sts::123456789012:assumed-role/ci/deploy", Count: 300}},
			Target: []analyze.KeyCount{{Key: "s3.amazonaws.com:GetObject", Count: 700}, {Key: "iam.amazonaws.com:CreateUser", Count: 200}},
		},
		Statuses:      map[string]int64{"OK": 880, "AccessDenied": 20},
		StatusClasses: map[string]int64{"OK": 880, "AccessDenied": 20},
		Labels:        parse.Labels{Actor: "principals", Target: "actions", Status: "error codes"},
		Rate:          []float64{1, 2, 3, 2, 1},
		LinesPerSec:   2,
		Denied:        20,
		Failures:      20,
		DeniedDetail: analyze.DeniedView{
			PerMinute: []analyze.MinuteCount{
				{Minute: t0.Truncate(time.Minute).Add(-3 * time.Minute), Count: 2},
				{Minute: t0.Truncate(time.Minute).Add(-1 * time.Minute), Count: 5},
				{Minute: t0.Truncate(time.Minute), Count: 13},
			},
			ByPrincipal: []analyze.KeyCount{{Key: "arn:aws:sts::123456789012:assumed-role/ci/deploy", Count: 14}, {Key: "arn:aws:iam::123456789012:user/" + hostileTitle + "mallory", Count: 6}},
			ByAction:    []analyze.KeyCount{{Key: "iam.amazonaws.com:CreateUser", Count: 12}, {Key: "s3.amazonaws.com:GetObject", Count: 8}},
			BySourceIP:  []analyze.KeyCount{{Key: "198.51.100.77", Count: 15}, {Key: "203.0.113.200", Count: 5}},
			Latest:      trailRing()[1:3],
		},
		Alerts: []analyze.Alert{{Rule: "denied >= 1 per 1m", Value: 0, Threshold: 1}},
	}
}

// cloudTrailJSON is one CloudTrail event as delivered through CloudWatch
// Logs, with escapes inside strings: a multi-line message with tabs, and an
// escape sequence spelled as a JSON escape.
const cloudTrailJSON = `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::123456789012:assumed-role/ci/deploy"},` +
	`"eventTime":"2026-03-14T15:09:20Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","sourceIPAddress":"198.51.100.77",` +
	`"errorCode":"AccessDenied","errorMessage":"User is not authorized:\n\tiam:CreateUser\n\ton resource \u001b[31muser/x\u001b[0m",` +
	`"requestParameters":{"userName":"x","tags":[]},"resources":[{"ARN":"arn:aws:iam::123456789012:user/x"}],"readOnly":false,"n":12.5,"z":null}`

// trailRing is the CloudTrail stream's event ring.
func trailRing() []analyze.TailLine {
	return []analyze.TailLine{
		{Seq: 101, Arrival: t0.Add(-20 * time.Second), Origin: "trail.json", Parsed: true, Status: "OK",
			Actor: "arn:aws:iam::123456789012:user/alice", Target: "s3.amazonaws.com:GetObject",
			Text: `{"eventSource":"s3.amazonaws.com","eventName":"GetObject","userIdentity":{"arn":"arn:aws:iam::123456789012:user/alice"}}`},
		{Seq: 102, Arrival: t0.Add(-6 * time.Second), Origin: "trail.json", Parsed: true, Status: "AccessDenied", Failure: true, Denied: true,
			Actor: "arn:aws:sts::123456789012:assumed-role/ci/deploy", Target: "iam.amazonaws.com:CreateUser", Text: cloudTrailJSON},
		{Seq: 103, Arrival: t0.Add(-3 * time.Second), Origin: "trail.json", Parsed: true, Status: "AccessDenied", Failure: true, Denied: true,
			Actor: "arn:aws:iam::123456789012:user/" + hostileTitle + "mallory", Target: "s3.amazonaws.com:GetObject",
			Text: `{"errorCode":"AccessDenied","userIdentity":{"arn":"arn:aws:iam::123456789012:user/` + "\x1b]0;pwned\x07" + `mallory"}}`},
	}
}

func testSources() []feed.Status {
	return []feed.Status{
		{Name: "/var/log/nginx/access.log", Kind: "file", State: "following", Lines: 52310, Origins: []feed.Status{
			{Name: "/var/log/nginx/access.log", Kind: "file", State: "following", Lines: 52000},
			{Name: "/var/log/nginx/access.log.1" + hostileTitle, Kind: "file", State: "done", Lines: 310},
		}},
		{Name: "kinesis://stream" + hostileClear, Kind: "kinesis", State: "reconnecting", Errors: 3, Lag: 2 * time.Second, Reconnects: 2,
			LastError: "ExpiredTokenException: the security token included in the request is expired " + hostileLink},
	}
}

func newFake(streams ...analyze.StreamSnapshot) *fakeProvider {
	return &fakeProvider{
		version: 1,
		snap:    analyze.Snapshot{Now: t0, Streams: streams},
		sources: testSources(),
		ring:    map[string][]analyze.TailLine{webStream().Name: webRing(), trailStream().Name: trailRing()},
	}
}

// plainOptions render without any escape sequence, for readable goldens.
func plainOptions() Options {
	return Options{Theme: themes.Plain(), Now: func() time.Time { return t0 }}
}
