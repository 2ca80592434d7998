package parse

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

func TestJSONLinesGuesses(t *testing.T) {
	tests := []struct {
		line                          string
		actor, target, status         string
		code                          int
		bytes                         int64
		time                          string
		failure, denied, unauthorized bool
	}{
		{line: `{"client_ip":"1.2.3.4","path":"/a","status":503,"bytes":12,"time":"2024-05-01T10:00:00Z"}`,
			actor: "1.2.3.4", target: "/a", status: "503", code: 503, bytes: 12, time: "2024-05-01T10:00:00Z", failure: true},
		{line: `{"remote_addr":"::1","request":{"uri":"/x"},"response":{"status":403,"size":7},"ts":1714557600}`,
			actor: "::1", target: "/x", status: "403", code: 403, bytes: 7, time: "2024-05-01T10:00:00Z", unauthorized: true},
		// Dotted keys (ECS) and nested objects are the same path.
		{line: `{"@timestamp":"2024-05-01T10:00:00.5Z","log.level":"error","user":{"name":"bob"},"message":"boom"}`,
			actor: "bob", target: "boom", status: "error", time: "2024-05-01T10:00:00.5Z", failure: true},
		{line: `{"level":50,"time":1714557600000,"hostname":"h1","msg":"m"}`,
			actor: "h1", target: "m", status: "error", time: "2024-05-01T10:00:00Z", failure: true},
		{line: `{"PRIORITY":"3","__REALTIME_TIMESTAMP":"1714557600000000","_HOSTNAME":"box","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"x"}`,
			actor: "box", target: "x", status: "err", time: "2024-05-01T10:00:00Z", failure: true},
		{line: `{"lvl":0,"msg":"numbers under a plain level name stay numbers"}`,
			target: "numbers under a plain level name stay numbers", status: "0"},
		{line: `{"status":"AccessDeniedException","user":"x"}`, actor: "x", status: "AccessDeniedException", denied: true},
		{line: `{"msg":"a","error":"connection refused"}`, target: "a", failure: true},
		{line: `{"msg":"a","error":null,"err":false}`, target: "a"},
		// The better-ranked name wins whatever the order.
		{line: `{"hostname":"h","client_ip":"9.9.9.9"}`, actor: "9.9.9.9"},
		// Escapes are resolved; values of other types are not taken.
		{line: `{"user":"b\u00e9a","path":["not","a","string"],"status":{"code":1}}`, actor: "béa"},
		{line: `{}`},
	}
	for _, tc := range tests {
		p := newJSONLines(Options{})
		res, evs := run(p, lines(tc.line), false)
		if res[0] != Parsed || len(evs) != 1 {
			t.Errorf("%s: %v", tc.line, res[0])
			continue
		}
		ev := evs[0]
		var want time.Time
		if tc.time != "" {
			want = mustTime(t, tc.time)
		}
		if ev.actor != tc.actor || ev.target != tc.target || ev.status != tc.status || ev.code != tc.code || ev.bytes != tc.bytes || !ev.time.Equal(want) {
			t.Errorf("%s:\n got  %q %q %q %d %d %v\n want %q %q %q %d %d %v", tc.line,
				ev.actor, ev.target, ev.status, ev.code, ev.bytes, ev.time, tc.actor, tc.target, tc.status, tc.code, tc.bytes, want)
		}
		if ev.failure != tc.failure || ev.denied != tc.denied || ev.unauthorized != tc.unauthorized {
			t.Errorf("%s: failure/denied/unauthorized %v %v %v, want %v %v %v", tc.line, ev.failure, ev.denied, ev.unauthorized, tc.failure, tc.denied, tc.unauthorized)
		}
	}
}

func TestJSONLinesNamedFields(t *testing.T) {
	p := newJSONLines(Options{ActorField: "ctx.who", TargetField: "op", StatusField: "result.code", TimeField: "when"})
	_, evs := run(p, lines(
		`{"client_ip":"1.1.1.1","ctx":{"who":"svc-a"},"op":"Charge","result":{"code":"DECLINED"},"when":"2024-05-01T10:00:00Z","path":"/ignored"}`,
		`{"ctx.who":"svc-b","op":"Refund","result.code":500}`,
	), false)
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	if e := evs[0]; e.actor != "svc-a" || e.target != "Charge" || e.status != "DECLINED" || !e.time.Equal(mustTime(t, "2024-05-01T10:00:00Z")) {
		t.Errorf("named fields: %+v", e)
	}
	if e := evs[1]; e.actor != "svc-b" || e.target != "Refund" || e.code != 500 || !e.failure {
		t.Errorf("dotted keys: %+v", e)
	}
}

func TestJSONLinesNotJSON(t *testing.T) {
	p := newJSONLines(Options{})
	for _, l := range []string{``, `x`, `[1,2]`, `"s"`, `{"a":1`, `{"a":1} x`, `caddy  | {"level":"info"}`, `{"a":1,}`, "{\"a\":\"\x01\"}"} {
		if r, evs := run(p, lines(l), false); r[0] != Unparsed || len(evs) != 0 {
			t.Errorf("%q: %v", l, r[0])
		}
	}
	// Leading space and a byte order mark are fine.
	if r, _ := run(p, lines("\xef\xbb\xbf  {\"a\":1}  "), false); r[0] != Parsed {
		t.Errorf("BOM and spaces: %v", r[0])
	}
}

func TestJSONLinesDoesNotAllocate(t *testing.T) {
	p := newJSONLines(Options{})
	line := []byte(`{"@timestamp":"2024-05-01T10:00:00.5Z","log.level":"error","user":{"name":"b\u00e9a"},"message":"boom \"quoted\"","http":{"response":{"status_code":502}}}`)
	emit := func(*Event) {}
	p.Parse(line, emit)
	if a := testing.AllocsPerRun(200, func() { p.Parse(line, emit) }); a != 0 {
		t.Fatalf("%.1f allocations per line", a)
	}
}

// jsonLinesCorpus is every sample of the jsonlines folder: the detected
// format, the lines that are not JSON objects, and spot checks of key
// values. Every other line must parse, and the parser must agree with
// encoding/json on which lines are JSON objects.
var jsonLinesCorpus = []struct {
	file     string
	format   string
	unparsed []int
	checks   map[int]gotEvent // by 1-based line: actor, target, status, code, bytes, time
}{
	{file: "lnav_bunyan.jsonl", format: "json", checks: map[int]gotEvent{
		4: {actor: "renovate-gitlab-67c4bcb5-9ggbv", target: "Dependency extraction complete", status: "info", time: mustTimeC("2023-03-24T14:26:16.243Z")},
	}},
	{file: "lnav_caddy_docker_prefixed.log", format: "", unparsed: span1(1, 39)},
	{file: "lnav_cloudflare.jsonl", format: "json", checks: map[int]gotEvent{
		1: {actor: "87.226.160.250", target: "/", status: "301", code: 301, bytes: 570, time: mustTimeC("2022-10-30T00:00:02Z")},
	}},
	{file: "lnav_ecs_log.jsonl", format: "json", checks: map[int]gotEvent{
		4: {target: "this is a error message num=15", status: "error", failure: true, time: mustTimeC("2025-01-13T09:58:13.634Z")},
	}},
	{file: "lnav_invalid_json.jsonl", format: "json", unparsed: []int{3}},
	{file: "lnav_invalid_json2.jsonl", format: "json", unparsed: []int{3}},
	{file: "lnav_journald.jsonl", format: "json", checks: map[int]gotEvent{
		1: {actor: "imx6ul-medusa", target: "GPS Reference longitude: 7.358143333", status: "alert", failure: true, time: mustTimeC("2018-08-21T14:04:21.221373Z")},
	}},
	{file: "lnav_json.jsonl", format: "json", checks: map[int]gotEvent{
		3:  {actor: "steve@example.com", target: "Shutting down service", status: "INFO", time: mustTimeC("2013-09-06T22:00:49.124817Z")},
		6:  {target: "bad ts...\n", status: "DEBUG3"}, // "ts": "xxx": no time
		9:  {target: "Details...", status: "DEBUG", time: mustTimeC("2013-09-06T22:01:00Z")},
		14: {target: "shoot", status: "FATAL", failure: true, time: mustTimeC("2013-09-06T22:01:49.124817Z")},
	}},
	{file: "lnav_json2.jsonl", format: "json"},
	{file: "lnav_json3_nested_nginx.jsonl", format: "json", checks: map[int]gotEvent{
		1: {actor: "1.1.1.1", target: "/example/uri/5", status: "200", code: 200, bytes: 443, time: mustTimeC("2017-03-24T20:06:26.24Z")},
		2: {actor: "1.1.1.1", target: "/example/uri/5", status: "500", code: 500, bytes: 4433, failure: true, time: mustTimeC("2017-03-24T20:12:47.764Z")},
	}},
	{file: "lnav_json_invalid.jsonl", format: "json", unparsed: []int{5}},
	{file: "lnav_mixed_json_and_text.jsonl", format: "json", unparsed: []int{4, 5, 6, 7, 8}},
	{file: "lnav_nested_json.jsonl", format: "json", checks: map[int]gotEvent{
		3: {actor: "steve@example.com", target: "Shutting down service", status: "INFO", time: mustTimeC("2013-09-06T22:00:49.124817Z")},
	}},
	{file: "lnav_otel_collector.jsonl", format: "json"},
	{file: "lnav_pino.jsonl", format: "json", checks: map[int]gotEvent{
		1: {actor: "7d82d3f28bad", target: "Charge request received.", status: "info", time: mustTimeC("2025-04-24T22:08:37.537Z")},
	}},
}

func span1(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func mustTimeC(s string) time.Time {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return tm
}

func TestJSONLinesCorpusComplete(t *testing.T) {
	ents, err := os.ReadDir(corpus.Path(t, "jsonlines"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		found := false
		for _, c := range jsonLinesCorpus {
			found = found || c.file == e.Name()
		}
		if !found {
			t.Errorf("jsonlines/%s is not in jsonLinesCorpus", e.Name())
		}
	}
}

func TestJSONLinesCorpus(t *testing.T) {
	for _, c := range jsonLinesCorpus {
		t.Run(c.file, func(t *testing.T) {
			in := sample(t, "jsonlines", c.file)
			auto := NewAuto(Options{})
			res, evs := run(auto, in, true)
			if auto.Format() != c.format {
				t.Errorf("detected %q, want %q", auto.Format(), c.format)
			}
			byLine := map[int]gotEvent{}
			for _, e := range evs {
				byLine[e.line] = e
			}
			for i, r := range res {
				var v any
				isObject := json.Unmarshal(in[i], &v) == nil
				_, isObject = v.(map[string]any)
				wantBad := slices.Contains(c.unparsed, i+1)
				if wantBad != (r == Unparsed) || wantBad == isObject {
					t.Errorf("line %d: %v (want unparsed %v; encoding/json: object %v)", i+1, r, wantBad, isObject)
				}
				if r == Parsed && (byLine[i+1].format != "json" || len(byLine[i+1].fields) == 0) {
					t.Errorf("line %d: format %q, %d fields", i+1, byLine[i+1].format, len(byLine[i+1].fields))
				}
			}
			for n, w := range c.checks {
				g, ok := byLine[n]
				if !ok {
					t.Errorf("line %d: no event", n)
					continue
				}
				if g.actor != w.actor || g.target != w.target || g.status != w.status || g.code != w.code || g.bytes != w.bytes ||
					!g.time.Equal(w.time) || g.failure != w.failure {
					t.Errorf("line %d:\n got  %q %q %q %d %d %v failure=%v\n want %q %q %q %d %d %v failure=%v", n,
						g.actor, g.target, g.status, g.code, g.bytes, g.time, g.failure,
						w.actor, w.target, w.status, w.code, w.bytes, w.time, w.failure)
				}
			}
		})
	}
}
