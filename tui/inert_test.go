package tui

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// sgr matches a Select Graphic Rendition sequence: the only escape sequence
// a style may put on screen.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// requireInert fails when out holds anything that could act on a terminal
// besides styling: an escape sequence other than SGR, a C0 control other
// than newline, DEL, a C1 control, a bidi override or isolate.
func requireInert(t *testing.T, out string) {
	t.Helper()
	rest := sgr.ReplaceAllString(out, "")
	for i, r := range rest {
		bad := (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f
		if bad || (r != '\n' && unicode.Is(unicode.Cc, r)) {
			t.Fatalf("output holds %U at byte %d: %q", r, i, around(rest, i))
		}
	}
	for _, h := range []string{hostileTitle, hostileClear, hostileLink, hostileBidi, hostileCSI8} {
		if strings.Contains(out, h) {
			t.Fatalf("output holds the hostile string %q raw", h)
		}
	}
}

func around(s string, i int) string {
	return s[max(i-20, 0):min(i+20, len(s))]
}
