package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// These tests feed the hostile corpus (hostile_corpus_test.go) through
// every view of the real binary in tmux, and judge from the terminal's own
// state (capture-pane, tmux's record of the title, modes, paste buffers)
// and from the raw bytes tmux received that no log text had an effect and
// that every pane kept its width.

const (
	hostileWidth  = 100
	hostileHeight = 30
)

// rawSession is a tmux session whose every output byte is kept: the
// command waits for a gate file, so that pipe-pane is in place before the
// program writes its first byte.
type rawSession struct {
	*tmuxSession
	raw string
	// seen are the screens check judged, for what must have been shown.
	seen []string
}

// startRawTmux runs argv at hostileWidth x hostileHeight in a tmux session
// whose output is kept from the first byte. The command runs in dir, so
// that sources named relative to it have short names on screen.
func startRawTmux(t *testing.T, dir string, env []string, argv ...string) *rawSession {
	t.Helper()
	gate, raw := filepath.Join(t.TempDir(), "gate"), filepath.Join(t.TempDir(), "raw")
	script := `g=$1; d=$2; shift 2; while [ ! -e "$g" ]; do sleep 0.05; done; cd "$d" && exec "$@"`
	s := startTmux(t, hostileWidth, hostileHeight, env, append([]string{"sh", "-c", script, "sh", gate, dir}, argv...)...)
	// An OSC 52 that reached tmux would become a paste buffer.
	s.run("set-option", "-g", "set-clipboard", "on")
	s.run("pipe-pane", "-o", "cat >> "+quoteAll([]string{raw})[0])
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return &rawSession{tmuxSession: s, raw: raw}
}

func (s *rawSession) rawBytes() []byte {
	b, err := os.ReadFile(s.raw)
	if err != nil && !os.IsNotExist(err) {
		s.t.Fatal(err)
	}
	return b
}

// settle waits until the screen satisfies cond and stays the same for two
// captures in a row: tmux 3.3 has no synchronized output, and a capture
// taken in the middle of a redraw mixes two frames.
func (s *rawSession) settle(what string, cond func(string) bool) string {
	s.t.Helper()
	prev := ""
	return s.waitFor(what, func(sc string) bool {
		ok := cond(sc) && sc == prev
		prev = sc
		return ok
	})
}

// termState reads the pane's modes from tmux.
func (s *rawSession) termState() map[string]string {
	names := []string{"pane_title", "alternate_on", "cursor_flag", "insert_flag", "origin_flag",
		"mouse_any_flag", "mouse_all_flag", "mouse_standard_flag",
		"scroll_region_upper", "scroll_region_lower", "keypad_cursor_flag", "cursor_x", "cursor_y"}
	var f []string
	for _, n := range names {
		f = append(f, "#{"+n+"}")
	}
	vals := strings.Split(strings.TrimRight(s.run("display-message", "-p", strings.Join(f, "\x1f")), "\n"), "\x1f")
	m := make(map[string]string, len(names))
	for i, n := range names {
		if i < len(vals) {
			m[n] = vals[i]
		}
	}
	return m
}

// check judges the screen now: the view is named for the failures. The
// cursor must be hidden, unless cursorAt is not empty: then it must be
// shown on the row holding cursorAt (a text input).
func (s *rawSession) check(view string, cursorAt string) {
	s.t.Helper()
	plain := s.run("capture-pane", "-p", "-N")
	styled := s.run("capture-pane", "-p", "-e")
	s.seen = append(s.seen, plain)
	var bad []string
	bad = append(bad, geometryViolations(plain, hostileWidth)...)
	bad = append(bad, screenSGRViolations(styled)...)
	st := s.termState()
	want := map[string]string{
		"pane_title": "tailtop", "alternate_on": "1", "insert_flag": "0", "origin_flag": "0",
		// tailtop's own mouse capture is cell motion with SGR reports;
		// a log line must not switch it to all motion or plain reports.
		"mouse_all_flag": "0", "mouse_standard_flag": "0",
		"scroll_region_upper": "0", "scroll_region_lower": fmt.Sprint(hostileHeight - 1), "keypad_cursor_flag": "0",
	}
	if cursorAt == "" {
		want["cursor_flag"] = "0"
	} else {
		want["cursor_flag"] = "1"
		rows := strings.Split(plain, "\n")
		var y, x int
		fmt.Sscan(st["cursor_y"], &y)
		fmt.Sscan(st["cursor_x"], &x)
		if y >= len(rows) || !strings.Contains(rows[y], cursorAt) || x >= hostileWidth {
			bad = append(bad, fmt.Sprintf("the cursor is at column %d, row %d, not on the row of %q", x, y, cursorAt))
		}
	}
	for k, v := range want {
		if st[k] != v {
			bad = append(bad, fmt.Sprintf("the terminal's %s is %q, want %q", k, st[k], v))
		}
	}
	if bufs := strings.TrimSpace(s.run("list-buffers")); bufs != "" {
		bad = append(bad, fmt.Sprintf("the clipboard was written (tmux paste buffers): %q", bufs))
	}
	for _, b := range bad {
		s.t.Errorf("%s: %s", view, b)
	}
	if len(bad) > 0 {
		s.t.Logf("%s: screen:\n%s", view, plain)
	}
}

// barrier returns once tailtop has handled every key sent before it: keys
// are handled in order, and the pause key shows and hides a marker on the
// status line.
func (s *rawSession) barrier(what string) {
	s.t.Helper()
	s.keys("Space")
	s.settle(what+": the pause marker", func(sc string) bool { return strings.Contains(sc, " PAUSED ") })
	s.keys("Space")
	s.settle(what+": the pause marker gone", func(sc string) bool { return !strings.Contains(sc, " PAUSED ") })
}

// press sends keys and returns the screen once tailtop handled them and
// the screen satisfies cond.
//
// A key sent right after Escape would reach tailtop as that key with Alt:
// after Escape, cond must show that Escape was handled before the barrier
// sends its keys.
func (s *rawSession) press(what string, cond func(string) bool, keys ...string) string {
	s.t.Helper()
	s.keys(keys...)
	if keys[len(keys)-1] == "Escape" {
		s.settle(what, cond)
	}
	s.barrier(what)
	return s.settle(what, cond)
}

func anyScreen(string) bool { return true }

// pageThrough checks the page on screen, then presses pgdown and checks
// each next page until the screen stops changing.
func (s *rawSession) pageThrough(view string, screen string) {
	s.t.Helper()
	for i := 0; i < 60; i++ {
		s.check(view, "")
		next := s.press(view+" after pgdown", anyScreen, "PageDown")
		if next == screen {
			return
		}
		screen = next
	}
	s.t.Fatalf("%s: pgdown never reached the end", view)
}

// focus presses tab until the pane titled title has the focus (a heavy
// border).
func (s *rawSession) focus(title string) {
	s.t.Helper()
	sc := s.settle("a stable screen", anyScreen)
	for i := 0; i < 10; i++ {
		if strings.Contains(sc, "┏━ "+title+" ") {
			return
		}
		sc = s.press("the next pane focused", anyScreen, "Tab")
	}
	s.t.Fatalf("the %s pane never got the focus; screen:\n%s", title, sc)
}

func drillOpen(sc string) bool {
	return strings.Contains(sc, " lines ━") || strings.Contains(sc, " line ━")
}

// streamViews visits every view of the selected stream. actors is the
// title of its first pane; row is how many rows down the drill-down
// starts (a hostile row).
func (s *rawSession) streamViews(name, actors string, row int) {
	s.t.Helper()
	panes := func(sc string) bool { return strings.Contains(sc, " "+actors+" ") }
	s.focus("tail")
	s.pageThrough(name+" tail", s.press(name+" tail top", anyScreen, "g"))

	s.pageThrough(name+" unparsed", s.press(name+" unparsed", anyScreen, "u", "g"))
	s.press(name+" tail again", anyScreen, "u")

	s.keys("/", "P", "W", "N", "E", "D")
	s.settle(name+" filter typed", func(sc string) bool { return strings.Contains(sc, "/"+hostileMarker) })
	s.check(name+" filter editing", "/"+hostileMarker)
	s.press(name+" filtered", anyScreen, "Enter")
	s.check(name+" filtered tail", "")
	s.press(name+" filter cleared", func(sc string) bool { return !strings.Contains(sc, "/"+hostileMarker) }, "Escape")

	s.focus(actors)
	for i := 0; i < row; i++ {
		s.keys("j")
	}
	s.pageThrough(name+" drill-down", s.press(name+" drill-down", drillOpen, "Enter"))
	s.press(name+" pretty", func(sc string) bool { return strings.Contains(sc, "› line") }, "g", "p")
	s.check(name+" pretty", "")
	s.press(name+" pretty next", func(sc string) bool { return strings.Contains(sc, "› line") }, "j")
	s.check(name+" pretty next", "")
	s.press(name+" back to the drill-down", func(sc string) bool { return drillOpen(sc) && !strings.Contains(sc, "› line") }, "Escape")
	s.press(name+" back to the panes", func(sc string) bool { return panes(sc) && !drillOpen(sc) }, "Escape")

	// The second pane's first row: a target many hostile lines share.
	s.focus(actors)
	s.pageThrough(name+" target drill-down", s.press(name+" target drill-down", drillOpen, "Tab", "Enter"))
	s.press(name+" back to the panes", func(sc string) bool { return panes(sc) && !drillOpen(sc) }, "Escape")

	s.press(name+" incidents", func(sc string) bool { return strings.Contains(sc, "━ spikes ") }, "v")
	s.check(name+" incidents", "")
	s.press(name+" traffic", panes, "v")
	s.press(name+" sources", func(sc string) bool { return strings.Contains(sc, "━ sources ") }, "s")
	s.check(name+" sources", "")
	s.press(name+" traffic", panes, "s")
	s.press(name+" overview", func(sc string) bool { return strings.Contains(sc, "━ overview ") }, "o")
	s.check(name+" overview", "")
	s.press(name+" traffic", panes, "o")
}

// TestE2EHostileInputEveryView runs tailtop at 100x30 on the hostile
// corpus and visits every view of every stream: the panes, the tail
// (every line, page by page), the unparsed lines, a `/` filter, a
// drill-down from a hostile row (every line) and its pretty view, a
// drill-down from a target, the incidents page, the sources, the
// overview. After each, the terminal's state and the screen's geometry
// are checked; at the end, every byte the terminal received.
func TestE2EHostileInputEveryView(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	var names []string
	for _, p := range writeHostileCorpus(t, dir, time.Now()) {
		names = append(names, filepath.Base(p))
	}
	s := startRawTmux(t, dir, []string{"NO_COLOR=1", "TERM=xterm-256color"},
		append([]string{bin, "--from-start", "--window", "1h"}, names...)...)
	s.settle("the hostile corpus on screen", func(sc string) bool {
		return strings.Contains(sc, "━ clients ") && strings.Contains(sc, "203.0.113.50")
	})
	s.check("access.log panes", "")
	s.streamViews("access.log", "clients", 0)

	s.press("the CloudTrail stream", func(sc string) bool { return strings.Contains(sc, "━ principals ") }, "]")
	s.check("cloudtrail.json panes", "")
	s.streamViews("cloudtrail.json", "principals", 2)

	s.press("the JSON stream", func(sc string) bool {
		return strings.Contains(sc, "[app.jsonl]") && strings.Contains(sc, "━ actors ")
	}, "]")
	s.check("app.jsonl panes", "")
	s.streamViews("app.jsonl", "actors", 1)

	// The payloads did go through the views, shown for what they are.
	seen := strings.Join(s.seen, "\n")
	for _, inert := range []string{
		"PWNED-visible␈␈␈", "PWNED-before-cr␍fake clean line", "␛]0;PWNED-title-0␇", "␛]52;c;UFdORUQtY2xpcGJvYXJk␇",
		"␛]8;;https://evil.example/PWNED", "␛P+q544e␛\\", "␛_Gf=100", "␛[?1049l", "user\uFFFDgpj.exe", "日本語のログ行",
	} {
		if !strings.Contains(seen, inert) {
			t.Errorf("no screen showed %q", inert)
		}
	}

	s.quitChecked()
	if st := s.termState(); st["alternate_on"] != "0" || strings.Contains(st["pane_title"], hostileMarker) {
		t.Errorf("the terminal after exit: %v", st)
	}
}

// quitChecked quits with q and checks the exit code and every byte the
// terminal received, including the restoring of the terminal at exit.
func (s *rawSession) quitChecked() {
	t := s.t
	t.Helper()
	s.keys("q")
	if code := s.waitExit(); code != "0" {
		t.Fatalf("tailtop exited with %s; screen:\n%s", code, s.screen())
	}
	raw := s.rawWhenRestored()
	for _, v := range rawStreamViolations(raw, "tailtop") {
		t.Errorf("raw output: %s", v)
	}
	for _, v := range restoreViolations(raw) {
		t.Errorf("after exit: %s", v)
	}
}

// rawWhenRestored waits for the raw stream to hold the exit's restoring
// of the terminal (leaving the alternate screen), so nothing is missing
// from the check.
func (s *rawSession) rawWhenRestored() []byte {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		raw := s.rawBytes()
		i := bytes.LastIndex(raw, []byte("\x1b[?1049h"))
		if i >= 0 && bytes.Contains(raw[i:], []byte("\x1b[?1049l")) {
			return raw
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the raw output never left the alternate screen (%d bytes)", len(raw))
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not synchronization
	}
}

// The headless outputs a terminal shows as they are: report as text and
// as JSON, and parse's JSON lines. None may hold an escape, a control or
// a C1 control, raw or in UTF-8, and all must be valid UTF-8; the text
// report (made to be read) holds no bidi or invisible format characters
// either.
func TestHostileHeadlessOutputs(t *testing.T) {
	bin := binary(t)
	paths := writeHostileCorpus(t, t.TempDir(), hostileFixedTime)
	for _, tc := range []struct {
		args     []string
		noFormat bool
	}{
		{[]string{"report"}, true},
		{[]string{"report", "--json"}, false},
		{[]string{"parse"}, false},
	} {
		cmd := exec.Command(bin, append(tc.args, paths...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", tc.args, err, stderr.Bytes())
		}
		if stdout.Len() == 0 {
			t.Fatalf("%v printed nothing", tc.args)
		}
		for _, v := range textViolations(stdout.Bytes(), tc.noFormat) {
			t.Errorf("%v stdout: %s", tc.args, v)
		}
		for _, v := range textViolations(stderr.Bytes(), true) {
			t.Errorf("%v stderr: %s", tc.args, v)
		}
	}
}
