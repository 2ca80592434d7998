package tui

import (
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
		Lag: 1500 * time.Millisecond,
	}
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
	}
}

func testSources() []feed.Status {
	return []feed.Status{
		{Name: "/var/log/nginx/access.log", Kind: "file", State: "following", Lines: 52310},
		{Name: "kinesis://stream" + hostileClear, Kind: "kinesis", State: "reconnecting", Errors: 3, Lag: 2 * time.Second},
	}
}

func newFake(streams ...analyze.StreamSnapshot) *fakeProvider {
	return &fakeProvider{
		version: 1,
		snap:    analyze.Snapshot{Now: t0, Streams: streams},
		sources: testSources(),
	}
}

// plainOptions render without any escape sequence, for readable goldens.
func plainOptions() Options {
	return Options{Theme: themes.Plain(), Now: func() time.Time { return t0 }}
}
