package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sgrSeq finds SGR sequences (CSI ... m) and their parameters.
var sgrSeq = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// sgrColors returns the color settings in the SGR sequences of out: 30-37,
// 40-47, 90-97, 100-107 and the extended 38/48 (whose 5;n or 2;r;g;b
// arguments are skipped, not mistaken for colors). 39 and 49 (back to the
// default color) set none.
func sgrColors(out string) []string {
	var found []string
	for _, m := range sgrSeq.FindAllStringSubmatch(out, -1) {
		params := strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' })
		for i := 0; i < len(params); i++ {
			p := params[i]
			if strings.ContainsRune(p, ':') { // 38:2::r:g:b, one parameter
				p = p[:strings.IndexRune(p, ':')]
				if p == "38" || p == "48" || p == "58" {
					found = append(found, params[i])
				}
				continue
			}
			n, err := strconv.Atoi(p)
			if err != nil {
				continue
			}
			switch {
			case n == 38 || n == 48 || n == 58:
				found = append(found, m[0])
				if i+1 < len(params) && params[i+1] == "5" {
					i += 2
				} else if i+1 < len(params) && params[i+1] == "2" {
					i += 4
				}
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				found = append(found, m[0])
			}
		}
	}
	return found
}

func TestSGRColors(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"\x1b[1m\x1b[7mx\x1b[m\x1b[0;4m", 0},
		{"\x1b[39;49m", 0},
		{"\x1b[1;31m", 1},
		{"\x1b[38;2;1;31;41m", 1}, // 31 and 41 are the RGB arguments
		{"\x1b[38;5;196;1m", 1},
		{"\x1b[97m\x1b[104m", 2},
		{"\x1b[38:2::255:0:0m", 1},
	} {
		if got := sgrColors(c.in); len(got) != c.want {
			t.Errorf("sgrColors(%q) = %q, want %d", c.in, got, c.want)
		}
	}
}

// startGatedTmux runs argv in tmux, keeping every byte the program writes
// in the returned file: the command waits for a gate file, so that
// pipe-pane is in place before the program's first byte.
func startGatedTmux(t *testing.T, width, height int, env []string, argv ...string) (*tmuxSession, string) {
	t.Helper()
	dir := t.TempDir()
	gate, raw := filepath.Join(dir, "gate"), filepath.Join(dir, "raw")
	script := `g=$1; shift; while [ ! -e "$g" ]; do sleep 0.05; done; exec "$@"`
	s := startTmux(t, width, height, env, append([]string{"sh", "-c", script, "sh", gate}, argv...)...)
	s.run("pipe-pane", "-o", "cat >> "+quoteAll([]string{raw})[0])
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return s, raw
}

// TestE2ENoColor runs the real binary in tmux with NO_COLOR=1 in a
// terminal that has true colors, through the panes, the help and a
// drill-down, and finds no color in what tmux shows (capture-pane -e) nor
// in the raw bytes the program wrote. The same run without NO_COLOR shows
// colors, so the check can tell.
func TestE2ENoColor(t *testing.T) {
	bin := binary(t)
	log := filepath.Join(t.TempDir(), "access.log")
	appendLines(t, log, accessLines("203.0.113.77", "/index.html", 200, 20)...)
	appendLines(t, log, accessLines("198.51.100.9", "/api/login", 401, 8)...)
	appendLines(t, log, accessLines("192.0.2.5", "/api/orders", 503, 5)...)

	run := func(t *testing.T, env ...string) (styled, raw string) {
		env = append([]string{"TERM=xterm-256color", "COLORTERM=truecolor"}, env...)
		s, rawPath := startGatedTmux(t, 100, 30, env, bin, "--from-start", "--window", "1h", log)
		s.waitFor("the clients on screen", func(sc string) bool {
			return strings.Contains(sc, "203.0.113.77") && strings.Contains(sc, "192.0.2.5")
		})
		styled = s.run("capture-pane", "-p", "-e")
		// More views, more styles: the help, then a drill-down.
		s.keys("?")
		s.waitFor("the help", func(sc string) bool { return !strings.Contains(sc, "203.0.113.77") })
		styled += s.run("capture-pane", "-p", "-e")
		s.keys("?")
		s.waitFor("the panes again", func(sc string) bool { return strings.Contains(sc, "203.0.113.77") })
		s.keys("Enter")
		s.waitFor("the drill-down", func(sc string) bool { return strings.Contains(sc, "GET /index.html") })
		styled += s.run("capture-pane", "-p", "-e")
		s.keys("C-c")
		if code := s.waitExit(); code != "0" {
			t.Fatalf("tailtop exited with status %s; screen:\n%s", code, s.screen())
		}
		b, err := os.ReadFile(rawPath)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatal("pipe-pane kept no bytes")
		}
		return styled, string(b)
	}

	t.Run("colors without NO_COLOR", func(t *testing.T) {
		styled, raw := run(t)
		if len(sgrColors(styled)) == 0 || len(sgrColors(raw)) == 0 {
			t.Fatalf("no colors even without NO_COLOR: the check could not tell (screen %d colors, raw %d)",
				len(sgrColors(styled)), len(sgrColors(raw)))
		}
	})
	t.Run("NO_COLOR=1", func(t *testing.T) {
		styled, raw := run(t, "NO_COLOR=1")
		if c := sgrColors(styled); len(c) > 0 {
			t.Errorf("tmux shows colors with NO_COLOR=1: %q", c[:min(len(c), 5)])
		}
		if c := sgrColors(raw); len(c) > 0 {
			t.Errorf("tailtop wrote colors with NO_COLOR=1: %q", c[:min(len(c), 5)])
		}
		// Emphasis survives: the mono theme is bold and reversed.
		if !regexp.MustCompile(`\x1b\[[0-9;]*\b(1|7)\b[0-9;]*m`).MatchString(raw) {
			t.Errorf("no bold or reverse at all with NO_COLOR=1")
		}
	})
}
