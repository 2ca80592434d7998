package file

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/feed"
)

// readAllOf runs a non-following source to its end.
func readAllOf(t *testing.T, cfg Config) (*Source, *collector) {
	t.Helper()
	s := mustNew(t, cfg)
	col := &collector{}
	if err := s.Run(context.Background(), col.emit); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return s, col
}

func TestReadToEnd(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{"final newline", "a\nb\n", []string{"a", "b"}},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"crlf without final newline", "a\r\nb\r", []string{"a", "b"}},
		{"empty file", "", nil},
		{"one newline", "\n", []string{""}},
		{"blank lines", "\n\nx\n\n", []string{"", "", "x", ""}},
		{"cr inside a line kept", "a\rb\n", []string{"a\rb"}},
		{"binary with NULs", "\x00\x01\n\x00\n\xff\xfe\x00", []string{"\x00\x01", "\x00", "\xff\xfe\x00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.log")
			writeFile(t, path, tc.content)
			s, col := readAllOf(t, Config{Path: path})
			lines := col.snapshot()
			gotData := col.data()
			if !slices.Equal(gotData, tc.want) {
				t.Fatalf("lines = %q, want %q", gotData, tc.want)
			}
			for _, l := range lines {
				if !l.history || l.origin != path || l.truncated {
					t.Errorf("line %+v: want history, origin %s, not truncated", l, path)
				}
			}
			st := s.Status()
			if st.Lines != int64(len(tc.want)) || st.Bytes != int64(len(tc.content)) || st.Truncated != 0 {
				t.Errorf("status counts = %d lines %d bytes %d truncated, want %d %d 0", st.Lines, st.Bytes, st.Truncated, len(tc.want), len(tc.content))
			}
			if st.State != stateDone || st.Kind != "file" || st.Name != path || st.Origins != nil {
				t.Errorf("status = %+v", st)
			}
		})
	}
}

func TestReadLongLines(t *testing.T) {
	max := feed.MaxLineBytes
	content := strings.Repeat("x", max+10) + "\n" + // cut
		"short\n" +
		strings.Repeat("y", max) + "\n" + // exactly the bound: kept whole
		strings.Repeat("z", max) + "\r\n" + // the bound plus CRLF: kept whole
		strings.Repeat("w", max+1) + "\r\n" + // one over, with CRLF: cut
		"end"
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, content)
	s, col := readAllOf(t, Config{Path: path})
	lines := col.snapshot()
	want := []got{
		{data: strings.Repeat("x", max), truncated: true},
		{data: "short"},
		{data: strings.Repeat("y", max)},
		{data: strings.Repeat("z", max)},
		{data: strings.Repeat("w", max), truncated: true},
		{data: "end"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d", len(lines), len(want))
	}
	for i, w := range want {
		if lines[i].data != w.data || lines[i].truncated != w.truncated {
			t.Errorf("line %d: len %d truncated %v, want len %d truncated %v", i, len(lines[i].data), lines[i].truncated, len(w.data), w.truncated)
		}
	}
	if st := s.Status(); st.Lines != 6 || st.Truncated != 2 {
		t.Errorf("status: %d lines %d truncated, want 6 and 2", st.Lines, st.Truncated)
	}
}

// A line forty times the bound without a newline is one truncated line,
// and reading it allocates a small multiple of the bound (the growing stage
// and the carried partial line), whatever the line's length.
func TestReadHugeLineWithoutNewline(t *testing.T) {
	const size = 40 * feed.MaxLineBytes
	path := filepath.Join(t.TempDir(), "huge.log")
	writeFile(t, path, strings.Repeat("A", size))
	s := mustNew(t, Config{Path: path})
	var lines, truncated, maxLen int
	emit := func(b *feed.Batch) bool {
		for _, l := range b.Lines {
			lines++
			maxLen = max(maxLen, len(l.Data))
			if l.Truncated {
				truncated++
			}
		}
		return true
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if err := s.Run(context.Background(), emit); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if lines != 1 || truncated != 1 || maxLen != feed.MaxLineBytes {
		t.Errorf("got %d lines, %d truncated, longest %d; want 1, 1, %d", lines, truncated, maxLen, feed.MaxLineBytes)
	}
	st := s.Status()
	if st.Lines != 1 || st.Truncated != 1 || st.Bytes != size || st.SkippedBytes != size-feed.MaxLineBytes {
		t.Errorf("status = %+v", st)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*feed.MaxLineBytes+1<<20 {
		t.Errorf("reading a %d-byte line allocated %d bytes; want the bound plus buffers, well under the line's size", size, alloc)
	}
}

func TestReadBatches(t *testing.T) {
	const n = 5000
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, strings.Join(numbered("line", 1, n), "\n")+"\n")
	s := mustNew(t, Config{Path: path})
	var batches, lines int
	emit := func(b *feed.Batch) bool {
		batches++
		if len(b.Lines) == 0 || len(b.Lines) > batchLines {
			t.Errorf("batch of %d lines", len(b.Lines))
		}
		if !b.History || b.Source != path {
			t.Errorf("batch history %v source %q", b.History, b.Source)
		}
		// A line's Data must not reach into its neighbour's bytes.
		if len(b.Lines) > 1 {
			next := string(b.Lines[1].Data)
			_ = append(b.Lines[0].Data, "CLOBBER"...)
			if string(b.Lines[1].Data) != next {
				t.Fatalf("appending to one line changed the next")
			}
		}
		lines += len(b.Lines)
		return true
	}
	if err := s.Run(context.Background(), emit); err != nil {
		t.Fatal(err)
	}
	if lines != n || batches != (n+batchLines-1)/batchLines {
		t.Errorf("%d lines in %d batches; want %d in %d", lines, batches, n, (n+batchLines-1)/batchLines)
	}
}

// Returning false from emit stops the source at once.
func TestReadStopsWhenConsumerGone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, strings.Join(numbered("line", 1, 5000), "\n")+"\n")
	s := mustNew(t, Config{Path: path})
	col := &collector{stopAt: 1}
	if err := s.Run(context.Background(), col.emit); err != nil {
		t.Fatal(err)
	}
	if len(col.batches) != 1 || col.count() != batchLines {
		t.Errorf("got %d batches, %d lines; want 1 batch of %d", len(col.batches), col.count(), batchLines)
	}
}

func TestReadGlobAndDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "b.log"), "b1\nb2\n")
	writeFile(t, filepath.Join(dir, "a.log"), "a1\n")
	writeFile(t, filepath.Join(dir, "c.txt"), "c1")
	if err := os.Mkdir(filepath.Join(dir, "sub.log"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "sub.log", "d.log"), "d1\n")

	t.Run("glob", func(t *testing.T) {
		s, col := readAllOf(t, Config{Path: filepath.Join(dir, "*.log")})
		sameSequence(t, col.data(), []string{"a1", "b1", "b2"})
		if g := col.snapshot(); g[0].origin != filepath.Join(dir, "a.log") || g[2].origin != filepath.Join(dir, "b.log") {
			t.Errorf("origins %q, %q", g[0].origin, g[2].origin)
		}
		st := s.Status()
		if len(st.Origins) != 2 || st.Origins[1].Lines != 2 || st.Origins[1].State != stateDone || st.Lines != 3 {
			t.Errorf("status = %+v", st)
		}
	})
	t.Run("directory", func(t *testing.T) {
		s, col := readAllOf(t, Config{Path: dir, Name: "logs"})
		sameSequence(t, col.data(), []string{"a1", "b1", "b2", "c1"})
		st := s.Status()
		if st.Name != "logs" || len(st.Origins) != 3 || st.Lines != 4 {
			t.Errorf("status = %+v", st)
		}
	})
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.log")
	for _, tc := range []struct {
		name, path, mention string
	}{
		{"missing file", missing, missing},
		{"glob without matches", filepath.Join(dir, "*.nothing"), "*.nothing"},
		{"bad pattern", filepath.Join(dir, "[x"), "[x"},
		{"empty path", "", "empty path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Config{Path: tc.path})
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("New(%q) error = %v, want one mentioning %q", tc.path, err, tc.mention)
			}
		})
	}
	// Following, a missing file is waited for.
	s, err := New(Config{Path: missing, Follow: true})
	if err != nil {
		t.Fatalf("following a missing file: %v", err)
	}
	if st := s.Status(); st.State != stateWaiting {
		t.Errorf("state %q, want waiting", st.State)
	}
}

// The bytes of cut lines past the bound are counted, whether the line
// ends in the same read or many reads later, from a file or a pipe.
func TestSkippedBytesCounted(t *testing.T) {
	bound := feed.MaxLineBytes
	lines := []string{
		"short",
		strings.Repeat("a", bound+1),
		strings.Repeat("b", 3*bound+17),
		strings.Repeat("\x00", 2*bound), // NULs are bytes like any other
		strings.Repeat("c", bound),      // exactly the bound: whole
		"end",
	}
	var want int64
	for _, l := range lines {
		want += int64(max(0, len(l)-bound))
	}
	content := strings.Join(lines, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "x.log")
	writeFile(t, path, content)
	fromFile, _ := readAllOf(t, Config{Path: path})
	fromPipe := mustNew(t, Config{Path: "-"})
	fromPipe.stdin = strings.NewReader(content)
	if err := fromPipe.Run(context.Background(), (&collector{}).emit); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Source{"file": fromFile, "stdin": fromPipe} {
		if st := s.Status(); st.Lines != 6 || st.Truncated != 3 || st.SkippedBytes != want {
			t.Errorf("%s: %d lines, %d truncated, %d bytes skipped; want 6, 3, %d", name, st.Lines, st.Truncated, st.SkippedBytes, want)
		}
	}
}
