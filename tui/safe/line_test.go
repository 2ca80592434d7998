package safe

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"hello", 10, "hello"},
		{"hello", 5, "hello"},
		{"hello world", 8, "hello w…"},
		{"hello", 1, "…"},
		{"hello", 0, ""},
		{"hello", -3, ""},
		{"", 4, ""},
		{"\x1b[2Jboom", 4, "␛[2…"},
		{"a\tb\nc", 10, "a b␊c"},
		{"東京東京", 8, "東京東京"},
		{"東京東京", 7, "東京東…"},
		{"東京東京", 6, "東京…"},
		{"東京東京", 2, "…"},
		{"東京東京", 1, "…"},
		{"a東", 2, "a…"},
		{"👍👍👍", 5, "👍👍…"},
		// A skin tone is two cells more to a terminal without grapheme
		// clustering: it is replaced (stable.go), then the line is cut.
		{"👍🏽👍🏽👍🏽", 5, "👍\uFFFD…"},
		{"🇫🇷🇫🇷", 3, "🇫🇷…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{"e\u0301e\u0301e\u0301", 3, "e\u0301e\u0301e\u0301"},
		{strings.Repeat("x", 100), 10, "xxxxxxxxx…"},
	} {
		got := Line(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("Line(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
		assertInert(t, tc.in, got)
		if w := ansi.StringWidth(got); w > max(tc.width, 0) {
			t.Errorf("Line(%q, %d) = %q is %d cells wide", tc.in, tc.width, got, w)
		}
	}
}

func TestLineHostileFits(t *testing.T) {
	for _, tc := range hostile {
		for width := 0; width <= 40; width++ {
			got := Line(tc.in, width)
			assertInert(t, tc.in, got)
			if w := ansi.StringWidth(got); w > width {
				t.Fatalf("Line(%q, %d) = %q is %d cells wide", tc.in, width, got, w)
			}
			// A line that fits is not cut.
			if full := Text(tc.in); ansi.StringWidth(full) <= width && got != full {
				t.Fatalf("Line(%q, %d) = %q, want the whole %q", tc.in, width, got, full)
			}
		}
	}
}

func TestLineShortASCIIDoesNotAllocate(t *testing.T) {
	in := "GET /index.html 200"
	allocs := testing.AllocsPerRun(100, func() { _ = Line(in, 80) })
	if allocs != 0 {
		t.Errorf("Line allocated %.0f times, want 0", allocs)
	}
}
