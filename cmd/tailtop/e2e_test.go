package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests run the real binary in tmux and read the screen with
// capture-pane, as a user would see it.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds tailtop once for the e2e tests.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tailtop-e2e-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "tailtop")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// tmuxSession is one detached tmux server running a command at a fixed size.
type tmuxSession struct {
	t      *testing.T
	socket string
	// exitFile receives the command's exit status: tmux's own
	// #{pane_dead_status} is sometimes left empty (tmux 3.3).
	exitFile string
}

func requireTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("TAILTOP_E2E") == "require" {
			t.Fatal("tmux is required for the end-to-end tests (scripts/test installs it)")
		}
		t.Skip("tmux not installed")
	}
}

func startTmux(t *testing.T, width, height int, env []string, argv ...string) *tmuxSession {
	t.Helper()
	requireTmux(t)
	dir := t.TempDir()
	s := &tmuxSession{t: t, socket: filepath.Join(dir, "tmux.sock"), exitFile: filepath.Join(dir, "exit")}
	cmdline := strings.Join(quoteAll([]string{"sh", "-c", strings.Join(quoteAll(argv), " ") + "; echo $? > " + s.exitFile}), " ")
	args := []string{"-S", s.socket, "-f", "/dev/null", "new-session", "-d", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height)}
	for _, e := range env {
		args = append(args, "-e", e)
	}
	args = append(args, cmdline)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	s.run("set-option", "-g", "remain-on-exit", "on")
	t.Cleanup(func() { _ = exec.Command("tmux", "-S", s.socket, "kill-server").Run() })
	return s
}

func quoteAll(argv []string) []string {
	out := make([]string, len(argv))
	for i, a := range argv {
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return out
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// waitExit waits for the command to end and returns its exit status.
func (s *tmuxSession) waitExit() string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(s.exitFile); err == nil && len(b) > 0 {
			return strings.TrimSpace(string(b))
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not synchronization
	}
	s.t.Fatalf("the command did not exit; screen:\n%s", s.screen())
	return ""
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p") }

func (s *tmuxSession) keys(keys ...string) { s.run(append([]string{"send-keys"}, keys...)...) }

// waitFor polls the screen until cond holds, failing with the last screen
// after the deadline. The deadline is generous: CI machines are slow, and a
// timing is never what these tests measure.
func (s *tmuxSession) waitFor(what string, cond func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = s.screen()
		if cond(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not synchronization
	}
	s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, last)
	return ""
}

func appendLines(t *testing.T, path string, lines ...string) {
	t.Helper()
	if err := appendLinesErr(path, lines...); err != nil {
		t.Fatal(err)
	}
}

// appendLinesErr is appendLines for goroutines, which must not call Fatal.
func appendLinesErr(path string, lines ...string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, l := range lines {
		if _, err := f.WriteString(l + "\n"); err != nil {
			return err
		}
	}
	return nil
}

func accessLines(ip, path string, status, n int) []string {
	out := make([]string, n)
	ts := time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700")
	for i := range out {
		out[i] = fmt.Sprintf(`%s - - [%s] "GET %s HTTP/1.1" %d 512 "-" "e2e"`, ip, ts, path, status)
	}
	return out
}

// TestE2EFollowAcrossRotation runs the TUI at 80x24 on a file that is
// appended to, rotated by rename+create, then by copytruncate, and checks
// the screen after each step.
func TestE2EFollowAcrossRotation(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendLines(t, log, accessLines("203.0.113.77", "/before", 200, 5)...)

	s := startTmux(t, 80, 24, []string{"NO_COLOR=1", "TERM=xterm-256color"}, bin, "--from-start", "--window", "1h", log)
	s.waitFor("history client on screen", func(sc string) bool { return strings.Contains(sc, "203.0.113.77") })

	appendLines(t, log, accessLines("198.51.100.10", "/appended", 200, 7)...)
	s.waitFor("appended client", func(sc string) bool { return strings.Contains(sc, "198.51.100.10") })

	// rotation by rename + create
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	appendLines(t, log, accessLines("192.0.2.201", "/rotated", 503, 9)...)
	s.waitFor("client after rename+create", func(sc string) bool { return strings.Contains(sc, "192.0.2.201") })

	// rotation by copytruncate
	if err := os.Truncate(log, 0); err != nil {
		t.Fatal(err)
	}
	appendLines(t, log, accessLines("192.0.2.202", "/truncated", 404, 11)...)
	sc := s.waitFor("client after copytruncate", func(sc string) bool { return strings.Contains(sc, "192.0.2.202") })

	for i, line := range strings.Split(strings.TrimRight(sc, "\n"), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Errorf("screen line %d is %d cells wide at 80 columns: %q", i, w, line)
		}
	}
	if strings.Contains(sc, "\x1b") {
		t.Errorf("raw escape on screen")
	}

	s.keys("q")
	if code := s.waitExit(); code != "0" {
		t.Fatalf("tailtop exited with status %s; screen:\n%s", code, s.screen())
	}
}
