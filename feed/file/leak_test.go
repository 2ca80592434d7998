package file_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/feedtest"
	"github.com/tailtop/tailtop/feed/file"
)

// TestLeakFileRestarts follows a glob of growing files (one rotated by
// rename while followed), cancels the source and starts the next, four
// times, and once lets the consumer go away instead: after each run no
// goroutine is left, without ignoring any.
func TestLeakFileRestarts(t *testing.T) {
	dir := t.TempDir()
	logs := []string{filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log")}
	for _, p := range logs {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := goleak.IgnoreCurrent()
	for run := range 5 {
		src, err := file.New(file.Config{Path: filepath.Join(dir, "*.log"), Follow: true, FromStart: true, Poll: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		gone := run == 4 // the consumer goes away after its first batch
		var mu sync.Mutex
		seen := map[string]int{}
		emit := func(b *feed.Batch) bool {
			mu.Lock()
			defer mu.Unlock()
			for _, l := range b.Lines {
				seen[string(l.Data)]++
			}
			return !gone
		}
		count := func(prefix string) int {
			mu.Lock()
			defer mu.Unlock()
			n := 0
			for l, c := range seen {
				if strings.HasPrefix(l, prefix) {
					n += c
				}
			}
			return n
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- src.Run(ctx, emit) }()

		prefix := fmt.Sprintf("run%d ", run)
		for i, p := range logs {
			appendLines(t, p, prefix, i*100, 100)
		}
		want, wantPrefix := 200, prefix
		if gone {
			// The files are read from their start, so the one batch this
			// consumer takes may hold only earlier runs' lines: any line
			// shows it was called.
			want, wantPrefix = 1, ""
		}
		waitUntil(t, fmt.Sprintf("run %d: %d lines", run, want), func() bool { return count(wantPrefix) >= want })
		if run == 1 {
			// Rotate a followed file by rename and write to its successor.
			if err := os.Rename(logs[0], logs[0]+".1"); err != nil {
				t.Fatal(err)
			}
			appendLines(t, logs[0], prefix+"after ", 0, 50)
			waitUntil(t, "the lines after the rotation", func() bool { return count(prefix+"after ") >= 50 })
		}
		if !gone {
			cancel()
		}
		if err := feedtest.AwaitRun(t, done, 15*time.Second, fmt.Sprintf("run %d", run)); err != nil {
			t.Fatalf("run %d: Run: %v", run, err)
		}
		cancel()
		goleak.VerifyNone(t, base)
		if run == 1 {
			os.Remove(logs[0] + ".1")
		}
	}
}

func appendLines(t *testing.T, path, prefix string, from, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d\n", prefix, from+i)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
}

// waitUntil polls cond until it holds or a generous deadline passes (the
// follower reacts on its own ticks).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
