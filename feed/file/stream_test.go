package file

import (
	"os"
	"strings"
	"testing"
)

func newStdin(t *testing.T, follow bool) (*Source, *os.File) {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pr.Close(); pw.Close() })
	s := mustNew(t, Config{Path: "-", Follow: follow})
	s.stdin = pr
	return s, pw
}

func TestStdinToEOF(t *testing.T) {
	s, pw := newStdin(t, false)
	r := start(t, s)
	want := numbered("s", 1, 20000)
	go func() {
		// Larger than a pipe buffer: the reader must keep up.
		pw.WriteString(strings.Join(want, "\r\n") + "\r\nlast without newline")
		pw.Close()
	}()
	if err := r.wait(); err != nil {
		t.Fatalf("Run at EOF: %v", err)
	}
	want = append(want, "last without newline")
	sameSequence(t, r.col.data(), want)
	for _, g := range r.col.snapshot() {
		if !g.history || g.origin != StdinOrigin {
			t.Fatalf("line %+v: want history from stdin", g)
		}
	}
	st := s.Status()
	if st.Kind != "stdin" || st.State != stateDone || st.Lines != int64(len(want)) || st.Name != "-" {
		t.Errorf("status = %+v", st)
	}
}

// Cancelling while stdin is open and idle returns at once and leaves no
// goroutine behind (TestMain checks).
func TestStdinCancel(t *testing.T) {
	s, pw := newStdin(t, true)
	r := start(t, s)
	pw.WriteString("one\ntwo\n")
	r.waitLines(t, 2)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	sameSequence(t, r.col.data(), []string{"one", "two"})
}

func TestNamedPipe(t *testing.T) {
	path := t.TempDir() + "/fifo"
	if err := mkfifo(path); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	s := mustNew(t, Config{Path: path})
	r := start(t, s)
	w, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString("p1\np2")
	w.Close()
	if err := r.wait(); err != nil {
		t.Fatalf("Run at EOF: %v", err)
	}
	sameSequence(t, r.col.data(), []string{"p1", "p2"})
	if st := s.Status(); st.Kind != "file" || st.Lines != 2 {
		t.Errorf("status = %+v", st)
	}
}
