package parse

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateAccessGolden = flag.Bool("update-access", false, "rewrite testdata/access_tricky.golden")

// TestAccessGolden runs testdata/access_tricky.log (hand-written oddities)
// through the common parser and compares, line by line, the result, the
// event and the original fields with testdata/access_tricky.golden: one
// JSON object per line, the shape `tailtop parse` builds on.
func TestAccessGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "access_tricky.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := newAccessParser("common", false)
	var out bytes.Buffer
	for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var ev Event
		r := p.Parse(line, func(e *Event) { ev = *e })
		out.WriteString(`{"result":` + accessJSONString(r.String()))
		if r == Parsed {
			out.WriteString(`,"actor":` + accessJSONBytes(ev.Actor) + `,"target":` + accessJSONBytes(ev.Target) +
				`,"status":` + accessJSONBytes(ev.Status))
			b, _ := json.Marshal(map[string]any{"code": ev.Code, "bytes": ev.Bytes, "failure": ev.Failure,
				"unauthorized": ev.Unauthorized, "time": ev.Time.UTC().Format(time.RFC3339Nano)})
			out.WriteString(`,"event":` + string(b) + `,"fields":{`)
			n := 0
			p.Fields(&ev, func(name string, v []byte) {
				if n > 0 {
					out.WriteByte(',')
				}
				n++
				out.WriteString(accessJSONString(name) + ":" + accessJSONBytes(v))
			})
			out.WriteString("}")
		} else {
			out.WriteString(`,"raw":` + accessJSONBytes(line))
		}
		out.WriteString("}\n")
	}
	golden := filepath.Join("testdata", "access_tricky.golden")
	if *updateAccessGolden {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-access to create it)", err)
	}
	got := strings.Split(out.String(), "\n")
	for i, w := range strings.Split(string(want), "\n") {
		if i >= len(got) || got[i] != w {
			g := "<missing>"
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("line %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
	if len(got) != len(strings.Split(string(want), "\n")) {
		t.Errorf("%d lines, golden has %d", len(got), len(strings.Split(string(want), "\n")))
	}
}

func accessJSONString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func accessJSONBytes(v []byte) string {
	if v == nil {
		return "null"
	}
	return accessJSONString(string(v))
}
