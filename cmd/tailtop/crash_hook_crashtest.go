//go:build crashtest

package main

import (
	"context"
	"os"
	"sync"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/tui"
)

// This file is built only with -tags crashtest, for the test of the crash
// handling (e2e_crash_test.go). TAILTOP_CRASHTEST=ui makes the screen's
// goroutine panic, TAILTOP_CRASHTEST=feed a source's goroutine; either
// waits for the file TAILTOP_CRASHTEST_TRIGGER to exist (so that the test
// sees the screen up first), and panics with a value made of a log line:
// the report must not show it.

func init() { crashTest = rigForCrash }

func rigForCrash(p *pipeline) tui.Provider {
	trigger := os.Getenv("TAILTOP_CRASHTEST_TRIGGER")
	switch os.Getenv("TAILTOP_CRASHTEST") {
	case "ui":
		return &crashingProvider{pipeline: p, trigger: trigger}
	case "feed":
		for i, s := range p.sources {
			p.sources[i] = crashingSource{Source: s, trigger: trigger}
		}
	}
	return p
}

func triggered(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// crashingProvider panics in Version, which the screen calls on every
// refresh tick, once the trigger exists, with the last log line it saw.
type crashingProvider struct {
	*pipeline
	trigger string
	mu      sync.Mutex
	last    string
}

func (c *crashingProvider) Snapshot(o analyze.SnapshotOptions) analyze.Snapshot {
	snap := c.pipeline.Snapshot(o)
	for _, st := range snap.Streams {
		if n := len(st.Tail); n > 0 {
			c.mu.Lock()
			c.last = st.Tail[n-1].Text
			c.mu.Unlock()
		}
	}
	return snap
}

func (c *crashingProvider) Version() uint64 {
	if triggered(c.trigger) {
		c.mu.Lock()
		line := c.last
		c.mu.Unlock()
		panic("crash test in the screen, last line: " + line)
	}
	return c.pipeline.Version()
}

// crashingSource panics on the first batch that arrives once the trigger
// exists, with the batch's first line.
type crashingSource struct {
	feed.Source
	trigger string
}

func (c crashingSource) Run(ctx context.Context, emit feed.Emit) error {
	return c.Source.Run(ctx, func(b *feed.Batch) bool {
		if len(b.Lines) > 0 && triggered(c.trigger) {
			panic("crash test in a feed, line: " + string(b.Lines[0].Data))
		}
		return emit(b)
	})
}
