package envelope_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
	"github.com/tailtop/tailtop/feed/envelope"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

// corpusPayloads returns the real subscription payloads of the corpus,
// uncompressed, by file name. The Lambda event form ({"awslogs":{"data":
// base64 gzip}}) is unwrapped to the payload Kinesis would carry.
func corpusPayloads(t testing.TB) map[string][]byte {
	t.Helper()
	dir := corpus.Path(t, "cwlogs-subscription")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var lambda struct {
			AWSLogs struct{ Data string } `json:"awslogs"`
		}
		if json.Unmarshal(b, &lambda) == nil && lambda.AWSLogs.Data != "" {
			z, err := base64.StdEncoding.DecodeString(lambda.AWSLogs.Data)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[filepath.Base(f)+" (gzip)"] = z
			continue
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// expected reads an envelope with encoding/json: the reference the
// decoder is checked against.
func expected(t testing.TB, p []byte) (origin string, events []got) {
	t.Helper()
	var env struct {
		MessageType string
		LogGroup    string
		LogStream   string
		LogEvents   []struct {
			Timestamp int64
			Message   json.RawMessage
		}
	}
	if err := json.Unmarshal(p, &env); err != nil {
		t.Fatal(err)
	}
	origin = env.LogGroup + "/" + env.LogStream
	for _, e := range env.LogEvents {
		var s string
		if json.Unmarshal(e.Message, &s) != nil {
			var b bytes.Buffer
			json.Compact(&b, e.Message)
			s = b.String()
		}
		ts := time.UnixMilli(e.Timestamp)
		if e.Timestamp < 1e11 {
			ts = time.Unix(e.Timestamp, 0)
		}
		events = append(events, got{Data: strings.TrimRight(s, "\r\n"), Origin: origin, Time: ts})
	}
	return origin, events
}

func TestCorpusSubscriptions(t *testing.T) {
	for name, p := range corpusPayloads(t) {
		t.Run(name, func(t *testing.T) {
			plain := p
			if strings.HasSuffix(name, "(gzip)") {
				var err error
				if plain, err = gunzip(p); err != nil {
					t.Fatal(err)
				}
			}
			_, want := expected(t, plain)
			if len(want) == 0 {
				t.Fatal("corpus file has no events")
			}
			d := envelope.NewDecoder(envelope.Limits{})
			for _, in := range [][]byte{p, envelopetest.Gzip(plain)} {
				lines, err := decode(t, d, in)
				if err != nil {
					t.Fatal(err)
				}
				if len(lines) != len(want) {
					t.Fatalf("%d lines, want %d", len(lines), len(want))
				}
				for i := range want {
					if lines[i].Data != want[i].Data || lines[i].Origin != want[i].Origin || !lines[i].Time.Equal(want[i].Time) {
						t.Errorf("event %d:\n got %+v\nwant %+v", i, lines[i], want[i])
					}
				}
			}
			if d.Stats.Errors != 0 || d.Stats.Subscriptions != 2 {
				t.Errorf("stats = %+v", d.Stats)
			}
		})
	}
}
