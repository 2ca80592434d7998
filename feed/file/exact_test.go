package file

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests in this file run the real follower (its own goroutine, its own
// ticks) while the test rotates files the way logrotate and loggers do, and
// check that every line written is delivered exactly once: each line has a
// unique id, and the delivered set is compared with the written one.

// logWriter is a logging process: it appends numbered lines to its open
// file, one write per line, and reopens its path when told, as a logger
// does on the signal logrotate sends after a rotation.
type logWriter struct {
	t      *testing.T
	mu     sync.Mutex
	path   string
	prefix string
	f      *os.File
	lines  []string    // every line written, in order
	mode   os.FileMode // of a file it creates
}

func newLogWriter(t *testing.T, path, prefix string) *logWriter {
	w := &logWriter{t: t, path: path, prefix: prefix, mode: 0o644}
	w.reopen()
	t.Cleanup(func() { w.f.Close() })
	return w
}

// reopen closes the file and opens (or creates) the path again.
func (w *logWriter) reopen() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f != nil {
		w.f.Close()
	}
	f, err := os.OpenFile(w.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, w.mode)
	if err != nil {
		w.t.Error(err)
		return
	}
	w.f = f
}

// write appends n lines, each with one write call.
func (w *logWriter) write(n int) {
	for range n {
		w.mu.Lock()
		line := fmt.Sprintf("%s-%07d", w.prefix, len(w.lines)+1)
		if _, err := w.f.WriteString(line + "\n"); err != nil {
			w.mu.Unlock()
			w.t.Error(err)
			return
		}
		w.lines = append(w.lines, line)
		w.mu.Unlock()
	}
}

func (w *logWriter) written() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.lines...)
}

// startFollowing runs a follower on path and waits until it has resolved
// its paths once, so that what is written next is new.
func startFollowing(t *testing.T, path string) *running {
	t.Helper()
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: 10 * time.Millisecond}))
	r.waitScans(t, 1)
	return r
}

// checkExact waits until the follower has delivered as many lines as want
// holds, lets it run a few more rescans (a late duplicate would show), and
// fails unless every line of want was delivered exactly once and nothing
// else was.
func checkExact(t *testing.T, r *running, want []string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for r.col.count() < len(want) && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	r.waitScans(t, 3)
	got := r.col.data()
	seen := make(map[string]int, len(got))
	for _, g := range got {
		seen[g]++
	}
	var missing, dup, extra []string
	for _, w := range want {
		switch seen[w] {
		case 0:
			missing = append(missing, w)
		case 1:
		default:
			dup = append(dup, w)
		}
		delete(seen, w)
	}
	for g := range seen {
		extra = append(extra, g)
	}
	if len(got) != len(want) || len(missing)+len(dup)+len(extra) > 0 {
		t.Logf("status %+v; first/last delivered %v", r.s.Status(), ends(got))
		t.Fatalf("delivered %d lines, wrote %d: missing %d %v, duplicated %d %v, unknown %d %v",
			len(got), len(want), len(missing), head(missing), len(dup), head(dup), len(extra), head(extra))
	}
	for _, g := range r.col.snapshot() {
		if g.truncated {
			t.Fatalf("line %q marked truncated", g.data)
		}
	}
}

// rename+create, five times, with lines written to the renamed file after
// the rename (the writer has not reopened yet) and to the new file. The
// rotations are a rescan apart at least: a file that is under the path for
// less than that is never seen (as with any follower that polls).
func TestExactRenameCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := startFollowing(t, path)
	w := newLogWriter(t, path, "x")
	for n := 1; n <= 5; n++ {
		w.write(300)
		if err := os.Rename(path, fmt.Sprintf("%s.%d", path, n)); err != nil {
			t.Fatal(err)
		}
		w.write(50)
		w.reopen()
		w.write(100)
		// A file under the path for less than a rescan is never seen:
		// the next rotation waits until this one was found.
		r.waitScans(t, 2)
	}
	checkExact(t, r, w.written())
	if st := r.s.Status(); st.Errors != 0 || st.Rewinds != 0 {
		t.Errorf("status: %d errors (%s), %d rewinds", st.Errors, st.LastError, st.Rewinds)
	}
}

// copytruncate, five times, each once the follower has read what was
// written (so nothing is lost to the copy): the new content is read from
// its start, whether it is shorter or longer than the old at the follower's
// next look, and each truncation is counted.
func TestExactCopyTruncate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := startFollowing(t, path)
	w := newLogWriter(t, path, "c")
	for n := 1; n <= 5; n++ {
		w.write(200)
		r.waitLines(t, len(w.written()))
		copyFile(t, path, fmt.Sprintf("%s.%d", path, n))
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
		w.write(100 * n) // from n=3 on, past the old offset
	}
	checkExact(t, r, w.written())
	if st := r.s.Status(); st.Rewinds != 5 || st.Errors != 0 {
		t.Errorf("status: %d rewinds, want 5; %d errors (%s)", st.Rewinds, st.Errors, st.LastError)
	}
}

// delete and re-create, with lines written to the deleted file by a writer
// that has not reopened yet.
func TestExactDeleteRecreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := startFollowing(t, path)
	w := newLogWriter(t, path, "d")
	for range 5 {
		w.write(300)
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		w.write(50)
		w.reopen()
		w.write(100)
		// A file under the path for less than a rescan is never seen:
		// the next rotation waits until this one was found.
		r.waitScans(t, 2)
	}
	checkExact(t, r, w.written())
	if st := r.s.Status(); st.Errors != 0 {
		t.Errorf("status: %d errors (%s)", st.Errors, st.LastError)
	}
}

// A symlink switched to a new target (ln -sfn: a new link renamed over the
// old one): the old target is read to its end, the new one from its start,
// including what it held before the switch.
func TestExactSymlinkSwitch(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "current.log")
	target := func(n int) string { return filepath.Join(dir, fmt.Sprintf("app-%d.log", n)) }
	point := func(to string) {
		tmp := link + ".tmp"
		if err := os.Symlink(filepath.Base(to), tmp); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, link); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, target(0), "")
	point(target(0))
	r := startFollowing(t, link)
	w := newLogWriter(t, target(0), "t0")
	var want []string
	for n := 1; n <= 3; n++ {
		w.write(200)
		pre := numbered(fmt.Sprintf("pre%d", n), 1, 20)
		writeFile(t, target(n), strings.Join(pre, "\n")+"\n")
		want = append(want, pre...)
		point(target(n))
		w.write(50) // the old target's writer, late
		want = append(want, w.written()...)
		w = newLogWriter(t, target(n), fmt.Sprintf("t%d", n))
		r.waitScans(t, 2) // the switch was seen before the next one
	}
	w.write(200)
	want = append(want, w.written()...)
	checkExact(t, r, want)
	if st := r.s.Status(); st.Errors != 0 {
		t.Errorf("status: %d errors (%s)", st.Errors, st.LastError)
	}
}

// A directory that gains files (read from their start, with what they held
// when found) and loses them (deleted or moved away: read to their end,
// then dropped), with no error counted for any of it.
func TestExactDirectoryGainsAndLoses(t *testing.T) {
	dir := t.TempDir()
	away := t.TempDir()
	r := startFollowing(t, dir)
	var writers []*logWriter
	for n := range 8 {
		w := newLogWriter(t, filepath.Join(dir, fmt.Sprintf("f%d.log", n)), fmt.Sprintf("f%d", n))
		w.write(100) // before the follower finds the file: read from its start
		writers = append(writers, w)
	}
	total := func() (all []string) {
		for _, w := range writers {
			all = append(all, w.written()...)
		}
		return all
	}
	r.waitLines(t, len(total()))
	for n, w := range writers {
		w.write(50)
		switch n % 3 {
		case 0: // deleted
			if err := os.Remove(w.path); err != nil {
				t.Fatal(err)
			}
		case 1: // moved out of the directory
			if err := os.Rename(w.path, filepath.Join(away, filepath.Base(w.path))); err != nil {
				t.Fatal(err)
			}
		}
		w.write(20) // its writer, late
	}
	checkExact(t, r, total())
	// Once the grace has passed, the lost files are closed and done.
	waitFor(t, "lost files closed", func() bool {
		st := r.s.Status()
		done := 0
		for _, o := range st.Origins {
			if o.State == stateDone {
				done++
			}
		}
		return done == 6
	})
	st := r.s.Status()
	if st.Errors != 0 || len(st.Origins) != 8 {
		t.Errorf("status: %d errors (%s), %d origins", st.Errors, st.LastError, len(st.Origins))
	}
	for _, o := range st.Origins {
		if o.Lines != 170 {
			t.Errorf("origin %s: %d lines, want 170", o.Name, o.Lines)
		}
	}
}

// A truncation that races with a writer: the writer appends as fast as it
// can while the file is truncated at moments the follower cannot foresee.
// Lines written between the follower's last read and a truncation exist
// only in the copy, so "exact" means: nothing is delivered twice or
// invented; of the lines written between two truncations, the follower
// delivers a prefix (it reads in order from the start of each content, and
// never from the middle of new content it took for the old); every line
// written after the last truncation is delivered; and the possible loss is
// counted as rewinds.
func TestTruncateRacingWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := startFollowing(t, path)
	w := newLogWriter(t, path, "r")
	const total, cuts = 60000, 20
	var cutAt []int // lines written before each truncation
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.write(total)
	}()
	for k := 1; k <= cuts; k++ {
		waitFor(t, "writer progress", func() bool { return len(w.written()) >= k*total/(cuts+1) })
		w.mu.Lock() // between two lines
		if err := os.Truncate(path, 0); err != nil {
			t.Error(err)
		}
		cutAt = append(cutAt, len(w.lines))
		w.mu.Unlock()
	}
	<-done
	written := w.written()
	last := written[cutAt[cuts-1]:]
	waitFor(t, "every line after the last truncation", func() bool {
		seen := map[string]bool{}
		for _, g := range r.col.data() {
			seen[g] = true
		}
		for _, l := range last {
			if !seen[l] {
				return false
			}
		}
		return true
	})
	r.waitScans(t, 3)

	index := make(map[string]int, len(written))
	for i, l := range written {
		index[l] = i
	}
	seen := make([]bool, len(written))
	var fragments []string
	for _, g := range r.col.snapshot() {
		i, ok := index[g.data]
		switch {
		case g.truncated:
			fragments = append(fragments, g.data) // checked below
		case !ok:
			t.Fatalf("delivered %q, never written", g.data)
		case seen[i]:
			t.Fatalf("delivered %q twice", g.data)
		default:
			seen[i] = true
		}
	}
	lost := 0
	from := 0
	for _, to := range append(cutAt, len(written)) {
		// Within one content: delivered lines first, then lost ones.
		k := from
		for k < to && seen[k] {
			k++
		}
		for j := k; j < to; j++ {
			if seen[j] {
				t.Fatalf("between truncations, %q was lost but %q after it delivered", written[k], written[j])
			}
		}
		lost += to - k
		from = to
	}
	for _, f := range fragments {
		ok := false
		for i, l := range written {
			if !seen[i] && strings.HasPrefix(l, f) {
				ok = true
				break
			}
		}
		if !ok {
			t.Fatalf("cut line %q is not the start of a lost line", f)
		}
	}
	st := r.s.Status()
	if st.Rewinds < 1 || st.Rewinds > cuts {
		t.Errorf("%d rewinds counted for %d truncations", st.Rewinds, cuts)
	}
	if st.Lines != int64(len(written)-lost+len(fragments)) {
		t.Errorf("status counts %d lines, delivered %d", st.Lines, len(written)-lost+len(fragments))
	}
	t.Logf("%d lines written, %d truncations, %d rewinds counted, %d lines lost to the copies, %d cut", len(written), cuts, st.Rewinds, lost, len(fragments))
}
