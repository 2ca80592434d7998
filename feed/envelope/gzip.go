package envelope

import (
	"bytes"
	"io"

	"github.com/klauspost/compress/gzip"
)

// isGzip reports whether p starts with a gzip member header (deflate).
func isGzip(p []byte) bool {
	return len(p) >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8
}

// inflater inflates gzip payloads into one reusable buffer, never past a
// cap: a small record that claims to hold gigabytes costs at most the cap.
type inflater struct {
	src bytes.Reader
	gz  *gzip.Reader
	buf []byte
}

// inflate returns the inflated bytes of p, valid until the next call.
// Concatenated gzip members are read as one stream, as gunzip does.
func (f *inflater) inflate(p []byte, limit int) ([]byte, error) {
	f.src.Reset(p)
	var err error
	if f.gz == nil {
		f.gz, err = gzip.NewReader(&f.src)
	} else {
		err = f.gz.Reset(&f.src)
	}
	if err != nil {
		return nil, failf(ErrBadGzip, "%v", err)
	}
	if cap(f.buf) > retainInflated {
		f.buf = nil
	}
	buf := f.buf[:0]
	for {
		if len(buf) == cap(buf) {
			if len(buf) > limit {
				f.keep(buf)
				return nil, failf(ErrTooLarge, "more than %d MiB", limit>>20)
			}
			// Grow geometrically, from a size that fits most records, to
			// at most one byte past the limit (which proves the excess).
			n := max(2*cap(buf), 64<<10)
			n = min(n, limit+1)
			nb := make([]byte, len(buf), n)
			copy(nb, buf)
			buf = nb
		}
		n, rerr := f.gz.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			f.keep(buf)
			return nil, failf(ErrTooLarge, "more than %d MiB", limit>>20)
		}
		if rerr == io.EOF {
			f.keep(buf)
			return buf, nil
		}
		if rerr != nil {
			f.keep(buf)
			return nil, failf(ErrBadGzip, "%v", rerr)
		}
	}
}

func (f *inflater) keep(buf []byte) {
	if cap(buf) <= retainInflated {
		f.buf = buf[:0]
	} else {
		f.buf = nil
	}
}
