package file

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// Compressed input is read transparently: a file (or stdin, or a pipe)
// whose first bytes are the gzip magic is inflated as it is read, whatever
// its name, so `tailtop report access.log.1.gz` and `zcat`-less pipes just
// work; concatenated gzip members (as `cat a.gz b.gz` makes) are read one
// after the other. A file named .gz without the magic is read as it is.
//
// Inflating streams through the same bounded buffers as plain input, so it
// never holds more than a read and a line. What is bounded besides is the
// work: a gzip bomb (a small file inflating to gigabytes of one endless
// line; deflate reaches about 1000:1) stops with an error once its output
// passes inflateLimit.ratio times its compressed size plus a fixed
// allowance. Real logs compress 5 to 50 times, the most repetitive ones
// rarely past 100.
//
// Following: a compressed file does not grow, so it is read once. Found at
// start with FromStart it is read as history; a compressed file appearing
// later (logrotate's compress of access.log.1) holds lines already read
// from the file it was rotated from, and is not read again; such a file is
// known by its magic, or by its .gz name while it is still being written.

const (
	gzipMagic0         = 0x1f
	gzipMagic1         = 0x8b
	gzipPeekBufferSize = 64 << 10
)

// inflateLimit bounds inflated output: allowance + ratio × compressed input
// read so far. A variable so that tests can make a bomb cheaply.
var inflateLimit = struct{ allowance, ratio int64 }{allowance: 64 << 20, ratio: 250}

// errGzipBomb reports input that inflates beyond the bound.
var errGzipBomb = errors.New("gzip: inflates beyond the size limit (a gzip bomb?)")

// isGzipName reports a name that says compressed.
func isGzipName(path string) bool { return strings.HasSuffix(strings.ToLower(path), ".gz") }

func hasGzipMagic(b []byte) bool { return len(b) >= 2 && b[0] == gzipMagic0 && b[1] == gzipMagic1 }

// fileIsGzip reports whether the file starts with the gzip magic, reading
// its first bytes without moving its offset.
func fileIsGzip(f *os.File) bool {
	var b [2]byte
	n, _ := f.ReadAt(b[:], 0)
	return hasGzipMagic(b[:n])
}

// inflater reads the inflated content of a gzip stream and counts both
// sides to enforce the bound.
type inflater struct {
	in  countingReader
	zr  *gzip.Reader
	out int64
	err error
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// newInflater starts inflating r, which must be at the gzip header.
func newInflater(r io.Reader) (*inflater, error) {
	z := &inflater{in: countingReader{r: r}}
	zr, err := gzip.NewReader(&z.in)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	z.zr = zr
	return z, nil
}

func (z *inflater) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.zr.Read(p)
	z.out += int64(n)
	if z.out > inflateLimit.allowance+inflateLimit.ratio*z.in.n {
		z.err = errGzipBomb
		return n, z.err
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}

// maybeInflate wraps a stream (stdin, a pipe) so that gzip input is
// inflated: it peeks at the first bytes, which stay part of the stream.
func maybeInflate(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, gzipPeekBufferSize)
	head, _ := br.Peek(2) // a short or failed peek: not gzip; the read reports the error
	if !hasGzipMagic(head) {
		return br, nil
	}
	return newInflater(br)
}
