package synth

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/feedtest"
)

// TestLeakDemoRestarts runs the demo feed of several formats, cancels it
// and starts the next, and once lets the consumer go away instead: after
// each run no goroutine is left, without ignoring any.
func TestLeakDemoRestarts(t *testing.T) {
	base := goleak.IgnoreCurrent()
	for run, format := range []string{"combined", "cloudtrail", "vpcflow", "exchange", "combined"} {
		src, err := New(Config{Format: format, Rate: 2000, Seed: int64(run)})
		if err != nil {
			t.Fatal(err)
		}
		gone := run == 4
		var lines atomic.Int64
		emit := func(b *feed.Batch) bool {
			lines.Add(int64(len(b.Lines)))
			return !gone
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, emit) }()
		deadline := time.Now().Add(15 * time.Second)
		for lines.Load() < 100 && !(gone && lines.Load() > 0) {
			if time.Now().After(deadline) {
				t.Fatalf("run %d (%s): %d lines", run, format, lines.Load())
			}
			time.Sleep(5 * time.Millisecond)
		}
		if !gone {
			cancel()
		}
		if err := feedtest.AwaitRun(t, done, 15*time.Second, fmt.Sprintf("run %d", run)); err != nil {
			t.Fatalf("run %d: Run: %v", run, err)
		}
		cancel()
		if st := src.Status(); st.State != "done" || !gone && st.Lines != lines.Load() {
			t.Errorf("run %d: status %q with %d lines, %d emitted", run, st.State, st.Lines, lines.Load())
		}
		goleak.VerifyNone(t, base)
	}
}
