package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// drillRows are the raw-line rows of the drill-down view on a captured
// screen: the rows inside its frame that hold a request.
func drillRows(screen string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		if (strings.HasPrefix(l, "┃") || strings.HasPrefix(l, "▸")) && strings.Contains(l, `"GET `) {
			out = append(out, l)
		}
	}
	return out
}

// TestE2EDrillTopSender runs the TUI at 80x24 on a file, drills from the
// top sender (enter on the clients pane's first row) into its raw lines,
// checks that only that sender's lines are on screen, history first and
// arrivals after, and goes back with esc.
func TestE2EDrillTopSender(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	var lines []string
	lines = append(lines, accessLines("203.0.113.50", "/top", 200, 30)...)
	lines = append(lines, accessLines("198.51.100.60", "/second", 404, 12)...)
	lines = append(lines, accessLines("192.0.2.70", "/third", 500, 6)...)
	appendLines(t, log, lines...)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, bin, "--from-start", "--window", "1h", log)
	// The clients pane has focus at start and its first row is selected.
	s.waitFor("the top sender selected in the clients pane", func(sc string) bool {
		return strings.Contains(sc, "▸203.0.113.50 ") && strings.Contains(sc, "192.0.2.70")
	})

	s.keys("Enter")
	sc := s.waitFor("the drill-down on the top sender", func(sc string) bool {
		return strings.Contains(sc, "actor=203.0.113.50") && len(drillRows(sc)) >= 14
	})
	for _, r := range drillRows(sc) {
		if !strings.Contains(r, "203.0.113.50") || !strings.Contains(r, "/top") {
			t.Fatalf("a line of another sender in the drill-down: %q\nscreen:\n%s", r, sc)
		}
	}
	for _, other := range []string{"198.51.100.60", "192.0.2.70", "/second", "/third"} {
		if strings.Contains(sc, other) {
			t.Fatalf("the drill-down shows %q:\n%s", other, sc)
		}
	}
	if !strings.Contains(sc, "30 lines") {
		t.Fatalf("the drill-down should hold the sender's 30 lines of history:\n%s", sc)
	}

	// Arrivals: the sender's new lines come in, the others' do not.
	appendLines(t, log, accessLines("198.51.100.60", "/not-this", 200, 3)...)
	appendLines(t, log, accessLines("203.0.113.50", "/arrived", 201, 2)...)
	sc = s.waitFor("the sender's new lines", func(sc string) bool {
		return strings.Contains(sc, "/arrived") && strings.Contains(sc, "32 lines")
	})
	if strings.Contains(sc, "/not-this") || strings.Contains(sc, "198.51.100.60") {
		t.Fatalf("another sender's arrival in the drill-down:\n%s", sc)
	}
	for i, line := range strings.Split(strings.TrimRight(sc, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("screen line %d is %d cells wide at 80 columns: %q", i, w, line)
		}
	}

	s.keys("Escape")
	s.waitFor("the panes back", func(sc string) bool {
		return !strings.Contains(sc, "actor=203.0.113.50") && strings.Contains(sc, "clients") && strings.Contains(sc, "198.51.100.60")
	})

	s.keys("q")
	if code := s.waitExit(); code != "0" {
		t.Fatalf("tailtop exited with %s; screen:\n%s", code, s.screen())
	}
}
