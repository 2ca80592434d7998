package file

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// These tests run the real follow loop on its own goroutine and wait, by
// polling with a deadline, for what the files' changes must produce.

const testPoll = 10 * time.Millisecond

func TestFollowAppend(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "old1\nold2\n")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	w := appender(t, path)
	want := numbered("new", 1, 300)
	for i := 0; i < len(want); i += 100 {
		writeLines(t, w, want[i:i+100])
	}
	r.waitLines(t, len(want))
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	sameSequence(t, r.col.data(), want)
	for _, g := range r.col.snapshot() {
		if g.history || g.origin != path {
			t.Fatalf("line %+v: want live, origin %s", g, path)
		}
	}
	st := r.s.Status()
	if st.Lines != 300 || st.Kind != "file" || st.State != stateDone {
		t.Errorf("status after stop = %+v", st)
	}
}

// Lines written in one go come in a few full batches, not one per line.
func TestFollowCoalescesBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	writeLines(t, appender(t, path), numbered("l", 1, 5000))
	r.waitLines(t, 5000)
	r.col.mu.Lock()
	defer r.col.mu.Unlock()
	if len(r.col.batches) > 12 {
		t.Errorf("5000 lines written at once came in %d batches", len(r.col.batches))
	}
	for _, n := range r.col.batches {
		if n > batchLines {
			t.Errorf("batch of %d lines", n)
		}
	}
}

func TestFollowRenameCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	w := appender(t, path)
	var want []string
	for round := range 5 {
		lines := numbered(string(rune('a'+round)), 1, 200)
		writeLines(t, w, lines[:150])
		if err := os.Rename(path, path+".1"); err != nil {
			t.Fatal(err)
		}
		writeLines(t, w, lines[150:]) // the writer reopens late
		w.Close()
		w = appender(t, path) // logrotate's "create"
		want = append(want, lines...)
		// A file created and renamed away between two looks is never
		// seen by any poller; real rotations are minutes apart.
		r.waitScans(t, 2)
	}
	r.waitLines(t, len(want))
	sameSequence(t, r.col.data(), want)
}

func TestFollowCopyTruncate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	w := appender(t, path)
	var want []string
	for round := range 3 {
		lines := numbered(string(rune('a'+round)), 1, 100)
		writeLines(t, w, lines)
		want = append(want, lines...)
		// Lines written after tailtop's last read and before the copy are
		// only in the copy: copytruncate's own loss. Wait for them.
		r.waitLines(t, len(want))
		copyFile(t, path, path+".1")
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	}
	last := numbered("z", 1, 10)
	writeLines(t, w, last)
	want = append(want, last...)
	r.waitLines(t, len(want))
	sameSequence(t, r.col.data(), want)
}

func TestFollowDeleteRecreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	w := appender(t, path)
	writeLines(t, w, numbered("a", 1, 100))
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	r.waitState(t, stateWaiting)
	writeLines(t, appender(t, path), numbered("b", 1, 100))
	r.waitLines(t, 200)
	sameSequence(t, r.col.data(), concat(numbered("a", 1, 100), numbered("b", 1, 100)))
}

func TestFollowWaitsForMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "later.log")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: testPoll}))
	r.waitScans(t, 1)
	if st := r.s.Status(); st.State != stateWaiting {
		t.Fatalf("state %q, want waiting", st.State)
	}
	writeFile(t, path, "first\nsecond\n") // a new file is new data: read from its start
	r.waitLines(t, 2)
	sameSequence(t, r.col.data(), []string{"first", "second"})
	r.waitState(t, stateFollowing)
}

func TestFollowGlobGainsFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.log"), "existing\n")
	r := start(t, mustNew(t, Config{Path: filepath.Join(dir, "*.log"), Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	writeFile(t, filepath.Join(dir, "other.txt"), "not matched\n")
	b := filepath.Join(dir, "b.log")
	writeFile(t, b, "b1\nb2\n")
	r.waitLines(t, 2)
	writeLines(t, appender(t, filepath.Join(dir, "a.log")), []string{"a-new"})
	r.waitLines(t, 3)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	sameSequence(t, r.col.data(), []string{"b1", "b2", "a-new"})
	if g := r.col.snapshot(); g[0].origin != b {
		t.Errorf("origin %q, want %q", g[0].origin, b)
	}
	st := r.s.Status()
	if len(st.Origins) != 2 || st.Origins[1].Name != b || st.Origins[1].Lines != 2 {
		t.Errorf("origins = %+v", st.Origins)
	}
}

func TestFollowDirectoryGainsFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.log"), "existing\n")
	r := start(t, mustNew(t, Config{Path: dir, Follow: true, Poll: testPoll}))
	r.waitState(t, stateFollowing)
	writeFile(t, filepath.Join(dir, "b.txt"), "b1\n")
	r.waitLines(t, 1)
	// A file that disappears is read to its end, then dropped.
	w := appender(t, filepath.Join(dir, "b.txt"))
	writeLines(t, w, []string{"b2"})
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	r.waitLines(t, 2)
	waitFor(t, "b.txt done", func() bool {
		for _, o := range r.s.Status().Origins {
			if filepath.Base(o.Name) == "b.txt" {
				return o.State == stateDone
			}
		}
		return false
	})
	sameSequence(t, r.col.data(), []string{"b1", "b2"})
}

// When emit returns false the follower stops by itself, with no error.
func TestFollowStopsWhenConsumerGone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "h1\nh2\n")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, FromStart: true, Poll: testPoll}))
	r.col.mu.Lock()
	r.col.stopAt = 2
	r.col.mu.Unlock()
	r.waitLines(t, 2) // the history batch
	writeLines(t, appender(t, path), []string{"l1"})
	if err := r.wait(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	lines := r.col.snapshot()
	if len(lines) != 3 || !lines[0].history || lines[2].history {
		t.Errorf("lines = %+v; want two history lines then one live", lines)
	}
}
