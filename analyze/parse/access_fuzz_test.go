package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// accessWithin reports whether b is nil or lies inside line's bytes.
func accessWithin(line, b []byte) bool {
	if b == nil {
		return true
	}
	if len(line) == 0 {
		return len(b) == 0
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(line)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return p >= lo && p+uintptr(len(b)) <= lo+uintptr(len(line))
}

// accessSeeds are the corpus access lines plus a few hand-made oddities.
func accessSeeds(f *testing.F) {
	if dir, err := corpus.Find(); err == nil {
		for _, sub := range []string{"clf", "combined", "nginx"} {
			files, _ := filepath.Glob(filepath.Join(dir, sub, "*.log"))
			for _, name := range files {
				data, err := os.ReadFile(name)
				if err != nil {
					continue
				}
				for i, line := range bytes.Split(data, []byte("\n")) {
					if i >= 40 { // the big nginx sample repeats itself
						break
					}
					f.Add(line)
				}
			}
		}
	}
	for _, s := range []string{
		"",
		`a, b - - [01/Jan/2020:00:00:00 +0000] "" 200 -`,
		`"x" y - - [01/Jan/2020:00:00:00 +0000] "GET /\" HTTP/1.1" - - "\\" "\"" "`,
		`v "a,b" c - - [01/Jan/2020:00:00:00.9999999999 -2359] "GET ?" 999 999999999999999999 "" ""`,
		`- - - [01/Jan/2020:00:00:00 +0000] "-" 200 1`,
		"1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] \"\xff \xfe \xfd\" 200 1 \"\xc3\" \"\x00\"",
	} {
		f.Add([]byte(s))
	}
}

// checkHeadScan holds scanAccessTo without the agent to the full scan:
// the same answer and the same fields up to the bytes field.
func checkHeadScan(t *testing.T, line []byte) {
	t.Helper()
	var full, head accessLine
	okFull, okHead := scanAccess(line, &full), scanAccessTo(line, &head, false)
	if okFull != okHead {
		t.Fatalf("full scan %v, head scan %v: %q", okFull, okHead, line)
	}
	full.referer, full.agent, full.tail = span{}, span{}, head.tail
	if okFull && full != head {
		t.Fatalf("head scan %+v, full scan %+v: %q", head, full, line)
	}
}

func fuzzAccess(t *testing.T, p Parser, line []byte) {
	checkHeadScan(t, line)
	for round := 0; round < 2; round++ { // twice: the second hits the time cache
		var ev *Event
		events := 0
		r := p.Parse(line, func(e *Event) { events++; ev = e })
		switch r {
		case Unparsed:
			if events != 0 {
				t.Fatalf("unparsed with %d events", events)
			}
			continue
		case Meta:
			t.Fatal("access parsers have no meta lines")
		}
		if events != 1 {
			t.Fatalf("parsed with %d events", events)
		}
		for _, b := range [][]byte{ev.Actor, ev.Target, ev.Status, ev.SourceIP} {
			if !accessWithin(line, b) {
				t.Fatalf("event slice %q outside the line", b)
			}
		}
		if len(ev.Actor) == 0 || !bytes.Equal(ev.Raw, line) || ev.Time.IsZero() {
			t.Fatalf("incomplete event: actor %q raw %q time %v", ev.Actor, ev.Raw, ev.Time)
		}
		if ev.Bytes < 0 || (ev.Code != 0 && (ev.Code < 100 || ev.Code > 999 || string(ev.Status) != strconv.Itoa(ev.Code))) ||
			(ev.Status == nil && ev.Code != 0) || (ev.Failure && ev.Code/100 != 5) || (ev.Unauthorized && ev.Code != 401 && ev.Code != 403) {
			t.Fatalf("code %d status %q bytes %d", ev.Code, ev.Status, ev.Bytes)
		}
		if bytes.IndexByte(ev.Target, '?') >= 0 {
			t.Fatalf("target %q keeps its query", ev.Target)
		}
		names := 0
		p.Fields(ev, func(name string, v []byte) {
			names++
			if name == "" || (v != nil && len(v) > len(line)) {
				t.Fatalf("field %q = %q", name, v)
			}
			if name == "host" && v == nil {
				t.Fatal("no host")
			}
		})
		if names < 7 {
			t.Fatalf("%d fields", names)
		}
	}
}

func FuzzCombined(f *testing.F) {
	accessSeeds(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		p, _ := New("combined", Options{})
		fuzzAccess(t, p, line)
		// Once combined has seen a full line it takes CLF lines too.
		p.Parse([]byte(`1.2.3.4 - - [01/Jan/2020:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`), func(*Event) {})
		fuzzAccess(t, p, line)
	})
}

func FuzzCommon(f *testing.F) {
	accessSeeds(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		p, _ := New("common", Options{})
		fuzzAccess(t, p, line)
		// A parse must not depend on a neighbour's leftovers: reparsing
		// after an unrelated line gives the same actor and target.
		var a1, t1 string
		p.Parse(line, func(e *Event) { a1, t1 = string(e.Actor), string(e.Target) })
		p.Parse([]byte(strings.Repeat("x", 3)), func(*Event) {})
		var a2, t2 string
		p.Parse(line, func(e *Event) { a2, t2 = string(e.Actor), string(e.Target) })
		if a1 != a2 || t1 != t2 {
			t.Fatalf("reparse: %q %q then %q %q", a1, t1, a2, t2)
		}
	})
}
