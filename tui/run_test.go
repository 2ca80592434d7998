package tui

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestProgramRun drives the real program loop: ticks fetch, typed keys
// change the window, q ends it.
func TestProgramRun(t *testing.T) {
	p := newFake(webStream(), trailStream())
	opts := plainOptions()
	opts.RefreshInterval = 10 * time.Millisecond
	tm := teatest.NewTestModel(t, New(p, opts), teatest.WithInitialTermSize(80, 24))
	waitUntil(t, "a first snapshot", func() bool { return p.callCount() > 0 })

	tm.Type("3")
	waitUntil(t, "the 15m window", func() bool { return p.lastCall().Window == 15*time.Minute })

	// New data is picked up by the tick.
	n := p.callCount()
	p.bump()
	waitUntil(t, "a snapshot of new data", func() bool { return p.callCount() > n })

	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	final := tm.FinalModel(t).(Model)
	if final.window != 15*time.Minute {
		t.Fatalf("final window %v", final.window)
	}
	if final.width != 80 || final.height != 24 {
		t.Fatalf("final size %dx%d", final.width, final.height)
	}
}

// lockedBuffer is a bytes.Buffer safe for the program's writer goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRunCancel: cancelling the context ends Run without an error, and the
// alternate screen is left.
func TestRunCancel(t *testing.T) {
	p := newFake(webStream())
	var out lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, p, plainOptions(), tea.WithInput(nil), tea.WithOutput(&out),
			tea.WithWindowSize(80, 24), tea.WithoutSignals())
	}()
	waitUntil(t, "the alternate screen", func() bool { return strings.Contains(out.String(), "\x1b[?1049h") })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	s := out.String()
	enter, leave := bytes.Index([]byte(s), []byte("\x1b[?1049h")), bytes.LastIndex([]byte(s), []byte("\x1b[?1049l"))
	if enter < 0 || leave < enter {
		t.Fatalf("alternate screen not entered and left (enter %d, leave %d)", enter, leave)
	}
}
