package parse

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// accessResult is a copy of what a parser made of one line.
type accessResult struct {
	res    Result
	events int
	ev     Event
}

func parseAccess(p Parser, line string) accessResult {
	var out accessResult
	out.res = p.Parse([]byte(line), func(ev *Event) {
		out.events++
		out.ev = *ev
	})
	return out
}

func accessStr(b []byte) string {
	if b == nil {
		return "<nil>"
	}
	return string(b)
}

func TestAccessLines(t *testing.T) {
	ts := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse("02/Jan/2006:15:04:05 -0700", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	const ua = `"-" "Mozilla/5.0 (X11; Linux x86_64)"`
	tests := []struct {
		name string
		line string
		// common and combined are the results of a fresh parser of each
		// format; the event fields are checked when either parsed.
		common, combined Result
		actor, target    string
		status           string
		code             int
		bytes            int64
		when             string // CLF time; "" when not checked
	}{
		{
			name: "combined", line: `192.168.33.1 - - [26/Dec/2016:16:22:13 +0000] "GET /hello HTTP/1.1" 404 499 ` + ua,
			common: Parsed, combined: Parsed, actor: "192.168.33.1", target: "/hello", status: "404", code: 404, bytes: 499,
			when: "26/Dec/2016:16:22:13 +0000",
		},
		{
			name: "common", line: `199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245`,
			common: Parsed, combined: Unparsed, actor: "199.72.81.55", target: "/history/apollo/", status: "200", code: 200, bytes: 6245,
			when: "01/Jul/1995:00:00:01 -0400",
		},
		{
			name: "query string left out of the target", line: `1.2.3.4 - - [07/Mar/2004:16:05:49 -0800] "GET /a/b?x=1&y=2 HTTP/1.1" 200 1`,
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: "/a/b", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "vhost with port, session id as ident, trailing request time",
			line:   `localhost:443 178.20.184.42 1j0vhgd jsmith [26/Jul/2023:00:01:26 -0700] "GET /secure/RapidBoard.jspa?rapidView=1295 HTTP/2.0" 200 17163 "-" "Mozilla/5.0" 116075`,
			common: Parsed, combined: Parsed, actor: "178.20.184.42", target: "/secure/RapidBoard.jspa", status: "200", code: 200, bytes: 17163,
			when: "26/Jul/2023:00:01:26 -0700",
		},
		{
			name:   "vhost name before client",
			line:   `vhost1.domaine.fr 123.123.123.123 - - [04/Jul/2019:09:20:46 +0200] "GET / HTTP/1.1" 200 32953 ` + ua,
			common: Parsed, combined: Parsed, actor: "123.123.123.123", target: "/", status: "200", code: 200, bytes: 32953,
		},
		{
			name:   "forwarded-for list, all private: the first",
			line:   `10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 ` + ua,
			common: Parsed, combined: Parsed, actor: "10.0.0.2", target: "/ocelot", status: "200", code: 200, bytes: 571,
		},
		{
			name:   "forwarded-for list: the first public address",
			line:   `10.0.0.2, 10.0.0.1, 85.181.35.98 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 ` + ua,
			common: Parsed, combined: Parsed, actor: "85.181.35.98", target: "/ocelot", status: "200", code: 200, bytes: 571,
		},
		{
			name:   "quoted forwarded-for list then remote address",
			line:   `"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /assets/xxxx?q=100 HTTP/1.1" 200 25507 "-" "Amazon CloudFront"`,
			common: Parsed, combined: Parsed, actor: "199.96.1.1", target: "/assets/xxxx", status: "200", code: 200, bytes: 25507,
		},
		{
			name:   "vhost then quoted forwarded-for list",
			line:   `example.org "10.0.0.9, 8.8.4.4" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 1 ` + ua,
			common: Parsed, combined: Parsed, actor: "8.8.4.4", target: "/", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "IPv6 in a forwarded-for list",
			line:   `2a03:0000:10ff:f00f:0000:0000:0:8000, 10.225.192.17 10.2.2.121 - - [30/Dec/2016:06:47:09 +0000] "GET /test.html HTTP/1.1" 404 8571 "-" "Facebot"`,
			common: Parsed, combined: Parsed, actor: "2a03:0000:10ff:f00f:0000:0000:0:8000", target: "/test.html", status: "404", code: 404, bytes: 8571,
		},
		{
			name:   "private IPv6 skipped in a forwarded-for list",
			line:   `fd00::1, fe80::2, ::1, 2001:db8::7 10.0.0.1 - - [30/Dec/2016:06:47:09 +0000] "GET / HTTP/1.1" 200 1 ` + ua,
			common: Parsed, combined: Parsed, actor: "2001:db8::7", target: "/", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "no public address: the first address, not a name",
			line:   `unknown, 10.0.0.7 10.0.0.5 - - [30/Dec/2016:06:47:09 +0000] "GET / HTTP/1.1" 200 1 ` + ua,
			common: Parsed, combined: Parsed, actor: "10.0.0.7", target: "/", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "only names: the first",
			line:   `unknown, unknown - - [30/Dec/2016:06:47:09 +0000] "GET / HTTP/1.1" 200 1 ` + ua,
			common: Parsed, combined: Parsed, actor: "unknown", target: "/", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "unknown in a forwarded-for list is no address",
			line:   `unknown, 172.16.0.1, 172.32.0.1 10.0.0.1 - - [30/Dec/2016:06:47:09 +0000] "GET / HTTP/1.1" 200 1 ` + ua,
			common: Parsed, combined: Parsed, actor: "172.32.0.1", target: "/", status: "200", code: 200, bytes: 1,
		},
		{
			name:   "request is a dash",
			line:   `::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -`,
			common: Parsed, combined: Unparsed, actor: "::1", target: "<nil>", status: "408", code: 408, bytes: 0,
		},
		{
			name:   "empty request",
			line:   `127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-"`,
			common: Parsed, combined: Parsed, actor: "127.0.0.1", target: "<nil>", status: "400", code: 400,
		},
		{
			name:   "bytes missing",
			line:   `64.242.88.10 - - [07/Mar/2004:16:06:51 -0800] "GET /twiki/bin/rdiff/TWiki/NewUserTemplate?rev1=1.3&rev2=1.2 HTTP/1.1" 200`,
			common: Parsed, combined: Unparsed, actor: "64.242.88.10", target: "/twiki/bin/rdiff/TWiki/NewUserTemplate", status: "200", code: 200,
		},
		{
			name:   "status and bytes missing",
			line:   `64.242.88.10 - - [07/Mar/2004:16:24:16 -0800] "GET /twiki/bin/view/Main/PeterThoeny HTTP/1.1"`,
			common: Parsed, combined: Unparsed, actor: "64.242.88.10", target: "/twiki/bin/view/Main/PeterThoeny", status: "<nil>",
		},
		{
			name:   "status is a dash",
			line:   `83.149.9.216 - a.user [11/Jan/2020:23:05:27 +0100] "OPTIONS /remote.php/ HTTP/1.1" - 7908 "-" "monitoring-client (v2.2)"`,
			common: Parsed, combined: Parsed, actor: "83.149.9.216", target: "/remote.php/", status: "<nil>", code: 0, bytes: 7908,
		},
		{
			name:   "hostname as client",
			line:   `unicomp6.unicomp.net - - [01/Jul/1995:00:00:06 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985`,
			common: Parsed, combined: Unparsed, actor: "unicomp6.unicomp.net", target: "/shuttle/countdown/", status: "200", code: 200, bytes: 3985,
		},
		{
			name:   "escaped quotes in request and agent",
			line:   `1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] "GET /a\"b\\ HTTP/1.0" 200 3 "-" "say \"hi\" \\" "x"`,
			common: Parsed, combined: Parsed, actor: "1.2.3.4", target: `/a\"b\\`, status: "200", code: 200, bytes: 3,
		},
		{
			name:   "unescaped quote inside the request is text",
			line:   `1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] "GET /a"b HTTP/1.0" 200 3`,
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: `/a"b`, status: "200", code: 200, bytes: 3,
		},
		{
			name:   "invalid UTF-8 in the URL",
			line:   "1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] \"GET /\xff\xfe\xc3 HTTP/1.0\" 200 3",
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: "/\xff\xfe\xc3", status: "200", code: 200, bytes: 3,
		},
		{
			name:   "no protocol (HTTP/0.9)",
			line:   `1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] "GET /old page" 200 3`,
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: "/old page", status: "200", code: 200, bytes: 3,
		},
		{
			name:   "server error is a failure",
			line:   `1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] "POST /api HTTP/1.1" 503 0 "-" "curl/8"`,
			common: Parsed, combined: Parsed, actor: "1.2.3.4", target: "/api", status: "503", code: 503,
		},
		{
			name:   "trailing blanks and carriage return",
			line:   "1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] \"GET / HTTP/1.1\" 200 3 \"-\" \"ua\" \r",
			common: Parsed, combined: Parsed, actor: "1.2.3.4", target: "/", status: "200", code: 200, bytes: 3,
		},
		{
			name:   "fraction of a second",
			line:   `1.2.3.4 - - [01/Jul/1995:00:00:06.250 -0400] "GET / HTTP/1.1" 200 3`,
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: "/", status: "200", code: 200, bytes: 3,
		},
		{
			name: "half-hour zone", line: `54.36.149.41 - - [22/Jan/2019:03:56:14 +0330] "GET / HTTP/1.1" 200 3 "-" "x" "-"`,
			common: Parsed, combined: Parsed, actor: "54.36.149.41", target: "/", status: "200", code: 200, bytes: 3,
			when: "22/Jan/2019:03:56:14 +0330",
		},
		{
			name: "status below 100 kept as text, no code", line: `1.2.3.4 - - [01/Jul/1995:00:00:06 -0400] "GET / HTTP/1.1" 000 0`,
			common: Parsed, combined: Unparsed, actor: "1.2.3.4", target: "/", status: "000", code: 0,
		},

		// Lines that must not parse.
		{name: "empty", line: ""},
		{name: "ident and authuser missing", line: `192.168.202.254 [20/Jul/2009:22:59:29 +0000] "GET /vmw/vSphere/default/vmkboot.gz HTTP/1.0" 404 46210 "-" "gPXE/0.9.7"`},
		{name: "no timestamp (syslog-wrapped)", line: `Mar 24 14:02:50 bigproduct-web1 tomcat.log: 127.0.0.1 - - "GET /bad.foo HTTP/1.1" 404 65508 4.386`},
		{name: "syslog prefix before an access line", line: `Mar 24 14:02:50 web1 nginx: 1.2.3.4 - - [24/Mar/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1`},
		{name: "authuser with a space", line: `1.2.3.4 - John Smith [24/Mar/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1`},
		{name: "day out of range", line: `1.2.3.4 - - [31/Feb/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1`},
		{name: "month unknown", line: `1.2.3.4 - - [01/Foo/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1`},
		{name: "zone missing", line: `1.2.3.4 - - [01/Jan/2020:14:02:50] "GET / HTTP/1.1" 200 1`},
		{name: "status not a number", line: `1.2.3.4 - - [01/Jan/2020:14:02:50 +0000] "GET / HTTP/1.1" 20x 1`},
		{name: "bytes not a number", line: `1.2.3.4 - - [01/Jan/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1k`},
		{name: "request not closed", line: `1.2.3.4 - - [01/Jan/2020:14:02:50 +0000] "GET / HTTP/1.1 200 1`},
		{name: "request not quoted", line: `1.2.3.4 - - [01/Jan/2020:14:02:50 +0000] GET / HTTP/1.1 200 1`},
		{name: "apache error log", line: `[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /export/home/live/ap/htdocs/test`},
		{name: "two spaces between fields", line: `1.2.3.4  - - [01/Jan/2020:14:02:50 +0000] "GET / HTTP/1.1" 200 1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range []struct {
				name string
				want Result
			}{{"common", tc.common}, {"combined", tc.combined}} {
				p, err := New(f.name, Options{})
				if err != nil {
					t.Fatal(err)
				}
				got := parseAccess(p, tc.line)
				if got.res != f.want {
					t.Fatalf("%s: result %v, want %v", f.name, got.res, f.want)
				}
				if got.res == Unparsed {
					if got.events != 0 {
						t.Fatalf("%s: unparsed line emitted %d events", f.name, got.events)
					}
					continue
				}
				if got.events != 1 {
					t.Fatalf("%s: %d events, want 1", f.name, got.events)
				}
				ev := got.ev
				if accessStr(ev.Actor) != tc.actor || accessStr(ev.Target) != tc.target || accessStr(ev.Status) != tc.status ||
					ev.Code != tc.code || ev.Bytes != tc.bytes {
					t.Errorf("%s: actor %q target %q status %q code %d bytes %d; want %q %q %q %d %d", f.name,
						accessStr(ev.Actor), accessStr(ev.Target), accessStr(ev.Status), ev.Code, ev.Bytes,
						tc.actor, tc.target, tc.status, tc.code, tc.bytes)
				}
				if ev.Failure != (tc.code >= 500) || ev.Unauthorized != (tc.code == 401 || tc.code == 403) || ev.Denied {
					t.Errorf("%s: failure %v unauthorized %v denied %v for code %d", f.name, ev.Failure, ev.Unauthorized, ev.Denied, tc.code)
				}
				if string(ev.Raw) != tc.line {
					t.Errorf("%s: raw %q", f.name, ev.Raw)
				}
				if ev.Time.IsZero() {
					t.Errorf("%s: no time", f.name)
				}
				if tc.when != "" && !ev.Time.Equal(ts(tc.when)) {
					t.Errorf("%s: time %v, want %s", f.name, ev.Time, tc.when)
				}
			}
		})
	}
}

func TestAccessStatusClasses(t *testing.T) {
	p := newAccessParser("common", false)
	for code := 100; code <= 599; code++ {
		line := fmt.Sprintf(`1.2.3.4 - - [01/Jan/2020:14:02:50 +0000] "GET / HTTP/1.1" %d 1`, code)
		got := parseAccess(p, line)
		if got.res != Parsed || got.ev.Code != code {
			t.Fatalf("%d: %v code %d", code, got.res, got.ev.Code)
		}
		if got.ev.Failure != (code >= 500) {
			t.Errorf("%d: failure %v", code, got.ev.Failure)
		}
		if got.ev.Unauthorized != (code == 401 || code == 403) {
			t.Errorf("%d: unauthorized %v", code, got.ev.Unauthorized)
		}
	}
}

// TestCombinedTakesCommonLinesOnceCombined: the combined parser refuses a
// CLF line until its origin has shown a referer and agent, so that a CLF
// file is not detected as combined, and then takes them, so that a mixed
// file loses nothing.
func TestCombinedTakesCommonLinesOnceCombined(t *testing.T) {
	const (
		clf = `::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -`
		cmb = `192.168.33.1 - - [26/Dec/2016:16:22:13 +0000] "GET /hello HTTP/1.1" 404 499 "-" "Mozilla/5.0"`
	)
	p := newAccessParser("combined", true)
	if r := parseAccess(p, clf).res; r != Unparsed {
		t.Fatalf("fresh combined parser: CLF line %v", r)
	}
	if r := parseAccess(p, cmb).res; r != Parsed {
		t.Fatalf("combined line %v", r)
	}
	if r := parseAccess(p, clf).res; r != Parsed {
		t.Fatalf("CLF line after a combined one: %v", r)
	}
	// Another origin starts afresh.
	if r := parseAccess(newAccessParser("combined", true), clf).res; r != Unparsed {
		t.Fatalf("new origin: %v", r)
	}
}

// accessFieldList renders Fields as name=value, nil as name=<nil>.
func accessFieldList(p Parser, ev *Event) string {
	var parts []string
	p.Fields(ev, func(name string, v []byte) { parts = append(parts, name+"="+accessStr(v)) })
	return strings.Join(parts, " | ")
}

func TestAccessFields(t *testing.T) {
	tests := []struct {
		format, line, want string
	}{
		{
			"common", `64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291`,
			`host=64.242.88.10 | ident=<nil> | authuser=<nil> | datetime=07/Mar/2004:16:10:02 -0800 | request=GET /mailman/listinfo/hsdivision HTTP/1.1 | response=200 | bytes=6291`,
		},
		{
			"common", `64.242.88.10 - - [07/Mar/2004:16:24:16 -0800] "GET /x HTTP/1.1"`,
			`host=64.242.88.10 | ident=<nil> | authuser=<nil> | datetime=07/Mar/2004:16:24:16 -0800 | request=GET /x HTTP/1.1 | response=<nil> | bytes=<nil>`,
		},
		{
			"common", `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 4.386 "-" x`,
			`host=127.0.0.1 | ident=<nil> | authuser=frank | datetime=10/Oct/2000:13:55:36 -0700 | request=GET /a.gif HTTP/1.0 | response=200 | bytes=2326 | extra1=4.386 | extra2=<nil> | extra3=x`,
		},
		{
			"combined", `localhost:443 178.20.184.42 1j0vhgd jsmith [26/Jul/2023:00:01:26 -0700] "GET /s?v=1 HTTP/2.0" 200 17163 "-" "Mozilla/5.0" 116075`,
			`vhost=localhost:443 | host=178.20.184.42 | ident=1j0vhgd | authuser=jsmith | datetime=26/Jul/2023:00:01:26 -0700 | request=GET /s?v=1 HTTP/2.0 | response=200 | bytes=17163 | referer=<nil> | agent=Mozilla/5.0 | extra1=116075`,
		},
		{
			"combined", `"10.5.102.222, 199.96.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "" 400 - "" "a \"b\" \\c"`,
			`host="10.5.102.222, 199.96.1.1" 10.2.1.185 | ident=<nil> | authuser=<nil> | datetime=22/Jan/2016:13:18:29 +0000 | request= | response=400 | bytes=<nil> | referer= | agent=a "b" \c`,
		},
		{
			// The common parser names referer and agent when they are there.
			"common", `1.2.3.4 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 5 "http://r/" "ua" "-"`,
			`host=1.2.3.4 | ident=<nil> | authuser=<nil> | datetime=22/Jan/2016:13:18:29 +0000 | request=GET / HTTP/1.1 | response=200 | bytes=5 | referer=http://r/ | agent=ua | extra1=<nil>`,
		},
		{
			"common", `1.2.3.4 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 5 "only one" 7 "open`,
			`host=1.2.3.4 | ident=<nil> | authuser=<nil> | datetime=22/Jan/2016:13:18:29 +0000 | request=GET / HTTP/1.1 | response=200 | bytes=5 | extra1=only one | extra2=7 | extra3=open`,
		},
	}
	for _, tc := range tests {
		p, _ := New(tc.format, Options{})
		got := parseAccess(p, tc.line)
		if got.res != Parsed {
			t.Errorf("%s: %v", tc.line, got.res)
			continue
		}
		if s := accessFieldList(p, &got.ev); s != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.line, s, tc.want)
		}
	}
}

func TestAccessFieldsNamesCombinedAbsent(t *testing.T) {
	// A combined parser that took a CLF line still names referer and agent,
	// so that `tailtop parse` output keeps one shape per format.
	p := newAccessParser("combined", true)
	parseAccess(p, `1.2.3.4 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 5 "-" "ua"`)
	got := parseAccess(p, `1.2.3.4 - - [22/Jan/2016:13:18:30 +0000] "GET /x HTTP/1.1" 200 6`)
	const want = `host=1.2.3.4 | ident=<nil> | authuser=<nil> | datetime=22/Jan/2016:13:18:30 +0000 | request=GET /x HTTP/1.1 | response=200 | bytes=6 | referer=<nil> | agent=<nil>`
	if s := accessFieldList(p, &got.ev); s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

func TestAccessExtrasBounded(t *testing.T) {
	line := `1.2.3.4 - - [22/Jan/2016:13:18:29 +0000] "GET / HTTP/1.1" 200 5` + strings.Repeat(" x", 100)
	p := newAccessParser("common", false)
	got := parseAccess(p, line)
	n := 0
	var last []byte
	p.Fields(&got.ev, func(name string, v []byte) {
		if strings.HasPrefix(name, "extra") {
			n++
			last = v
		}
	})
	if n != maxExtraFields {
		t.Fatalf("%d extra fields, want %d", n, maxExtraFields)
	}
	if want := strings.TrimSpace(strings.Repeat(" x", 100-maxExtraFields+1)); string(last) != want {
		t.Errorf("last extra %q, want the rest of the line", last)
	}
}

func TestAccessRegistered(t *testing.T) {
	for _, name := range []string{"combined", "common"} {
		f, ok := Lookup(name)
		if !ok {
			t.Fatalf("%s not registered", name)
		}
		if !f.Detectable || f.Labels != (Labels{Actor: "clients", Target: "paths", Status: "statuses"}) {
			t.Errorf("%s: %+v", name, f)
		}
		p, err := f.New(Options{})
		if err != nil || p.Format() != name {
			t.Errorf("%s: New gives %v, %v", name, p, err)
		}
	}
	c, _ := Lookup("combined")
	cl, _ := Lookup("common")
	if c.Priority <= cl.Priority {
		t.Errorf("combined priority %d must be above common %d", c.Priority, cl.Priority)
	}
}

func TestPublicIP(t *testing.T) {
	for s, want := range map[string]bool{
		"8.8.8.8": true, "85.181.35.98": true, "172.32.0.1": true, "100.128.0.1": true,
		"10.1.2.3": false, "172.16.0.1": false, "172.31.255.255": false, "192.168.1.1": false,
		"127.0.0.1": false, "169.254.1.1": false, "100.64.0.1": false, "0.0.0.0": false,
		"2001:db8::1": true, "2a03:0000:10ff:f00f:0000:0000:0:8000": true, "::ffff:8.8.8.8": true,
		"::1": false, "::": false, "fd12:3456::1": false, "fc00::1": false, "fe80::1%eth0": false, "::ffff:10.0.0.1": false,
		"unknown": false, "example.com": false, "1.2.3": false, "1.2.3.4.5": false, "256.1.1.1": false,
		"1.2.3.4:80": false, "": false, "1..2.3": false, "12345::1": false, "g::1": false,
	} {
		if got := classifyIP([]byte(s)) == publicIP; got != want {
			t.Errorf("public(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestClassifyIP(t *testing.T) {
	for s, want := range map[string]ipClass{
		"8.8.8.8": publicIP, "2001:db8::1": publicIP,
		"10.0.0.1": privateIP, "::1": privateIP, "fe80::1%eth0": privateIP, "::ffff:192.168.1.1": privateIP,
		"unknown": notIP, "example.com": notIP, "1.2.3.4:80": notIP, "": notIP, "-": notIP,
	} {
		if got := classifyIP([]byte(s)); got != want {
			t.Errorf("classifyIP(%q) = %d, want %d", s, got, want)
		}
	}
}
