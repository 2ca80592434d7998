package parse

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// Reference splitters: the rules of splitCSV and splitSpaceRuns written
// the plain way, one byte at a time. The word-at-a-time versions must agree
// with them on every input (FuzzSplitters).

func refSplitCSV(line []byte) []fieldSpan {
	var out []fieldSpan
	i := 0
	for {
		start := i
		if i < len(line) && line[i] == '"' {
			if q, esc, ok := closeCSVQuote(line, i+1); ok {
				out = append(out, fieldSpan{lo: int32(i + 1), hi: int32(q), esc: esc})
				i = q + 1
				if i >= len(line) {
					return out
				}
				i++
				continue
			}
		}
		for i < len(line) && line[i] != ',' {
			i++
		}
		out = append(out, fieldSpan{lo: int32(start), hi: int32(i)})
		if i >= len(line) {
			return out
		}
		i++
	}
}

func refSplitSpaces(line []byte) []fieldSpan {
	var out []fieldSpan
	i := 0
	for {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i >= len(line) {
			return out
		}
		s := i
		for i < len(line) && line[i] != ' ' {
			i++
		}
		out = append(out, fieldSpan{lo: int32(s), hi: int32(i)})
	}
}

func showCells(line []byte, cells []fieldSpan) string {
	var b strings.Builder
	for i, c := range cells {
		if i == 20 {
			b.WriteString("...")
			break
		}
		fmt.Fprintf(&b, "[%q esc=%v]", c.of(line), c.esc)
	}
	return b.String()
}

func TestSplitCSV(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"", []string{""}},
		{"a", []string{"a"}},
		{",", []string{"", ""}},
		{"a,b,,c", []string{"a", "b", "", "c"}},
		{`"a,b",c`, []string{"a,b", "c"}},
		{`"say ""hi""",x`, []string{`say ""hi""`, "x"}},
		{`a"b,c`, []string{`a"b`, "c"}},                     // a quote inside a field is text
		{`"ab"c,d`, []string{`"ab"c`, "d"}},                 // closed, then more: text to the comma
		{`"unterminated,x`, []string{`"unterminated`, "x"}}, // no closing quote: text
		{`x,"last"`, []string{"x", "last"}},
		{`x,""`, []string{"x", ""}},
		{`,,,,,,,,,,,,,,,,,,,"MDB:1, Mailbox:2",,STOREDRIVER`, append(make([]string, 19), "MDB:1, Mailbox:2", "", "STOREDRIVER")},
		{"0123456789abcdef,0123456789abcdef0,1", []string{"0123456789abcdef", "0123456789abcdef0", "1"}},
	}
	for _, tt := range tests {
		line := []byte(tt.line)
		cells := make([]fieldSpan, maxCells)
		n := splitCSV(line, cells, 0)
		var got []string
		for _, c := range cells[:min(n, maxCells)] {
			got = append(got, string(c.of(line)))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("splitCSV(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	// stop ends the walk early; cells beyond len(cells) are counted.
	line := []byte("a,b,c,d,e")
	if n := splitCSV(line, make([]fieldSpan, 8), 2); n != 2 {
		t.Errorf("stop 2: walked %d fields", n)
	}
	if n := splitCSV(line, make([]fieldSpan, 2), 0); n != 5 {
		t.Errorf("2 cells: counted %d fields, want 5", n)
	}
}

func TestSplitW3C(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"a b  c", []string{"a", "b", "c"}},
		{"  lead trail  ", []string{"lead", "trail"}},
		{"a\tb", []string{"a", "b"}},
		{`"70.95.0.0" "Mozilla/5.0 (Linux)" -`, []string{"70.95.0.0", "Mozilla/5.0 (Linux)", "-"}},
		{`404 " ""garbage"" w/ spaces " 0`, []string{"404", ` ""garbage"" w/ spaces `, "0"}},
		{`"" x`, []string{"", "x"}},
		{`"open only`, []string{`"open`, "only"}},
		{`a"b c`, []string{`a"b`, "c"}},
	}
	for _, tt := range tests {
		line := []byte(tt.line)
		cells := make([]fieldSpan, maxCells)
		n := splitW3C(line, cells)
		var got []string
		for _, c := range cells[:n] {
			got = append(got, string(c.of(line)))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("splitW3C(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// FuzzSplitters holds the fast splitters to the reference ones.
func FuzzSplitters(f *testing.F) {
	for _, s := range []string{"", ",", `"a,b",c`, `"x""y",z`, "a  b", "0123456789 0123456789,\"\",,", `a"b"c,"`, "\"\t\" x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		cells := make([]fieldSpan, maxCells+8)
		want := refSplitCSV(line)
		n := splitCSV(line, cells, 0)
		if n != len(want) || !slices.Equal(cells[:min(n, len(cells))], want[:min(n, len(cells))]) {
			t.Fatalf("splitCSV(%q):\n got %d %s\nwant %d %s", line, n, showCells(line, cells[:min(n, len(cells))]), len(want), showCells(line, want))
		}
		for stop := 1; stop <= 3; stop++ {
			if m := splitCSV(line, cells, stop); m != min(stop, len(want)) {
				t.Fatalf("splitCSV(%q, stop %d) = %d", line, stop, m)
			}
		}
		ws := refSplitSpaces(line)
		if m := splitSpaceRuns(line, cells, false); m != len(ws) || !slices.Equal(cells[:min(m, len(cells))], ws[:min(m, len(cells))]) {
			t.Fatalf("splitSpaceRuns(%q) = %d %s, want %s", line, m, showCells(line, cells[:min(m, len(cells))]), showCells(line, ws))
		}
		// splitW3C never panics and its cells lie in the line.
		m := splitW3C(line, cells)
		for _, c := range cells[:min(m, len(cells))] {
			if c.lo < 0 || c.hi < c.lo || int(c.hi) > len(line) {
				t.Fatalf("splitW3C(%q): cell %v", line, c)
			}
		}
	})
}

func TestAppendUnquoted(t *testing.T) {
	for in, want := range map[string]string{``: ``, `a`: `a`, `""`: `"`, `a""b""`: `a"b"`, `""""`: `""`, `"`: `"`} {
		if got := string(appendUnquoted(nil, []byte(in))); got != want {
			t.Errorf("appendUnquoted(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestISODateTime compares the hand-rolled date arithmetic with time.Parse.
func TestISODateTime(t *testing.T) {
	var days dayCache
	for _, s := range []string{
		"2022-09-19T15:02:29.339Z", "2016-04-05T00:00:02.052Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999999999Z",
		"2024-12-31T23:59:59Z", "2023-01-11 16:00:04.113Z", "9999-12-31T23:59:59Z",
	} {
		got, ok := isoDateTime(&days, []byte(s))
		want, err := time.Parse("2006-01-02T15:04:05Z", s[:10]+"T"+s[11:])
		if !ok || err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("isoDateTime(%q) = %v %v, want %v (%v)", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"", "2022-09-19", "2022-13-01T00:00:00Z", "1899-12-31T12:00:00.5Z", "0001-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2022-09-19T24:00:00Z",
		"2022-09-19T15:02:29.Z", "2022-09-19T15:02:29+01:00", "2022/09/19T15:02:29Z", "2022-09-19T15:2:29Z"} {
		if got, ok := isoDateTime(&days, []byte(s)); ok {
			t.Errorf("isoDateTime(%q) = %v, want failure", s, got)
		}
	}
}

func TestParseOffset(t *testing.T) {
	for in, want := range map[string]int{"-0800": -8 * 3600, "+0330": 3*3600 + 1800, "+0000": 0} {
		if got, ok := parseOffset([]byte(in)); !ok || got != want {
			t.Errorf("parseOffset(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "0800", "-08:00", "+2400", "-08"} {
		if _, ok := parseOffset([]byte(in)); ok {
			t.Errorf("parseOffset(%q) succeeded", in)
		}
	}
}

// Helpers shared by the tests of the header-driven formats (W3C, Exchange,
// VPC flow logs).

// wStr shows a byte slice, nil as <nil>.
func wStr(b []byte) string {
	if b == nil {
		return "<nil>"
	}
	return string(b)
}

// wBench measures p over lines, one line per op (ns/op is ns/line).
func wBench(b *testing.B, p Parser, lines [][]byte) {
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	var sink int
	emit := func(ev *Event) { sink += len(ev.Actor) + len(ev.Status) }
	b.SetBytes(int64(total / len(lines)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if p.Parse(lines[i%len(lines)], emit) != Parsed {
			b.Fatal("unparsed")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	if sink == 0 {
		b.Fatal("no events")
	}
}

// wCorpusFile is a corpus sample of a header-driven format and what must
// become of it.
type wCorpusFile struct {
	dir, file string
	// format is what auto-detection settles on; "" when none of ours may
	// claim the file.
	format string
	// unparsed lists the 1-based lines that are not the format's; every
	// other line is a header (Meta) or an event.
	unparsed []int
	events   int // how many lines make an event
}

// wParsedLine is what became of one corpus line: a copy of the event and
// its original fields, taken inside emit while they are valid.
type wParsedLine struct {
	res    Result
	ev     Event
	fields map[string]string // nil values as "<nil>"
	names  []string
	line   []byte
}

// wCorpusLines reads a sample (gunzipped if need be) as lines without their
// ends, as the file feed delivers them.
func wCorpusLines(t testing.TB, dir, file string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(corpus.Path(t, dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(file, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// wParseAll runs lines through p, keeping what each became.
func wParseAll(p Parser, lines [][]byte) []wParsedLine {
	out := make([]wParsedLine, len(lines))
	for i, line := range lines {
		pl := &out[i]
		pl.line = line
		pl.res = p.Parse(line, func(ev *Event) {
			pl.ev = wCopyEvent(ev)
			pl.fields = map[string]string{}
			p.Fields(ev, func(name string, v []byte) {
				pl.names = append(pl.names, name)
				pl.fields[name] = wStr(v)
			})
		})
	}
	return out
}

// wCheckCorpus parses a sample through auto-detection and through the
// named parser, and holds both to the sample's description. It returns the
// named parser's results.
func wCheckCorpus(t *testing.T, c wCorpusFile, ours func(format string) bool) []wParsedLine {
	t.Helper()
	lines := wCorpusLines(t, c.dir, c.file)
	bad := func(i int) bool { return slices.Contains(c.unparsed, i+1) }
	auto := NewAuto(Options{})
	autoRes := wParseAll(auto, lines)
	events := 0
	for i, pl := range autoRes {
		switch {
		case bad(i):
			if pl.res != Unparsed && ours(auto.Format()) {
				t.Errorf("auto: line %d taken by %s: %q", i+1, auto.Format(), pl.line)
			}
		case pl.res == Unparsed:
			t.Errorf("auto: line %d unparsed (format %q): %.200q", i+1, auto.Format(), pl.line)
		case pl.res == Parsed:
			events++
		}
	}
	if auto.Format() != c.format && (c.format != "" || ours(auto.Format())) {
		t.Errorf("auto-detected %q, want %q", auto.Format(), c.format)
	}
	if c.format == "" {
		return nil
	}
	if events != c.events {
		t.Errorf("auto: %d events, want %d", events, c.events)
	}
	p, err := New(c.format, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := wParseAll(p, lines)
	for i, pl := range res {
		a := autoRes[i]
		if bad(i) {
			if pl.res != Unparsed {
				t.Errorf("%s: line %d %v, want unparsed", c.format, i+1, pl.res)
			}
			continue
		}
		if pl.res != a.res {
			t.Errorf("%s: line %d %v, auto %v", c.format, i+1, pl.res, a.res)
			continue
		}
		if pl.res != Parsed {
			continue
		}
		// The event is the same whichever way the line came in, its raw
		// text is the line, and its fields can be listed.
		if !pl.ev.Time.Equal(a.ev.Time) || wStr(pl.ev.Actor) != wStr(a.ev.Actor) || wStr(pl.ev.Target) != wStr(a.ev.Target) ||
			wStr(pl.ev.Status) != wStr(a.ev.Status) || pl.ev.Bytes != a.ev.Bytes || !slices.Equal(pl.names, a.names) {
			t.Errorf("%s: line %d: named and auto parsers disagree", c.format, i+1)
		}
		if !bytes.Equal(pl.ev.Raw, trimLine(pl.line)) || len(pl.names) < 2 {
			t.Errorf("%s: line %d: raw %q, %d fields", c.format, i+1, pl.ev.Raw, len(pl.names))
		}
	}
	return res
}

// wShare counts the lines of a corpus folder that a format family
// understood (events and headers) and logs the share.
func wShare(t *testing.T, dir string, files []wCorpusFile) {
	t.Helper()
	total, ok := 0, 0
	for _, c := range files {
		lines := wCorpusLines(t, c.dir, c.file)
		total += len(lines)
		ok += len(lines) - len(c.unparsed)
	}
	t.Logf("corpus %s: %d of %d lines parsed (%.1f%%), the rest documented as not the format's", dir, ok, total, 100*float64(ok)/float64(total))
}

// wCorpusComplete fails when a sample of dir is not described in files.
func wCorpusComplete(t *testing.T, dir string, files []wCorpusFile) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(corpus.Dir(t), dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.Contains(e.Name(), ".expected.") {
			continue
		}
		if !slices.ContainsFunc(files, func(c wCorpusFile) bool { return c.dir == dir && c.file == e.Name() }) {
			t.Errorf("%s/%s is not described", dir, e.Name())
		}
	}
}

// wCopyEvent copies an event out of the parser's memory: its slices are
// only valid until the next line.
func wCopyEvent(ev *Event) Event {
	c := *ev
	clone := func(b []byte) []byte {
		if b == nil {
			return nil
		}
		return append([]byte{}, b...)
	}
	c.Actor, c.Target, c.Status, c.SourceIP, c.Raw = clone(ev.Actor), clone(ev.Target), clone(ev.Status), clone(ev.SourceIP), clone(ev.Raw)
	c.MoreTargets = nil
	for _, m := range ev.MoreTargets {
		c.MoreTargets = append(c.MoreTargets, clone(m))
	}
	return c
}
