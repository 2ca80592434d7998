package file

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/feed"
)

// The tests in this file drive the follower one tick at a time, so each
// rotation lands exactly between two reads, where the racy cases are.

type stepper struct {
	t   *testing.T
	fl  *follower
	col *collector
}

func newStepper(t *testing.T, cfg Config) *stepper {
	t.Helper()
	cfg.Follow = true
	s := mustNew(t, cfg)
	col := &collector{}
	fl := &follower{s: s, b: newBatcher(s.name, col.emit), byPath: map[string]*tracked{}, poll: s.cfg.Poll}
	t.Cleanup(fl.closeAll)
	fl.rescan(true)
	return &stepper{t: t, fl: fl, col: col}
}

// step runs one tick; rescan says whether paths are resolved again first.
func (st *stepper) step(rescan bool) {
	st.t.Helper()
	if err := st.fl.step(context.Background(), rescan); err != nil {
		st.t.Fatalf("step: %v", err)
	}
}

func TestStepStartAtEndSkipsFragment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "old1\nold2\nfrag")
	st := newStepper(t, Config{Path: path})
	st.step(false)
	w := appender(t, path)
	w.WriteString("ment\nnew-1\n")
	st.step(false)
	sameSequence(t, st.col.data(), []string{"new-1"})
}

func TestStepPartialLineJoined(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	w := appender(t, path)
	w.WriteString("abc")
	st.step(false)
	if n := st.col.count(); n != 0 {
		t.Fatalf("an incomplete line was emitted (%d lines)", n)
	}
	w.WriteString("def\nghi")
	st.step(true)
	w.WriteString("\r\n")
	st.step(true)
	sameSequence(t, st.col.data(), []string{"abcdef", "ghi"})
}

func TestStepFromStartIsHistoryUntilEOF(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "h1\nh2\nh3\n")
	st := newStepper(t, Config{Path: path, FromStart: true})
	if s := st.fl.s.Status(); s.State != stateWaiting {
		t.Errorf("state before the first tick = %q", s.State)
	}
	st.step(false)
	writeLines(t, appender(t, path), []string{"l1", "l2"})
	st.step(false)
	lines := st.col.snapshot()
	sameSequence(t, st.col.data(), []string{"h1", "h2", "h3", "l1", "l2"})
	for i, l := range lines {
		if l.history != (i < 3) {
			t.Errorf("line %q history = %v", l.data, l.history)
		}
	}
	if s := st.fl.s.Status(); s.State != stateFollowing {
		t.Errorf("state = %q, want following", s.State)
	}
}

// copytruncate: the file keeps its identity and restarts at zero. The
// follower must notice even when the new content has already grown to (or
// past) the old offset, so the size never seemed to shrink.
func TestStepCopyTruncate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after int // lines written after the truncation (each as long as before)
	}{
		{"shrinks", 10},
		{"same size", 55},
		{"grows past the old offset", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.log")
			writeFile(t, path, "")
			writeLines(t, appender(t, path), numbered("pre", 1, 5))
			st := newStepper(t, Config{Path: path, FromStart: true})
			w := appender(t, path)
			writeLines(t, w, numbered("old", 1, 50))
			st.step(true)

			copyFile(t, path, path+".1")
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			writeLines(t, w, numbered("new", 1, tc.after))
			st.step(true)
			writeLines(t, w, numbered("new", tc.after+1, 5))
			st.step(true)
			sameSequence(t, st.col.data(), concat(numbered("pre", 1, 5), numbered("old", 1, 50), numbered("new", 1, tc.after+5)))
		})
	}
}

// rename + create: the old file is read to its end (even what its writer
// adds after the rename), then the new one from its start.
func TestStepRenameCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	old := appender(t, path)
	writeLines(t, old, numbered("a", 1, 20))
	st.step(true)
	writeLines(t, old, numbered("a", 21, 20))
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	writeLines(t, old, numbered("a", 41, 10)) // the writer has not reopened yet
	writeLines(t, appender(t, path), numbered("b", 1, 30))
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 50), numbered("b", 1, 30)))

	// The old file stays open while its writer keeps writing...
	writeLines(t, old, numbered("a", 51, 5))
	st.step(true)
	if len(st.fl.files) != 2 {
		t.Fatalf("%d files open, want the old and the new", len(st.fl.files))
	}
	// ...and is closed once a read finds nothing more.
	st.step(true)
	if len(st.fl.files) != 1 {
		t.Fatalf("%d files open, want only the new one", len(st.fl.files))
	}
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 50), numbered("b", 1, 30), numbered("a", 51, 5)))
	for _, g := range st.col.snapshot() {
		if g.origin != path {
			t.Fatalf("origin %q, want %q", g.origin, path)
		}
	}
}

// An incomplete last line of a rotated file is a line once that file is
// done: it is never lost nor glued to the new file's first line.
func TestStepRenameWithPartialLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	old := appender(t, path)
	old.WriteString("a1\nunfinished")
	st.step(true)
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	writeLines(t, appender(t, path), []string{"b1"})
	st.step(true)
	sameSequence(t, st.col.data(), []string{"a1", "unfinished", "b1"})
}

func TestStepDeleteRecreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	old := appender(t, path)
	writeLines(t, old, numbered("a", 1, 10))
	st.step(true)
	writeLines(t, old, numbered("a", 11, 10))
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	st.step(true) // reads a11..a20 from the deleted file
	st.step(true) // nothing more: closed
	if s := st.fl.s.Status(); s.State != stateWaiting || len(st.fl.files) != 0 {
		t.Fatalf("after delete: state %q, %d files open", s.State, len(st.fl.files))
	}
	writeLines(t, appender(t, path), numbered("b", 1, 10))
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 20), numbered("b", 1, 10)))

	// Delete and re-create between two ticks.
	w := appender(t, path)
	writeLines(t, w, numbered("b", 11, 5))
	os.Remove(path)
	writeLines(t, appender(t, path), numbered("c", 1, 5))
	st.step(true)
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 20), numbered("b", 1, 15), numbered("c", 1, 5)))
}

// A glob that matches the rotated name too must not read it again.
func TestStepGlobMatchesRotatedName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: filepath.Join(dir, "x.log*")})
	old := appender(t, path)
	writeLines(t, old, numbered("a", 1, 10))
	st.step(true)
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	writeLines(t, old, numbered("a", 11, 5))
	writeLines(t, appender(t, path), numbered("b", 1, 10))
	st.step(true)
	st.step(true)
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 15), numbered("b", 1, 10)))
	if len(st.fl.files) != 2 {
		t.Errorf("%d files open, want x.log and x.log.1", len(st.fl.files))
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

// A long line written in pieces over several ticks is cut once, counted
// once, and the line after it is whole.
func TestStepLongLineInPieces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	w := appender(t, path)
	piece := strings.Repeat("x", feed.MaxLineBytes/2+1)
	for range 5 {
		w.WriteString(piece)
		st.step(false)
	}
	w.WriteString("tail\nnext\n")
	st.step(false)
	lines := st.col.snapshot()
	if len(lines) != 2 || !lines[0].truncated || len(lines[0].data) != feed.MaxLineBytes || lines[1].data != "next" {
		for i, l := range lines {
			t.Logf("line %d: len %d truncated %v", i, len(l.data), l.truncated)
		}
		t.Fatalf("got %d lines; want a cut line of %d bytes, then \"next\"", len(lines), feed.MaxLineBytes)
	}
	if s := st.fl.s.Status(); s.Truncated != 1 || s.Lines != 2 {
		t.Errorf("status: %d lines, %d truncated", s.Lines, s.Truncated)
	}
}

// A copytruncate and fast writes landing between the follower's fstat and
// its read: the read must not take the middle of the new content for the
// continuation of the old. The lines written before the truncation that
// were never read went to the copy: they are lost, and the loss is counted.
func TestStepTruncateBetweenStatAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	w := appender(t, path)
	writeLines(t, w, numbered("a", 1, 10))
	st.step(true)
	writeLines(t, w, numbered("b", 1, 10)) // written, not read yet
	tr := st.fl.files[0]
	raced := false
	tr.readFn = func(p []byte) (int, error) {
		if !raced {
			raced = true
			copyFile(t, path, path+".1")
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			writeLines(t, w, numbered("c", 1, 40)) // past the old offset
		}
		return tr.read(p)
	}
	st.step(true)
	st.step(true)
	sameSequence(t, st.col.data(), concat(numbered("a", 1, 10), numbered("c", 1, 40)))
	if s := st.fl.s.Status(); s.Rewinds != 1 || s.Lines != 50 {
		t.Errorf("status: %d rewinds, %d lines; want 1 and 50", s.Rewinds, s.Lines)
	}
}

// An incomplete line read just before a truncation is delivered marked
// cut: its rest went to the copy.
func TestStepTruncateCutsPartialLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, "")
	st := newStepper(t, Config{Path: path})
	w := appender(t, path)
	w.WriteString("a1\nhalf-of-a-li")
	st.step(true)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	w.WriteString("b1\n")
	st.step(true)
	lines := st.col.snapshot()
	if len(lines) != 3 || lines[0].data != "a1" || lines[1].data != "half-of-a-li" || !lines[1].truncated || lines[2].data != "b1" || lines[2].truncated {
		t.Fatalf("got %+v", lines)
	}
}
