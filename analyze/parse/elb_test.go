package parse

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

func TestELBKinds(t *testing.T) {
	tests := []struct {
		name, line            string
		actor, target, status string
		code                  int
		bytes                 int64
		time                  string
		failure, unauthorized bool
		fields                map[string]string
		nilFields             []string
	}{
		{name: "alb h2", line: `h2 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 403 403 5 257 "GET https://10.0.2.105:773/admin?x=1 HTTP/2.0" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337327-72bd00b0343d75b906739c42" "-" "-" 1 2018-07-02T22:22:48.364000Z "redirect" "https://example.com:80/" "-"`,
			actor: "10.0.1.252", target: "/admin", status: "403", code: 403, bytes: 257, time: "2018-07-02T22:23:00.186641Z", unauthorized: true,
			fields:    map[string]string{"type": "h2", "client:port": "10.0.1.252:48160", "request": "GET https://10.0.2.105:773/admin?x=1 HTTP/2.0", "user_agent": "curl/7.46.0", "redirect_url": "https://example.com:80/"},
			nilFields: []string{"domain_name", "error_reason"}},
		{name: "alb no target", line: `http 2018-11-30T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - - "Root=1" "-" "-" 0 2018-11-30T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse"`,
			actor: "192.168.131.39", target: "/", status: "502", code: 502, bytes: 366, time: "2018-11-30T22:23:00.186641Z", failure: true,
			fields: map[string]string{"error_reason": "LambdaInvalidResponse"}, nilFields: []string{"target:port", "target_status_code"}},
		{name: "alb ipv6 client", line: `https 2024-01-01T00:00:00.000001Z app/lb/1 2001:db8::1:443 - 0.001 0.002 0.000 200 200 1 2 "GET https://h:443/p HTTP/1.1" "-" - - - "-" "-" "-" 0 2024-01-01T00:00:00.000000Z "forward" "-" "-"`,
			actor: "2001:db8::1", target: "/p", status: "200", code: 200, bytes: 2, time: "2024-01-01T00:00:00.000001Z"},
		{name: "alb quote quirk", line: `wss 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 10.0.0.140:44244 10.0.0.171:8010 0.000 0.001 0.000 101 101 218 786 "GET https://10.0.0.30:443/ HTTP/1.1" "-" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:x "Root=1" "-" "-"1 2018-07-02T22:22:48.364000Z "forward" "-" "-"`,
			actor: "10.0.0.140", target: "/", status: "101", code: 101, bytes: 786, time: "2018-07-02T22:23:00.186641Z",
			fields: map[string]string{"matched_rule_priority": "1", "actions_executed": "forward"}},
		{name: "classic", line: `2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -`,
			actor: "192.168.131.39", target: "/", status: "200", code: 200, bytes: 29, time: "2015-05-13T23:39:43.945958Z",
			fields: map[string]string{"elb": "my-loadbalancer", "backend:port": "10.0.0.1:80", "backend_status_code": "200"}, nilFields: []string{"ssl_cipher"}},
		{name: "classic tcp", line: `2019-10-17T13:22:51.758784Z lb 77.227.156.41:51600 10.0.0.47:80 0.000943 0.00001 0.000015 - - 134 859 "- - - " "-" - -`,
			actor: "77.227.156.41", target: "10.0.0.47:80", bytes: 859, time: "2019-10-17T13:22:51.758784Z", fields: map[string]string{"request": "- - - "}},
		{name: "classic old, no agent", line: `2014-02-15T23:39:43.945958Z my-test-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 500 500 0 29 "GET http://www.example.com:80/x HTTP/1.1"`,
			actor: "192.168.131.39", target: "/x", status: "500", code: 500, bytes: 29, time: "2014-02-15T23:39:43.945958Z", failure: true},
		{name: "nlb", line: `tls 2.0 2020-04-01T08:51:42 net/my-nlb/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a10 - ECDHE-RSA-AES128-SHA tlsv12 - my-nlb.elb.us-east-2.amazonaws.com h2 h2 "h2","http/1.1" 2020-04-01T08:51:20`,
			actor: "72.21.218.154", target: "172.100.100.185:443", status: "OK", bytes: 246, time: "2020-04-01T08:51:42Z",
			fields: map[string]string{"version": "2.0", "alpn_client_preference_list": "h2", "domain_name": "my-nlb.elb.us-east-2.amazonaws.com"}},
		{name: "nlb handshake failed", line: `tls 2.0 2024-10-25T17:33:59 net/x/c889 5287 192.168.131.39:2817 10.0.0.1:80 0 - 0 0 - - - - - - - - - - 2024-10-25T17:33:59`,
			actor: "192.168.131.39", target: "10.0.0.1:80", status: "handshake-failed", time: "2024-10-25T17:33:59Z", failure: true},
		{name: "connection log", line: `2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Failed:ClientCertUntrusted`,
			actor: "192.168.131.39", target: "443", status: "Failed:ClientCertUntrusted", time: "2024-10-04T17:05:15.514108Z", failure: true, unauthorized: true,
			fields: map[string]string{"leaf_client_cert_subject": "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US", "client_port": "36280"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustParser(t, "elb", Options{})
			res, evs := run(p, lines(tc.line), true)
			if res[0] != Parsed || len(evs) != 1 {
				t.Fatalf("%v", res[0])
			}
			e := evs[0]
			if e.actor != tc.actor || e.target != tc.target || e.status != tc.status || e.code != tc.code || e.bytes != tc.bytes ||
				!e.time.Equal(mustTime(t, tc.time)) || e.failure != tc.failure || e.unauthorized != tc.unauthorized {
				t.Errorf("got  %q %q %q %d %d %v f=%v u=%v\nwant %q %q %q %d %d %s f=%v u=%v", e.actor, e.target, e.status, e.code, e.bytes, e.time, e.failure, e.unauthorized,
					tc.actor, tc.target, tc.status, tc.code, tc.bytes, tc.time, tc.failure, tc.unauthorized)
			}
			for k, v := range tc.fields {
				if e.fields[k] != v {
					t.Errorf("field %s = %q, want %q", k, e.fields[k], v)
				}
			}
			for _, k := range tc.nilFields {
				if _, ok := e.fields[k]; !ok || !e.nilFields[k] {
					t.Errorf("field %s = %q, want nil", k, e.fields[k])
				}
			}
		})
	}
}

func TestELBNotELB(t *testing.T) {
	p := mustParser(t, "elb", Options{})
	for _, l := range []string{
		``,
		`http 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 10.0.1.252:48160`, // cut
		`http 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET https://10.0.2.105:773/ HTTP/2.0`,
		`http not-a-time app/my-lb/50dc6c495c0c9188 10.0.1.252:48160 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET / HTTP/1.1"`,
		`http 2018-07-02T22:23:00.186641Z app/lb host-name:80 10.0.0.66:9000 0.000 0.002 0.000 200 200 5 257 "GET / HTTP/1.1"`,
		`http 2018-07-02T22:23:00.186641Z app/lb 1.2.3.4:80 10.0.0.66:9000 fast 0.002 0.000 200 200 5 257 "GET / HTTP/1.1"`,
		`2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 - -1 -1 -1 20x - 0 0 "GET / HTTP/1.1"`,
		`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326`,
		`{"eventVersion":"1.0"}`,
		`2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK`,
	} {
		if r, _ := run(p, lines(l), false); r[0] != Unparsed {
			t.Errorf("%q: %v", l, r[0])
		}
	}
}

func TestELBDoesNotAllocate(t *testing.T) {
	p := mustParser(t, "elb", Options{})
	emit := func(*Event) {}
	for _, l := range benchELB {
		p.Parse(l, emit)
	}
	i := 0
	if a := testing.AllocsPerRun(200, func() { p.Parse(benchELB[i%len(benchELB)], emit); i++ }); a != 0 {
		t.Fatalf("%.1f allocations per line", a)
	}
}

// elbCorpus is every sample of the elb folder with the lines that must be
// Unparsed (trailing blank lines); all others parse.
var elbCorpus = map[string][]int{
	"beats_application-lb-http.log":      {11},
	"beats_elb-http.log":                 {6},
	"beats_elb-tcp.log":                  nil,
	"beats_example-alb-http.log":         {10},
	"beats_example-http.log":             {3},
	"beats_example-https.log":            {2},
	"beats_example-nlb-tcp.log":          {2},
	"beats_example-ssl.log":              {2},
	"integrations_test-alb_mixed.log":    nil,
	"logstash-patterns_aws_spec_elb.log": nil,
	"loki_alb_access.log.gz":             nil,
	"loki_nlb_tls_access.log.gz":         nil,
}

func TestELBCorpus(t *testing.T) {
	ents, err := os.ReadDir(corpus.Path(t, "elb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".expected.") {
			continue
		}
		unparsed, ok := elbCorpus[e.Name()]
		if !ok {
			t.Errorf("elb/%s is not in elbCorpus", e.Name())
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			in := sample(t, "elb", e.Name())
			a := NewAuto(Options{})
			res, evs := run(a, in, true)
			if a.Format() != "elb" {
				t.Errorf("detected %q, want elb", a.Format())
			}
			for i, r := range res {
				if want := slices.Contains(unparsed, i+1); want != (r == Unparsed) {
					t.Errorf("line %d: %v: %q", i+1, r, in[i])
				}
			}
			for _, ev := range evs {
				if ev.time.IsZero() || ev.actor == "" {
					t.Errorf("line %d: time %v actor %q", ev.line, ev.time, ev.actor)
				}
				if _, err := netip.ParseAddr(ev.actor); err != nil && ev.actor != "12.34.178.90.32" { // the loki sample's address is not one
					t.Errorf("line %d: actor %q is no address", ev.line, ev.actor)
				}
			}
		})
	}
}

// TestELBCorpusExpected checks the key values against filebeat's expected
// output for example-http.log.
func TestELBCorpusExpected(t *testing.T) {
	in := sample(t, "elb", "beats_example-http.log")
	raw, err := os.ReadFile(corpus.Path(t, "elb", "beats_example-http.log.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []map[string]any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	_, evs := run(mustParser(t, "elb", Options{}), in, true)
	// The expected file was made for an older version of the log that had
	// a third, malformed line; the stored log has two.
	if len(evs) != 2 || len(want) != 3 {
		t.Fatalf("%d events, %d expected", len(evs), len(want))
	}
	for i, ev := range evs {
		w := want[i]
		str := func(k string) string {
			switch v := w[k].(type) {
			case string:
				return v
			case float64:
				return fmt.Sprint(v)
			}
			return ""
		}
		wantTime := mustTime(t, str("@timestamp"))
		host, port, _ := strings.Cut(ev.fields["client:port"], ":")
		if ev.actor != str("source.ip") || host != str("source.ip") || port != str("source.port") {
			t.Errorf("event %d: client %q %q:%q, want %s:%s", i+1, ev.actor, host, port, str("source.ip"), str("source.port"))
		}
		if fmt.Sprint(ev.code) != str("http.response.status_code") || fmt.Sprint(ev.bytes) != str("http.response.body.bytes") ||
			ev.fields["received_bytes"] != str("http.request.body.bytes") || ev.fields["elb"] != str("aws.elb.name") ||
			ev.fields["user_agent"] != str("user_agent.original") {
			t.Errorf("event %d: %d %d %v, want %v", i+1, ev.code, ev.bytes, ev.fields, w)
		}
		if ev.time.Truncate(1e6) != wantTime { // filebeat keeps milliseconds
			t.Errorf("event %d: time %v, want %v", i+1, ev.time, wantTime)
		}
		if b := str("aws.elb.backend.ip"); b != "" && ev.fields["backend:port"] != b+":"+str("aws.elb.backend.port") {
			t.Errorf("event %d: backend %q", i+1, ev.fields["backend:port"])
		}
		if want := str("event.outcome") == "failure"; ev.failure != want {
			t.Errorf("event %d: failure %v, want %v", i+1, ev.failure, want)
		}
	}
}

// TestELBCorpusLogstash checks the key values against the logstash
// pattern assertions (legacy names).
func TestELBCorpusLogstash(t *testing.T) {
	in := sample(t, "elb", "logstash-patterns_aws_spec_elb.log")
	raw, err := os.ReadFile(corpus.Path(t, "elb", "logstash-patterns_aws_spec_elb.log.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Events []struct {
			LineNo       int            `json:"line_no"`
			Legacy       map[string]any `json:"legacy_includes"`
			LegacyAbsent []string       `json:"legacy_absent_keys"`
			ECSAbsent    []string       `json:"ecs_absent_keys"`
		}
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	_, evs := run(mustParser(t, "elb", Options{}), in, true)
	byLine := map[int]gotEvent{}
	for _, e := range evs {
		byLine[e.line] = e
	}
	checked := 0
	for _, w := range want.Events {
		ev, ok := byLine[w.LineNo]
		if !ok {
			t.Errorf("line %d: no event", w.LineNo)
			continue
		}
		f := ev.fields
		client, cport, _ := strings.Cut(f["client:port"], ":")
		backend, bport, _ := strings.Cut(f["backend:port"], ":")
		got := map[string]string{
			"timestamp": f["time"], "elb": f["elb"], "clientip": client, "clientport": cport,
			"backendip": backend, "backendport": bport, "response": f["elb_status_code"], "backend_response": f["backend_status_code"],
			"received_bytes": f["received_bytes"], "bytes": f["sent_bytes"],
			"request_processing_time": f["request_processing_time"], "backend_processing_time": f["backend_processing_time"],
			"response_processing_time": f["response_processing_time"],
		}
		if m, rest, ok := strings.Cut(f["request"], " "); ok {
			got["verb"] = m
			url, proto, _ := strings.Cut(rest, " ")
			got["request"] = url
			got["httpversion"] = strings.TrimPrefix(proto, "HTTP/")
			got["path"] = ev.target
		}
		for k, v := range w.Legacy {
			g, ok := got[k]
			if !ok {
				continue // enrichment a parser does not do (proto, urihost, port)
			}
			checked++
			if n, isNum := v.(float64); isNum {
				var gv float64
				fmt.Sscan(g, &gv)
				if gv != n {
					t.Errorf("line %d: %s = %q, want %v", w.LineNo, k, g, v)
				}
			} else if g != v {
				t.Errorf("line %d: %s = %q, want %q", w.LineNo, k, g, v)
			}
		}
		for _, k := range w.LegacyAbsent {
			if g := got[k]; g != "" {
				t.Errorf("line %d: %s = %q, want absent", w.LineNo, k, g)
			}
		}
		for _, k := range w.ECSAbsent {
			name := map[string]string{"tls": "ssl_cipher", "aws.elb.ssl_protocol": "ssl_protocol", "user_agent": "user_agent"}[k]
			if _, present := f[name]; present && !ev.nilFields[name] {
				t.Errorf("line %d: %s = %q, want absent", w.LineNo, name, f[name])
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d values checked", checked)
	}
}
