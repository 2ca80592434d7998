package analyze

import (
	"bytes"
	"io"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Byte ranges of a regular file, for reading history on several cores: the
// file is cut into ranges that start at the beginning of a line and end
// after a newline (or at the end of the file), so that every line lies in
// exactly one range. A range is split into lines by the same rules as the
// file feed (feed/file) for lines within feed.MaxLineBytes: a line ends at
// '\n', one trailing '\r' is dropped, and a last line without a newline is
// a line. Files with longer lines are left to the feed.

// byteRange is [from, to) of a file.
type byteRange struct{ from, to int64 }

// splitRanges cuts a file of size bytes into ranges of about target bytes,
// each boundary moved forward to just after the next newline.
func splitRanges(f io.ReaderAt, size, target int64) ([]byteRange, error) {
	var out []byteRange
	var buf [64 << 10]byte
	from := int64(0)
	for from < size {
		at := from + target
		if at >= size {
			out = append(out, byteRange{from, size})
			break
		}
		// Find the first newline at or after at-1, so that a range
		// ending exactly at a line's end keeps that line.
		to := size
		for pos := at - 1; pos < size; {
			n, err := f.ReadAt(buf[:min(int64(len(buf)), size-pos)], pos)
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				to = pos + int64(i) + 1
				break
			}
			pos += int64(n)
			if err != nil && err != io.EOF {
				return nil, err
			}
			if n == 0 {
				break
			}
		}
		out = append(out, byteRange{from, to})
		from = to
	}
	return out, nil
}

// hasLongLine reports whether a line of the file (its bytes before '\n')
// is longer than limit. Every such line contains one of the probes taken
// every limit/2 bytes, and at each probe the line through it is measured,
// so the answer is exact while reading only a little around each probe.
// Long lines are left to the file feed, whose rules for them (cutting,
// splitting CloudTrail documents into records) are its own.
func hasLongLine(f io.ReaderAt, size, limit int64) (bool, error) {
	step := max(limit/2, 1)
	var buf [4 << 10]byte
	for p := int64(0); p < size; p += step {
		// The line through p starts after the last '\n' before p and
		// ends at the first '\n' at or after p.
		start, end := int64(0), size
		for q := p; q > 0; {
			from := max(q-int64(len(buf)), 0)
			n, err := f.ReadAt(buf[:q-from], from)
			if err != nil && err != io.EOF {
				return false, err
			}
			if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
				start = from + int64(i) + 1
				break
			}
			q = from
			if p-q > limit {
				return true, nil
			}
		}
		for q := p; q < size; {
			n, err := f.ReadAt(buf[:min(int64(len(buf)), size-q)], q)
			if err != nil && err != io.EOF {
				return false, err
			}
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				end = q + int64(i)
				break
			}
			if n == 0 {
				break
			}
			q += int64(n)
			if q-start > limit {
				return true, nil
			}
		}
		if end-start > limit {
			return true, nil
		}
	}
	return false, nil
}

// chunkBuf holds the lines of one range, pointing into its bytes.
type chunkBuf struct {
	data  []byte
	lines []feed.Line
}

// read fills c with the lines of range r of f, origin naming the file.
// No line is longer than the bound (hasLongLine said so).
func (c *chunkBuf) read(f io.ReaderAt, r byteRange, origin string) error {
	c.lines = c.lines[:0]
	arrival := time.Now()
	n := r.to - r.from
	if int64(cap(c.data)) < n {
		c.data = make([]byte, n, n+n/8)
	}
	c.data = c.data[:n]
	got, err := f.ReadAt(c.data, r.from)
	if err != nil && err != io.EOF {
		return err
	}
	// A file cut short since it was split reads short: only the bytes
	// read are lines, not what the buffer held from an earlier range.
	c.data = c.data[:got]
	data := c.data
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		line := data
		if nl >= 0 {
			line, data = data[:nl], data[nl+1:]
		} else {
			data = nil
		}
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		c.lines = append(c.lines, feed.Line{Origin: origin, Data: line[:len(line):len(line)], Arrival: arrival})
	}
	return nil
}
