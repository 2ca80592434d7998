package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	crashBuildOnce sync.Once
	crashBinPath   string
	crashBuildErr  error
)

// crashBinary builds tailtop with the crashtest tag, whose hook
// (crash_hook_crashtest.go) panics on request.
func crashBinary(t *testing.T) string {
	t.Helper()
	crashBuildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tailtop-e2e-crash-bin")
		if err != nil {
			crashBuildErr = err
			return
		}
		crashBinPath = filepath.Join(dir, "tailtop")
		out, err := exec.Command("go", "build", "-tags", "crashtest", "-o", crashBinPath, ".").CombinedOutput()
		if err != nil {
			crashBuildErr = fmt.Errorf("go build -tags crashtest: %v\n%s", err, out)
		}
	})
	if crashBuildErr != nil {
		t.Fatal(crashBuildErr)
	}
	return crashBinPath
}

// crashLine is the log line the panics are made of.
const crashLine = `198.51.100.66 - - [%s] "GET /crash-line-text-\x1b]2;PWNED\x07 HTTP/1.1" 500 1 "-" "crash-agent"`

// A panic in the screen's goroutine and one in a feed's goroutine, each
// with a value holding a log line: the terminal is restored as after q,
// the process exits with status 2, and the short report names the panic's
// type, the goroutine and a private trace file, and holds nothing of the
// line, nor does the trace.
func TestE2ECrashRestoresTheTerminal(t *testing.T) {
	bin := crashBinary(t)
	for _, where := range []string{"ui", "feed"} {
		t.Run(where, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			trigger := filepath.Join(t.TempDir(), "trigger")
			log := filepath.Join(dir, "access.log")
			line := fmt.Sprintf(crashLine, time.Now().UTC().Format("02/Jan/2006:15:04:05 -0700"))
			appendLines(t, log, accessLines("203.0.113.50", "/before", 200, 5)...)
			appendLines(t, log, line)
			p := startPaneRun(t, dir, []string{"TERM=xterm-256color", "TMPDIR=" + tmp,
				"TAILTOP_CRASHTEST=" + where, "TAILTOP_CRASHTEST_TRIGGER=" + trigger},
				bin, "--from-start", "--window", "1h", "access.log")
			p.settle("the panes", func(sc string) bool { return strings.Contains(sc, "crash-line-text") })
			if err := os.WriteFile(trigger, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if where == "feed" {
				// The feed's hook panics on the next batch.
				appendLines(t, log, line)
			}
			report := string(p.checkRestored("2"))
			// The report's lines unwrapped, from the start of the history.
			screen := p.run("capture-pane", "-p", "-J", "-S", "-")
			for _, out := range []string{report, screen} {
				if strings.Contains(out, "crash-line-text") || strings.Contains(out, "PWNED") || strings.Contains(out, "crash test in") {
					t.Errorf("the report holds the log line:\n%s", out)
				}
			}
			want := fmt.Sprintf("tailtop crashed: panic with a value of type string (not shown: it may hold log text), in the %s goroutine", where)
			if !strings.Contains(screen, want) {
				t.Errorf("the screen after the crash lacks %q:\n%s", want, screen)
			}
			m := regexp.MustCompile(`the full trace is in (\S+);`).FindStringSubmatch(screen)
			if m == nil {
				t.Fatalf("no trace file named:\n%s", screen)
			}
			if filepath.Dir(m[1]) != filepath.Clean(tmp) {
				t.Errorf("the trace %s is not in the temporary directory %s", m[1], tmp)
			}
			fi, err := os.Stat(m[1])
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Errorf("the trace is mode %v, want 0600", fi.Mode().Perm())
			}
			trace, _ := os.ReadFile(m[1])
			if strings.Contains(string(trace), "crash-line-text") {
				t.Errorf("the trace holds the log line")
			}
			if !strings.Contains(string(trace), "goroutine: "+where) || !strings.Contains(string(trace), "main.") {
				t.Errorf("the trace lacks the goroutine or the stacks:\n%.2000s", trace)
			}
		})
	}
}
