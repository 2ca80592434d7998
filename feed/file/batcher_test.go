package file

import (
	"bytes"
	"testing"
)

// refSplit is the obvious, whole-input definition of the lines of data
// with lines bounded at max bytes: what the streaming splitter must match
// however the input is chunked.
func refSplit(data []byte, max int) []got {
	if len(data) == 0 {
		return nil
	}
	parts := bytes.Split(data, []byte("\n"))
	if len(parts[len(parts)-1]) == 0 {
		parts = parts[:len(parts)-1]
	}
	out := make([]got, 0, len(parts))
	for _, raw := range parts {
		p := bytes.TrimSuffix(raw, []byte("\r"))
		if len(p) > max {
			if k := recordsPrefixLen(raw[:max+1]); k > 0 {
				out = append(out, refRecords(raw[k:], max)...)
				continue
			}
		}
		out = append(out, refLine(p, max))
	}
	return out
}

func refLine(p []byte, max int) got {
	if len(p) > max {
		return got{data: string(p[:max]), truncated: true}
	}
	return got{data: string(p)}
}

// refRecords is the whole-line definition of splitting a CloudTrail
// document (after its opening) into its records: each top-level object of
// the array is a line, bounded like lines; an object the line ends inside
// is a cut line; the array's end ends the document; anything else ends
// the splitting and the rest is an ordinary line.
func refRecords(raw []byte, max int) []got {
	var out []got
	for i := 0; i < len(raw); {
		switch raw[i] {
		case ' ', '\t', '\r', ',':
			i++
			continue
		case ']':
			return out
		case '{':
		default:
			return append(out, refLine(bytes.TrimSuffix(raw[i:], []byte("\r")), max))
		}
		end := refObjectEnd(raw, i)
		if end < 0 {
			rec := bytes.TrimSuffix(raw[i:], []byte("\r"))
			return append(out, got{data: string(rec[:min(len(rec), max)]), truncated: true})
		}
		out = append(out, refLine(raw[i:end], max))
		i = end
	}
	return out
}

// refObjectEnd returns the end of the JSON object (or array) starting at
// raw[i], or -1 if raw ends first.
func refObjectEnd(raw []byte, i int) int {
	depth, inStr, esc := 0, false, false
	for j := i; j < len(raw); j++ {
		c := raw[j]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case inStr:
			inStr = c != '"'
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// splitChunked feeds data to a batcher in reads of the given sizes (cycled).
func splitChunked(data []byte, max int, sizes []int) ([]got, *cursor) {
	col := &collector{}
	b := newBatcher("t", col.emit)
	b.maxLine = max
	c := &cursor{origin: "o"}
	for k := 0; len(data) > 0; k++ {
		want := min(sizes[k%len(sizes)], len(data))
		n, err := b.fill(c, false, want, func(p []byte) (int, error) {
			return copy(p, data), nil
		})
		if err != nil || n != want {
			panic("fill did not take the chunk")
		}
		data = data[n:]
	}
	b.finish(c, false, false)
	b.flush()
	out := col.snapshot()
	for i := range out {
		out[i].origin, out[i].history = "", false
	}
	return out, c
}

func sameGot(a, b []got) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSplitChunkBoundaries(t *testing.T) {
	const max = 8
	inputs := []string{
		"",
		"abc",
		"abc\n",
		"a\r\nb\r\n",
		"12345678\n123456789\n",
		"12345678\r\n12345678\r",
		"123456789\r\n",
		"123456789012345678901234567890\nshort\nlast-without-newline-long",
		"\r\r\n\r",
		"\n\n\n",
		"x\x00y\n\x00",
	}
	for _, in := range inputs {
		want := refSplit([]byte(in), max)
		for _, sizes := range [][]int{{1}, {2}, {3}, {7}, {8}, {9}, {10}, {1, 5, 2}, {1 << 20}} {
			got, c := splitChunked([]byte(in), max, sizes)
			if !sameGot(got, want) {
				t.Errorf("input %q in chunks %v:\n got %+v\nwant %+v", in, sizes, got, want)
			}
			if c.lines != int64(len(want)) || c.bytes != int64(len(in)) {
				t.Errorf("input %q: cursor counted %d lines %d bytes", in, c.lines, c.bytes)
			}
			if cap(c.carry) > 4*max+64 {
				t.Errorf("input %q: carry grew to %d", in, cap(c.carry))
			}
		}
	}
}

// FuzzSplit checks that the streaming splitter never panics and agrees
// with refSplit however the input is chunked and whatever the bound.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("a\nb\r\nccccccccccccccc\n"), uint8(3), uint8(5))
	f.Add([]byte("\r\n\r\r\n"), uint8(1), uint8(1))
	f.Add([]byte("no newline at all, long"), uint8(0), uint8(4))
	f.Add([]byte(`{"Records":[{"a":"}\\"{"},{"b":[1,{"c":2}]} , {"d":"x"}]}`+"\nnext\n"), uint8(5), uint8(20))
	f.Add([]byte(`{ "Records" : [{"a":"b"},{"unfinished":"`+"\r\n"+`{"Records":[x`), uint8(3), uint8(12))
	f.Fuzz(func(t *testing.T, data []byte, chunk, bound uint8) {
		max := 1 + int(bound%32)
		sizes := []int{1 + int(chunk%17), 1 + int(chunk/17)}
		got, _ := splitChunked(data, max, sizes)
		if want := refSplit(data, max); !sameGot(got, want) {
			t.Fatalf("max %d chunks %v input %q:\n got %+v\nwant %+v", max, sizes, data, got, want)
		}
	})
}
