package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// Fuzz targets of the JSON formats, load balancer logs, syslog and the
// custom regex. Each input is split into lines and fed to one parser (so
// that documents over many lines are exercised), then checked against the
// contract: no panic, a result for every line, nothing emitted on an
// Unparsed line, Fields callable inside emit, buffers within their caps.

// seedDir adds every corpus file of the folders, whole (many lines) and
// line by line, inflated when compressed.
func seedDir(f *testing.F, dirs ...string) {
	dir, err := corpus.Find()
	if err != nil {
		return
	}
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, d, "*"))
		for _, name := range files {
			if _, err := os.Stat(name); err != nil {
				continue
			}
			ls := sample(f, d, filepath.Base(name))
			f.Add(bytes.Join(ls, []byte("\n")))
			for i, l := range ls {
				if i >= 30 {
					break
				}
				f.Add(l)
			}
		}
	}
}

// checkParse feeds data's lines to p and checks the contract.
func checkParse(t *testing.T, p Parser, data []byte) {
	for _, line := range bytes.Split(data, []byte("\n")) {
		events := 0
		r := p.Parse(line, func(ev *Event) {
			events++
			p.Fields(ev, func(string, []byte) {})
			_ = ev.Time.IsZero()
			if ev.Code < 0 || ev.Bytes < 0 {
				t.Fatalf("negative code or bytes: %+v", ev)
			}
		})
		if r > Meta {
			t.Fatalf("result %d", r)
		}
		if r == Unparsed && events > 0 {
			t.Fatalf("Unparsed after %d events on %q", events, line)
		}
		if r == Meta && events > 0 {
			t.Fatalf("Meta after %d events on %q", events, line)
		}
	}
}

func FuzzCloudTrail(f *testing.F) {
	seedDir(f, "cloudtrail", "cwlogs-subscription")
	f.Add([]byte(`{"Records":[{"eventVersion":"1","eventTime":"2020-01-01T00:00:00Z","eventSource":"a","eventName":"b"}]}`))
	f.Add([]byte("{\n\"Records\": [\n{\"eventVersion\":\"1\",\n\"eventTime\":\"2020-01-01T00:00:00Z\",\"eventSource\":\"a\",\"eventName\":\"b\"}\n]\n}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newCloudTrail()
		p.doc.limit = 4096 // small, so that the cap is exercised
		checkParse(t, p, data)
		if len(p.doc.buf) > p.doc.limit {
			t.Fatalf("document buffer %d past its cap %d", len(p.doc.buf), p.doc.limit)
		}
		// One line alone: the parser takes exactly the API calls that
		// encoding/json sees in it.
		if bytes.IndexByte(data, '\n') >= 0 || bytes.Count(data, []byte("{"))+bytes.Count(data, []byte("[")) > 100 {
			return
		}
		q := newCloudTrail()
		var targets []string
		// encoding/json turns each byte of invalid UTF-8 into U+FFFD; the
		// parser keeps the bytes (the screen neutralizes them): compare
		// as encoding/json sees them.
		q.Parse(data, func(ev *Event) { targets = append(targets, string([]rune(string(ev.Target)))) })
		if want, ok := trailOracleLine(data); ok {
			if len(targets) != len(want) {
				t.Fatalf("%d events, encoding/json sees %d API calls in %q", len(targets), len(want), data)
			}
			for i := range want {
				if targets[i] != want[i] {
					t.Fatalf("target %q, want %q", targets[i], want[i])
				}
			}
		} else if len(targets) > 0 && !bytes.HasPrefix(bytes.TrimSpace(data), []byte(`{"Records"`)) {
			t.Fatalf("events from a line encoding/json rejects: %q", data)
		}
	})
}

// trailOracleLine reads one line with encoding/json: the targets of the
// API calls in it; ok false when it is not one JSON object (or a Records
// document, whose records the parser may take one by one even when the
// document as a whole is broken).
func trailOracleLine(line []byte) ([]string, bool) {
	var top map[string]any
	if err := json.Unmarshal(line, &top); err != nil {
		return nil, false
	}
	call := func(m map[string]any) (string, bool) {
		str := func(k string) (string, bool) { s, ok := m[k].(string); return s, ok }
		src, ok1 := str("eventSource")
		name, ok2 := str("eventName")
		_, ok3 := str("eventTime")
		typ, _ := str("eventType")
		cat, _ := str("eventCategory")
		if !ok1 || !ok2 || !ok3 || src == "" || name == "" || typ == "AwsCloudTrailInsight" || cat == "Insight" {
			return "", false
		}
		return src + ":" + name, true
	}
	var out []string
	if recs, ok := top["Records"]; ok && firstKeyIs(line, "Records") {
		arr, _ := recs.([]any)
		for _, r := range arr {
			if m, ok := r.(map[string]any); ok {
				if c, ok := call(m); ok {
					out = append(out, c)
				}
			}
		}
		return out, true
	}
	if c, ok := call(top); ok {
		out = append(out, c)
	}
	return out, true
}

// firstKeyIs reports whether the first key of the JSON object in b is k.
func firstKeyIs(b []byte, k string) bool {
	var s jsonScan
	s.reset(b)
	if !s.object() {
		return false
	}
	key, ok := s.member(true)
	return ok && string(key) == k
}

func FuzzJSONLines(f *testing.F) {
	seedDir(f, "jsonlines")
	f.Add([]byte(`{"user":{"name":"x"},"user.name":"y","level":50,"status":"503","time":"2024-05-01T10:00:00Z","bytes":-1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newJSONLines(Options{ActorField: "a.b", StatusField: "level"})
		checkParse(t, p, data)
		checkParse(t, newJSONLines(Options{}), data)
		// One line: parsed exactly when encoding/json reads an object.
		if bytes.IndexByte(data, '\n') >= 0 || bytes.Count(data, []byte("{"))+bytes.Count(data, []byte("[")) > 100 {
			return
		}
		// UseNumber: the oracle is JSON's grammar, and 1e700 is grammatical
		// even though it overflows a float64 (the fuzzer found this).
		var v any
		dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, jsonBOM)))
		dec.UseNumber()
		err := dec.Decode(&v)
		if err == nil {
			if _, rest := dec.Token(); rest != io.EOF {
				err = errors.New("data after the value")
			}
		}
		_, isObject := v.(map[string]any)
		r := newJSONLines(Options{}).Parse(data, func(*Event) {})
		if (r == Parsed) != (err == nil && isObject) {
			t.Fatalf("%v, but encoding/json: err %v object %v, for %q", r, err, isObject, data)
		}
	})
}

func FuzzCWSub(f *testing.F) {
	seedDir(f, "cwlogs-subscription")
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":"1","timestamp":1,"message":"{\"eventVersion\":\"1\"}"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newCWSub(Options{})
		p.doc.limit = 4096
		checkParse(t, p, data)
		if len(p.doc.buf) > p.doc.limit || len(p.inner) > cwsubMaxGroups {
			t.Fatalf("buffer %d, %d inner parsers", len(p.doc.buf), len(p.inner))
		}
	})
}

func FuzzELB(f *testing.F) {
	seedDir(f, "elb")
	for _, l := range benchELB {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, mustParser(t, "elb", Options{}), data)
		// Events point into their line.
		for _, line := range bytes.Split(data, []byte("\n")) {
			(&elbParser{name: "elb"}).Parse(line, func(ev *Event) {
				for _, b := range [][]byte{ev.Actor, ev.Target, ev.Raw} { // NLB statuses are words of its own
					if len(b) > 0 && !bytes.Contains(line, b) {
						t.Fatalf("%q is not from the line %q", b, line)
					}
				}
			})
		}
	})
}

func FuzzSyslog(f *testing.F) {
	seedDir(f, "clf")
	for _, s := range []string{
		`<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"][x a="\]"] msg`,
		`<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed`,
		`Mar 24 2019 14:02:50 host kernel: x`,
		`Mar 24 14:02:50 web1 nginx: 203.0.113.7 - - [24/Mar/2026:14:02:50 +0000] "GET / HTTP/1.1" 200 1`,
		`Mar 24 14:02:50 web1 app: {"Records":[{"eventVersion":"1","eventTime":"2020-01-01T00:00:00Z","eventSource":"a","eventName":"b"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newTestSyslog()
		checkParse(t, p, data)
		if len(p.wrapped) > syslogMaxPrograms {
			t.Fatalf("%d programs tracked", len(p.wrapped))
		}
	})
}

func FuzzRegex(f *testing.F) {
	f.Add([]byte(`www.example.com:80 10.0.0.1 - - [25/Mar/2026:10:00:00 +0000] "GET /x HTTP/1.1" 503 1234`))
	f.Add([]byte(`2026-03-25T10:00:00Z alice DeleteBucket 7`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := newRegexParser(Options{Regex: `^(?P<vhost>\S+) (?P<client>\S+) \S+ \S+ \[(?P<datetime>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\S+) (?P<bytes>\S+)`})
		if err != nil {
			t.Fatal(err)
		}
		checkParse(t, p, data)
		q, _ := newRegexParser(Options{Regex: `^(\S*) (\S*) (.*)$`, FieldNames: []string{"time", "user", "status"}})
		checkParse(t, q, data)
	})
}
