package file

import (
	"bytes"
	"errors"
	"os"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// tailLen is how many bytes before the offset are remembered to notice a
// file rewritten in place (copytruncate then fast writes).
const tailLen = 16

// tracked is one open file being followed. Its identity is the file, not
// the path: it keeps its Origin (the path it was opened as) after a rename.
type tracked struct {
	f      *os.File
	fi     os.FileInfo // identity, for os.SameFile
	c      *cursor
	o      *feed.Status
	readFn func([]byte) (int, error)
	// scratch is the follower's read buffer (readSize+tailLen), shared by
	// its files: they are read one at a time.
	scratch []byte

	off  int64     // next byte to read
	size int64     // size at the last fstat
	mod  time.Time // modification time at the last fstat

	// tail holds the last tailN bytes before off.
	tail  [tailLen]byte
	tailN int

	history bool // replaying content that existed at start (FromStart)
	// gzip marks a compressed file: read once through readFn (an
	// inflater), never followed; gzipDone once read (or not to be read).
	gzip, gzipDone bool
	gone           bool      // no longer under any matched path
	goneAt         time.Time // when a rescan first found it gone
	seen           int       // rescan generation that last found it
	dirs           []string  // directories whose changes concern it (wake.go)
}

// errRewound reports that the bytes before the offset are no longer those
// that were read there: the file was truncated in place, and perhaps
// written again past the offset, under the follower.
var errRewound = errors.New("file truncated in place")

// read reads at the file's own offset and remembers the last bytes read.
//
// The remembered bytes before the offset are read again in the same
// system call and compared: a copytruncate followed by fast writes, landing
// between the fstat and the read, would otherwise have the read return the
// middle of the new content as if it followed the old. Checked in one
// pread, the data read is known to continue what was read before.
func (t *tracked) read(p []byte) (int, error) {
	k := t.tailN
	if k == 0 {
		n, err := t.f.ReadAt(p, t.off)
		t.off += int64(n)
		t.remember(p[:n])
		return n, err
	}
	buf := t.scratch[:k+len(p)]
	n, err := t.f.ReadAt(buf, t.off-int64(k))
	if n < k || !bytes.Equal(buf[:k], t.tail[:k]) {
		return 0, errRewound
	}
	n = copy(p, buf[k:n])
	t.off += int64(n)
	t.remember(p[:n])
	return n, err
}

func (t *tracked) remember(b []byte) {
	if len(b) >= tailLen {
		copy(t.tail[:], b[len(b)-tailLen:])
		t.tailN = tailLen
		return
	}
	var both [2 * tailLen]byte
	k := copy(both[:], t.tail[:t.tailN])
	k += copy(both[k:], b)
	start := max(0, k-tailLen)
	t.tailN = copy(t.tail[:], both[start:k])
}

// sameTail reports whether the bytes before the offset are still those
// that were read there.
func (t *tracked) sameTail() bool {
	if t.tailN == 0 {
		return true
	}
	var buf [tailLen]byte
	n, _ := t.f.ReadAt(buf[:t.tailN], t.off-int64(t.tailN))
	return n == t.tailN && bytes.Equal(buf[:n], t.tail[:t.tailN])
}

// startAtEnd positions t at the end of the content that existed when
// following began. If that content ends inside a line, the rest of that
// line is skipped when it arrives: it is not a new line.
func (t *tracked) startAtEnd() {
	t.off = t.fi.Size()
	if t.off == 0 {
		return
	}
	n := int64(tailLen)
	if t.off < n {
		n = t.off
	}
	var buf [tailLen]byte
	got, _ := t.f.ReadAt(buf[:n], t.off-n)
	if int64(got) != n {
		// The file shrank already; the next read notices it.
		return
	}
	t.remember(buf[:n])
	if buf[n-1] != '\n' {
		t.c.discard = true
	}
}
