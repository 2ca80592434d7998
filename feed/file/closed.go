package file

import (
	"bytes"
	"os"
	"syscall"
)

// maxClosed bounds the closed files remembered by one follower.
const maxClosed = 64

// closedFile is where reading stopped in a file that was closed after it
// left every matched path: a symlink switched away from it, say. Switched
// back to it later (blue/green deployments flip a "current" link back and
// forth), the file is read on from there, as stern resumes a stream,
// instead of from its start again: its lines would otherwise be counted
// twice.
type closedFile struct {
	fi    os.FileInfo // identity, for os.SameFile
	off   int64
	tail  [tailLen]byte
	tailN int
}

// rememberClosed keeps where reading stopped in t, which is being closed.
// Compressed files are not kept: they are read once, never followed. Nor
// is a deleted file: it cannot be found again, and once closed its inode
// may go to a new file, which must be read from its start (a logger
// deleting and recreating its file).
func (fl *follower) rememberClosed(t *tracked) {
	if t.gzip || !stillLinked(t.f) {
		return
	}
	if len(fl.closed) == maxClosed {
		copy(fl.closed, fl.closed[1:])
		fl.closed = fl.closed[:maxClosed-1]
	}
	fl.closed = append(fl.closed, closedFile{fi: t.fi, off: t.off, tail: t.tail, tailN: t.tailN})
}

// resume sets t, a file found again after it was closed, to go on where
// reading stopped. The bytes before that place must be the ones read
// there: a file truncated and written again, or a new file that was given
// the old one's inode, is new data and read from its start.
func (fl *follower) resume(t *tracked) {
	for i, c := range fl.closed {
		if !os.SameFile(c.fi, t.fi) {
			continue
		}
		fl.closed = append(fl.closed[:i], fl.closed[i+1:]...)
		if t.fi.Size() < c.off {
			return
		}
		var buf [tailLen]byte
		if n, _ := t.f.ReadAt(buf[:c.tailN], c.off-int64(c.tailN)); n != c.tailN || !bytes.Equal(buf[:n], c.tail[:c.tailN]) {
			return
		}
		t.off, t.tail, t.tailN = c.off, c.tail, c.tailN
		// An incomplete last line was handed over when the file was
		// closed: the rest of it is not a new line.
		if c.tailN > 0 && c.tail[c.tailN-1] != '\n' {
			t.c.discard = true
		}
		return
	}
}

// stillLinked reports whether f still has a name: a link count above zero.
func stillLinked(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Nlink > 0
	}
	return true
}
