package safe

import (
	"runtime/debug"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// assertStable fails t when out, between two borders as a pane draws it,
// measures differently as grapheme clusters (the layout) and code point by
// code point (a terminal without grapheme clustering).
func assertStable(t *testing.T, in, out string) {
	t.Helper()
	row := "│" + out + "│"
	if g, wc := ansi.StringWidth(row), ansi.StringWidthWc(row); g != wc {
		t.Fatalf("Text(%q) = %q: %d cells as clusters, %d as code points", in, out, g, wc)
	}
	if again := Text(out); again != out {
		t.Fatalf("Text not idempotent: %q -> %q -> %q", in, out, again)
	}
}

func TestTextWidthStable(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"presentation selector", "❤\uFE0F☺\uFE0F", "❤\uFFFD☺\uFFFD"},
		{"skin tone", "👍🏽ok", "👍\uFFFDok"},
		{"leading skin tone", "🏽ok", "\uFFFDok"},
		{"spacing mark", "का", "क\uFFFD"},
		{"conjoining jamo", "\u1100\u1161\u11a8", "\u1100\uFFFD\u11a8"},
		{"halfwidth voiced mark", "ｶﾞ", "ｶ\uFFFD"},
		{"leading halfwidth voiced mark", "ﾞｶ", "\uFFFDｶ"},
		{"trailing prepended mark", "a\u0d4e", "a\uFFFD"},
		{"prepended mark", "\u0d4eക", "\uFFFDക"},
		{"lone regional indicator", "\U0001F1E6x", "\uFFFDx"},
		{"flag kept", "🇯🇵", "🇯🇵"},
		{"wide kept", "東京ＰＷ", "東京ＰＷ"},
		{"accents kept", "e\u0301\u0302 ü", "e\u0301\u0302 ü"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in)
			assertInert(t, tc.in, got)
			assertStable(t, tc.in, got)
			if got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// Every code point of the blocks where clusters form (all but the
// ideographs, which are wide either way, and the private and unassigned
// planes), alone and after bases that clusters extend (an emoji, a Hangul
// leading jamo, a Devanagari consonant), comes out of Text measuring the
// same both ways.
func TestTextWidthStableEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("a hundred thousand code points")
	}
	step := rune(1)
	if raceEnabled() {
		step = 13 // the race detector makes each call ten times slower
	}
	bases := []string{"", "👍", "\u1100", "क"}
	for _, block := range [][2]rune{{0x80, 0x3400}, {0xA000, 0xD800}, {0xF900, 0x20000}} {
		for r := block[0]; r < block[1]; r += step {
			for _, b := range bases {
				in := b + string(r) + "x"
				assertStable(t, in, Text(in))
			}
		}
	}
}

func FuzzTextWidthStable(f *testing.F) {
	f.Add("👍🏽❤\uFE0Fका\u1100\u1161ｶﾞ\u0d4e")
	f.Add("\U0001F1E6\U0001F1E7\U0001F1E8")
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		assertInert(t, in, out)
		assertStable(t, in, out)
		for w := 1; w < 12; w++ {
			row := "│" + Line(in, w) + "│"
			if g, wc := ansi.StringWidth(row), ansi.StringWidthWc(row); g != wc {
				t.Fatalf("Line(%q, %d) between borders: %d cells as clusters, %d as code points", in, w, g, wc)
			}
		}
	})
}

// raceEnabled reports a -race build, where each call is many times slower.
func raceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}
