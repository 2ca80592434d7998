package parse

import (
	"fmt"
	"testing"
	"time"
)

var syslogNow = time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)

func newTestSyslog() *syslogParser {
	return newSyslog(Options{}, func() time.Time { return syslogNow }, time.UTC)
}

func TestSyslogLines(t *testing.T) {
	tests := []struct {
		line                  string
		actor, target, status string
		time                  string
		failure               bool
		fields                map[string]string
	}{
		{line: `<34>Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8`,
			actor: "mymachine", target: "su", status: "crit", time: "2025-10-11T22:14:15Z", failure: true,
			fields: map[string]string{"facility": "4", "severity": "crit", "procid": "123", "message": "'su root' failed for lonvick on /dev/pts/8"}},
		{line: `Mar  4 09:47:02 veridian sudo: timstack : TTY=pts/6 ; COMMAND=/usr/bin/tail`,
			actor: "veridian", target: "sudo", time: "2026-03-04T09:47:02Z", fields: map[string]string{"message": "timstack : TTY=pts/6 ; COMMAND=/usr/bin/tail"}},
		{line: `Mar 24 2019 14:02:50 host kernel: [ 1.0] eth0 up`, actor: "host", target: "kernel", time: "2019-03-24T14:02:50Z"},
		{line: `2019-03-24T14:02:50.123456+01:00 host app[42]: message`, actor: "host", target: "app", time: "2019-03-24T13:02:50.123456Z"},
		{line: `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][x a="\]"] An application event`,
			actor: "mymachine.example.com", target: "evntslog", status: "notice", time: "2003-10-11T22:14:15.003Z",
			fields: map[string]string{"msgid": "ID47", "structured_data": `[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][x a="\]"]`, "message": "An application event"}},
		{line: "<13>1 - - - - - -", status: "notice"},
		{line: "<11>1 2003-10-11T22:14:15Z h app 1 - - \xef\xbb\xbfBOM message", actor: "h", target: "app", status: "err", time: "2003-10-11T22:14:15Z", failure: true,
			fields: map[string]string{"message": "BOM message"}},
		// No tag: the message follows the host.
		{line: `Mar 24 14:02:51 host just a message`, actor: "host", time: "2026-03-24T14:02:51Z", fields: map[string]string{"message": "just a message"}},
		// December's lines read in March are from last year.
		{line: `Dec 31 23:59:59 host app: late`, actor: "host", target: "app", time: "2025-12-31T23:59:59Z"},
	}
	for _, tc := range tests {
		p := newTestSyslog()
		res, evs := run(p, lines(tc.line), true)
		if res[0] != Parsed || len(evs) != 1 {
			t.Errorf("%q: %v", tc.line, res[0])
			continue
		}
		e := evs[0]
		var want time.Time
		if tc.time != "" {
			want = mustTime(t, tc.time)
		}
		if e.actor != tc.actor || e.target != tc.target || e.status != tc.status || !e.time.Equal(want) || e.failure != tc.failure {
			t.Errorf("%q:\n got  %q %q %q %v %v\n want %q %q %q %v %v", tc.line, e.actor, e.target, e.status, e.time, e.failure, tc.actor, tc.target, tc.status, want, tc.failure)
		}
		for k, v := range tc.fields {
			if e.fields[k] != v {
				t.Errorf("%q: field %s = %q, want %q", tc.line, k, e.fields[k], v)
			}
		}
	}
}

func TestSyslogNotSyslog(t *testing.T) {
	p := newTestSyslog()
	for _, l := range []string{
		``, `x`, `<999>1 2003-10-11T22:14:15Z h a - - -`, `<34>`, `Foo 11 22:14:15 host a: b`, `Oct 11 22:14 host a: b`,
		`Oct 41 22:14:15 host a: b`, `Oct 11 25:14:15 host a: b`, `<34>1 notatime h a - - -`, `<34>1 2003-10-11T22:14:15Z h a - - [unterminated`,
		`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326`, `{"a":1}`,
	} {
		if r, evs := run(p, lines(l), false); r[0] != Unparsed || len(evs) != 0 {
			t.Errorf("%q: %v", l, r[0])
		}
	}
	if r, _ := run(p, lines(`Mar 24 14:26:01 --- last message repeated 2 times ---`), false); r[0] != Meta {
		t.Errorf("repeated: %v, want Meta", r[0])
	}
}

// A message that wraps a known format is parsed by it: the wrapped events
// come out with the whole line as Raw, the syslog host as actor when the
// message has none, and both sets of fields.
func TestSyslogWrappedFormats(t *testing.T) {
	p := newTestSyslog()
	access := `203.0.113.7 - - [24/Mar/2026:14:02:50 +0000] "GET /login HTTP/1.1" 401 512 "-" "curl/8"`
	trail := trailLine(`,"errorCode":"AccessDenied"`)
	in := lines(
		`Mar 24 14:02:50 web1 nginx: `+access,
		`<14>1 2026-03-24T14:02:51Z relay cloudtrail - - - `+trail,
		`Mar 24 14:02:52 web1 nginx: not an access line`,
		`Mar 24 14:02:53 web1 app: {"level":"error","msg":"boom"}`,
	)
	res, evs := run(p, in, true)
	if fmt.Sprint(res) != "[parsed parsed parsed parsed]" || len(evs) != 4 {
		t.Fatalf("results %v, %d events", res, len(evs))
	}
	if e := evs[0]; e.actor != "203.0.113.7" || e.target != "/login" || e.code != 401 || !e.unauthorized || e.raw != string(in[0]) ||
		e.fields["hostname"] != "web1" || e.fields["host"] != "203.0.113.7" || e.fields["request"] != "GET /login HTTP/1.1" {
		t.Errorf("wrapped access line: %+v", e)
	}
	if e := evs[1]; !e.denied || e.target != "ec2.amazonaws.com:RunInstances" || e.fields["userIdentity.arn"] == "" || e.fields["appname"] != "cloudtrail" {
		t.Errorf("wrapped CloudTrail: %+v", e)
	}
	if e := evs[2]; e.actor != "web1" || e.target != "nginx" || e.fields["message"] != "not an access line" {
		t.Errorf("plain message of the same program: %+v", e)
	}
	if e := evs[3]; e.actor != "web1" || e.status != "error" || !e.failure || !e.time.Equal(mustTime(t, "2026-03-24T14:02:53Z")) {
		t.Errorf("wrapped JSON (host and time from syslog): %+v", e)
	}
}

// A program whose messages are never a known format stops being offered
// to the other formats: the cost of plain syslog stays low.
func TestSyslogGivesUpOnPlainPrograms(t *testing.T) {
	p := newTestSyslog()
	for i := range syslogGiveUp + 10 {
		p.Parse([]byte(fmt.Sprintf("Mar 24 14:02:50 host sshd[%d]: Accepted publickey for root", i)), func(*Event) {})
	}
	w := p.wrapped["sshd"]
	if w == nil || w.misses != syslogGiveUp || w.hits != 0 {
		t.Fatalf("detection state %+v, want %d misses and no more", w, syslogGiveUp)
	}
}

func TestSyslogCorpus(t *testing.T) {
	in := sample(t, "clf", "lnav_syslog_wrapped_access_log.log")
	p := newTestSyslog()
	res, evs := run(p, in, true)
	// Line 5 is "--- last message repeated 2 times ---"; the access lines
	// lack their timestamp, so they are syslog events of tomcat.log.
	if fmt.Sprint(res) != "[parsed parsed parsed parsed meta]" || len(evs) != 4 {
		t.Fatalf("results %v, %d events", res, len(evs))
	}
	want := []struct{ host, prog, time string }{
		{"veridian", "sudo", "2026-01-03T09:47:02Z"},
		{"bigproduct-web1", "tomcat.log", "2026-03-24T14:02:50Z"},
		{"bigproduct-web1", "tomcat.log", "2026-03-24T14:02:50Z"},
		{"bigproduct-web1", "automount", "2026-03-24T14:02:51Z"},
	}
	for i, w := range want {
		if e := evs[i]; e.actor != w.host || e.target != w.prog || !e.time.Equal(mustTime(t, w.time)) {
			t.Errorf("event %d: %q %q %v, want %+v", i+1, e.actor, e.target, e.time, w)
		}
	}
	if evs[1].fields["message"] != `127.0.0.1 - - "GET /includes/js/combined-javascript.js HTTP/1.1" 200 65508 4.386` {
		t.Errorf("message %q", evs[1].fields["message"])
	}
	a := NewAuto(Options{})
	run(a, in, false)
	if a.Format() != "syslog" {
		t.Errorf("detected %q, want syslog", a.Format())
	}
}
