package tui

import (
	"testing"

	"github.com/tailtop/tailtop/feed"
)

func TestTmpLossNote(t *testing.T) {
	p := newFake(webStream())
	p.sources = append(p.sources, feed.Status{Name: "big.log", Kind: "file", State: "done", Lines: 2, Truncated: 1, SkippedBytes: 1 << 30, Rewinds: 2})
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("s")
	t.Log("\n" + d.view())
}
