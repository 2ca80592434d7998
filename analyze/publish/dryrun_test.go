package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// dryRun publishes the known input (two streams, two minutes, the final
// partial interval) into a buffer.
func dryRun(t *testing.T, cfg Config) string {
	t.Helper()
	var out bytes.Buffer
	cfg.DryRun = &out
	cfg.TopN = 2
	cfg.Dimensions = map[string]string{"env": "test"}
	h := newHarness(t, cfg)
	h.engine.AddStream("web", "combined")
	h.engine.AddStream("trail", "cloudtrail")
	h.start()
	if st := h.pub.Status(); st.Name != "cloudwatch (dry run)" || st.Kind != "publish" {
		t.Errorf("dry-run status: %+v", st)
	}
	h.ingest("web", at(5*time.Second), linesOf(t, "web.log")...)
	h.ingest("trail", at(10*time.Second), linesOf(t, "trail.jsonl")...)
	h.tick(at(time.Minute))
	h.ingest("web", at(70*time.Second), `192.0.2.1 - - [18/May/2033:03:34:10 +0000] "GET / HTTP/1.1" 200 50 "-" "curl/8.5"`)
	h.stop(at(70*time.Second + 300*time.Millisecond))
	return out.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got:\n%s\nwant:\n%s", name, got, want)
	}
}

// The JSON dry run prints one object per datum, exactly.
func TestDryRunJSON(t *testing.T) {
	out := dryRun(t, Config{})
	golden(t, "dryrun.jsonl", out)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// First minute: 9 + 9; final partial [1m, 1m11s): 8 + 7.
	if len(lines) != 33 {
		t.Errorf("%d lines, want 33", len(lines))
	}
	for i, l := range lines {
		var d struct {
			Namespace, MetricName, Timestamp, Unit string
			Dimensions                             []struct{ Name, Value string }
			Value                                  *float64
			StorageResolution                      int
		}
		dec := json.NewDecoder(strings.NewReader(l))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("line %d is not a datum object: %v\n%s", i, err, l)
		}
		if d.Namespace != "LogMetrics" || d.MetricName == "" || d.Value == nil || d.StorageResolution != 60 || len(d.Dimensions) < 2 {
			t.Errorf("line %d: %+v", i, d)
		}
		if _, err := time.Parse(time.RFC3339, d.Timestamp); err != nil {
			t.Errorf("line %d: timestamp %v", i, err)
		}
	}
}

// The EMF dry run prints Embedded Metric Format lines: every declared
// metric has a numeric member, every declared dimension a string member.
func TestDryRunEMF(t *testing.T) {
	out := dryRun(t, Config{EMF: true, Interval: 30 * time.Second})
	golden(t, "dryrun_emf.jsonl", out)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	metrics := 0
	for i, l := range lines {
		var doc map[string]any
		if err := json.Unmarshal([]byte(l), &doc); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		var meta struct {
			AWS struct {
				Timestamp         int64
				CloudWatchMetrics []struct {
					Namespace  string
					Dimensions [][]string
					Metrics    []struct {
						Name, Unit        string
						StorageResolution int
					}
				}
			} `json:"_aws"`
		}
		if err := json.Unmarshal([]byte(l), &meta); err != nil {
			t.Fatal(err)
		}
		if meta.AWS.Timestamp%30000 != 0 || len(meta.AWS.CloudWatchMetrics) != 1 {
			t.Errorf("line %d: _aws %+v", i, meta.AWS)
			continue
		}
		d := meta.AWS.CloudWatchMetrics[0]
		if d.Namespace != "LogMetrics" || len(d.Dimensions) != 1 {
			t.Errorf("line %d: directive %+v", i, d)
		}
		for _, name := range d.Dimensions[0] {
			if _, ok := doc[name].(string); !ok {
				t.Errorf("line %d: dimension %s has no string member", i, name)
			}
		}
		for _, m := range d.Metrics {
			metrics++
			if _, ok := doc[m.Name].(float64); !ok || m.StorageResolution != 1 {
				t.Errorf("line %d: metric %+v has no number member or is not high resolution", i, m)
			}
		}
	}
	// Intervals [0,30s) [30s,60s) [60s,71s): 18 + 14 + 15 datums.
	if metrics != 47 {
		t.Errorf("%d metrics declared, want 47", metrics)
	}
}

// A dry run whose output fails drops the batch and says so, rather than
// retrying a closed pipe forever.
func TestDryRunWriteErrorDropsTheBatch(t *testing.T) {
	h := newHarness(t, Config{DryRun: failingWriter{}})
	h.engine.AddStream("web", "combined")
	h.start()
	h.tick(at(time.Minute))
	h.waitHealth("the first minute dropped", func(hl Health) bool { return hl.Rejected == 7 })
	h.stop(at(time.Minute))
	hl := h.pub.Health()
	if hl.Rejected != 14 || hl.Errors != 2 || !strings.Contains(hl.LastError, "broken pipe") {
		t.Errorf("health: %+v", hl)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("write |1: broken pipe") }
