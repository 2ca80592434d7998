package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
)

// TestHitTest maps body cells to panes and to rows inside their borders.
func TestHitTest(t *testing.T) {
	layout := []placement{
		{paneActor, 0, 0, 10, 5},
		{paneTarget, 10, 0, 10, 5},
		{paneTail, 0, 5, 20, 4},
	}
	for _, tc := range []struct {
		x, y int
		want hit
		ok   bool
	}{
		{0, 0, hit{pane: paneActor, row: -1, col: -1, border: true}, true},
		{1, 1, hit{pane: paneActor, row: 0, col: 0}, true},
		{5, 3, hit{pane: paneActor, row: 2, col: 4}, true},
		{9, 2, hit{pane: paneActor, row: 1, col: 8, border: true}, true},
		{8, 4, hit{pane: paneActor, row: 3, col: 7, border: true}, true},
		{10, 1, hit{pane: paneTarget, row: 0, col: -1, border: true}, true},
		{11, 1, hit{pane: paneTarget, row: 0, col: 0}, true},
		{3, 7, hit{pane: paneTail, row: 1, col: 2}, true},
		{20, 1, hit{}, false},
		{3, 9, hit{}, false},
		{-1, 0, hit{}, false},
	} {
		got, ok := hitTest(layout, tc.x, tc.y)
		if ok != tc.ok || got != tc.want {
			t.Errorf("hitTest(%d, %d) = %+v, %v; want %+v, %v", tc.x, tc.y, got, ok, tc.want, tc.ok)
		}
	}
	// Every cell of a real layout falls in exactly the pane whose
	// rectangle holds it.
	for _, pg := range []page{pageTraffic, pageIncidents} {
		for _, sz := range [][2]int{{80, 20}, {120, 40}, {50, 30}} {
			l := computeLayout(pg, sz[0], sz[1])
			for y := 0; y < sz[1]; y++ {
				for x := 0; x < sz[0]; x++ {
					h, ok := hitTest(l, x, y)
					n := 0
					for _, pl := range l {
						if x >= pl.x && x < pl.x+pl.w && y >= pl.y && y < pl.y+pl.h {
							n++
							if !ok || h.pane != pl.id {
								t.Fatalf("%v (%d,%d): hit %+v %v, want pane %d", sz, x, y, h, ok, pl.id)
							}
						}
					}
					if n == 0 && ok {
						t.Fatalf("%v (%d,%d): hit %+v outside every pane", sz, x, y, h)
					}
				}
			}
		}
	}
}

// find returns the screen cell where text first appears on the plain
// screen, searching from line from.
func find(t *testing.T, screen, text string, from int) (x, y int) {
	t.Helper()
	for i, l := range strings.Split(screen, "\n") {
		if i < from {
			continue
		}
		if j := strings.Index(l, text); j >= 0 {
			return ansi.StringWidth(l[:j]), i
		}
	}
	t.Fatalf("%q not on screen:\n%s", text, screen)
	return 0, 0
}

func click(x, y int) tea.MouseClickMsg {
	return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft}
}

func wheel(x, y int, b tea.MouseButton) tea.MouseWheelMsg {
	return tea.MouseWheelMsg{X: x, Y: y, Button: b}
}

// clock is a settable test clock.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func mouseDriver(t *testing.T, w, h int) (*driver, *fakeProvider, *clock) {
	web := webStream()
	// More lines than the tail shows, to scroll.
	older := make([]analyze.TailLine, 0, 20)
	for i := range 20 {
		older = append(older, analyze.TailLine{Seq: uint64(i + 1), Arrival: t0.Add(-time.Minute), Parsed: true,
			Text: "older line " + strings.Repeat("x", i)})
	}
	for i := range web.Tail {
		web.Tail[i].Seq += 100
	}
	web.Tail = append(older, web.Tail...)
	p := newFake(web, trailStream())
	c := &clock{now: t0}
	opts := plainOptions()
	opts.Now = c.Now
	return newDriver(t, p, opts, w, h), p, c
}

// TestMouseClickSelectsRow: a click on a row focuses its pane and selects
// that row; enter then drills into the clicked key.
func TestMouseClickSelectsRow(t *testing.T) {
	d, p, _ := mouseDriver(t, 80, 24)
	x, y := find(t, d.view(), "/health", 0)
	d.send(click(x+2, y))
	m := d.model()
	if m.focus != paneTarget {
		t.Fatalf("focus %d after a click on the paths pane", m.focus)
	}
	v := d.view()
	// The selection marker moved to the clicked row of the paths pane.
	if line := strings.Split(v, "\n")[y]; !strings.Contains(line, "▸/health") {
		t.Fatalf("the clicked row is not marked: %q", line)
	}
	d.keys("enter")
	q := p.lastDrill()
	if len(q.Filters) != 1 || q.Filters[0] != (analyze.Filter{Dim: analyze.DimTarget, Value: "/health"}) {
		t.Fatalf("enter after the click drilled into %+v", q.Filters)
	}
}

// TestMouseDoubleClickDrills: two clicks on one row within the double
// click time drill down; slower clicks, or on two rows, do not.
func TestMouseDoubleClickDrills(t *testing.T) {
	d, p, c := mouseDriver(t, 80, 24)
	x, y := find(t, d.view(), "198.51.100.23", 0)
	d.send(click(x, y))
	c.now = c.now.Add(2 * time.Second)
	d.send(click(x, y))
	if d.model().drill.open() {
		t.Fatal("two clicks two seconds apart drilled down")
	}
	x2, y2 := find(t, d.view(), "203.0.113.7", 0)
	c.now = c.now.Add(100 * time.Millisecond)
	d.send(click(x2, y2))
	if d.model().drill.open() {
		t.Fatal("clicks on two rows drilled down")
	}
	c.now = c.now.Add(2 * time.Second)
	d.send(click(x, y))
	c.now = c.now.Add(200 * time.Millisecond)
	d.send(click(x+3, y))
	if !d.model().drill.open() {
		t.Fatalf("a double click did not drill down:\n%s", d.view())
	}
	q := p.lastDrill()
	if len(q.Filters) != 1 || q.Filters[0] != (analyze.Filter{Dim: analyze.DimActor, Value: "198.51.100.23"}) {
		t.Fatalf("double click drilled into %+v", q.Filters)
	}
	// In the drill-down, a click selects a line and a double click opens
	// the "add filter" chooser, as enter does.
	v := d.view()
	lx, ly := find(t, v, "POST /api/login", 1)
	c.now = c.now.Add(time.Second)
	d.send(click(lx, ly))
	dr := d.model().drill
	if dr.follow {
		t.Fatal("a click on an older drill-down line kept following")
	}
	l, _ := dr.selected()
	if !strings.Contains(l.Text, "POST /api/login") {
		t.Fatalf("selected %q, want the clicked line", l.Text)
	}
	c.now = c.now.Add(100 * time.Millisecond)
	d.send(click(lx, ly))
	if !strings.Contains(d.view(), "add filter:") {
		t.Fatalf("a double click in the drill-down did not offer filters:\n%s", d.view())
	}
}

// TestMouseClickStatusAndDenied: the cells of the status line, the code
// grid and the AccessDenied lists are picked by column.
func TestMouseClickStatusAndDenied(t *testing.T) {
	d, _, c := mouseDriver(t, 80, 24)
	v := d.view()
	for _, tc := range []struct {
		text string
		dim  analyze.Dim
	}{{"5xx", analyze.DimClass}, {"3xx", analyze.DimClass}, {"404", analyze.DimStatus}, {"503", analyze.DimStatus}} {
		x, y := find(t, v, tc.text, 0)
		c.now = c.now.Add(time.Second) // single clicks, not double
		d.send(click(x+1, y))
		m := d.model()
		if m.drill.open() || m.focus != paneStatus {
			t.Fatalf("click on %s focused %d", tc.text, m.focus)
		}
		tg, ok := m.status.Target()
		if !ok || tg.levels[0].filter != (analyze.Filter{Dim: tc.dim, Value: tc.text}) {
			t.Fatalf("click on %s selected %+v", tc.text, tg.levels)
		}
	}

	// The CloudTrail stream at 120x40 shows AccessDenied beside the lists.
	d2, _, _ := mouseDriver(t, 120, 40)
	d2.keys("]")
	v = d2.view()
	x, y := find(t, v, "198.51.100.77", 0)
	d2.send(click(x+2, y))
	m := d2.model()
	if m.focus != paneDenied {
		t.Fatalf("click on a denied source IP focused %d:\n%s", m.focus, v)
	}
	tg, ok := m.denied.Target()
	last := tg.levels[len(tg.levels)-1].filter
	if !ok || last.Value != "198.51.100.77" {
		t.Fatalf("click on a denied source IP selected %+v", tg.levels)
	}
}

// TestMouseWheel scrolls the pane under the pointer (focusing it), the
// drill-down, and the help screen.
func TestMouseWheel(t *testing.T) {
	d, _, _ := mouseDriver(t, 80, 24)
	v := d.view()
	x, y := find(t, v, "GET /health", 0)
	d.send(wheel(x, y, tea.MouseWheelUp))
	m := d.model()
	if m.focus != paneTail || m.tail.back == 0 {
		t.Fatalf("wheel up over the tail: focus %d, back %d", m.focus, m.tail.back)
	}
	if !strings.Contains(d.view(), "↑") {
		t.Fatalf("the tail does not show it is scrolled:\n%s", d.view())
	}
	d.send(wheel(x, y, tea.MouseWheelDown))
	if d.model().tail.back != 0 {
		t.Fatalf("wheel down did not come back: back %d", d.model().tail.back)
	}
	// Over the clients list the selection moves one row a notch.
	x, y = find(t, v, "198.51.100.23", 0)
	d.send(wheel(x, y, tea.MouseWheelDown))
	if m := d.model(); m.focus != paneActor || m.top.cur.sel != 1 {
		t.Fatalf("wheel over clients: focus %d sel %d", m.focus, m.top.cur.sel)
	}

	// In the drill-down the wheel scrolls back from the newest line.
	d.keys("enter")
	if !d.model().drill.open() || !d.model().drill.follow {
		t.Fatal("no following drill-down")
	}
	d.send(wheel(10, 10, tea.MouseWheelUp))
	if dr := d.model().drill; dr.follow || !strings.Contains(d.view(), "scrolled") {
		t.Fatalf("wheel up in the drill-down kept following:\n%s", d.view())
	}
	d.keys("esc")

	// The help screen scrolls when it is taller than the screen.
	d.send(tea.WindowSizeMsg{Width: 80, Height: 12})
	d.keys("?")
	before := d.view()
	d.send(wheel(10, 5, tea.MouseWheelDown))
	if after := d.view(); after == before || !strings.Contains(after, "─ help ") && !strings.Contains(after, "━ help ") {
		t.Fatalf("wheel did not scroll the help:\n%s", after)
	}
}

// TestMouseToggle: the mouse key releases the mouse to the terminal (its
// text selection works again) and takes it back; clicks while released
// do nothing.
func TestMouseToggle(t *testing.T) {
	d, _, _ := mouseDriver(t, 80, 24)
	if mm := d.m.View().MouseMode; mm != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode %v at start", mm)
	}
	d.keys("m")
	if mm := d.m.View().MouseMode; mm != tea.MouseModeNone {
		t.Fatalf("mouse mode %v after m", mm)
	}
	if !strings.Contains(d.view(), "mouse off") {
		t.Fatalf("no notice that the mouse is off:\n%s", d.view())
	}
	x, y := find(t, d.view(), "/health", 0)
	d.send(click(x, y))
	if d.model().focus != paneActor {
		t.Fatal("a click while the mouse is off moved the focus")
	}
	d.keys("m")
	if mm := d.m.View().MouseMode; mm != tea.MouseModeCellMotion {
		t.Fatalf("mouse mode %v after m twice", mm)
	}
	// Typed into the filter, m is a letter.
	d.keys("/", "m")
	if mm := d.m.View().MouseMode; mm != tea.MouseModeCellMotion || d.model().tail.filter.Value() != "m" {
		t.Fatalf("m in the filter input toggled the mouse (filter %q)", d.model().tail.filter.Value())
	}

	opts := plainOptions()
	opts.NoMouse = true
	d2 := newDriver(t, newFake(webStream()), opts, 80, 24)
	if mm := d2.m.View().MouseMode; mm != tea.MouseModeNone {
		t.Fatalf("NoMouse: mouse mode %v", mm)
	}
}

// TestMouseOutsideBody: clicks on the header, the footer and off screen
// change nothing, and no message panics.
func TestMouseOutsideBody(t *testing.T) {
	d, _, _ := mouseDriver(t, 80, 24)
	before := d.view()
	for _, msg := range []tea.Msg{click(5, 0), click(5, 23), click(200, 5), click(-3, -3), click(5, 400),
		tea.MouseClickMsg{X: 5, Y: 3, Button: tea.MouseRight}, tea.MouseReleaseMsg{X: 5, Y: 3, Button: tea.MouseLeft},
		tea.MouseMotionMsg{X: 5, Y: 3}, wheel(-1, 900, tea.MouseWheelLeft)} {
		d.send(msg)
	}
	if d.view() != before {
		t.Fatalf("clicks outside the body changed the screen:\n%s", d.view())
	}
	// Tiny screens: no layout, no panic.
	for _, sz := range [][2]int{{0, 0}, {3, 2}, {20, 5}} {
		d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		for y := -1; y <= sz[1]; y++ {
			for x := -1; x <= sz[0]; x++ {
				d.send(click(x, y))
				d.send(wheel(x, y, tea.MouseWheelDown))
			}
		}
		requireFits(t, d.view(), sz[0], sz[1])
	}
}
