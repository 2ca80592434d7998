package main

import (
	"strings"
	"testing"
)

// The checks of the hostile input tests must be able to fail: each one is
// shown a stream or a screen with the fault it looks for, and one without.

func TestRawStreamCheckCatchesEachFault(t *testing.T) {
	clean := "\x1b[?1049h\x1b[?25l\x1b]2;tailtop\x07\x1b[H\x1b[1mok\x1b[m\r\n\b\x1b[5;10H┃日本\x1b[?2026$p\x1b[>1u\x1b[<1u\x1b[?1002h\x1b[?1006h\x1b[?1049l\x1b[?25h\x1b]2;\x07\x1b]11;?\x07"
	if v := rawStreamViolations([]byte(clean), "tailtop"); len(v) > 0 {
		t.Fatalf("a clean stream: %v", v)
	}
	for _, bad := range []string{
		"\x1b]2;PWNED\x07", "\x1b]0;PWNED\x1b\\", "\x1b]8;;http://x\x1b\\", "\x1b]52;c;UFdORUQ=\x07",
		"\x1bP+q544e\x1b\\", "\x1b_Gf=1\x1b\\", "\x1b^pm\x1b\\", "\x1bXsos\x1b\\",
		"\x9b2J", "\u009b2J", "\x07", "\x1b[6n", "\x1b[21t", "\x1b[?1003h", "\x1b[?1000h", "\x1bc",
		"\xff", "\u202e", "\u200b", "a\x00", "\x1b[4h", "\x1b]11;rgb:00/00/00\x07", "\x1b]2;unterminated",
	} {
		if v := rawStreamViolations([]byte(clean+bad), "tailtop"); len(v) == 0 {
			t.Errorf("%q went unnoticed", bad)
		}
	}
}

func TestGeometryCheckCatchesAShiftedBorder(t *testing.T) {
	box := []string{
		"╭─ a ─╮┏━ b ━┓",
		"│x    │┃❤    ┃",
		"│日本 │▸y    ┃",
		"╰─────╯┗━━━━━┛",
	}
	if v := geometryViolations(strings.Join(box, "\n"), 14); len(v) > 0 {
		t.Fatalf("an aligned screen: %v", v)
	}
	for name, row := range map[string]string{
		"a border one cell left":        "│x    │┃❤️   ┃", // wcwidth puts ❤️ in one cell
		"a border one cell right":       "│x    │┃👍🏽   ┃", // and 👍🏽 in four
		"a border missing":              "│x    │┃yyyyy ",
		"a row too wide for the screen": "│x    │┃yyyyy┃zzzz",
	} {
		shifted := append([]string(nil), box...)
		shifted[1] = row
		if v := geometryViolations(strings.Join(shifted, "\n"), 14); len(v) == 0 {
			t.Errorf("%s went unnoticed: %q", name, row)
		}
	}
}

func TestScreenSGRCheck(t *testing.T) {
	if v := screenSGRViolations("\x1b[1m\x1b[7mok\x1b[0m\x1b[4;22m"); len(v) > 0 {
		t.Fatalf("tailtop's own attributes: %v", v)
	}
	for _, bad := range []string{"\x1b[5m", "\x1b[8m", "\x1b[31m", "\x1b[48;5;1m", "\x1b]8;;x\x1b\\"} {
		if v := screenSGRViolations("ok" + bad + "x"); len(v) == 0 {
			t.Errorf("%q went unnoticed", bad)
		}
	}
}

func TestRestoreCheck(t *testing.T) {
	ok := "\x1b[?1049h\x1b[?25l\x1b[>1u\x1b[?1002h\x1b]2;tailtop\x07..\x1b[<1u\x1b[?1049l\x1b[?25h\x1b[?1002l\x1b]2;\x07"
	if v := restoreViolations([]byte(ok)); len(v) > 0 {
		t.Fatalf("a restored terminal: %v", v)
	}
	for _, cut := range []string{"\x1b[<1u", "\x1b[?1049l", "\x1b[?25h", "\x1b[?1002l", "\x1b]2;\x07"} {
		if v := restoreViolations([]byte(strings.Replace(ok, cut, "", 1))); len(v) == 0 {
			t.Errorf("a stream without %q went unnoticed", cut)
		}
	}
}

func TestTextCheck(t *testing.T) {
	if v := textViolations([]byte("ok\t日本 ␛[2J \uFFFD\n"), true); len(v) > 0 {
		t.Fatalf("clean text: %v", v)
	}
	for _, bad := range []string{"\x1b", "\x9b", "\u009b", "\xff", "\x07", "\x7f"} {
		if v := textViolations([]byte("ok"+bad), false); len(v) == 0 {
			t.Errorf("%q went unnoticed", bad)
		}
	}
	if v := textViolations([]byte("a\u202eb"), true); len(v) == 0 {
		t.Errorf("a bidi override went unnoticed in text")
	}
}
