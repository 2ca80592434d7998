package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// accessCorpus is every sample of the clf, combined and nginx corpus folders
// with what must become of it.
var accessCorpus = []struct {
	dir, file string
	// format is what auto-detection settles on; "" when none of the access
	// formats may claim the file.
	format string
	// unparsed lists the 1-based lines that are not access lines; every
	// other line must parse.
	unparsed []int
}{
	{"clf", "beats_apache_darwin-2.4.23.log", "common", nil},
	{"clf", "beats_nasa-6.log", "common", nil},
	// Lines 2 (no bytes) and 7 (no status, no bytes) are parsed, though
	// the Kinesis Agent drops them: see TestAccessCorpusKinesisAgent.
	{"clf", "kinesis-agent_apache_test_log.log", "common", nil},
	// Access lines inside syslog, without their timestamp: not ours.
	{"clf", "lnav_syslog_wrapped_access_log.log", "", []int{1, 2, 3, 4, 5}},
	// Mixed CLF and combined lines, starting with CLF: detection keeps
	// the first format that reads every line, and common does.
	{"combined", "beats_apache_access_test.log", "common", nil},
	{"combined", "lnav_access_log.0.log", "combined", nil},
	{"combined", "lnav_access_log_dash_request.log", "combined", nil},
	// Line 2 lacks ident and authuser.
	{"combined", "lnav_bad_access_log.log", "combined", []int{2}},
	{"combined", "lnav_vhost_sessionid_access_log.log", "combined", nil},
	{"combined", "logstash-patterns_httpd_spec.log", "combined", nil},
	{"nginx", "beats_nginx_access.log", "combined", nil},
	{"nginx", "beats_nginx_test.log", "combined", nil},
	{"nginx", "lnav_shop_access_log_extra_field.log", "combined", nil},
}

// accessCorpusLines reads a sample as lines without their ends.
func accessCorpusLines(t testing.TB, parts ...string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(corpus.Path(t, parts...))
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// TestAccessCorpusComplete fails when a sample is added to the access
// folders without saying here what must become of it.
func TestAccessCorpusComplete(t *testing.T) {
	dir := corpus.Dir(t)
	for _, sub := range []string{"clf", "combined", "nginx"} {
		ents, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if strings.Contains(e.Name(), ".expected.") {
				continue
			}
			if !slices.ContainsFunc(accessCorpus, func(c struct {
				dir, file, format string
				unparsed          []int
			}) bool {
				return c.dir == sub && c.file == e.Name()
			}) {
				t.Errorf("%s/%s is not in accessCorpus", sub, e.Name())
			}
		}
	}
}

func TestAccessCorpus(t *testing.T) {
	for _, c := range accessCorpus {
		t.Run(c.dir+"/"+c.file, func(t *testing.T) {
			lines := accessCorpusLines(t, c.dir, c.file)
			bad := func(i int) bool { return slices.Contains(c.unparsed, i+1) }

			// Auto-detection over every registered format.
			auto := NewAuto(Options{})
			for i, line := range lines {
				events := 0
				r := auto.Parse(line, func(*Event) { events++ })
				switch {
				case bad(i):
					if r != Unparsed && isAccessFormat(auto.Format()) {
						t.Errorf("auto: line %d taken by %s: %q", i+1, auto.Format(), line)
					}
				case r != Parsed || events != 1:
					t.Errorf("auto: line %d: %v with %d events (format %q): %q", i+1, r, events, auto.Format(), line)
				}
			}
			if c.format != "" && auto.Format() != c.format {
				t.Errorf("auto-detected %q, want %q", auto.Format(), c.format)
			}
			if c.format == "" && isAccessFormat(auto.Format()) {
				t.Errorf("auto-detected %q, want none of the access formats", auto.Format())
			}

			// The named parsers: the detected one, and common, which
			// reads every access line.
			names := []string{"common"}
			if c.format != "" && c.format != "common" {
				names = append(names, c.format)
			}
			for _, name := range names {
				p, err := New(name, Options{})
				if err != nil {
					t.Fatal(err)
				}
				for i, line := range lines {
					var ev Event
					events := 0
					r := p.Parse(line, func(e *Event) { events++; ev = *e })
					if bad(i) {
						if r != Unparsed || events != 0 {
							t.Errorf("%s: line %d: %v, want unparsed: %q", name, i+1, r, line)
						}
						continue
					}
					if r != Parsed || events != 1 {
						t.Errorf("%s: line %d: %v with %d events: %q", name, i+1, r, events, line)
						continue
					}
					checkAccessEvent(t, name, i+1, line, &ev)
				}
			}
		})
	}
}

func isAccessFormat(f string) bool { return f == "common" || f == "combined" }

// checkAccessEvent holds every parsed corpus line to what its own text
// says, with the standard library as the second opinion on the time.
func checkAccessEvent(t *testing.T, name string, n int, line []byte, ev *Event) {
	t.Helper()
	var a accessLine
	if !scanAccess(line, &a) {
		t.Fatalf("%s: line %d parsed but does not rescan", name, n)
	}
	want, err := time.Parse(clfLayout, string(a.datetime.of(line)))
	if err != nil || !ev.Time.Equal(want) {
		t.Errorf("%s: line %d: time %v, time.Parse %v (%v)", name, n, ev.Time, want, err)
	}
	if !bytes.Equal(ev.Raw, line) || len(ev.Actor) == 0 || !accessWithin(line, ev.Actor) || !accessWithin(line, ev.Target) || !accessWithin(line, ev.Status) {
		t.Errorf("%s: line %d: event slices outside the line", name, n)
	}
	if st := a.status.of(line); len(st) == 3 && string(ev.Status) != string(st) {
		t.Errorf("%s: line %d: status %q, field %q", name, n, ev.Status, st)
	}
}

// TestAccessCorpusKinesisAgent compares the original fields with the
// Kinesis Agent's LOGTOJSON output for the same file. The agent drops the
// lines that lack bytes or status; tailtop keeps them, since client, path
// and time are there, and reports the missing fields as null.
func TestAccessCorpusKinesisAgent(t *testing.T) {
	lines := accessCorpusLines(t, "clf", "kinesis-agent_apache_test_log.log")
	wantLines := accessCorpusLines(t, "clf", "kinesis-agent_apache_test_log.log.expected.jsonl")
	p, _ := New("common", Options{})
	next := 0
	var dropped []int
	for i, line := range lines {
		got := parseAccess(p, string(line))
		if got.res != Parsed {
			t.Fatalf("line %d: %v", i+1, got.res)
		}
		fields := map[string]any{}
		p.Fields(&got.ev, func(name string, v []byte) {
			if v == nil {
				fields[name] = nil
			} else {
				fields[name] = string(v)
			}
		})
		if fields["response"] == nil || fields["bytes"] == nil {
			dropped = append(dropped, i+1)
			if got.ev.Bytes != 0 || (fields["response"] == nil) != (got.ev.Code == 0) {
				t.Errorf("line %d: code %d bytes %d for %v", i+1, got.ev.Code, got.ev.Bytes, fields)
			}
			continue
		}
		if next >= len(wantLines) {
			t.Fatalf("line %d: more complete lines than the agent's output", i+1)
		}
		var want map[string]any
		if err := json.Unmarshal(wantLines[next], &want); err != nil {
			t.Fatal(err)
		}
		next++
		gj, _ := json.Marshal(fields)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("line %d:\n got %s\nwant %s", i+1, gj, wj)
		}
		// And the normalized event agrees with the fields.
		wt, _ := time.Parse(clfLayout, want["datetime"].(string))
		if string(got.ev.Actor) != want["host"] || strconv.Itoa(got.ev.Code) != want["response"] ||
			strconv.FormatInt(got.ev.Bytes, 10) != want["bytes"] || !got.ev.Time.Equal(wt) {
			t.Errorf("line %d: event %q %d %d %v disagrees with %v", i+1, got.ev.Actor, got.ev.Code, got.ev.Bytes, got.ev.Time, want)
		}
		method, path, _ := strings.Cut(want["request"].(string), " ")
		path, _, _ = strings.Cut(path, " ")
		path, _, _ = strings.Cut(path, "?")
		var a accessLine
		scanAccess(line, &a)
		if string(a.method.of(line)) != method || string(got.ev.Target) != path {
			t.Errorf("line %d: method %q target %q, want %q %q", i+1, a.method.of(line), got.ev.Target, method, path)
		}
	}
	if next != len(wantLines) {
		t.Errorf("matched %d of the agent's %d lines", next, len(wantLines))
	}
	if !slices.Equal(dropped, []int{2, 7}) {
		t.Errorf("lines without status or bytes: %v, want [2 7]", dropped)
	}
}

// TestAccessCorpusLogstash checks the fields the logstash-patterns-core
// specs assert for HTTPD_COMBINEDLOG (legacy names).
func TestAccessCorpusLogstash(t *testing.T) {
	lines := accessCorpusLines(t, "combined", "logstash-patterns_httpd_spec.log")
	raw, err := os.ReadFile(corpus.Path(t, "combined", "logstash-patterns_httpd_spec.log.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Events []struct {
			LineNo int               `json:"line_no"`
			Legacy map[string]string `json:"legacy_includes"`
			Absent []string          `json:"legacy_absent_keys"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Events) != len(lines) {
		t.Fatalf("%d expectations for %d lines", len(spec.Events), len(lines))
	}
	p, _ := New("combined", Options{})
	for _, e := range spec.Events {
		line := lines[e.LineNo-1]
		got := parseAccess(p, string(line))
		if got.res != Parsed {
			t.Fatalf("line %d: %v", e.LineNo, got.res)
		}
		var a accessLine
		scanAccess(line, &a)
		proto := strings.TrimPrefix(string(a.proto.of(line)), "HTTP/")
		have := map[string]string{
			"clientip":    string(got.ev.Actor),
			"verb":        string(a.method.of(line)),
			"request":     string(a.url.of(line)),
			"httpversion": proto,
			"bytes":       strconv.FormatInt(got.ev.Bytes, 10),
			"referrer":    `"` + string(a.referer.of(line)) + `"`,
			"agent":       `"` + string(a.agent.of(line)) + `"`,
			"auth":        string(a.authuser.of(line)),
			"ident":       string(a.ident.of(line)),
		}
		if got.ev.Status != nil {
			have["response"] = string(got.ev.Status)
		}
		for k, want := range e.Legacy {
			if have[k] != want {
				t.Errorf("line %d: %s = %q, want %q", e.LineNo, k, have[k], want)
			}
		}
		for _, k := range e.Absent {
			if _, ok := have[k]; ok {
				t.Errorf("line %d: %s present (%q), want absent", e.LineNo, k, have[k])
			}
		}
		if strings.HasPrefix(e.Legacy["request"], "/") && string(got.ev.Target) != strings.SplitN(e.Legacy["request"], "?", 2)[0] {
			t.Errorf("line %d: target %q", e.LineNo, got.ev.Target)
		}
	}
}

// TestAccessCorpusFilebeatNginx compares with Filebeat's nginx module output,
// including its choice of client in X-Forwarded-For lists.
func TestAccessCorpusFilebeatNginx(t *testing.T) {
	lines := accessCorpusLines(t, "nginx", "beats_nginx_test.log")
	raw, err := os.ReadFile(corpus.Path(t, "nginx", "beats_nginx_test.log.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(lines) {
		t.Fatalf("%d documents for %d lines", len(docs), len(lines))
	}
	p, _ := New("combined", Options{})
	for i, doc := range docs {
		line := lines[i]
		got := parseAccess(p, string(line))
		if got.res != Parsed {
			t.Fatalf("line %d: %v", i+1, got.res)
		}
		var a accessLine
		scanAccess(line, &a)
		ts, err := time.Parse(time.RFC3339, doc["@timestamp"].(string))
		if err != nil {
			t.Fatal(err)
		}
		text := func(k string) string { s, _ := doc[k].(string); return s }
		num := func(k string) int64 { f, _ := doc[k].(float64); return int64(f) }
		checks := []struct {
			what      string
			got, want any
		}{
			{"source.ip", string(got.ev.Actor), text("source.ip")},
			{"method", string(a.method.of(line)), text("http.request.method")},
			{"url", string(a.url.of(line)), text("url.original")},
			{"status", int64(got.ev.Code), num("http.response.status_code")},
			{"bytes", got.ev.Bytes, num("http.response.body.bytes")},
			{"user", string(a.authuser.of(line)), text("user.name")},
			{"time", got.ev.Time.UTC(), ts.UTC()},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("line %d: %s = %v, want %v", i+1, c.what, c.got, c.want)
			}
		}
		// Filebeat lists every address of the client field.
		var list []string
		for _, it := range doc["nginx.access.remote_ip_list"].([]any) {
			list = append(list, it.(string))
		}
		if items := accessClientItems(a.clients.of(line)); !slices.Equal(items, list) {
			t.Errorf("line %d: client list %q, want %q", i+1, items, list)
		}
	}
}

func accessClientItems(b []byte) []string {
	return strings.FieldsFunc(string(b), func(r rune) bool { return r == ' ' || r == ',' || r == '"' })
}

// TestAccessCorpusMixedNamedCombined: forced to "combined", the mixed
// Apache file loses only its first line, which comes before any referer.
func TestAccessCorpusMixedNamedCombined(t *testing.T) {
	lines := accessCorpusLines(t, "combined", "beats_apache_access_test.log")
	p, _ := New("combined", Options{})
	for i, line := range lines {
		r := parseAccess(p, string(line)).res
		if want := map[bool]Result{true: Unparsed, false: Parsed}[i == 0]; r != want {
			t.Errorf("line %d: %v, want %v", i+1, r, want)
		}
	}
}

// TestAccessHeadScanMatchesFullScan: a parser past its combined check scans
// only up to the bytes field. On every line of every access sample (and
// each line cut at every length, for the ends a short line can take) that
// scan answers as the full one does, with the same fields.
func TestAccessHeadScanMatchesFullScan(t *testing.T) {
	dir := corpus.Dir(t)
	checked := 0
	for _, sub := range []string{"clf", "combined", "nginx"} {
		files, err := filepath.Glob(filepath.Join(dir, sub, "*.log"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no samples (%v)", sub, err)
		}
		for _, name := range files {
			for _, line := range accessCorpusLines(t, sub, filepath.Base(name)) {
				checkHeadScan(t, line)
				checked++
			}
		}
	}
	for _, line := range accessCorpusLines(t, "combined", "logstash-patterns_httpd_spec.log") {
		for n := range len(line) + 1 {
			checkHeadScan(t, line[:n:n])
		}
	}
	if checked < 100 {
		t.Fatalf("only %d corpus lines checked", checked)
	}
}
