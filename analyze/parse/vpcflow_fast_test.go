package parse

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// checkVPCFast holds vpcFastV2 to the general check of the default
// format: a record it takes, the general check takes with the same
// fields; and a plain record (single spaces, no dash, no zone) the
// general check takes, it takes too.
func checkVPCFast(t *testing.T, line []byte) {
	t.Helper()
	line = trimLine(line)
	var fast, general [maxCells]fieldSpan
	v2 := vpcLayouts[0]
	n := splitSpaceRuns(line, general[:], false)
	want := n == len(v2.names) && v2.fits(line, general[:n])
	got := vpcFastV2(line, &fast)
	if got && !want {
		t.Fatalf("fast path takes what the general check does not: %q", line)
	}
	if got && !slices.Equal(fast[:n], general[:n]) {
		t.Fatalf("fast path fields %v, general %v: %q", fast[:n], general[:n], line)
	}
	plain := !bytes.Contains(line, []byte("  ")) && !bytes.Contains(line, []byte("%")) &&
		!slices.ContainsFunc(general[:min(n, maxCells)], func(c fieldSpan) bool { return isDash(c.of(line)) })
	if want && plain && !got {
		t.Fatalf("fast path gives up on a plain record: %q", line)
	}
}

// TestVPCFastMatchesGeneral runs every corpus line, and variants of it
// (every prefix, doubled spaces, a comment, dashes, a zone, a letter in a
// number, bytes past ASCII, tabs), through both checks.
func TestVPCFastMatchesGeneral(t *testing.T) {
	var lines [][]byte
	for _, c := range vpcCorpus {
		lines = append(lines, wCorpusLines(t, c.dir, c.file)...)
	}
	taken := 0
	for _, l := range lines {
		variants := [][]byte{
			l,
			bytes.ReplaceAll(l, []byte(" "), []byte("  ")),
			append(slices.Clip(l), " #note"...),
			append(slices.Clip(l), " x"...),
			bytes.Replace(l, []byte(" 6 "), []byte(" - "), 1),
			bytes.Replace(l, []byte(" 10."), []byte(" fe80::1%eth0 10."), 1),
			bytes.Replace(l, []byte("0 "), []byte("o "), 1),
			bytes.Replace(l, []byte("ACCEPT"), []byte("ACCEPTED"), 1),
			bytes.Replace(l, []byte(" OK"), []byte(" OKAY"), 1),
			bytes.Replace(l, []byte("eni-"), []byte("eni- "), 1),
			bytes.Replace(l, []byte("eni-"), []byte("eni--"), 1),
			bytes.Replace(l, []byte("1"), []byte("\xb1"), 1),
			bytes.Replace(l, []byte("2"), []byte("/"), 1),
			bytes.Replace(l, []byte("3"), []byte(":"), 1),
			bytes.ReplaceAll(l, []byte(" "), []byte("\t")),
			bytes.Replace(l, []byte(" "), []byte(" 123456789012345678901 "), 1),
			bytes.Replace(l, []byte(" 6 "), []byte(" 12345678901234567890 "), 1),
			bytes.Replace(l, []byte(" 6 "), []byte(" 123456789012345678901 "), 1),
		}
		for i := range len(l) {
			variants = append(variants, l[:i])
		}
		for _, v := range variants {
			checkVPCFast(t, v)
		}
		var cells [maxCells]fieldSpan
		if vpcFastV2(trimLine(l), &cells) {
			taken++
		}
	}
	// The default examples alone have seven plain records.
	if taken < 7 {
		t.Fatalf("the fast path took %d of %d corpus lines", taken, len(lines))
	}
}

// TestRunsMatchByteLoops holds the eight-byte runs to a byte at a time:
// every byte value, at every place of a run that crosses a word, after
// every start. The digits are read inside vpcFastV2, so they are checked
// there, as the bytes field of a record, against the general check.
func TestRunsMatchByteLoops(t *testing.T) {
	naiveSpace := func(b []byte, i int) int {
		for i < len(b) && b[i] != ' ' {
			i++
		}
		return i
	}
	naiveAddr := func(b []byte, i int) (int, bool) {
		sep := false
		for ; i < len(b); i++ {
			c := b[i]
			hex := c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
			if !hex && c != '.' && c != ':' {
				break
			}
			sep = sep || c == '.' || c == ':'
		}
		return i, sep
	}
	for _, fill := range []string{"1234567890123456789012", "fe80:0:0:a.B.c:d.E.f.9", "::::::::::::::::::::::", "2001.db8.A.b.C.d.e.F.0"} {
		for c := range 256 {
			for at := range len(fill) {
				line := []byte(fill)
				line[at] = byte(c)
				for _, n := range []int{len(fill), 8, 3} {
					if at < n {
						checkVPCFast(t, []byte("2 1 eni-1 1.1.1.1 ::1 1 2 6 1 "+string(line[:n])+" 3 4 REJECT OK"))
					}
				}
				for i := range 3 {
					if got, want := spaceFrom(line, i), naiveSpace(line, i); got != want {
						t.Fatalf("spaceFrom(%q, %d) = %d, want %d", line, i, got, want)
					}
					got, gotSep := addrRun(line, i)
					want, wantSep := naiveAddr(line, i)
					if got != want || gotSep != wantSep {
						t.Fatalf("addrRun(%q, %d) = %d %v, want %d %v", line, i, got, gotSep, want, wantSep)
					}
				}
			}
		}
	}
}

// TestVPCWindowTimeCache: the time of each record is its own window's,
// whatever the record before it held (the last window read is kept).
func TestVPCWindowTimeCache(t *testing.T) {
	p, _ := New("vpcflow", Options{})
	rec := func(start, end string) string {
		return "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 " + start + " " + end + " ACCEPT OK"
	}
	cases := []struct {
		start, end string
		want       int64 // 0: no time
	}{
		{"1700000000", "1700000060", 1700000060},
		{"1700000000", "1700000060", 1700000060},
		{"1700000060", "1700000120", 1700000120},
		{"1700000000", "1700000060", 1700000060},
		{"1700000000", "-", 1700000000}, // no end: the start
		{"-", "-", 0},
		{"1700000000", "0", 0},
		{"1700000000", "1700000060", 1700000060},
		{"1700000000", "17000000600", 17000000600}, // one digit more
		{"1700000000", "1700000060", 1700000060},
	}
	for i, c := range cases {
		var got Event
		if r := p.Parse([]byte(rec(c.start, c.end)), func(ev *Event) { got = *ev }); r != Parsed {
			t.Fatalf("record %d: %v", i, r)
		}
		switch {
		case c.want == 0 && !got.Time.IsZero():
			t.Errorf("record %d: time %v, want none", i, got.Time)
		case c.want != 0 && !got.Time.Equal(time.Unix(c.want, 0)):
			t.Errorf("record %d: time %v, want %v", i, got.Time, time.Unix(c.want, 0).UTC())
		}
	}
}
