package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
)

// TestHelpScreenGolden renders the help screen where its shape changes:
// over the panes and over a drill-down at 80x24, scrolled on a short
// screen, stacked on a narrow one.
func TestHelpScreenGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
	}{
		{name: "80x24", w: 80, h: 24, keys: []string{"?"}},
		{name: "80x24_drill", w: 80, h: 24, keys: []string{"enter", "?"}},
		{name: "80x12_scrolled", w: 80, h: 12, keys: []string{"?", "pgdown"}},
		{name: "50x24_narrow", w: 50, h: 24, keys: []string{"?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDriver(t, newFake(webStream(), trailStream()), plainOptions(), tc.w, tc.h)
			d.keys(tc.keys...)
			v := d.view()
			requireFits(t, v, tc.w, tc.h)
			requireInert(t, v)
			golden.RequireEqual(t, v)
		})
	}
}

// TestHelpScreenFromKeyMap: the help screen lists every enabled binding of
// the keymap's FullHelp groups, with its key and description.
func TestHelpScreenFromKeyMap(t *testing.T) {
	d := newDriver(t, newFake(webStream(), trailStream()), plainOptions(), 80, 24)
	d.keys("?")
	m := d.model()
	all := strings.Join(m.helpView.rows(), "\n")
	n := 0
	for _, g := range m.c.keys.FullHelp() {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			n++
			h := b.Help()
			if !strings.Contains(all, h.Key) || !strings.Contains(all, h.Desc) {
				t.Errorf("help screen lacks %q %q:\n%s", h.Key, h.Desc, all)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d bindings checked", n)
	}
	// Over a drill-down it starts with the drill-down's keys.
	d.keys("esc", "enter", "?")
	m = d.model()
	rows := m.helpView.rows()
	if !strings.Contains(rows[0], "drill-down") {
		t.Fatalf("drill-down help starts with %q", rows[0])
	}
	all = strings.Join(rows, "\n")
	for _, g := range m.drill.keys.FullHelp() {
		for _, b := range g {
			if b.Enabled() && !strings.Contains(all, b.Help().Desc) {
				t.Errorf("drill-down help lacks %q", b.Help().Desc)
			}
		}
	}
}

// TestHelpScreenKeys: ? or esc closes it, the scroll keys scroll it, q
// quits, and other keys do nothing underneath.
func TestHelpScreenKeys(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 12)
	panes := d.view()
	d.keys("?")
	top := d.view()
	if !strings.Contains(top, "help") || top == panes {
		t.Fatalf("? did not open the help:\n%s", top)
	}
	d.keys("2", "tab")
	if p.lastCall().Window != time.Minute || d.model().focus != paneActor {
		t.Fatal("keys under the help screen reached the panes")
	}
	d.keys("j")
	if d.view() == top || d.model().helpView.scroll.offset != 1 {
		t.Fatalf("j did not scroll the help (offset %d)", d.model().helpView.scroll.offset)
	}
	d.keys("G")
	rows, vis := len(d.model().helpView.rows()), d.model().helpView.visible()
	if got := d.model().helpView.scroll.offset; got != rows-vis {
		t.Fatalf("G scrolled to %d, want %d", got, rows-vis)
	}
	d.keys("esc")
	if d.view() != panes {
		t.Fatalf("esc did not close the help:\n%s", d.view())
	}
	d.keys("?", "?")
	if d.view() != panes {
		t.Fatal("? did not close the help")
	}
	d.keys("?")
	if cmd := d.send(press("q")); cmd == nil || !isQuit(cmd) {
		t.Fatal("q in the help screen does not quit")
	}
}
