package file

import (
	"path/filepath"
	"testing"
	"time"
)

// waitWake waits for a wake-up from k, failing after a generous deadline.
func waitWake(t *testing.T, k *waker, what string) {
	t.Helper()
	select {
	case <-k.C():
	case <-time.After(15 * time.Second):
		t.Fatalf("no wake-up after %s", what)
	}
}

// The waker wakes on a write to a file in a watched directory, and stops
// watching a directory no open file needs.
func TestWakerWakesOnWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	writeFile(t, path, "")
	k := newWaker()
	if k == nil {
		t.Fatal("no inotify instance: the follower would poll")
	}
	defer k.close()
	files := []*tracked{{dirs: wakeDirs(path)}}
	k.sync(files)
	if !k.watching() || !k.dirs[dir] {
		t.Fatalf("after sync: watching %v, dirs %v; want %s watched", k.watching(), k.dirs, dir)
	}
	f := appender(t, path)
	writeLines(t, f, []string{"one"})
	waitWake(t, k, "a write")

	k.sync(nil)
	if len(k.dirs) != 0 || len(k.w.WatchList()) != 0 {
		t.Fatalf("with no open file still watching %v (%v)", k.dirs, k.w.WatchList())
	}
}

// More directories than maxWakeDirs, or one that cannot be watched, and
// the follower polls.
func TestWakerPollsWhenItCannotWatch(t *testing.T) {
	k := newWaker()
	if k == nil {
		t.Fatal("no inotify instance")
	}
	defer k.close()
	k.sync([]*tracked{{dirs: []string{filepath.Join(t.TempDir(), "missing")}}})
	if k.watching() {
		t.Error("a directory that could not be watched left the follower sleeping")
	}
	var many []*tracked
	for range maxWakeDirs + 1 {
		many = append(many, &tracked{dirs: []string{t.TempDir()}})
	}
	k.sync(many)
	if k.watching() || len(k.dirs) != 0 {
		t.Errorf("%d directories: watching %v with %d watches, want polling and none", len(many), k.watching(), len(k.dirs))
	}
	k.sync(many[:2])
	if !k.watching() || len(k.dirs) != 2 {
		t.Errorf("back to 2 directories: watching %v with %d watches", k.watching(), len(k.dirs))
	}
}

// An idle follower does not step between rescans: each step is a rescan's.
// Polling, it would step every 50 ms, six times a rescan at this Poll.
func TestFollowIdleStepsOnlyToRescan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: 300 * time.Millisecond}))
	r.waitScans(t, 3)
	scans := r.s.scans.Load()
	steps := r.s.steps.Load()
	// A step may have begun after the rescans were read: one more.
	if steps > scans+1 {
		t.Fatalf("%d steps for %d rescans of an idle file: the follower polls", steps, scans)
	}
}

// A write is read at once, not at the next rescan: with a Poll of an hour
// the watching follower sleeps until a change is reported, so the lines
// come only if the wake-up is taken.
func TestFollowWakesOnWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	writeFile(t, path, "")
	r := start(t, mustNew(t, Config{Path: path, Follow: true, Poll: time.Hour}))
	r.waitState(t, "following")
	f := appender(t, path)
	writeLines(t, f, []string{"a", "b"})
	r.waitLines(t, 2)
	writeLines(t, f, []string{"c"})
	r.waitLines(t, 3)
	sameSequence(t, r.col.data(), []string{"a", "b", "c"})
}
