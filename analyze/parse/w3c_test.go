package parse

import (
	"strings"
	"testing"
	"time"
)

// wEvent is what a test expects of one event of the header-driven formats.
type wEvent struct {
	time                    string // RFC 3339; "" means the zero time
	actor, target, status   string // "<nil>" for nil
	code                    int
	bytes                   int64
	failure, unauth, denied bool
	sourceIP                string
	more                    []string // MoreTargets
}

// wRun feeds lines to a fresh parser of format and returns, per line, the
// result and the event (a copy) if one was emitted.
func wRun(t *testing.T, format string, opts Options, lines []string) ([]Result, []*Event) {
	t.Helper()
	p, err := New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	rs := make([]Result, len(lines))
	evs := make([]*Event, len(lines))
	for i, l := range lines {
		n := 0
		rs[i] = p.Parse([]byte(l), func(ev *Event) {
			n++
			c := wCopyEvent(ev)
			evs[i] = &c
		})
		if n > 1 {
			t.Fatalf("line %d: %d events", i+1, n)
		}
		if (n == 1) != (rs[i] == Parsed) {
			t.Fatalf("line %d: %v with %d events", i+1, rs[i], n)
		}
	}
	return rs, evs
}

func wCheck(t *testing.T, where string, ev *Event, want wEvent) {
	t.Helper()
	if ev == nil {
		t.Errorf("%s: no event", where)
		return
	}
	var wt time.Time
	if want.time != "" {
		var err error
		if wt, err = time.Parse(time.RFC3339Nano, want.time); err != nil {
			t.Fatal(err)
		}
	}
	var more []string
	for _, m := range ev.MoreTargets {
		more = append(more, string(m))
	}
	if !ev.Time.Equal(wt) || wStr(ev.Actor) != want.actor || wStr(ev.Target) != want.target || wStr(ev.Status) != want.status ||
		ev.Code != want.code || ev.Bytes != want.bytes || ev.Failure != want.failure || ev.Unauthorized != want.unauth ||
		ev.Denied != want.denied || wStr(ev.SourceIP) != orNil(want.sourceIP) || strings.Join(more, ";") != strings.Join(want.more, ";") {
		t.Errorf("%s:\n got time=%v actor=%s target=%s status=%s code=%d bytes=%d fail=%v unauth=%v denied=%v src=%s more=%q\nwant %+v",
			where, ev.Time, wStr(ev.Actor), wStr(ev.Target), wStr(ev.Status), ev.Code, ev.Bytes, ev.Failure, ev.Unauthorized, ev.Denied, wStr(ev.SourceIP), more, want)
	}
}

func orNil(s string) string {
	if s == "" {
		return "<nil>"
	}
	return s
}

func TestW3CLines(t *testing.T) {
	const iis = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken"
	tests := []struct {
		name  string
		lines []string // the last line is the one checked
		want  *wEvent  // nil: the last line must be Unparsed
	}{
		{
			name:  "iis default",
			lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 GET /a/b q=100 80 - 81.2.69.143 Mozilla/5.0+(X11) - 200 0 0 123"},
			want:  &wEvent{time: "2018-01-01T08:09:10Z", actor: "81.2.69.143", target: "/a/b", status: "200", code: 200},
		},
		{
			name:  "5xx and 401",
			lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 POST /login - 443 bob 2001:db8::1 curl/8 - 401 1 5 0"},
			want:  &wEvent{time: "2018-01-01T08:09:10Z", actor: "2001:db8::1", target: "/login", status: "401", code: 401, unauth: true},
		},
		{
			name:  "server error",
			lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 GET /api - 443 - 10.1.1.1 - - 503 0 0 0"},
			want:  &wEvent{time: "2018-01-01T08:09:10Z", actor: "10.1.1.1", target: "/api", status: "503", code: 503, failure: true},
		},
		{
			name:  "ipv6 zone stripped",
			lines: []string{"#Fields: date time s-ip c-ip cs-uri-stem sc-status sc-bytes", "2018-01-01 10:11:12 ::1%0 fe80::1%12 / 200 123"},
			want:  &wEvent{time: "2018-01-01T10:11:12Z", actor: "fe80::1", target: "/", status: "200", code: 200, bytes: 123},
		},
		{
			name: "spaces in the user agent",
			lines: []string{"# Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
				"2023-12-25 11:54:21 10.10.130.5 GET /owa/auth/x.aspx cmd=whoami 443 - 1.2.3.4 Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/121 - 200 0 0 142"},
			want: &wEvent{time: "2023-12-25T11:54:21Z", actor: "1.2.3.4", target: "/owa/auth/x.aspx", status: "200", code: 200},
		},
		{
			name:  "header changes mid-file",
			lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 GET / - 80 - 81.2.69.143 - - 200 0 0 123", "#Software: Microsoft Internet Information Services 10.0", "#Fields: date time c-ip cs-uri-stem sc-status sc-bytes", "2018-01-02 00:00:01 9.9.9.9 /new 404 77"},
			want:  &wEvent{time: "2018-01-02T00:00:01Z", actor: "9.9.9.9", target: "/new", status: "404", code: 404, bytes: 77},
		},
		{
			name:  "time only, day from #Date",
			lines: []string{"#Date: 2000-10-09 16:44:49", "#Fields: time c-ip cs-method cs-uri-stem sc-status", "16:48:24 1.1.1.1 [3]PASS user@domain.com 230"},
			want:  &wEvent{time: "2000-10-09T16:48:24Z", actor: "1.1.1.1", target: "user@domain.com", status: "230", code: 230},
		},
		{
			name:  "time only without a date",
			lines: []string{"#Fields: time c-ip cs-method cs-uri-stem sc-status", "16:48:24 1.1.1.1 [3]QUIT - 226"},
			want:  &wEvent{actor: "1.1.1.1", target: "<nil>", status: "226", code: 226},
		},
		{
			name:  "GMT offset",
			lines: []string{"#GMT-Offset: -0800", "#Fields:  c-ip  date  time  cs-method  cs-uri  sc-status  bytes", `64.103.37.2   2001-10-31   00:00:18   GET   /a/b.gif?x=1    200    350`},
			want:  &wEvent{time: "2001-10-31T08:00:18Z", actor: "64.103.37.2", target: "/a/b.gif", status: "200", code: 200, bytes: 350},
		},
		{
			name:  "quoted fields",
			lines: []string{`#Fields: date time c-ip cs(User-Agent) cs-uri-stem sc-status`, `"2017-06-28" "07:26:35" "123.1.2.3" "Mozilla/5.0 (X; ""Y"")" "/p q" "200"`},
			want:  &wEvent{time: "2017-06-28T07:26:35Z", actor: "123.1.2.3", target: "/p q", status: "200", code: 200},
		},
		{
			name:  "quoted empty status",
			lines: []string{`#Fields: date time c-ip cs-uri sc-status`, `"2017-06-26" "18:21:17" "125.1.1.1" "www.example.com/rss" ""`},
			want:  &wEvent{time: "2017-06-26T18:21:17Z", actor: "125.1.1.1", target: "www.example.com/rss", status: "<nil>"},
		},
		{
			name:  "fraction of a second",
			lines: []string{"#Fields: date time c-ip cs-uri-stem sc-status", "2012-08-15 17:00:00.363 1.2.3.4 / 301"},
			want:  &wEvent{time: "2012-08-15T17:00:00.363Z", actor: "1.2.3.4", target: "/", status: "301", code: 301},
		},
		{
			name:  "x-forwarded-for names the client",
			lines: []string{"#Fields: date time c-ip cs-uri-stem sc-status X-Forwarded-For", "2020-10-04 22:00:34 10.24.136.240 /favicon.ico 404 10.0.0.7,116.189.86.89"},
			want:  &wEvent{time: "2020-10-04T22:00:34Z", actor: "116.189.86.89", target: "/favicon.ico", status: "404", code: 404, sourceIP: "10.24.136.240"},
		},
		{
			name:  "x-forwarded-for empty",
			lines: []string{"#Fields: date time c-ip cs-uri-stem sc-status X-Forwarded-For", "2020-10-04 22:00:34 10.24.136.240 /favicon.ico 404 -"},
			want:  &wEvent{time: "2020-10-04T22:00:34Z", actor: "10.24.136.240", target: "/favicon.ico", status: "404", code: 404},
		},
		{
			name:  "headerless IIS 8.5 row",
			lines: []string{"2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0) - 404 0 2 1405 242 283"},
			want:  &wEvent{time: "2015-01-13T00:32:17Z", actor: "157.55.39.146", target: "/robots.txt", status: "404", code: 404, bytes: 1405},
		},
		{
			name:  "header shorter than its rows",
			lines: []string{"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query", "2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 Mozilla/5.0+(compatible;+bingbot/2.0) - 404 0 2 1405 242 283"},
			want:  &wEvent{time: "2015-01-13T00:32:17Z", actor: "157.55.39.146", target: "/robots.txt", status: "404", code: 404, bytes: 1405},
		},
		{name: "headerless junk", lines: []string{"hello world this is not a log line at all"}},
		{name: "bad date", lines: []string{iis, "2018-13-01 08:09:10 127.0.0.1 GET / - 80 - 1.1.1.1 - - 200 0 0 1"}},
		{name: "bad status", lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 GET / - 80 - 1.1.1.1 - - OK 0 0 1"}},
		{name: "too few fields", lines: []string{iis, "2018-01-01 08:09:10 127.0.0.1 GET /"}},
		{name: "rows of an Exchange log", lines: []string{"#Software: Microsoft Exchange Server", "#Fields: date-time,client-ip", "2018-01-01 08:09:10 127.0.0.1 GET / - 80 - 1.1.1.1 - - 200 0 0 1"}},
		{name: "a CLF line", lines: []string{`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, evs := wRun(t, "iis", Options{}, tt.lines)
			last := len(tt.lines) - 1
			if tt.want == nil {
				if rs[last] != Unparsed {
					t.Fatalf("last line %v, want unparsed", rs[last])
				}
				return
			}
			if rs[last] != Parsed {
				t.Fatalf("last line %v, want parsed (results %v)", rs[last], rs)
			}
			wCheck(t, tt.name, evs[last], *tt.want)
		})
	}
}

func TestW3CDirectives(t *testing.T) {
	tests := []struct {
		lines []string
		want  []Result
	}{
		{[]string{"#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", "#Date: 2018-01-01 08:09:10", "#Fields: date time c-ip", "", "#Remark: x"}, []Result{Meta, Meta, Meta, Meta, Meta, Meta}},
		{[]string{"#Version: 1.0   // a comment", "#Date: 2002-05-02 17:42:15  // another", "#Start-Date: 2014-11-18 00:00:00.128", "#End-Date: 2014-11-19 00:00:00", "#GMT-Offset: -0800"}, []Result{Meta, Meta, Meta, Meta, Meta}},
		// Exchange's header is not W3C's, whatever lines it shares.
		{[]string{"#Software: Microsoft Exchange Server", "#Version: 15.01.2375.007", "#Log-type: Message Tracking Log", "#Date: 2022-09-19T15:02:29.339Z", "#Fields: date-time,client-ip"}, []Result{Unparsed, Unparsed, Unparsed, Unparsed, Unparsed}},
		// A blank line is W3C's only once the file is known to be.
		{[]string{"", "#Fields: date time", ""}, []Result{Unparsed, Meta, Meta}},
		{[]string{"# just a comment", "#!/bin/sh", "#Unknown: x", "#"}, []Result{Unparsed, Unparsed, Unparsed, Unparsed}},
		{[]string{"\xef\xbb\xbf#Software: IIS\r"}, []Result{Meta}},
	}
	for _, tt := range tests {
		rs, _ := wRun(t, "iis", Options{}, tt.lines)
		for i := range rs {
			if rs[i] != tt.want[i] {
				t.Errorf("%q: line %d %v, want %v", tt.lines, i+1, rs[i], tt.want[i])
			}
		}
	}
}

// TestW3CDirectivesResetPerBlock: a header block after rows forgets the
// previous block's date and offset.
func TestW3CDirectivesResetPerBlock(t *testing.T) {
	_, evs := wRun(t, "iis", Options{}, []string{
		"#GMT-Offset: +0100", "#Date: 2000-01-01 00:00:00", "#Fields: time c-ip sc-status", "01:00:00 1.1.1.1 200",
		"#Software: Microsoft Internet Information Server 4.0", "01:00:00 1.1.1.1 200",
	})
	wCheck(t, "first block", evs[3], wEvent{time: "2000-01-01T00:00:00Z", actor: "1.1.1.1", target: "<nil>", status: "200", code: 200})
	wCheck(t, "second block", evs[5], wEvent{actor: "1.1.1.1", target: "<nil>", status: "200", code: 200})
}

// TestW3CLocalTime: date-local/time-local are the server's wall clock.
func TestW3CLocalTime(t *testing.T) {
	_, evs := wRun(t, "iis", Options{}, []string{"#Fields: date-local time-local c-ip sc-status", "2012-08-15 17:00:00.363 1.2.3.4 200"})
	want := time.Date(2012, 8, 15, 17, 0, 0, 363e6, time.Local)
	if evs[1] == nil || !evs[1].Time.Equal(want) {
		t.Fatalf("local time: %v, want %v", evs[1], want)
	}
}

func TestW3CFields(t *testing.T) {
	p, _ := New("iis", Options{})
	lines := []string{
		"#Fields: date time c-ip cs(User-Agent) cs-uri-stem sc-status",
		`2018-01-01 08:09:10 1.2.3.4 Mozilla/5.0 (X11; Linux) /a 200`,
		"#Fields: date time c-ip sc-status",
		`2018-01-01 08:09:11 "5.6.7.8" - extra1 "x ""y"""`,
	}
	var got []string
	for _, l := range lines {
		p.Parse([]byte(l), func(ev *Event) {
			var fs []string
			p.Fields(ev, func(name string, v []byte) { fs = append(fs, name+"="+wStr(v)) })
			got = append(got, strings.Join(fs, " "))
		})
	}
	want := []string{
		"date=2018-01-01 time=08:09:10 c-ip=1.2.3.4 cs(User-Agent)=Mozilla/5.0 (X11; Linux) cs-uri-stem=/a sc-status=200",
		`date=2018-01-01 time=08:09:11 c-ip=5.6.7.8 sc-status=<nil> extra1=extra1 extra2=x "y"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("fields:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestW3CFieldsAfterHeaderChange: an event keeps its own schema, so its
// fields are listed right even after a new #Fields line came.
func TestW3CFieldsAfterHeaderChange(t *testing.T) {
	p, _ := New("iis", Options{})
	p.Parse([]byte("#Fields: date time c-ip sc-status"), func(*Event) {})
	var kept Event
	p.Parse([]byte("2018-01-01 08:09:10 1.2.3.4 200"), func(ev *Event) { kept = *ev })
	p.Parse([]byte("#Fields: date time s-ip c-ip cs-uri-stem sc-status"), func(*Event) {})
	var names []string
	p.Fields(&kept, func(name string, _ []byte) { names = append(names, name) })
	if strings.Join(names, " ") != "date time c-ip sc-status" {
		t.Errorf("fields of the old event: %v", names)
	}
}

func TestW3CRegistered(t *testing.T) {
	f, ok := Lookup("iis")
	if !ok || !f.Detectable || f.Labels != (Labels{Actor: "clients", Target: "paths", Status: "statuses"}) {
		t.Fatalf("iis: %+v", f)
	}
	p, _ := New("iis", Options{})
	if p.Format() != "iis" {
		t.Fatal(p.Format())
	}
}

// TestHeaderFieldsOnlyTheirOwn: a header-driven parser lists the fields of
// its own events only; an event of another parser (Auto moved on since)
// gets nothing rather than fields under the wrong names.
func TestHeaderFieldsOnlyTheirOwn(t *testing.T) {
	var kept Event
	iis, _ := New("iis", Options{})
	iis.Parse([]byte("#Fields: date time c-ip sc-status"), func(*Event) {})
	iis.Parse([]byte("2018-01-01 08:09:10 1.2.3.4 200"), func(ev *Event) { kept = wCopyEvent(ev) })
	for _, name := range []string{"exchange", "exchange-protocol", "vpcflow"} {
		p, _ := New(name, Options{VPCFields: []string{"srcaddr", "dstaddr"}})
		p.Parse([]byte("#Fields: date-time,event-id,sender-address"), func(*Event) {})
		n := 0
		p.Fields(&kept, func(string, []byte) { n++ })
		if n != 0 {
			t.Errorf("%s listed %d fields of an IIS event", name, n)
		}
	}
	n := 0
	iis.Fields(&kept, func(string, []byte) { n++ })
	if n != 4 {
		t.Errorf("iis listed %d fields of its own event", n)
	}
}
