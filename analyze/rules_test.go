package analyze

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseRule(t *testing.T) {
	good := map[string]Rule{
		"denied >= 1 per 1m":        {Metric: "denied", Op: ">=", Value: 1, Window: time.Minute},
		"status:5xx > 5% per 5m":    {Metric: "status", Key: "5xx", Op: ">", Value: 5, Percent: true, Window: 5 * time.Minute},
		"rate > 3x baseline":        {Metric: "events", Op: ">", Value: 3, Baseline: true, Window: time.Minute},
		"actor:* > 1000 per 1m":     {Metric: "actor", Key: "*", Op: ">", Value: 1000, Window: time.Minute},
		"target:/Login <= 2 per 1h": {Metric: "target", Key: "/Login", Op: "<=", Value: 2, Window: time.Hour},
	}
	for text, want := range good {
		got, err := ParseRule(text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		want.Text = text
		if got != want {
			t.Errorf("%q: got %+v want %+v", text, got, want)
		}
	}
	for _, text := range []string{"", "denied", "denied = 1", "denied > x", "denied > 1 per 2m", "foo > 1",
		"actor > 5", "events > 5%", "denied > 3x", "lines > 3x baseline", "denied > NaN", "denied > -1", "denied > 1 every 1m"} {
		if _, err := ParseRule(text); err == nil {
			t.Errorf("%q: accepted, want an error", text)
		} else if !strings.Contains(err.Error(), "write e.g.") {
			t.Errorf("%q: error does not show the grammar: %v", text, err)
		}
	}
}

// The default rule fires on one denied event in a minute and clears when
// the minute has passed; the firing and clearing times are event times.
func TestDefaultRuleFiresOnDeniedAndClears(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	e := NewEngine(Config{Now: func() time.Time { return now }})
	e.AddStream("ct", "words")
	base := int64(1_700_000_000)
	ts := func(d int64) string { return " " + strconv.FormatInt(base+d, 10) }
	e.Ingest(batch("ct", true, now, "alice s3:GetObject OK 1"+ts(0), "bob iam:CreateUser OK 1"+ts(10)))
	if a := e.Snapshot(SnapshotOptions{}).Streams[0].Alerts; len(a) != 1 || a[0].Firing || a[0].Rule != "denied >= 1 per 1m" {
		t.Fatalf("before any denial: %+v", a)
	}
	e.Ingest(batch("ct", true, now, "mallory s3:ListBuckets AccessDenied 1"+ts(20)))
	a := e.Snapshot(SnapshotOptions{}).Streams[0].Alerts[0]
	if !a.Firing || a.Value != 1 || a.Fired != 1 || a.Since.Unix() != base+20 {
		t.Fatalf("after a denial the default rule must fire at its time: %+v", a)
	}
	e.Ingest(batch("ct", true, now, "alice s3:GetObject OK 1"+ts(200)))
	a = e.Snapshot(SnapshotOptions{}).Streams[0].Alerts[0]
	if a.Firing || a.Fired != 1 || a.Cleared.Unix() != base+80 {
		t.Fatalf("a minute later the rule must have cleared (at +80s): %+v", a)
	}
}

func TestShareRuleAndPerKeyRule(t *testing.T) {
	now := time.Unix(2_000_000_000, 0)
	r1, _ := ParseRule("status:5xx > 20% per 1m")
	r2, _ := ParseRule("actor:* > 3 per 1m")
	e := NewEngine(Config{Now: func() time.Time { return now }, Rules: []Rule{r1, r2}})
	e.AddStream("w", "words")
	e.Ingest(batch("w", false, now, "a /x 200 1", "a /x 200 1", "a /x 503 1", "a /y 500 1", "b /x 200 1"))
	al := e.Snapshot(SnapshotOptions{}).Streams[0].Alerts
	if !al[0].Firing || al[0].Value != 40 {
		t.Fatalf("5xx share 40%% must fire: %+v", al[0])
	}
	if !al[1].Firing || al[1].Key != "a" || al[1].Value != 4 {
		t.Fatalf("actor a with 4 events must fire: %+v", al[1])
	}
}
