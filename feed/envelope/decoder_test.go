package envelope_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/envelope"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

// got is one decoded line, copied out of the callback.
type got struct {
	Data      string
	Origin    string
	Time      time.Time
	Truncated bool
}

func decode(t testing.TB, d *envelope.Decoder, p []byte) ([]got, error) {
	t.Helper()
	var out []got
	err := d.Decode(p, func(l envelope.Line) {
		out = append(out, got{string(l.Data), l.Origin, l.Time, l.Truncated})
	})
	return out, err
}

func datas(g []got) []string {
	var s []string
	for _, l := range g {
		s = append(s, l.Data)
	}
	return s
}

func TestText(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"one line", "GET / 200", []string{"GET / 200"}},
		{"trailing newline", "a\n", []string{"a"}},
		{"many lines", "a\nb\nc", []string{"a", "b", "c"}},
		{"crlf", "a\r\nb\r\n", []string{"a", "b"}},
		{"empty lines kept", "a\n\nb\n", []string{"a", "", "b"}},
		{"lone newline", "\n", []string{""}},
		{"empty payload", "", nil},
		{"json", `{"a":1}` + "\n" + `{"a":2}`, []string{`{"a":1}`, `{"a":2}`}},
		{"json naming envelope keys", `{"messageType":"x"}` + "\n" + `{"logEvents":[]}`, []string{`{"messageType":"x"}`, `{"logEvents":[]}`}},
		{"object without messageType", `{"logEvents":[], "x":"messageType"}`, []string{`{"logEvents":[], "x":"messageType"}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := envelope.NewDecoder(envelope.Limits{})
			lines, err := decode(t, d, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if g := datas(lines); strings.Join(g, "|") != strings.Join(tc.want, "|") || len(g) != len(tc.want) {
				t.Fatalf("lines = %q, want %q", g, tc.want)
			}
			for _, l := range lines {
				if l.Origin != "" || !l.Time.IsZero() || l.Truncated {
					t.Errorf("plain line carries %+v", l)
				}
			}
			if d.Stats.Lines != int64(len(tc.want)) || d.Stats.Errors != 0 {
				t.Errorf("stats = %+v", d.Stats)
			}
		})
	}
}

func TestLongLinesAreCut(t *testing.T) {
	d := envelope.NewDecoder(envelope.Limits{MaxLine: 10})
	lines, err := decode(t, d, []byte("0123456789\n0123456789abc\r\nshort"))
	if err != nil {
		t.Fatal(err)
	}
	want := []got{{Data: "0123456789"}, {Data: "0123456789", Truncated: true}, {Data: "short"}}
	if len(lines) != len(want) {
		t.Fatalf("lines = %+v", lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want[i])
		}
	}
	if d.Stats.Truncated != 1 {
		t.Errorf("Truncated = %d", d.Stats.Truncated)
	}

	// The default is feed.MaxLineBytes.
	d = envelope.NewDecoder(envelope.Limits{})
	lines, _ = decode(t, d, bytes.Repeat([]byte("x"), feed.MaxLineBytes+5))
	if len(lines) != 1 || len(lines[0].Data) != feed.MaxLineBytes || !lines[0].Truncated {
		t.Fatalf("default cut: %d lines, first %d bytes", len(lines), len(lines[0].Data))
	}
}

func TestGzipText(t *testing.T) {
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, envelopetest.Gzip([]byte("one\ntwo\n")))
	if err != nil {
		t.Fatal(err)
	}
	if g := datas(lines); len(g) != 2 || g[0] != "one" || g[1] != "two" {
		t.Fatalf("lines = %q", g)
	}
	// Concatenated members read as one stream, like gunzip.
	two := append(envelopetest.Gzip([]byte("a\n")), envelopetest.Gzip([]byte("b\n"))...)
	lines, err = decode(t, d, two)
	if err != nil || len(lines) != 2 || lines[1].Data != "b" {
		t.Fatalf("two members: %q, %v", datas(lines), err)
	}
	if d.Stats.Gzip != 2 {
		t.Errorf("Gzip = %d", d.Stats.Gzip)
	}
}

func TestGzipBomb(t *testing.T) {
	bomb := envelopetest.Gzip(make([]byte, 4<<20)) // 4 MiB of zeros in ~4 KiB
	if len(bomb) > 64<<10 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	d := envelope.NewDecoder(envelope.Limits{MaxInflated: 1 << 20})
	lines, err := decode(t, d, bomb)
	if !errors.Is(err, envelope.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if len(lines) != 0 || d.Stats.Bombs != 1 || d.Stats.Errors != 1 {
		t.Fatalf("%d lines, stats %+v", len(lines), d.Stats)
	}
	// The decoder is still usable, and a payload just under the cap passes.
	lines, err = decode(t, d, envelopetest.Gzip(bytes.Repeat([]byte("x"), 1<<20)))
	if err != nil || len(lines) != 1 || len(lines[0].Data) != min(1<<20, feed.MaxLineBytes) {
		t.Fatalf("at the cap: %d lines, err %v", len(lines), err)
	}
}

func TestCorruptGzip(t *testing.T) {
	good := envelopetest.Gzip([]byte(strings.Repeat("hello world\n", 100)))
	for name, p := range map[string][]byte{
		"truncated":  good[:len(good)/2],
		"bad crc":    append(append([]byte{}, good[:len(good)-8]...), 0, 0, 0, 0, 0, 0, 0, 0),
		"header":     {0x1f, 0x8b, 8},
		"trailing":   append(append([]byte{}, good...), "junk"...),
		"bad stream": append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, bytes.Repeat([]byte{0xff}, 20)...),
	} {
		t.Run(name, func(t *testing.T) {
			d := envelope.NewDecoder(envelope.Limits{})
			lines, err := decode(t, d, p)
			if !errors.Is(err, envelope.ErrBadGzip) {
				t.Fatalf("err = %v", err)
			}
			if len(lines) != 0 || d.Stats.BadGzip != 1 {
				t.Fatalf("%d lines, stats %+v", len(lines), d.Stats)
			}
		})
	}
}

func TestSubscription(t *testing.T) {
	env := envelopetest.DataMessage("/aws/lambda/fn", "2024/07/02/[$LATEST]abc", 1719922604969,
		"START RequestId: 1\n",
		"line with \"quotes\", tab\t, unicode é 漢字 😀",
		"multi\nline\r\n",
		`{"json":"inside"}`,
	)
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, env.Data())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"START RequestId: 1", "line with \"quotes\", tab\t, unicode é 漢字 😀", "multi\nline", `{"json":"inside"}`}
	if g := datas(lines); strings.Join(g, "|") != strings.Join(want, "|") {
		t.Fatalf("lines = %q, want %q", g, want)
	}
	for i, l := range lines {
		if l.Origin != "/aws/lambda/fn/2024/07/02/[$LATEST]abc" {
			t.Errorf("origin = %q", l.Origin)
		}
		if want := time.UnixMilli(1719922604969 + int64(i)); !l.Time.Equal(want) {
			t.Errorf("time = %v, want %v", l.Time, want)
		}
	}
	if d.Stats.Subscriptions != 1 || d.Stats.Gzip != 1 || d.Stats.Lines != 4 {
		t.Errorf("stats = %+v", d.Stats)
	}

	// Uncompressed envelopes are recognised too.
	lines, err = decode(t, d, []byte(`{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"id":"1","timestamp":1700000000000,"message":"x"}]}`))
	if err != nil || len(lines) != 1 || lines[0].Origin != "g/s" || lines[0].Data != "x" {
		t.Fatalf("plain envelope: %+v, %v", lines, err)
	}
}

func TestSubscriptionEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		want   []got
		errIs  error
		origin string
	}{
		{
			name: "escapes and surrogates",
			in:   `{"messageType":"DATA_MESSAGE","logGroup":"g\/1","logStream":"s","logEvents":[{"message":"a\u00e9\ud83d\ude00\n\\b\"","timestamp":1700000000000}]}`,
			want: []got{{Data: "aé😀\n\\b\"", Origin: "g/1/s", Time: time.UnixMilli(1700000000000)}},
		},
		{
			name: "lone surrogate",
			in:   `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"message":"\ud800x"}]}`,
			want: []got{{Data: "\uFFFDx", Origin: "g/s"}},
		},
		{
			name: "seconds timestamp",
			in:   `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"timestamp":1737735732,"message":"m"}]}`,
			want: []got{{Data: "m", Origin: "g/s", Time: time.Unix(1737735732, 0)}},
		},
		{
			name: "message is not a string",
			in:   `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"timestamp":1700000000000,"message":[1, "a b", {"k" : null}]}]}`,
			want: []got{{Data: `[1,"a b",{"k":null}]`, Origin: "g/s", Time: time.UnixMilli(1700000000000)}},
		},
		{
			name: "keys in any order",
			in:   `{"logEvents":[{"message":"m","id":"1"}],"logStream":"s","logGroup":"g","messageType":"DATA_MESSAGE"}`,
			want: []got{{Data: "m", Origin: "g/s"}},
		},
		{
			name: "no events",
			in:   `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[]}`,
		},
		{
			name: "control message",
			in:   `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1,"message":"CWL CONTROL MESSAGE: Checking health of destination"}]}`,
		},
		{
			name:  "malformed falls back to text",
			in:    `{"messageType":"DATA_MESSAGE","logEvents":[{"message":"x"},]}`,
			want:  []got{{Data: `{"messageType":"DATA_MESSAGE","logEvents":[{"message":"x"},]}`}},
			errIs: envelope.ErrBadEnvelope,
		},
		{
			name:  "event that is not an object",
			in:    `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":["oops",{"message":"ok"}]}`,
			want:  []got{{Data: "ok", Origin: "g/s"}},
			errIs: envelope.ErrBadEnvelope,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := envelope.NewDecoder(envelope.Limits{})
			for _, p := range [][]byte{[]byte(tc.in), envelopetest.Gzip([]byte(tc.in))} {
				lines, err := decode(t, d, p)
				if tc.errIs == nil && err != nil || tc.errIs != nil && !errors.Is(err, tc.errIs) {
					t.Fatalf("err = %v, want %v", err, tc.errIs)
				}
				if len(lines) != len(tc.want) {
					t.Fatalf("lines = %+v, want %+v", lines, tc.want)
				}
				for i := range lines {
					if lines[i].Data != tc.want[i].Data || lines[i].Origin != tc.want[i].Origin ||
						!lines[i].Time.Equal(tc.want[i].Time) || lines[i].Truncated != tc.want[i].Truncated {
						t.Errorf("line %d = %+v, want %+v", i, lines[i], tc.want[i])
					}
				}
			}
		})
	}
}

func TestSubscriptionLongMessage(t *testing.T) {
	long := strings.Repeat("é", 40) // 80 bytes
	for _, msg := range []string{long, long + `\n`, `\"` + long} {
		in := `{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s","logEvents":[{"message":"` + msg + `"}]}`
		d := envelope.NewDecoder(envelope.Limits{MaxLine: 16})
		lines, err := decode(t, d, []byte(in))
		if err != nil || len(lines) != 1 {
			t.Fatalf("%q: %+v %v", msg, lines, err)
		}
		if len(lines[0].Data) != 16 || !lines[0].Truncated || d.Stats.Truncated != 1 {
			t.Errorf("%q: line %q truncated=%v", msg, lines[0].Data, lines[0].Truncated)
		}
	}
}

func TestControlMessageBuilder(t *testing.T) {
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, envelopetest.ControlMessage().Data())
	if err != nil || len(lines) != 0 || d.Stats.Control != 1 {
		t.Fatalf("lines %+v err %v stats %+v", lines, err, d.Stats)
	}
}

func TestOriginIsReused(t *testing.T) {
	d := envelope.NewDecoder(envelope.Limits{})
	p := envelopetest.DataMessage("g", "s", 1700000000000, "a").Data()
	var first string
	allocs := testing.AllocsPerRun(50, func() {
		d.Decode(p, func(l envelope.Line) { first = l.Origin })
	})
	if first != "g/s" {
		t.Fatalf("origin = %q", first)
	}
	// gzip.Reader.Reset allocates nothing once warm; allow a little slack
	// for the runtime, but never one allocation per line.
	if allocs > 2 {
		t.Errorf("%.1f allocations per envelope", allocs)
	}
}
