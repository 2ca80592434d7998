package safe

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func FuzzText(f *testing.F) {
	for _, tc := range hostile {
		f.Add(tc.in, 10)
	}
	f.Add("\x1b]8;;http://x\x07y\x1b]8;;\x07", 3)
	f.Add("\xe2\x80\xae\xc2\x9b\xff", 1)
	f.Fuzz(func(t *testing.T, in string, width int) {
		out := Text(in)
		assertInert(t, in, out)
		if again := Text(out); again != out {
			t.Fatalf("Text not idempotent: %q -> %q -> %q", in, out, again)
		}
		if b := Bytes([]byte(in)); b != out {
			t.Fatalf("Bytes(%q) = %q, Text = %q", in, b, out)
		}
		width = width % 200
		line := Line(in, width)
		assertInert(t, in, line)
		if w := ansi.StringWidth(line); w > max(width, 0) {
			t.Fatalf("Line(%q, %d) = %q is %d cells wide", in, width, line, w)
		}
	})
}

func FuzzPrintablePrefix(f *testing.F) {
	f.Add([]byte("hello, world\x7f\x1f~ \x80\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		want := 0
		for want < len(b) && b[want] >= 0x20 && b[want] < 0x7f {
			want++
		}
		if got := printablePrefix(b); got != want {
			t.Fatalf("printablePrefix(%q) = %d, want %d", b, got, want)
		}
		if got := printablePrefix(string(b)); got != want {
			t.Fatalf("printablePrefix(string %q) = %d, want %d", b, got, want)
		}
	})
}
