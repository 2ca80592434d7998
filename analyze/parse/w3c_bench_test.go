package parse

import "testing"

// headerThen returns a parser of format that has read the header lines,
// ready for rows.
func headerThen(tb testing.TB, format string, opts Options, header ...string) Parser {
	tb.Helper()
	p, err := New(format, opts)
	if err != nil {
		tb.Fatal(err)
	}
	for _, h := range header {
		if r := p.Parse([]byte(h), func(*Event) {}); r != Meta {
			tb.Fatalf("%s: header %q: %v", format, h, r)
		}
	}
	return p
}

var iisBenchHeader = []string{
	"#Software: Microsoft Internet Information Services 10.0",
	"#Version: 1.0",
	"#Date: 2024-05-01 00:00:00",
	"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken",
}

// iisBenchRows are IIS 10 rows with the default fields plus bytes: a
// browser, a bot, an API client and a failing call.
var iisBenchRows = [][]byte{
	[]byte("2024-05-01 10:05:03 10.0.0.4 GET /owa/auth/logon.aspx replaceCurrent=1&url=https%3a%2f%2fmail.example.com%2fowa%2f 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/124.0.0.0+Safari/537.36 https://mail.example.com/owa/ 200 0 0 8123 612 31"),
	[]byte("2024-05-01 10:05:03 10.0.0.4 GET /robots.txt - 443 - 66.249.73.135 Mozilla/5.0+(compatible;+Googlebot/2.1;++http://www.google.com/bot.html) - 404 0 2 1245 301 0"),
	[]byte("2024-05-01 10:05:04 10.0.0.4 POST /EWS/Exchange.asmx - 443 EXAMPLE\\svc-sync 198.51.100.23 ExchangeServicesClient/15.20.7452.028 - 200 0 0 2311 1874 62"),
	[]byte("2024-05-01 10:05:04 10.0.0.4 POST /Microsoft-Server-ActiveSync/default.eas Cmd=Sync&User=alice&DeviceId=ABC123&DeviceType=iPhone 443 alice 2001:db8:85a3::8a2e:370:7334 Apple-iPhone15C2/2104.221 - 503 0 64 0 1201 15000"),
}

// BenchmarkIIS measures one row (ns/op is ns/line) under a #Fields header;
// it must not allocate.
func BenchmarkIIS(b *testing.B) {
	wBench(b, headerThen(b, "iis", Options{}, iisBenchHeader...), iisBenchRows)
}

// BenchmarkIISHeaderless: the same rows without their header, read with the
// built-in IIS layout that fits them.
func BenchmarkIISHeaderless(b *testing.B) {
	p, _ := New("iis", Options{})
	wBench(b, p, iisBenchRows)
}

// BenchmarkAutoIIS: through auto-detection, settled after the header.
func BenchmarkAutoIIS(b *testing.B) {
	a := NewAuto(Options{})
	for _, h := range iisBenchHeader {
		a.Parse([]byte(h), func(*Event) {})
	}
	wBench(b, a, iisBenchRows)
}

func TestIISDoesNotAllocate(t *testing.T) {
	p := headerThen(t, "iis", Options{}, iisBenchHeader...)
	checkNoAllocs(t, p, iisBenchRows)
	h, _ := New("iis", Options{})
	checkNoAllocs(t, h, iisBenchRows)
}

// checkNoAllocs asserts that parsing rows, after a first pass that lets
// reusable buffers grow, allocates nothing.
func checkNoAllocs(t *testing.T, p Parser, rows [][]byte) {
	t.Helper()
	emit := func(*Event) {}
	for _, r := range rows {
		if p.Parse(r, emit) != Parsed {
			t.Fatalf("%s: unparsed %q", p.Format(), r)
		}
	}
	i := 0
	allocs := testing.AllocsPerRun(400, func() {
		p.Parse(rows[i%len(rows)], emit)
		i++
	})
	if allocs != 0 {
		t.Errorf("%s: %v allocations per line", p.Format(), allocs)
	}
}
