package safe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// hostile is a table of inputs meant to harm a terminal, with what Text must
// make of them.
var hostile = []struct {
	name, in, want string
}{
	{"csi cursor move", "a\x1b[10;20Hb", "a␛[10;20Hb"},
	{"screen clear", "\x1b[2J\x1b[H", "␛[2J␛[H"},
	{"sgr colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
	{"osc 0 title bel", "\x1b]0;pwned\x07", "␛]0;pwned␇"},
	{"osc 2 title st", "\x1b]2;pwned\x1b\\", "␛]2;pwned␛\\"},
	{"osc 8 hyperlink", "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "␛]8;;https://evil.example/␛\\click␛]8;;␛\\"},
	{"osc 52 clipboard", "\x1b]52;c;Y3VybCBldmlsfHNo\x07", "␛]52;c;Y3VybCBldmlsfHNo␇"},
	{"dcs", "\x1bP1$r0m\x1b\\", "␛P1$r0m␛\\"},
	{"apc", "\x1b_Gf=100;AAAA\x1b\\", "␛_Gf=100;AAAA␛\\"},
	{"pm", "\x1b^private\x1b\\", "␛^private␛\\"},
	{"sos", "\x1bXstring\x1b\\", "␛Xstring␛\\"},
	{"c1 csi as utf-8", "a\u009b2Jb", "a\uFFFD2Jb"},
	{"c1 osc and st as utf-8", "\u009d0;t\u009c", "\uFFFD0;t\uFFFD"},
	{"c1 nel as utf-8", "a\u0085b", "a\uFFFDb"},
	{"raw 0x9b byte", "a\x9b2Jb", "a\uFFFD2Jb"},
	{"raw 0x9d osc byte", "\x9d0;t\x07", "\uFFFD0;t␇"},
	{"bel", "ding\x07", "ding␇"},
	{"backspace overstrike", "admin\x08\x08\x08\x08\x08guest", "admin␈␈␈␈␈guest"},
	{"carriage return overstrike", "ok 200\rFAIL", "ok 200␍FAIL"},
	{"newline", "one\ntwo\r\n", "one␊two␍␊"},
	{"tab", "a\tb", "a b"},
	{"nul vt ff", "a\x00b\x0bc\x0cd", "a␀b␋c␌d"},
	{"del", "a\x7fb", "a␡b"},
	{"bidi override", "user\u202Egnp.exe", "user\uFFFDgnp.exe"},
	{"bidi embeddings", "\u202Aa\u202Bb\u202Cc\u202Dd", "\uFFFDa\uFFFDb\uFFFDc\uFFFDd"},
	{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "\uFFFDa\uFFFDb\uFFFDc\uFFFD"},
	{"bidi marks", "\u200Ea\u200Fb\u061Cc", "\uFFFDa\uFFFDb\uFFFDc"},
	{"zero width", "ad\u200Bm\u200Ci\u200Dn\u2060\uFEFF", "ad\uFFFDm\uFFFDi\uFFFDn\uFFFD\uFFFD"},
	{"line separators", "a\u2028b\u2029c", "a\uFFFDb\uFFFDc"},
	{"soft hyphen and tags", "a\u00ADb\U000E0041", "a\uFFFDb\uFFFD"},
	{"hangul filler", "x\u3164y", "x\uFFFDy"},
	{"invalid utf-8", "a\xffb\xc3(c\xe2\x82", "a\uFFFDb\uFFFD(c\uFFFD\uFFFD"},
	{"overlong slash", "\xc0\xaf", "\uFFFD\uFFFD"},
	{"encoded surrogate", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
	{"leading combining mark", "\u0301abc", "\u25CC\u0301abc"},
	{"zalgo", "e" + strings.Repeat("\u0301", 40), "e" + strings.Repeat("\u0301", maxMarks)},
	{"zalgo after clean prefix", "abc e" + strings.Repeat("\u0301", maxMarks) + "\x07" + strings.Repeat("\u0301", 3), "abc e" + strings.Repeat("\u0301", maxMarks) + "␇" + strings.Repeat("\u0301", 3)},
	{"wide cjk unchanged", "東京 ログ", "東京 ログ"},
	{"emoji unchanged", "ok 👍 🇫🇷 😀", "ok 👍 🇫🇷 😀"},
	{"emoji modifier replaced", "ok 👍🏽", "ok 👍\uFFFD"},
	{"emoji presentation selector replaced", "❤\uFE0F!", "❤\uFFFD!"},
	{"accents unchanged", "café naïve e\u0301", "café naïve e\u0301"},
	{"replacement char unchanged", "a\uFFFDb", "a\uFFFDb"},
}

// assertInert fails t when out holds anything a terminal would act on.
func assertInert(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("Text(%q) = %q: invalid UTF-8", in, out)
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; c < 0x20 || c == 0x7f {
			t.Fatalf("Text(%q) = %q: control byte %#x at %d", in, out, c, i)
		}
	}
	for i, r := range out {
		if r >= 0x80 && r <= 0x9f {
			t.Fatalf("Text(%q) = %q: C1 rune %U at %d", in, out, r, i)
		}
		if _, changed := inert(r); changed {
			t.Fatalf("Text(%q) = %q: rune %U at %d should have been replaced", in, out, r, i)
		}
	}
	if i, _ := cleanPrefix(out); i != len(out) {
		t.Fatalf("Text(%q) = %q: would change again at byte %d", in, out, i)
	}
}

func TestTextHostile(t *testing.T) {
	for _, tc := range hostile {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in)
			assertInert(t, tc.in, got)
			if got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if b := Bytes([]byte(tc.in)); b != got {
				t.Errorf("Bytes(%q) = %q, Text gave %q", tc.in, b, got)
			}
			if again := Text(got); again != got {
				t.Errorf("Text is not idempotent: %q then %q", got, again)
			}
		})
	}
}

func TestTextNoEscapeSurvives(t *testing.T) {
	// Every ESC-introduced sequence kind, and every C1 introducer in both
	// encodings, loses its introducer.
	for c := 0x40; c < 0x60; c++ {
		for _, in := range []string{"\x1b" + string(rune(c)) + "x", string(rune(c + 0x40)), string([]byte{byte(c + 0x40)})} {
			out := Text(in)
			assertInert(t, in, out)
			if strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, rune(c+0x40)) {
				t.Fatalf("Text(%q) = %q still holds an introducer", in, out)
			}
		}
	}
}

func TestTextUnchangedWithoutAllocating(t *testing.T) {
	for _, in := range []string{
		"",
		`203.0.113.9 - - [10/Oct/2025:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "curl/8.5.0"`,
		"東京 café 👍 🇫🇷 e\u0301",
	} {
		var out string
		allocs := testing.AllocsPerRun(100, func() { out = Text(in) })
		if out != in {
			t.Errorf("Text(%q) = %q, want it unchanged", in, out)
		}
		if allocs != 0 {
			t.Errorf("Text(%q) allocated %.0f times, want 0", in, allocs)
		}
	}
}
