package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// paneRun is tailtop run in a tmux pane by a shell that records the
// terminal's settings (stty -g) before and after it, its pid and its exit
// status, with every byte the terminal received kept (rawSession).
type paneRun struct {
	*rawSession
	files string
}

func startPaneRun(t *testing.T, dir string, env []string, argv ...string) *paneRun {
	t.Helper()
	files := t.TempDir()
	script := `f=$1; shift
stty -g > "$f/before"
sh -c 'echo $$ > "$0"; exec "$@"' "$f/pid" "$@"
echo $? > "$f/code"
stty -g > "$f/after"`
	s := startRawTmux(t, dir, env, append([]string{"sh", "-c", script, "sh", files}, argv...)...)
	return &paneRun{rawSession: s, files: files}
}

// file waits for one of the shell's files and returns its content.
func (p *paneRun) file(name string) string {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(p.files, name))
		if err == nil && len(b) > 0 && b[len(b)-1] == '\n' {
			return strings.TrimSpace(string(b))
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the shell never wrote %s; screen:\n%s", name, p.screen())
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not synchronization
	}
}

func (p *paneRun) pid() int {
	p.t.Helper()
	pid, err := strconv.Atoi(p.file("pid"))
	if err != nil {
		p.t.Fatal(err)
	}
	return pid
}

// checkRestored waits for tailtop's exit and checks it left the terminal
// as it found it: the exit status, the line settings (stty -g before and
// after), the modes it wrote (alternate screen left, cursor shown, mouse
// and keyboard modes off, title cleared), tmux's own view of the screen,
// and nothing forbidden anywhere in what it wrote. It returns the raw
// bytes written after the alternate screen was left.
func (p *paneRun) checkRestored(wantCode string) []byte {
	p.t.Helper()
	if code := p.file("code"); code != wantCode {
		p.t.Errorf("tailtop exited with status %s, want %s; screen:\n%s", code, wantCode, p.screen())
	}
	if before, after := p.file("before"), p.file("after"); before != after {
		p.t.Errorf("stty -g before %q, after %q", before, after)
	}
	raw := p.rawWhenRestored()
	for _, v := range restoreViolations(raw) {
		p.t.Errorf("after exit: %s", v)
	}
	for _, v := range rawStreamViolations(raw, "tailtop") {
		p.t.Errorf("raw output: %s", v)
	}
	if st := p.termState(); st["alternate_on"] != "0" {
		p.t.Errorf("the terminal after exit: %v", st)
	}
	i := strings.LastIndex(string(raw), "\x1b[?1049l")
	return raw[i:]
}

// SIGINT, SIGTERM and SIGHUP sent to tailtop from outside (kill, a closed
// SSH session) stop it the way q does: exit status 0 (the man page's EXIT
// STATUS), the terminal restored.
func TestE2ESignalsRestoreTheTerminal(t *testing.T) {
	bin := binary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			writeHostileCorpus(t, dir, time.Now())
			p := startPaneRun(t, dir, []string{"TERM=xterm-256color"}, bin, "--from-start", "--window", "1h", "access.log")
			p.settle("the panes", func(sc string) bool { return strings.Contains(sc, "203.0.113.50") })
			if err := syscall.Kill(p.pid(), sig); err != nil {
				t.Fatal(err)
			}
			after := p.checkRestored("0")
			if strings.Contains(string(after), "tailtop:") {
				t.Errorf("a stop by %v reported an error: %q", sig, after)
			}
		})
	}
}
