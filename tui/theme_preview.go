package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
)

// Preview renders the screen as theme th draws it, width x height cells, on
// built-in sample data (two streams, a spike going on, an alert firing): what
// `tailtop themes` shows of each theme. The output holds the theme's full
// colors; downsampling to the terminal is the caller's business.
func Preview(th themes.Theme, width, height int) string {
	now := previewNow
	var m tea.Model = New(sampleProvider{}, Options{Theme: th, Title: th.Name, Now: func() time.Time { return now }})
	m, _ = m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	m, _ = m.Update(tickMsg{})
	return m.View().Content
}

// previewNow is the sample data's clock.
var previewNow = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// sampleProvider serves one fixed snapshot.
type sampleProvider struct{}

func (sampleProvider) Snapshot(analyze.SnapshotOptions) analyze.Snapshot {
	return analyze.Snapshot{Now: previewNow, Streams: []analyze.StreamSnapshot{sampleWeb(), sampleTrail()}}
}

func (sampleProvider) Version() uint64                        { return 1 }
func (sampleProvider) Drill(analyze.Query) []analyze.TailLine { return nil }

func (sampleProvider) Sources() []feed.Status {
	return []feed.Status{
		{Name: "/var/log/nginx/access.log", Kind: "file", State: "following", Lines: 52310},
		{Name: "cwlogs://CloudTrail/logs", Kind: "cwlogs", State: "reconnecting", Errors: 1, Lag: 2 * time.Second},
	}
}

// sampleWeb is a web access log stream with a load spike going on and a
// 5xx alert firing.
func sampleWeb() analyze.StreamSnapshot {
	const seconds = 120
	rate, bytes, marks := make([]float64, seconds), make([]float64, seconds), make([]bool, seconds)
	for i := range rate {
		rate[i] = float64(30 + (i*37)%25)
		if i >= 104 {
			rate[i], marks[i] = 160+float64(i%3)*10, true
		}
		bytes[i] = rate[i] * 1400
	}
	pm := make([]analyze.MinuteCount, 30)
	for i := range pm {
		c := int64(1800 + (i*97)%600)
		pm[i] = analyze.MinuteCount{Minute: previewNow.Truncate(time.Minute).Add(time.Duration(i-29) * time.Minute), Count: c,
			Classes: map[string]int64{"2xx": c * 88 / 100, "3xx": c / 20, "4xx": c / 20, "5xx": c / 50}}
	}
	var tail []analyze.TailLine
	for i, l := range []struct{ ip, req, status string }{
		{"203.0.113.7", "GET /index.html", "200"}, {"198.51.100.23", "POST /api/login", "401"},
		{"192.0.2.44", "GET /api/v1/orders", "503"}, {"203.0.113.7", "GET /static/app.js", "304"},
		{"203.0.113.7", "GET /index.html", "200"}, {"10.0.0.5", "GET /health", "200"},
	} {
		at := previewNow.Add(time.Duration(i-6) * time.Second)
		tail = append(tail, analyze.TailLine{Seq: uint64(i + 1), Arrival: at, Parsed: true, Status: l.status, Failure: l.status[0] == '5',
			Actor: l.ip, Text: fmt.Sprintf(`%s - - [%s] "%s HTTP/1.1" %s 5120`, l.ip, at.Format("02/Jan/2006:15:04:05 -0700"), l.req, l.status)})
	}
	return analyze.StreamSnapshot{
		Name: "access.log", Format: "combined",
		Lines: 52310, Parsed: 52298, Unparsed: 12, Events: 52298, Bytes: 78_000_000, Failures: 1050, Unauthorized: 900,
		Top: analyze.Top{
			Actor: []analyze.KeyCount{{Key: "203.0.113.7", Count: 20412}, {Key: "198.51.100.23", Count: 9120},
				{Key: "192.0.2.44", Count: 4410}, {Key: "2001:db8::8a2e:370:7334", Count: 2200}, {Key: "10.0.0.5", Count: 1200}},
			Target: []analyze.KeyCount{{Key: "/index.html", Count: 15000}, {Key: "/api/v1/orders", Count: 8000},
				{Key: "/api/login", Count: 3000}, {Key: "/health", Count: 2500}, {Key: "/static/app.js", Count: 900}},
		},
		Statuses:      map[string]int64{"200": 44000, "304": 3000, "404": 2600, "401": 900, "500": 500, "503": 550},
		StatusClasses: map[string]int64{"2xx": 44000, "3xx": 3000, "4xx": 3500, "5xx": 1050},
		PerMinute:     pm,
		Labels:        parse.Labels{Actor: "clients", Target: "paths", Status: "statuses"},
		Rate:          rate, ByteRate: bytes, SpikeMarks: marks, LinesPerSec: 58,
		Tail: tail,
		Spikes: []analyze.Spike{{Kind: "load", Start: previewNow.Add(-16 * time.Second), Active: true, Peak: 180, Baseline: 42, Ratio: 4.3,
			Summary: "x4.3 load, 81% from 203.0.113.7 on /index.html, 200"}},
		Alerts: []analyze.Alert{{Rule: "status:5xx > 1% per 5m", Firing: true, Value: 0.02, Threshold: 0.01,
			Since: previewNow.Add(-3 * time.Minute), Fired: 1}},
	}
}

// sampleTrail is a CloudTrail stream with AccessDenied errors.
func sampleTrail() analyze.StreamSnapshot {
	minute := previewNow.Truncate(time.Minute)
	return analyze.StreamSnapshot{
		Name: "cloudtrail", Format: "cloudtrail", Lines: 300, Parsed: 300, Events: 900, Denied: 20, Failures: 20,
		Top: analyze.Top{
			Actor:  []analyze.KeyCount{{Key: "arn:aws:iam::123456789012:user/alice", Count: 600}, {Key: "arn:aws:sts::123456789012:assumed-role/ci/deploy", Count: 300}},
			Target: []analyze.KeyCount{{Key: "s3.amazonaws.com:GetObject", Count: 700}, {Key: "iam.amazonaws.com:CreateUser", Count: 200}},
		},
		Statuses:      map[string]int64{"OK": 880, "AccessDenied": 20},
		StatusClasses: map[string]int64{"OK": 880, "AccessDenied": 20},
		Labels:        parse.Labels{Actor: "principals", Target: "actions", Status: "error codes"},
		Rate:          []float64{1, 2, 3, 2, 1},
		DeniedDetail: analyze.DeniedView{
			PerMinute:   []analyze.MinuteCount{{Minute: minute.Add(-2 * time.Minute), Count: 2}, {Minute: minute, Count: 13}},
			ByPrincipal: []analyze.KeyCount{{Key: "arn:aws:sts::123456789012:assumed-role/ci/deploy", Count: 14}},
			ByAction:    []analyze.KeyCount{{Key: "iam.amazonaws.com:CreateUser", Count: 12}},
			BySourceIP:  []analyze.KeyCount{{Key: "198.51.100.77", Count: 15}},
		},
		Alerts: []analyze.Alert{{Rule: "denied >= 1 per 1m", Threshold: 1}},
	}
}
