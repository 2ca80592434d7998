package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// reportProc is the real binary running `tailtop report` in the background.
type reportProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser // nil unless asked for
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
	err    error // Wait's result, once done is closed
}

// startReport runs the binary with args (and env), its stdin a pipe when
// withStdin, with no configuration file of the user's.
func startReport(t *testing.T, withStdin bool, env []string, args ...string) *reportProc {
	t.Helper()
	p := &reportProc{t: t, cmd: exec.Command(binary(t), args...), done: make(chan struct{})}
	p.cmd.Env = append(append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir()), env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if withStdin {
		w, err := p.cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		p.stdin = w
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the process to end by itself within limit: past it the
// program is not responsive, and the test fails.
func (p *reportProc) wait(limit time.Duration) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(limit):
		p.cmd.Process.Kill()
		<-p.done
		p.t.Fatalf("tailtop %v did not finish within %v; stderr:\n%s", p.cmd.Args[1:], limit, p.stderr.String())
	}
	if p.err != nil {
		p.t.Fatalf("tailtop %v: %v; stderr:\n%s", p.cmd.Args[1:], p.err, p.stderr.String())
	}
}

// interrupt sends SIGINT, as ctrl-c does: report ends and prints what it
// counted.
func (p *reportProc) interrupt(limit time.Duration) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		p.t.Fatal(err)
	}
	p.wait(limit)
}

// result decodes the --json output.
func (p *reportProc) result() reportOutput {
	p.t.Helper()
	var out reportOutput
	if err := json.Unmarshal(p.stdout.Bytes(), &out); err != nil {
		p.t.Fatalf("report --json output: %v\n%s", err, p.stdout.String())
	}
	return out
}

// peakRSS is the process's peak resident set, in bytes.
func (p *reportProc) peakRSS() int64 {
	ru, ok := p.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		p.t.Fatal("no rusage on this system")
	}
	return int64(ru.Maxrss) * 1024 // kilobytes on Linux
}

// openFiles lists the files the process holds open, as /proc shows them
// (a deleted file ends in " (deleted)").
func (p *reportProc) openFiles() []string {
	fds := fmt.Sprintf("/proc/%d/fd", p.cmd.Process.Pid)
	entries, _ := os.ReadDir(fds)
	var out []string
	for _, e := range entries {
		if l, err := os.Readlink(filepath.Join(fds, e.Name())); err == nil {
			out = append(out, l)
		}
	}
	return out
}

// waitOpen polls the process's open files until cond holds. The follower
// opens a file once it has found it, and closes a file that left its path
// only once it has read it to its end: the open files say how far it got,
// with no hook in the program.
func (p *reportProc) waitOpen(what string, cond func(open []string) bool) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond(p.openFiles()) {
		select {
		case <-p.done:
			p.t.Fatalf("tailtop exited while waiting for %s: %v\n%s", what, p.err, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %s; open: %q", what, p.openFiles())
		}
		time.Sleep(5 * time.Millisecond) // polling interval, not synchronization
	}
}

func hasFile(open []string, path string) bool {
	for _, o := range open {
		if o == path {
			return true
		}
	}
	return false
}

// rotWriter is a web server writing its access log: one write per line,
// each line requesting a path of its own, so that a line counted twice
// shows as a path counted twice.
type rotWriter struct {
	t      *testing.T
	mu     sync.Mutex
	path   string
	prefix string
	f      *os.File
	n      int
}

func newRotWriter(t *testing.T, path, prefix string) *rotWriter {
	w := &rotWriter{t: t, path: path, prefix: prefix}
	w.reopen()
	t.Cleanup(func() { w.f.Close() })
	return w
}

func (w *rotWriter) reopen() {
	if w.f != nil {
		w.f.Close()
	}
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		w.t.Fatal(err)
	}
	w.f = f
}

func (w *rotWriter) write(n int) {
	for range n {
		w.n++
		line := fmt.Sprintf("203.0.113.%d - - [22/Nov/2026:01:02:%02d +0000] \"GET /%s/%06d HTTP/1.1\" 200 5 \"-\" \"rot\"\n",
			w.n%200, w.n%60, w.prefix, w.n)
		if _, err := w.f.WriteString(line); err != nil {
			w.t.Fatal(err)
		}
	}
}

// The real binary follows a file across rename+create and delete+re-create,
// and a symlink switched from target to target, with lines written late to
// the rotated files, then is interrupted once every file is closed (read
// to its end): the report counts every line written exactly once. Exactly
// once: the count of lines equals the count written, and no request path
// (one per line) is counted twice.
func TestRotationReportCountsExactly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads the open files of the process in /proc")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	app := filepath.Join(dir, "app.log")
	link := filepath.Join(dir, "current.log")
	target := func(n int) string { return filepath.Join(dir, fmt.Sprintf("trail-%d.log", n)) }
	point := func(to string) {
		if err := os.Symlink(filepath.Base(to), link+".new"); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(link+".new", link); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(app, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target(0), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	point(target(0))

	p := startReport(t, false, nil, "report", "--json", "--top", "1", "--for", "10m", app, link)
	p.waitOpen("both files open", func(open []string) bool { return hasFile(open, app) && hasFile(open, target(0)) })

	w := newRotWriter(t, app, "app")
	w.write(1000)
	// rename+create; the server writes on to the renamed file, then reopens.
	if err := os.Rename(app, app+".1"); err != nil {
		t.Fatal(err)
	}
	w.write(200)
	w.reopen()
	w.write(500)
	p.waitOpen("the new app.log", func(open []string) bool { return hasFile(open, app) })
	// delete+re-create, likewise.
	if err := os.Remove(app); err != nil {
		t.Fatal(err)
	}
	w.write(100)
	w.reopen()
	w.write(500)
	p.waitOpen("the re-created app.log", func(open []string) bool { return hasFile(open, app) })

	// The symlink is switched to a target that already holds lines: they
	// are read from its start; the old target is read to its end.
	s := newRotWriter(t, target(0), "trail0")
	s.write(800)
	pre := newRotWriter(t, target(1), "pre1")
	pre.write(50)
	point(target(1))
	s.write(100)
	s2 := newRotWriter(t, target(1), "trail1")
	s2.write(800)
	p.waitOpen("the new target", func(open []string) bool { return hasFile(open, target(1)) })

	// Everything goes away; once the program holds no file of dir, it has
	// read every one to its end.
	for _, f := range []string{app, app + ".1", link, target(0), target(1)} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	p.waitOpen("every file closed", func(open []string) bool {
		for _, o := range open {
			if strings.HasPrefix(o, dir+string(filepath.Separator)) {
				return false
			}
		}
		return true
	})
	p.interrupt(20 * time.Second)

	out := p.result()
	want := map[string]int64{app: int64(w.n), link: int64(s.n + pre.n + s2.n)}
	if len(out.Streams) != 2 {
		t.Fatalf("%d streams", len(out.Streams))
	}
	for _, st := range out.Streams {
		n := want[st.Name]
		if st.Lines != n || st.Parsed != n || st.Events != n {
			t.Errorf("%s: lines %d parsed %d events %d, want %d written", st.Name, st.Lines, st.Parsed, st.Events, n)
		}
		if len(st.Top.Target) != 1 || st.Top.Target[0].Count != 1 {
			t.Errorf("%s: top path %+v: a line was counted twice", st.Name, st.Top.Target)
		}
	}
	for _, src := range out.Sources {
		if src.Lines != want[src.Name] || src.Errors != 0 || src.Rewinds != 0 || src.Truncated != 0 {
			t.Errorf("source %+v: want %d lines, nothing cut, lost or failed", src, want[src.Name])
		}
	}
}
