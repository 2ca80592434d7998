package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
)

// A feed that goes quiet must not leave its last busy second on screen:
// with the real engine and no new data, the clock moving on is enough for
// the clients to leave a one-minute window and the rate to fall to zero.
// Before the screen looked at the clock, it kept "events 300/s" and every
// client for as long as nothing arrived.
func TestQuietFeedLeavesTheWindow(t *testing.T) {
	now := t0
	clock := func() time.Time { return now }
	e := analyze.NewEngine(analyze.Config{Now: clock})
	e.AddStream("web", "combined")
	var lines []feed.Line
	for i := range 300 {
		lines = append(lines, feed.Line{
			Origin:  "access.log",
			Data:    fmt.Appendf(nil, `10.9.8.%d - - [14/Mar/2026:15:09:26 +0000] "GET /quiet HTTP/1.1" 200 5 "-" "curl"`, i%3),
			Arrival: now,
		})
	}
	e.Ingest(&feed.Batch{Source: "web", Lines: lines})

	d := newDriver(t, engineProvider{e}, Options{Theme: themes.Plain(), Now: clock, Window: time.Minute}, 100, 30)
	busy := d.view()
	// Each of the three clients has a third of the window (the tail pane
	// keeps showing the lines themselves, as it should).
	if !strings.Contains(busy, "33.3%") || !strings.Contains(busy, "300/s") {
		t.Fatalf("the busy second is not on screen:\n%s", busy)
	}

	// The same second again: nothing to fetch, the screen is kept.
	d.send(tickMsg{})
	if d.view() != busy {
		t.Fatal("a tick in the same second with no new data changed the screen")
	}

	now = now.Add(2 * time.Second)
	d.send(tickMsg{})
	if v := d.view(); strings.Contains(v, "events 300/s") {
		t.Fatalf("two quiet seconds later the rate still reads 300/s:\n%s", v)
	}

	now = now.Add(time.Minute)
	d.send(tickMsg{})
	quiet := d.view()
	if strings.Contains(quiet, "33.3%") {
		t.Fatalf("a minute after the last line its clients are still in the one-minute window:\n%s", quiet)
	}
	// A quiet feed is not one that has sent nothing yet.
	if strings.Contains(quiet, "no data yet") || !strings.Contains(quiet, "no lines in the window") {
		t.Fatalf("the emptied window does not say the feed went quiet:\n%s", quiet)
	}

	// Paused, the screen stays as it was whatever the clock does.
	d.keys("space")
	paused := d.view()
	now = now.Add(5 * time.Second)
	d.send(tickMsg{})
	if d.view() != paused {
		t.Fatal("the clock moved a paused screen")
	}
}

// engineProvider is the engine with no sources to report.
type engineProvider struct{ *analyze.Engine }

func (engineProvider) Sources() []feed.Status { return nil }

func TestEmptyText(t *testing.T) {
	for _, c := range []struct {
		s    *analyze.StreamSnapshot
		want string
	}{
		{nil, "no data yet"},
		{&analyze.StreamSnapshot{}, "no data yet"},
		{&analyze.StreamSnapshot{AllLines: 9}, "no lines in the window"},
		{&analyze.StreamSnapshot{AllLines: 9, Lines: 3, Unparsed: 3}, "none in the window"},
	} {
		if got := emptyText(c.s); got != c.want {
			t.Errorf("emptyText(%+v) = %q, want %q", c.s, got, c.want)
		}
	}
}
