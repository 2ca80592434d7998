package file

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gzipped(t testing.TB, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadGzipTransparently(t *testing.T) {
	lines := numbered("gz", 1, 5000)
	text := strings.Join(lines, "\n") + "\n"
	two := append(gzipped(t, "first\nsecond"), gzipped(t, "\nthird\n")...)
	tests := []struct {
		name string
		file string
		data []byte
		want []string
	}{
		{"by name and magic", "access.log.gz", gzipped(t, text), lines},
		{"magic without the name", "access.log.1", gzipped(t, text), lines},
		// cat a.gz b.gz: members are read one after the other, and a
		// line split across them is one line.
		{"concatenated members", "two.gz", two, []string{"first", "second", "third"}},
		{"crlf and no final newline", "w.log.gz", gzipped(t, "a\r\nb"), []string{"a", "b"}},
		{"empty archive", "empty.gz", gzipped(t, ""), nil},
		// A .gz name without the magic is read as it is.
		{"name without magic", "plain.gz", []byte("not\ncompressed\n"), []string{"not", "compressed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			writeBytes(t, path, tc.data)
			s, col := readAllOf(t, Config{Path: path})
			sameSequence(t, col.data(), tc.want)
			st := s.Status()
			if st.Lines != int64(len(tc.want)) || st.Errors != 0 {
				t.Errorf("status: %d lines, %d errors (%s); want %d, 0", st.Lines, st.Errors, st.LastError, len(tc.want))
			}
		})
	}
}

// A gzip bomb stops at the bound with an error on its file; what came
// before is kept, and the rest of a glob is still read.
func TestGzipBombIsBounded(t *testing.T) {
	saved := inflateLimit
	inflateLimit.allowance = 1 << 20
	t.Cleanup(func() { inflateLimit = saved })

	dir := t.TempDir()
	// Members of 1 MiB of zeros, about 1 KiB each: 1000:1, as bombs are.
	member := gzippedLevel(t, string(make([]byte, 1<<20)), gzip.BestCompression)
	bomb := gzipped(t, "before the bomb\n")
	for range 64 {
		bomb = append(bomb, member...)
	}
	writeBytes(t, filepath.Join(dir, "a-bomb.gz"), bomb)
	writeFile(t, filepath.Join(dir, "b.log"), "after\n")

	s, col := readAllOf(t, Config{Path: filepath.Join(dir, "*")})
	got := col.data()
	if len(got) < 2 || got[0] != "before the bomb" || got[len(got)-1] != "after" {
		t.Fatalf("lines %q: want the bomb's first line, its cut remainder, and the next file", ends(got))
	}
	// The bomb's one endless line is cut at MaxLineBytes: a handful of
	// lines at most.
	if len(got) > 4 {
		t.Errorf("%d lines from a bomb of one line", len(got))
	}
	st := s.Status()
	var bombed bool
	for _, o := range st.Origins {
		if strings.HasSuffix(o.Name, "a-bomb.gz") {
			bombed = o.State == "error" && strings.Contains(o.LastError, "size limit")
			// Stopped near the bound, not at the bomb's 64 MiB.
			if limit := inflateLimit.allowance + inflateLimit.ratio*int64(len(bomb)); o.Bytes > limit+readSize {
				t.Errorf("inflated %d bytes, bound %d", o.Bytes, limit)
			}
		}
	}
	if !bombed {
		t.Errorf("origins %+v: want a-bomb.gz in error with the size limit named", st.Origins)
	}
}

func gzippedLevel(t testing.TB, content string, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write([]byte(content))
	zw.Close()
	return buf.Bytes()
}

func TestCorruptGzipKeepsWhatItCould(t *testing.T) {
	data := gzipped(t, strings.Join(numbered("ok", 1, 100), "\n")+"\n")
	data[len(data)-6] ^= 0xff // the CRC: every byte inflates, then the check fails
	path := filepath.Join(t.TempDir(), "bad.gz")
	writeBytes(t, path, data)
	s, col := readAllOf(t, Config{Path: path})
	sameSequence(t, col.data(), numbered("ok", 1, 100))
	if st := s.Status(); st.Errors != 1 || !strings.Contains(st.LastError, "gzip") {
		t.Errorf("status %+v: want one gzip error", st)
	}
}

func TestStdinGzip(t *testing.T) {
	lines := numbered("in", 1, 3000)
	s := mustNew(t, Config{Path: "-"})
	s.stdin = bytes.NewReader(gzipped(t, strings.Join(lines, "\n")+"\n"))
	r := start(t, s)
	if err := r.wait(); err != nil {
		t.Fatal(err)
	}
	sameSequence(t, r.col.data(), lines)
}

func TestStdinShortPlainInput(t *testing.T) {
	// One byte: too short to be gzip, still a line.
	s := mustNew(t, Config{Path: "-"})
	s.stdin = strings.NewReader("x")
	r := start(t, s)
	if err := r.wait(); err != nil {
		t.Fatal(err)
	}
	sameSequence(t, r.col.data(), []string{"x"})
}

// Following: a compressed file there at start is read once as history with
// FromStart; one appearing later (a compressed rotation) is not read.
func TestFollowGzip(t *testing.T) {
	dir := t.TempDir()
	old := numbered("old", 1, 50)
	writeBytes(t, filepath.Join(dir, "access.log.2.gz"), gzipped(t, strings.Join(old, "\n")+"\n"))
	live := filepath.Join(dir, "access.log")
	writeFile(t, live, "")

	r := start(t, mustNew(t, Config{Path: dir, Follow: true, FromStart: true, Poll: 10e6}))
	r.waitLines(t, len(old))
	for _, g := range r.col.snapshot() {
		if !g.history {
			t.Fatalf("line %+v from the archive is not history", g)
		}
	}
	writeBytes(t, filepath.Join(dir, "access.log.3.gz"), gzipped(t, "rotated-1\nrotated-2\n"))
	// logrotate creates the archive first and compresses into it.
	writeFile(t, filepath.Join(dir, "access.log.4.gz"), "")
	r.waitScans(t, 2)
	writeBytes(t, filepath.Join(dir, "access.log.4.gz"), gzipped(t, "rotated-3\n"))
	r.waitScans(t, 2)
	f := appender(t, live)
	writeLines(t, f, []string{"new-1"})
	r.waitLines(t, len(old)+1)
	r.waitScans(t, 2)
	sameSequence(t, r.col.data(), append(old, "new-1"))
}

// Without FromStart, following starts at the end: an archive there at
// start holds only the past.
func TestFollowGzipFromEnd(t *testing.T) {
	dir := t.TempDir()
	writeBytes(t, filepath.Join(dir, "x.gz"), gzipped(t, "past\n"))
	live := filepath.Join(dir, "x.log")
	writeFile(t, live, "")
	r := start(t, mustNew(t, Config{Path: dir, Follow: true, Poll: 10e6}))
	r.waitScans(t, 2)
	writeLines(t, appender(t, live), []string{"now"})
	r.waitLines(t, 1)
	r.waitScans(t, 2)
	sameSequence(t, r.col.data(), []string{"now"})
}
