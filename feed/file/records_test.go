package file

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/feed"
)

// ctRecord is a CloudTrail-shaped record with strings that look like JSON
// structure: braces, brackets, escaped quotes and backslashes, and a
// newline escape, which the scanner must not take for structure.
func ctRecord(i int) map[string]any {
	return map[string]any{
		"eventVersion": "1.08",
		"eventTime":    "2026-11-22T01:02:03Z",
		"eventSource":  "s3.amazonaws.com",
		"eventName":    "GetObject",
		"userIdentity": map[string]any{"type": "IAMUser", "arn": fmt.Sprintf("arn:aws:iam::123456789012:user/u%d", i)},
		"requestParameters": map[string]any{
			"key":    fmt.Sprintf(`odd/"}]{[\%d\"\\`, i) + "\n\u00e9\u2028",
			"tags":   []any{"a", map[string]any{"b": []any{1, 2, "]"}}},
			"nested": map[string]any{"deeper": map[string]any{"deepest": "{"}},
		},
		"errorCode": nil,
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An over-long document becomes one line per record, each the record's
// exact JSON, however the input is chunked; a record over the bound is cut
// and counted; the line after the document is whole.
func TestRecordsSplitDocument(t *testing.T) {
	const max = 600
	var recs []string
	for i := range 40 {
		recs = append(recs, marshal(t, ctRecord(i)))
	}
	big := marshal(t, map[string]any{"eventName": "Big", "blob": strings.Repeat(`x\"{`, 400)})
	recs[17] = big
	doc := `{"Records":[` + strings.Join(recs, ",") + `]}`
	if len(doc) <= max {
		t.Fatalf("document of %d bytes is not over the bound", len(doc))
	}
	input := "before\n" + doc + "\nafter\n"
	for _, sizes := range [][]int{{1}, {7}, {64}, {599}, {600}, {601}, {1 << 20}, {3, 1000, 1}} {
		lines, c := splitChunked([]byte(input), max, sizes)
		if len(lines) != len(recs)+2 || lines[0].data != "before" || lines[len(lines)-1].data != "after" {
			t.Fatalf("chunks %v: %d lines, want %d (first %q)", sizes, len(lines), len(recs)+2, ends(gotData(lines)))
		}
		for i, want := range recs {
			g := lines[i+1]
			if i == 17 {
				if !g.truncated || g.data != big[:max] {
					t.Errorf("chunks %v: the big record: truncated=%v len %d, want cut at %d", sizes, g.truncated, len(g.data), max)
				}
				continue
			}
			if g.truncated || g.data != want {
				t.Fatalf("chunks %v: record %d = %q (truncated %v), want %q", sizes, i, g.data, g.truncated, want)
			}
			var back, orig any
			if err := json.Unmarshal([]byte(g.data), &back); err != nil {
				t.Fatalf("record %d is not JSON: %v", i, err)
			}
			json.Unmarshal([]byte(want), &orig)
			if !reflect.DeepEqual(back, orig) {
				t.Fatalf("record %d decodes differently", i)
			}
		}
		if c.truncated != 1 || c.skipped != int64(len(big)-max) {
			t.Errorf("chunks %v: truncated %d skipped %d, want 1 and %d", sizes, c.truncated, c.skipped, len(big)-max)
		}
	}
}

// A document within the bound stays one line: the parser expands it.
func TestRecordsShortDocumentIsOneLine(t *testing.T) {
	doc := `{"Records":[` + marshal(t, ctRecord(1)) + `]}`
	lines, _ := splitChunked([]byte(doc+"\n"), len(doc), []int{5})
	if len(lines) != 1 || lines[0].data != doc || lines[0].truncated {
		t.Fatalf("got %+v", lines)
	}
}

// Cut short (the file ends inside a record) the unfinished record is a cut
// line; malformed content after the opening is an ordinary line.
func TestRecordsCutShortAndMalformed(t *testing.T) {
	r := marshal(t, ctRecord(2))
	for _, tc := range []struct {
		name, in string
		want     []got
	}{
		{"ends inside a record", `{"Records":[` + r + `,` + r[:300], []got{{data: r}, {data: r[:300], truncated: true}}},
		{"newline inside a record", `{"Records":[` + r + `,` + r[:300] + "\r\nnext", []got{{data: r}, {data: r[:300], truncated: true}, {data: "next"}}},
		{"not an object", `{"Records":[` + r + `, 42, "x"]}` + "\nnext", []got{{data: r}, {data: `42, "x"]}`}, {data: "next"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, sizes := range [][]int{{1}, {13}, {1 << 20}} {
				lines, _ := splitChunked([]byte(tc.in), len(r)+20, sizes)
				if !sameGot(lines, tc.want) {
					t.Fatalf("chunks %v:\n got %+v\nwant %+v", sizes, lines, tc.want)
				}
			}
		})
	}
}

// Through a Source, at the real bound: a 3 MB document read from a file
// is its records, and the counts say so.
func TestRecordsFromFile(t *testing.T) {
	var recs []string
	size := 0
	for i := 0; size <= 3*feed.MaxLineBytes; i++ {
		recs = append(recs, marshal(t, ctRecord(i)))
		size += len(recs[i]) + 1
	}
	path := filepath.Join(t.TempDir(), "ct.json")
	writeFile(t, path, `{"Records":[`+strings.Join(recs, ",")+"]}\n")
	s, col := readAllOf(t, Config{Path: path})
	sameSequence(t, col.data(), recs)
	if st := s.Status(); st.Lines != int64(len(recs)) || st.Truncated != 0 || st.SkippedBytes != 0 {
		t.Errorf("status: %d lines, %d truncated, %d skipped; want %d, 0, 0", st.Lines, st.Truncated, st.SkippedBytes, len(recs))
	}
}

func gotData(g []got) []string {
	out := make([]string, len(g))
	for i := range g {
		out[i] = g[i].data
	}
	return out
}
