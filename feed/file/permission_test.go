package file

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Read permission is checked when a file is opened. These tests take it
// away and give it back for real: the follower runs in a child process (this
// test binary again), under an unprivileged user when the tests run as root,
// since root ignores permissions.

// helperEnv names the path the child process follows.
const helperEnv = "TAILTOP_FILE_FOLLOW_HELPER"

// nobody is the unprivileged user and group the child runs as under root.
const nobody = 65534

// TestFollowHelperProcess is the child: it follows the path in helperEnv,
// printing "L <line>" per line and "S <state>\t<errors>\t<scans>\t<last error>"
// whenever the status changes, until its stdin is closed.
func TestFollowHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("the child process of the permission tests")
	}
	s, err := New(Config{Path: path, Follow: true, Poll: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	emit := func(b *feed.Batch) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, l := range b.Lines {
			fmt.Fprintf(out, "L %s\n", l.Data)
		}
		return out.Flush() == nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		io.Copy(io.Discard, os.Stdin) // the parent closes it to stop us
		cancel()
	}()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, emit) }()
	last := ""
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			return
		case <-tick.C:
		}
		st := s.Status()
		line := fmt.Sprintf("S %s\t%d\t%d\t%s\n", st.State, st.Errors, s.scans.Load()/10, st.LastError)
		if line != last {
			last = line
			mu.Lock()
			out.WriteString(line)
			out.Flush()
			mu.Unlock()
		}
	}
}

// child is the follower process as the parent sees it.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	mu     sync.Mutex
	lines  []string
	status []childStatus // every status it printed
	done   chan struct{}
}

type childStatus struct {
	state     string
	errors    int
	scans     int // tens of rescans
	lastError string
}

func (c *child) last() childStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.status) == 0 {
		return childStatus{}
	}
	return c.status[len(c.status)-1]
}

func (c *child) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.lines)
}

// startChild runs the follower on path in a child process.
func startChild(t *testing.T, path string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// The test binary sits in a directory only root may enter: the
		// child runs a copy in one it can.
		bin := filepath.Join(traversableDir(t), "follow.test")
		data, err := os.ReadFile(exe)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
		exe = bin
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
	}
	cmd := exec.Command(exe, "-test.run=^TestFollowHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the follower as user %d: %v", nobody, err)
	}
	c := &child{t: t, cmd: cmd, stdin: stdin, done: make(chan struct{})}
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			text := sc.Text()
			c.mu.Lock()
			switch {
			case strings.HasPrefix(text, "L "):
				c.lines = append(c.lines, text[2:])
			case strings.HasPrefix(text, "S "):
				var st childStatus
				f := strings.SplitN(text[2:], "\t", 4)
				if len(f) == 4 {
					st.state, st.lastError = f[0], f[3]
					fmt.Sscan(f[1], &st.errors)
					fmt.Sscan(f[2], &st.scans)
				}
				c.status = append(c.status, st)
			}
			c.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		stdin.Close()
		select {
		case <-c.done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
		}
		if err := cmd.Wait(); err != nil {
			t.Errorf("follower process: %v", err)
		}
	})
	return c
}

// waitStatus waits until the child's last status satisfies cond.
func (c *child) waitStatus(what string, cond func(childStatus) bool) childStatus {
	c.t.Helper()
	waitFor(c.t, what, func() bool { return cond(c.last()) })
	return c.last()
}

// traversableDir is a temporary directory any user may enter and read.
func traversableDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir() // TMPDIR/TestName<random>/<n>, both made 0700
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The follower holds an open file: losing read permission on it changes
// nothing (permissions are checked at open). A rotation then creates a
// file the follower may not open: the status says "permission denied",
// counted once however long it lasts, and once the permission is given the
// file is read from its start, without loss or duplication.
func TestPermissionLostAndRegained(t *testing.T) {
	dir := traversableDir(t)
	path := filepath.Join(dir, "x.log")
	writeFile(t, path, "")
	c := startChild(t, path)
	c.waitStatus("following", func(s childStatus) bool { return s.state == stateFollowing })

	w := newLogWriter(t, path, "p")
	w.write(100)
	waitFor(t, "100 lines", func() bool { return c.count() == 100 })

	// Permission lost on the open file: reading goes on.
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	w.write(100)
	waitFor(t, "200 lines", func() bool { return c.count() == 200 })
	if s := c.last(); s.errors != 0 {
		t.Fatalf("status after chmod 000 of the open file: %+v", s)
	}

	// Rotation to a file the follower may not read.
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	w.write(50)
	w.mode = 0
	w.reopen()
	w.write(100)
	denied := c.waitStatus("permission denied", func(s childStatus) bool {
		return s.state == stateError && strings.Contains(s.lastError, "permission denied")
	})
	// It lasts ten rescans more at least: still one error.
	c.waitStatus("ten rescans", func(s childStatus) bool { return s.scans >= denied.scans+2 })
	if s := c.last(); s.errors != 1 || s.state != stateError {
		t.Fatalf("while denied: %+v, want one error and state error", s)
	}
	if n := c.count(); n != 250 {
		t.Fatalf("while denied: %d lines delivered, want the 250 of the readable file", n)
	}

	// Permission regained.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	w.write(100)
	want := w.written()
	waitFor(t, fmt.Sprintf("%d lines", len(want)), func() bool { return c.count() >= len(want) })
	c.waitStatus("following again", func(s childStatus) bool { return s.state == stateFollowing })
	c.mu.Lock()
	got := append([]string(nil), c.lines...)
	c.mu.Unlock()
	sameSet(t, got, want)
	if s := c.last(); s.errors != 1 || !strings.Contains(s.lastError, "permission denied") {
		t.Errorf("after: %+v, want the one error remembered", s)
	}
}

// sameSet fails unless got holds every line of want once and nothing else.
func sameSet(t *testing.T, got, want []string) {
	t.Helper()
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
	}
	for _, w := range want {
		if seen[w] != 1 {
			t.Fatalf("line %q delivered %d times (%d delivered, %d written)", w, seen[w], len(got), len(want))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines delivered, %d written", len(got), len(want))
	}
}

// The directory of the followed files loses its permissions (no listing,
// no lookup) and gets them back: a directory source, a glob and a single
// file each say "permission denied" while it lasts, counted once, go on
// reading the file they hold open, and read nothing twice afterwards
// (the files were unknown, never taken for gone and re-read).
func TestDirectoryPermissionLostAndRegained(t *testing.T) {
	logs := filepath.Join(traversableDir(t), "logs")
	if err := os.Mkdir(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(logs, "a.log")
	writeFile(t, path, "")
	children := map[string]*child{
		"directory": startChild(t, logs),
		"glob":      startChild(t, filepath.Join(logs, "*.log")),
		"file":      startChild(t, path),
	}
	for _, c := range children {
		c.waitStatus("following", func(s childStatus) bool { return s.state == stateFollowing })
	}
	w := newLogWriter(t, path, "d")
	w.write(100)
	for _, c := range children {
		waitFor(t, "100 lines", func() bool { return c.count() == 100 })
	}
	if err := os.Chmod(logs, 0); err != nil {
		t.Fatal(err)
	}
	w.write(100)
	for name, c := range children {
		denied := c.waitStatus(name+": permission denied", func(s childStatus) bool {
			return strings.Contains(s.lastError, "permission denied")
		})
		// Longer than goneGrace (120 rescans of at least 10 ms): a file
		// wrongly taken for gone would be closed by now, and read again
		// from its start afterwards.
		c.waitStatus(name+": 120 rescans", func(s childStatus) bool { return s.scans >= denied.scans+12 })
		waitFor(t, name+": 200 lines", func() bool { return c.count() >= 200 })
		s := c.last()
		if s.errors != 1 || (name != "glob" && s.state != stateError) {
			t.Errorf("%s while denied: %+v, want one error (and state error)", name, s)
		}
	}
	if err := os.Chmod(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	w.write(100)
	want := w.written()
	for name, c := range children {
		waitFor(t, name+": every line", func() bool { return c.count() >= len(want) })
		c.waitStatus(name+": following again", func(s childStatus) bool { return s.state == stateFollowing })
		first := c.last().scans
		c.waitStatus(name+": ten rescans more", func(s childStatus) bool { return s.scans >= first+1 })
		c.mu.Lock()
		got := append([]string(nil), c.lines...)
		c.mu.Unlock()
		sameSet(t, got, want)
		if s := c.last(); s.errors != 1 {
			t.Errorf("%s after: %+v, want the one error", name, s)
		}
	}
}
