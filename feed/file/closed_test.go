package file

import (
	"os"
	"path/filepath"
	"testing"
)

// pointLink switches the symlink at link to target, as ln -sfn does: a new
// link renamed over the old one.
func pointLink(t *testing.T, link, target string) {
	t.Helper()
	tmp := link + ".tmp"
	if err := os.Symlink(filepath.Base(target), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
}

// closedStepper follows a "current" link to blue.log, with green.log
// beside it, the way blue/green deployments do.
func closedStepper(t *testing.T) (st *stepper, link, blue, green string) {
	dir := t.TempDir()
	link, blue, green = filepath.Join(dir, "current.log"), filepath.Join(dir, "blue.log"), filepath.Join(dir, "green.log")
	writeFile(t, blue, "")
	writeFile(t, green, "")
	pointLink(t, link, blue)
	return newStepper(t, Config{Path: link}), link, blue, green
}

// switchAway points the link at to and steps until the file it left is
// closed.
func (st *stepper) switchAway(link, to string) {
	st.t.Helper()
	pointLink(st.t, link, to)
	st.step(true) // the old file is gone, read to its end
	st.step(true) // nothing more in it: closed
	if len(st.fl.files) != 1 {
		st.t.Fatalf("%d files open, want only %s", len(st.fl.files), filepath.Base(to))
	}
}

// A link switched away and back: the file it comes back to is read on from
// where reading stopped, lines written to it meanwhile included, and
// nothing is read twice.
func TestStepLinkSwitchedBackResumes(t *testing.T) {
	st, link, blue, green := closedStepper(t)
	writeLines(t, appender(t, blue), numbered("blue", 1, 20))
	st.step(true)
	st.switchAway(link, green)
	writeLines(t, appender(t, green), numbered("green", 1, 5))
	writeLines(t, appender(t, blue), numbered("blue", 21, 3)) // while not followed
	st.step(true)
	st.switchAway(link, blue)
	writeLines(t, appender(t, blue), numbered("blue", 24, 2))
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("blue", 1, 20), numbered("green", 1, 5), numbered("blue", 21, 5)))

	// And over to green again, which goes on after green-0005.
	st.switchAway(link, green)
	writeLines(t, appender(t, green), numbered("green", 6, 2))
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("blue", 1, 20), numbered("green", 1, 5), numbered("blue", 21, 5), numbered("green", 6, 2)))
}

// The file came back rewritten (truncated and written again, as long as
// before or longer): what it holds is new, and read from its start. It
// was not followed while rewritten, so that is no rewind either (reading
// on from the old place would find the bytes changed, and count one).
func TestStepLinkSwitchedBackRewritten(t *testing.T) {
	st, link, blue, green := closedStepper(t)
	writeLines(t, appender(t, blue), numbered("blue", 1, 10))
	st.step(true)
	st.switchAway(link, green)
	f, err := os.OpenFile(blue, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	writeLines(t, f, numbered("next", 1, 12))
	f.Close()
	st.switchAway(link, blue)
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("blue", 1, 10), numbered("next", 1, 12)))
	if s := st.fl.s.Status(); s.Rewinds != 0 {
		t.Errorf("%d rewinds counted", s.Rewinds)
	}
}

// Left inside a line: the start of that line was handed over when the file
// was closed, and its rest is not a new line when the link comes back.
func TestStepLinkSwitchedBackMidLine(t *testing.T) {
	st, link, blue, green := closedStepper(t)
	w := appender(t, blue)
	w.WriteString("b1\nunfin")
	st.step(true)
	st.switchAway(link, green)
	w.WriteString("ished\nb2\n")
	st.switchAway(link, blue)
	st.step(true)
	sameSequence(t, st.col.data(), []string{"b1", "unfin", "b2"})
}

// A file deleted and closed is not remembered: a new file that is given
// its inode is read from its start, even when its bytes look the same.
func TestStepDeletedFileNotRemembered(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	writeLines(t, appender(t, path), numbered("same", 1, 4))
	st.step(true)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	st.step(true)
	st.step(true)
	if len(st.fl.files) != 0 || len(st.fl.closed) != 0 {
		t.Fatalf("after delete: %d files open, %d remembered", len(st.fl.files), len(st.fl.closed))
	}
	writeLines(t, appender(t, path), numbered("same", 1, 6))
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("same", 1, 4), numbered("same", 1, 6)))
}

// At most maxClosed closed files are remembered, the latest.
func TestClosedFilesBounded(t *testing.T) {
	dir := t.TempDir()
	fl := &follower{}
	for i := range maxClosed + 5 {
		p := filepath.Join(dir, "f"+string(rune('a'+i%26))+string(rune('a'+i/26)))
		writeFile(t, p, "x\n")
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := f.Stat()
		fl.rememberClosed(&tracked{f: f, fi: fi, off: int64(i)})
		f.Close()
	}
	if len(fl.closed) != maxClosed || fl.closed[0].off != 5 || fl.closed[maxClosed-1].off != maxClosed+4 {
		t.Fatalf("%d remembered, from %d to %d", len(fl.closed), fl.closed[0].off, fl.closed[len(fl.closed)-1].off)
	}
}
