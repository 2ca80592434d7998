package parse

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// Helpers shared by the tests of the JSON formats, load balancer logs and
// syslog.

// sample reads a corpus file as the feed would hand it over: inflated when
// gzip-compressed (feed/file does that), split into lines without their
// ends.
func sample(t testing.TB, dir, file string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(corpus.Path(t, dir, file))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return splitLines(data)
}

func splitLines(data []byte) [][]byte {
	data = bytes.TrimSuffix(data, []byte("\n"))
	if len(data) == 0 {
		return nil
	}
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// gotEvent is an Event copied out of its callback, as text.
type gotEvent struct {
	line                            int // 1-based line that emitted it
	time                            time.Time
	actor, target, status, sourceIP string
	code                            int
	bytes                           int64
	failure, denied, unauthorized   bool
	raw                             string
	format                          string
	fields                          map[string]string // from Fields, inside emit
	fieldOrder                      []string
	nilFields                       map[string]bool
	moreTargets                     []string
	hasTime                         bool
	schemaIsNil                     bool
	rawIsLine                       bool // Raw is the whole line
}

// run feeds lines to p and records every event and each line's result.
// With fields, Fields is called inside emit (the only time it may be).
func run(p Parser, lines [][]byte, fields bool) (results []Result, events []gotEvent) {
	for i, line := range lines {
		r := p.Parse(line, func(ev *Event) {
			g := gotEvent{
				line: i + 1, time: ev.Time, hasTime: !ev.Time.IsZero(),
				actor: string(ev.Actor), target: string(ev.Target), status: string(ev.Status),
				sourceIP: string(ev.SourceIP), code: ev.Code, bytes: ev.Bytes,
				failure: ev.Failure, denied: ev.Denied, unauthorized: ev.Unauthorized,
				raw: string(ev.Raw), format: p.Format(), schemaIsNil: ev.Schema == nil,
				rawIsLine: bytes.Equal(ev.Raw, line),
			}
			for _, m := range ev.MoreTargets {
				g.moreTargets = append(g.moreTargets, string(m))
			}
			if fields {
				g.fields, g.nilFields = map[string]string{}, map[string]bool{}
				p.Fields(ev, func(name string, v []byte) {
					g.fieldOrder = append(g.fieldOrder, name)
					g.fields[name] = string(v)
					if v == nil {
						g.nilFields[name] = true
					}
				})
			}
			events = append(events, g)
		})
		results = append(results, r)
	}
	return results, events
}

// tally counts results by kind.
func tally(results []Result) (parsed, meta, unparsed int) {
	for _, r := range results {
		switch r {
		case Parsed:
			parsed++
		case Meta:
			meta++
		default:
			unparsed++
		}
	}
	return
}

func mustParser(t testing.TB, name string, o Options) Parser {
	t.Helper()
	p, err := New(name, o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func lines(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, l := range s {
		out[i] = []byte(l)
	}
	return out
}

// textLines splits a multi-line literal into lines.
func textLines(s string) [][]byte { return splitLines([]byte(strings.TrimPrefix(s, "\n"))) }

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
