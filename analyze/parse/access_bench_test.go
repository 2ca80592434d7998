package parse

import "testing"

// benchCombined are realistic combined lines: a browser, a bot, a proxied
// client and a CLF-style timeout, with seconds that change now and then as
// in a live log.
var benchCombined = [][]byte{
	[]byte(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`),
	[]byte(`66.249.73.135 - - [17/May/2015:10:05:03 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"`),
	[]byte(`10.0.0.2, 85.181.35.98 - - [17/May/2015:10:05:04 +0000] "POST /api/v1/orders HTTP/1.1" 201 512 "https://shop.example.com/cart" "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"`),
	[]byte(`46.105.14.53 - - [17/May/2015:10:05:04 +0000] "GET /reset.css HTTP/1.1" 200 1015 "-" "-"`),
}

func benchmarkParser(b *testing.B, p Parser, lines [][]byte) {
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	var sink int
	emit := func(ev *Event) { sink += len(ev.Actor) }
	b.SetBytes(int64(total / len(lines)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if p.Parse(lines[i%len(lines)], emit) != Parsed {
			b.Fatal("unparsed")
		}
	}
	if sink == 0 {
		b.Fatal("no events")
	}
}

// BenchmarkCombined measures one line (ns/op is ns/line) of the combined
// parser; it must not allocate.
func BenchmarkCombined(b *testing.B) {
	p, _ := New("combined", Options{})
	benchmarkParser(b, p, benchCombined)
}

// BenchmarkCommon: the same lines through the common parser.
func BenchmarkCommon(b *testing.B) {
	p, _ := New("common", Options{})
	benchmarkParser(b, p, benchCombined)
}

// BenchmarkAutoCombined: the same lines through auto-detection, which
// settles after a few lines and then costs one indirection more.
func BenchmarkAutoCombined(b *testing.B) {
	benchmarkParser(b, NewAuto(Options{}), benchCombined)
}

// BenchmarkCombinedTimeMiss: every line a new second, so the time cache
// never hits.
func BenchmarkCombinedTimeMiss(b *testing.B) {
	lines := [][]byte{
		[]byte(`66.249.73.135 - - [17/May/2015:10:05:03 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"`),
		[]byte(`66.249.73.135 - - [17/May/2015:10:05:04 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"`),
	}
	p, _ := New("combined", Options{})
	benchmarkParser(b, p, lines)
}

func TestCombinedDoesNotAllocate(t *testing.T) {
	p, _ := New("combined", Options{})
	emit := func(*Event) {}
	i := 0
	allocs := testing.AllocsPerRun(200, func() {
		p.Parse(benchCombined[i%len(benchCombined)], emit)
		i++
	})
	if allocs != 0 {
		t.Errorf("%v allocations per line", allocs)
	}
}
