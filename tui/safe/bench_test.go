package safe

import "testing"

const accessLine = `203.0.113.9 - - [10/Oct/2025:13:55:36 +0000] "GET /static/js/app.js?v=3 HTTP/1.1" 200 52311 "https://www.example.com/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"`

func BenchmarkTextASCII(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(accessLine)))
	for b.Loop() {
		if Text(accessLine) != accessLine {
			b.Fatal("changed")
		}
	}
}

func BenchmarkLineASCII(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Line(accessLine, 400)
	}
}

func BenchmarkTextHostile(b *testing.B) {
	in := accessLine + "\x1b]0;pwned\x07\x1b[2J\u202e\xff"
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		_ = Text(in)
	}
}
