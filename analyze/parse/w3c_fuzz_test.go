package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// Fuzzing the header-driven parsers: an input is several lines, so that
// headers and the rows under them meet in every order.

// wFuzzSeeds adds the corpus samples of dirs, whole and line by line, and
// extra hand-made inputs.
func wFuzzSeeds(f *testing.F, dirs []string, extra ...string) {
	if dir, err := corpus.Find(); err == nil {
		for _, sub := range dirs {
			files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
			for _, name := range files {
				if bytes.Contains([]byte(name), []byte(".expected.")) || filepath.Ext(name) == ".gz" {
					continue
				}
				data, err := os.ReadFile(name)
				if err != nil {
					continue
				}
				if len(data) > 8192 {
					data = data[:8192]
				}
				f.Add(data)
				for i, line := range bytes.Split(data, []byte("\n")) {
					if i < 12 {
						f.Add(line)
					}
				}
			}
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// wInside reports whether b lies inside line's bytes.
func wInside(line, b []byte) bool {
	if len(b) == 0 {
		return true
	}
	if len(line) == 0 {
		return false
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(line))
}

// wFuzzLines feeds every line of input to p (and to auto-detection) and
// checks what must hold whatever the input: the result agrees with the
// events emitted, an event's parts come from its line (or are no longer
// than it: unquoted copies, a composed target), a parsed row parses again
// the same, and its fields can be listed. check adds the format's own rules.
func wFuzzLines(t *testing.T, p Parser, input []byte, check func(t *testing.T, line []byte, ev *Event)) {
	auto := NewAuto(Options{})
	for _, line := range bytes.Split(input, []byte("\n")) {
		auto.Parse(line, func(*Event) {})
		var got Event
		events := 0
		r := p.Parse(line, func(ev *Event) {
			events++
			got = wCopyEvent(ev)
			if !wInside(line, ev.Raw) {
				t.Fatalf("raw %q outside the line", ev.Raw)
			}
			for _, b := range [][]byte{ev.Actor, ev.Status, ev.SourceIP} {
				if len(b) > len(line) {
					t.Fatalf("event part %q longer than the line", b)
				}
			}
			if len(ev.Target) > len(line)+16 || len(ev.MoreTargets) >= maxRecipients {
				t.Fatalf("target %q, %d more", ev.Target, len(ev.MoreTargets))
			}
			if ev.Bytes < 0 || ev.Code != 0 && (ev.Code < 100 || ev.Code > 999) {
				t.Fatalf("bytes %d code %d", ev.Bytes, ev.Code)
			}
			n := 0
			p.Fields(ev, func(name string, v []byte) {
				n++
				if name == "" {
					t.Fatal("field without a name")
				}
			})
			if n == 0 || n > 2*maxCells+1 {
				t.Fatalf("%d fields", n)
			}
			check(t, line, ev)
		})
		switch {
		case r == Parsed && events != 1, r != Parsed && events != 0:
			t.Fatalf("%v with %d events: %q", r, events, line)
		}
		if r != Parsed {
			continue
		}
		var again Event
		if p.Parse(line, func(ev *Event) { again = wCopyEvent(ev) }) != Parsed ||
			!bytes.Equal(again.Actor, got.Actor) || !bytes.Equal(again.Target, got.Target) || !bytes.Equal(again.Status, got.Status) || !again.Time.Equal(got.Time) {
			t.Fatalf("reparse of %q differs", line)
		}
	}
}

func FuzzIIS(f *testing.F) {
	wFuzzSeeds(f, []string{"iis-w3c"},
		"#Fields: date time c-ip cs(User-Agent) sc-status\n2018-01-01 00:00:00 1.2.3.4 a b c d 200",
		"#Fields: time c-ip\n#Date: 2000-01-01 00:00:00\n#GMT-Offset: +2359\n23:59:60.999999999 ::1%x",
		"#Fields: date-local time-local c-ip X-Forwarded-For sc-status sc-bytes\n9999-12-31 23:59:59 \"a\"\"b\" \"c, d\" 999 999999999999999999",
		"#Fields: date time\n\"2018-01-01\" \"00:00:00 \"\"x\"",
		"#Software: Microsoft Exchange Server\n2015-01-13 00:32:17 100.79.192.81 GET /robots.txt - 80 - 157.55.39.146 - - 404 0 2 1405 242 283",
	)
	f.Fuzz(func(t *testing.T, input []byte) {
		p, _ := New("iis", Options{})
		wFuzzLines(t, p, input, func(t *testing.T, line []byte, ev *Event) {
			if ev.Failure != (ev.Code >= 500 && ev.Code <= 599) || ev.Unauthorized != (ev.Code == 401 || ev.Code == 403) {
				t.Fatalf("code %d failure %v unauthorized %v", ev.Code, ev.Failure, ev.Unauthorized)
			}
			if _, ok := ev.Schema.(*w3cSchema); !ok {
				t.Fatal("event without its schema")
			}
		})
	})
}
