package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
)

// The headless publisher, end to end: `report --for` follows a file being
// appended to and publishes to the CBOR test server through the real SDK,
// reached by AWS_ENDPOINT_URL_CLOUDWATCH; the counts published add up to
// the lines written, and no credential reaches the output.
func TestPublishCloudWatchEndToEnd(t *testing.T) {
	srv := cwtest.New()
	defer srv.Close()
	fakeAWS(t, "http://127.0.0.1:9") // any other service would fail
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH", srv.URL)
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	if err := os.WriteFile(log, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		// Write only once the first interval was published: the follower
		// has read the empty file by then, so every line is live traffic,
		// which is what publishing counts (history is windowed by its own
		// time; see the README).
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.WaitRequests(ctx, 1); err != nil {
			done <- err
			return
		}
		for i := 0; i < 30; i++ {
			if err := appendLinesErr(log, accessLines("203.0.113.5", "/p", 500, 10)...); err != nil {
				done <- err
				return
			}
			time.Sleep(50 * time.Millisecond) // pacing the writer across intervals
		}
		done <- nil
	}()
	out, errs, code := runCmd(t, "report", "--json", "--for", "10s", "--publish", "cloudwatch", "--metric-interval", "1s",
		"--metric-dimension", "Host=web1", "--no-alerts", log)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errs)
	}
	if strings.Contains(out+errs, fakeSecret) {
		t.Fatal("a credential appeared in the output")
	}
	var events, failures float64
	for _, d := range srv.Datums() {
		if d.Namespace != "LogMetrics" || d.StorageResolution != 1 {
			t.Fatalf("datum %+v: want namespace LogMetrics, high resolution", d)
		}
		dims := map[string]string{}
		for _, dm := range d.Dimensions {
			dims[dm.Name] = dm.Value
		}
		if dims["Stream"] != log || dims["Host"] != "web1" {
			t.Fatalf("datum dimensions %v", dims)
		}
		switch d.MetricName {
		case "Events":
			events += d.Value
		case "Failures":
			failures += d.Value
		}
	}
	var snap struct {
		Streams []struct{ Events int64 }
	}
	if err := json.Unmarshal([]byte(out), &snap); err != nil {
		t.Fatal(err)
	}
	if events != 300 || failures != 300 || snap.Streams[0].Events != 300 {
		t.Fatalf("published events %v failures %v, report %d; want 300 each", events, failures, snap.Streams[0].Events)
	}
}

func TestPublishDryRunAndUsage(t *testing.T) {
	log := filepath.Join(t.TempDir(), "a.log")
	if err := os.WriteFile(log, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	werr := make(chan error, 1)
	go func() { werr <- appendLinesErr(log, accessLines("192.0.2.1", "/x", 200, 3)...) }()
	out, errs, code := runCmd(t, "report", "--for", "2s", "--publish-dry-run", "--metric-interval", "1s", log)
	if err := <-werr; err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("dry run exited %d: %s", code, errs)
	}
	names := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("dry-run line is not JSON: %q", line)
		}
		names[fmt.Sprint(m["MetricName"])] = true
	}
	for _, want := range []string{"Events", "Failures", "AuthorizationFailureCount", "Bytes", "UnparsedLines"} {
		if !names[want] {
			t.Errorf("dry run lacks %s: %v", want, names)
		}
	}
	_, errs, code = runCmd(t, "report", "--publish", "cloudwatch", log)
	if code != 2 || !strings.Contains(errs, "--for") {
		t.Fatalf("publishing without --for: code %d, %q", code, errs)
	}
	_, errs, code = runCmd(t, "watch", "--no-tui", log)
	if code != 2 || !strings.Contains(errs, "--publish") {
		t.Fatalf("watch --no-tui without publishing: code %d, %q", code, errs)
	}
}
