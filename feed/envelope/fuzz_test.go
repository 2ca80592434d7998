package envelope_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
	"github.com/tailtop/tailtop/feed/envelope"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

// fuzzMaxLine is small so that the fuzzer reaches the cutting paths.
const fuzzMaxLine = 200

// checkLines decodes p and checks the invariants every payload must keep:
// no panic, no line over the limit, truncation marked exactly, the stats
// agreeing with what was emitted.
func checkLines(t *testing.T, d *envelope.Decoder, p []byte) []got {
	before := d.Stats
	var lines []got
	d.Decode(p, func(l envelope.Line) {
		if len(l.Data) > fuzzMaxLine {
			t.Fatalf("line of %d bytes", len(l.Data))
		}
		if l.Truncated && len(l.Data) != fuzzMaxLine {
			t.Fatalf("truncated line of %d bytes", len(l.Data))
		}
		lines = append(lines, got{string(l.Data), l.Origin, l.Time, l.Truncated})
	})
	if n := d.Stats.Lines - before.Lines; n != int64(len(lines)) {
		t.Fatalf("Stats.Lines grew by %d for %d lines", n, len(lines))
	}
	return lines
}

func FuzzKPL(f *testing.F) {
	f.Add(envelopetest.Aggregate())
	f.Add(envelopetest.Aggregate(envelopetest.UserRecord{PartitionKey: "a", Data: []byte("x\ny")}))
	f.Add(envelopetest.Aggregate(
		envelopetest.UserRecord{PartitionKey: "a", Data: []byte("one")},
		envelopetest.UserRecord{PartitionKey: "b", ExplicitHashKey: "99", Data: envelopetest.Gzip([]byte("two\n"))},
		envelopetest.UserRecord{PartitionKey: "a", Data: envelopetest.DataMessage("g", "s", 1700000000000, "three").Data()},
	))
	f.Add(append(append([]byte{}, envelopetest.Magic...), "short"...))
	f.Fuzz(func(t *testing.T, p []byte) {
		d := envelope.NewDecoder(envelope.Limits{MaxLine: fuzzMaxLine, MaxInflated: 1 << 20})
		checkLines(t, d, p)
		// With a correct MD5 whatever follows the magic, so that the fuzzer
		// explores the protobuf decoder rather than stopping at the sum.
		body := bytes.TrimPrefix(p, envelopetest.Magic)
		if len(body) >= 16 {
			body = body[:len(body)-16]
		}
		framed := frame(body)
		before := d.Stats
		lines := checkLines(t, d, framed)
		if d.Stats.Aggregates > before.Aggregates {
			return
		}
		// Refused as an aggregate: counted, and passed through as text.
		if d.Stats.BadAggregates != before.BadAggregates+1 {
			t.Fatalf("aggregate neither accepted nor counted as bad: %+v", d.Stats)
		}
		want := textLines(framed)
		if len(want) != len(lines) {
			t.Fatalf("%d lines, the payload as text has %d", len(lines), len(want))
		}
		for i, w := range want {
			if w = w[:min(len(w), fuzzMaxLine)]; lines[i].Data != w {
				t.Fatalf("line %d = %q, want %q", i, lines[i].Data, w)
			}
		}
	})
}

func FuzzSubscription(f *testing.F) {
	dir := corpus.Path(f, "cwlogs-subscription")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logGroup":"g\/1","logStream":"s","logEvents":[{"message":"a\u00e9\ud83d\ude00\n\\b\"","timestamp":1700000000000}]}`))
	f.Add([]byte(`{"messageType":"CONTROL_MESSAGE","logEvents":[]}`))
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"message":[1,{"a" : "b"}]},"x"]}`))
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"` + strings.Repeat("x", fuzzMaxLine) + `\r\n"}]}`))
	f.Fuzz(func(t *testing.T, p []byte) {
		d := envelope.NewDecoder(envelope.Limits{MaxLine: fuzzMaxLine, MaxInflated: 1 << 20})
		lines := checkLines(t, d, p)
		gz := checkLines(t, d, envelopetest.Gzip(p))
		if fmt.Sprint(lines) != fmt.Sprint(gz) {
			t.Fatalf("gzip changes the lines:\n%v\n%v", lines, gz)
		}
		if d.Stats.Subscriptions > 0 {
			compareWithJSON(t, p, lines)
		}
	})
}

// compareWithJSON checks an expanded envelope against encoding/json's
// reading of it, where encoding/json reads it at all. Invalid UTF-8 is
// left out: encoding/json replaces it, the decoder keeps the bytes.
func compareWithJSON(t *testing.T, p []byte, lines []got) {
	if !utf8.Valid(p) {
		return
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(p, &top) != nil {
		return
	}
	str := func(raw json.RawMessage) string {
		var s string
		json.Unmarshal(raw, &s)
		return s
	}
	cut := func(s string, n int) string { return s[:min(len(s), n)] }
	origin := cut(str(top["logGroup"]), 512) + "/" + cut(str(top["logStream"]), 512)
	if origin == "/" {
		origin = ""
	}
	var events []json.RawMessage
	if json.Unmarshal(top["logEvents"], &events) != nil {
		t.Fatalf("decoder expanded logEvents that encoding/json cannot read: %s", top["logEvents"])
	}
	var want []got
	for _, e := range events {
		var ev map[string]json.RawMessage
		if json.Unmarshal(e, &ev) != nil {
			continue
		}
		var msg string
		if m := ev["message"]; len(m) > 0 && m[0] == '"' {
			msg = strings.TrimRight(str(m), "\r\n")
		} else if len(m) > 0 {
			var b bytes.Buffer
			json.Compact(&b, m)
			msg = b.String()
		}
		w := got{Data: msg, Origin: origin}
		if len(msg) > fuzzMaxLine {
			w.Data, w.Truncated = msg[:fuzzMaxLine], true
		}
		want = append(want, w)
	}
	if len(want) != len(lines) {
		t.Fatalf("%d lines, encoding/json sees %d events", len(lines), len(want))
	}
	for i := range want {
		if lines[i].Data != want[i].Data || lines[i].Origin != want[i].Origin || lines[i].Truncated != want[i].Truncated {
			t.Fatalf("event %d:\n got %q %q %v\nwant %q %q %v", i,
				lines[i].Data, lines[i].Origin, lines[i].Truncated, want[i].Data, want[i].Origin, want[i].Truncated)
		}
	}
}
