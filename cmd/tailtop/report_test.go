package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func reportJSON(t *testing.T, args ...string) analyze.Snapshot {
	t.Helper()
	out, errs, code := runCmd(t, append([]string{"report", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errs)
	}
	var snap analyze.Snapshot
	if err := json.Unmarshal([]byte(out), &snap); err != nil {
		t.Fatalf("report --json is not JSON: %v\n%s", err, out)
	}
	return snap
}

// The report's counts equal an independent count of the generated file: the
// first field per line, as awk '{print $1}' | sort | uniq -c would.
func TestReportCountsEqualIndependentCount(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "gen.log")
	out, errs, code := runCmd(t, "gen", "--format", "combined", "--lines", "20000", "--seed", "42")
	if code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	clients := map[string]int64{}
	statuses := map[string]int64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	lines := int64(0)
	for sc.Scan() {
		lines++
		f := strings.Fields(sc.Text())
		clients[f[0]]++
		// status is the field after the quoted request: find `" NNN `
		q := strings.Index(sc.Text(), `HTTP/`)
		rest := strings.Fields(sc.Text()[q:])
		statuses[rest[1]]++
	}
	snap := reportJSON(t, "--top", "5", path)
	if len(snap.Streams) != 1 {
		t.Fatalf("streams: %d", len(snap.Streams))
	}
	s := snap.Streams[0]
	if s.Format != "combined" || s.Lines != lines || s.Parsed != lines || s.Unparsed != 0 || s.Events != lines {
		t.Fatalf("counts: format=%s lines=%d parsed=%d unparsed=%d events=%d, want %d lines", s.Format, s.Lines, s.Parsed, s.Unparsed, s.Events, lines)
	}
	if len(s.Top.Actor) != 5 {
		t.Fatalf("--top 5 gave %d rows", len(s.Top.Actor))
	}
	for _, kc := range s.Top.Actor {
		if clients[kc.Key] != kc.Count {
			t.Errorf("client %s: report %d, independent count %d", kc.Key, kc.Count, clients[kc.Key])
		}
	}
	for k, v := range statuses {
		if s.Statuses[k] != v {
			t.Errorf("status %s: report %d, independent count %d", k, s.Statuses[k], v)
		}
	}
	var perMinute int64
	for _, m := range s.PerMinute {
		perMinute += m.Count
	}
	if perMinute != lines {
		t.Errorf("per-minute counts sum to %d, want %d", perMinute, lines)
	}
}

func TestReportCorpusLinesAlwaysAddUp(t *testing.T) {
	for _, dir := range []string{"clf", "combined", "nginx"} {
		d := corpus.Path(t, dir)
		files, _ := filepath.Glob(filepath.Join(d, "*.log"))
		for _, f := range files {
			snap := reportJSON(t, f)
			s := snap.Streams[0]
			if s.Lines == 0 || s.Lines != s.Parsed+s.Unparsed {
				t.Errorf("%s: lines %d != parsed %d + unparsed %d", f, s.Lines, s.Parsed, s.Unparsed)
			}
		}
	}
}

func TestReportErrorsAreClear(t *testing.T) {
	_, errs, code := runCmd(t, "report", "/nonexistent/access.log")
	if code == 0 || !strings.Contains(errs, "/nonexistent/access.log") {
		t.Fatalf("missing file: code %d, stderr %q", code, errs)
	}
	_, errs, code = runCmd(t, "report", "--format", "nope", "x.log")
	if code != 2 || !strings.Contains(errs, "nope") {
		t.Fatalf("unknown format: code %d, stderr %q", code, errs)
	}
	_, errs, code = runCmd(t, "report")
	if code != 2 || !strings.Contains(errs, "no SOURCE") {
		t.Fatalf("no source: code %d, stderr %q", code, errs)
	}
}

// The text report never lets a log's escape sequences through.
func TestReportTextNeutralizesEscapes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "evil.log")
	evil := "\x1b]0;pwned\x07\x1b[2J10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] \"GET /\x1b[31mred HTTP/1.1\" 200 1 \"-\" \"-\"\n" +
		"10.0.0.2 - - [01/Jan/2026:00:00:01 +0000] \"GET /\x1b]52;c;ZXZpbA==\x07 HTTP/1.1\" 200 1 \"-\" \"-\"\n"
	if err := os.WriteFile(path, []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := runCmd(t, "report", path)
	if code != 0 {
		t.Fatalf("report: %s", errs)
	}
	for _, b := range []byte(out) {
		if (b < 0x20 && b != '\n') || b == 0x7f {
			t.Fatalf("control byte %#x in text report:\n%q", b, out)
		}
	}
}

func TestParseOutputMatchesAgentLOGTOJSON(t *testing.T) {
	path := corpus.Path(t, "clf", "kinesis-agent_apache_test_log.log")
	want := readJSONL(t, path+".expected.jsonl")
	out, errs, code := runCmd(t, "parse", "--format", "common", path)
	if code != 0 {
		t.Fatalf("parse: %s", errs)
	}
	var events []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("parse output line is not JSON: %v: %q", err, line)
		}
		events = append(events, m)
	}
	// Every expected agent record appears, in order, among our events with
	// the same original fields.
	i := 0
	for _, ev := range events {
		if i < len(want) && sameFields(ev["fields"].(map[string]any), want[i]) {
			i++
		}
	}
	if i != len(want) {
		t.Fatalf("matched %d of %d agent records in order; first unmatched: %v", i, len(want), want[i])
	}
}

func sameFields(got, want map[string]any) bool {
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func readJSONL(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// A denied event in a CloudTrail file makes the default rule (denied >= 1
// per 1m) fire at the event's time and clear a minute after the last one;
// the AccessDenied breakdown names the principal, the action and the IP.
func TestReportCloudTrailDeniedFiresDefaultAlert(t *testing.T) {
	snap := reportJSON(t, "testdata/cloudtrail_denied.json")
	s := snap.Streams[0]
	if s.Format != "cloudtrail" || s.Events != 4 || s.Denied != 2 {
		t.Fatalf("format %s events %d denied %d; want cloudtrail, 4, 2", s.Format, s.Events, s.Denied)
	}
	if len(s.Alerts) != 1 || s.Alerts[0].Rule != "denied >= 1 per 1m" || s.Alerts[0].Fired != 1 {
		t.Fatalf("default alert: %+v", s.Alerts)
	}
	a := s.Alerts[0]
	if a.Since.Format("15:04:05") != "10:00:20" || a.Firing || a.Cleared.Format("15:04:05") != "10:01:40" {
		t.Fatalf("alert fired %v cleared %v firing %v; want fired 10:00:20, cleared 10:01:40", a.Since, a.Cleared, a.Firing)
	}
	d := s.DeniedDetail
	if len(d.ByPrincipal) != 1 || d.ByPrincipal[0].Key != "arn:aws:iam::111122223333:user/mallory" || d.ByPrincipal[0].Count != 2 {
		t.Fatalf("denied by principal: %+v", d.ByPrincipal)
	}
	if len(d.BySourceIP) != 1 || d.BySourceIP[0].Key != "203.0.113.66" || len(d.ByAction) != 2 {
		t.Fatalf("denied by IP %+v, by action %+v", d.BySourceIP, d.ByAction)
	}
}
