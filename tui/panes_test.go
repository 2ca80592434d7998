package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
)

func plainCommon() *common {
	return &common{styles: themes.Plain().Styles, keys: DefaultKeyMap()}
}

// requireBox checks that a view is exactly w x h cells.
func requireBox(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("view has %d lines, want %d:\n%s", len(lines), h, view)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
	}
}

// TestPaneGolden renders every pane at a small and a large size with the
// plain theme, fed the web stream (hostile keys included), focused and not.
func TestPaneGolden(t *testing.T) {
	sizes := [][2]int{{40, 7}, {60, 12}}
	web, trail := webStream, trailStream
	mk := map[string]struct {
		new    func(*common) pane
		stream func() analyze.StreamSnapshot
	}{
		"clients":      {func(c *common) pane { return newTopPane(c, actorDim) }, web},
		"paths":        {func(c *common) pane { return newTopPane(c, targetDim) }, web},
		"statuses":     {func(c *common) pane { return newStatusPane(c) }, web},
		"rate":         {func(c *common) pane { return newRatePane(c) }, web},
		"tail":         {func(c *common) pane { return newTailPane(c) }, web},
		"spikes":       {func(c *common) pane { return newSpikesPane(c) }, web},
		"denied_web":   {func(c *common) pane { return newDeniedPane(c) }, web},
		"denied_trail": {func(c *common) pane { return newDeniedPane(c) }, trail},
		"alerts":       {func(c *common) pane { return newAlertsPane(c) }, web},
	}
	for _, name := range []string{"clients", "paths", "statuses", "rate", "tail", "spikes", "denied_web", "denied_trail", "alerts"} {
		for i, sz := range append(sizes, [2]int{100, 12}) {
			if i == 2 && !strings.HasPrefix(name, "denied") {
				continue // the denied lists go side by side from here
			}
			t.Run(fmt.Sprintf("%s_%dx%d", name, sz[0], sz[1]), func(t *testing.T) {
				p := mk[name].new(plainCommon())
				s := mk[name].stream()
				p.SetStream(&s)
				p.SetSize(sz[0], sz[1])
				if i == 1 {
					p.Focus()
				}
				v := p.View()
				requireBox(t, v, sz[0], sz[1])
				requireInert(t, v)
				golden.RequireEqual(t, v)
			})
		}
	}
}

// TestPaneEmpty: every pane renders its box with no data at all.
func TestPaneEmpty(t *testing.T) {
	c := plainCommon()
	for _, p := range []pane{newTopPane(c, actorDim), newTopPane(c, targetDim), newStatusPane(c), newRatePane(c), newTailPane(c),
		newSpikesPane(c), newDeniedPane(c), newAlertsPane(c)} {
		p.SetStream(nil)
		p.SetSize(30, 5)
		requireBox(t, p.View(), 30, 5)
		empty := analyze.StreamSnapshot{}
		p.SetStream(&empty)
		requireBox(t, p.View(), 30, 5)
	}
}

// TestPaneTooSmall: a pane smaller than its border renders nothing rather
// than something too big.
func TestPaneTooSmall(t *testing.T) {
	c := plainCommon()
	s := webStream()
	trail := trailStream()
	for _, p := range []pane{newTopPane(c, actorDim), newStatusPane(c), newRatePane(c), newTailPane(c),
		newSpikesPane(c), newDeniedPane(c), newAlertsPane(c)} {
		p.SetStream(&s)
		if _, ok := p.(*deniedPane); ok {
			p.SetStream(&trail)
		}
		p.Focus()
		for _, sz := range [][2]int{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {5, 2}, {7, 4}} {
			p.SetSize(sz[0], sz[1])
			for _, k := range []string{"j", "j", "G", "k"} {
				p.Update(press(k))
			}
			p.Target()
			v := p.View()
			for _, l := range strings.Split(v, "\n") {
				if ansi.StringWidth(l) > sz[0] {
					t.Errorf("%T at %v: line %q too wide", p, sz, l)
				}
			}
			if strings.Count(v, "\n")+1 > max(sz[1], 1) {
				t.Errorf("%T at %v: too many lines", p, sz)
			}
		}
	}
}

// TestTopPaneCursor: j/k move the selection, the view scrolls to keep it
// shown, and the selection is what a drill-down opens.
func TestTopPaneCursor(t *testing.T) {
	p := newTopPane(plainCommon(), actorDim)
	s := webStream()
	p.SetStream(&s)
	p.SetSize(40, 5) // 3 rows of 7
	p.Focus()
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	for range 2 {
		if !p.Update(down) {
			t.Fatal("j not handled")
		}
	}
	if v := p.View(); !strings.Contains(v, "1-3/7") || !strings.Contains(v, "▸␛]0;pwned␇10.9.8.7") {
		t.Fatalf("after jj, want rows 1-3 and the third selected:\n%s", v)
	}
	p.Update(down)
	if v := p.View(); !strings.Contains(v, "2-4/7") || strings.Contains(v, "203.0.113.7 ") {
		t.Fatalf("after jjj, want rows 2-4:\n%s", v)
	}
	p.Update(tea.KeyPressMsg{Code: 'G', Text: "G"})
	if v := p.View(); !strings.Contains(v, "5-7/7") || !strings.Contains(v, "▸(empty)") {
		t.Fatalf("after G, want the last rows, the last selected:\n%s", v)
	}
	for range 10 {
		p.Update(down)
	}
	if p.cur.sel != 6 || p.cur.offset != 4 {
		t.Fatalf("moved past the end: sel %d offset %d", p.cur.sel, p.cur.offset)
	}
	p.Update(tea.KeyPressMsg{Code: 'g', Text: "g"})
	if p.cur.sel != 0 || p.cur.offset != 0 {
		t.Fatalf("g: sel %d offset %d, want 0 0", p.cur.sel, p.cur.offset)
	}
	if tg, ok := p.Target(); !ok || len(tg.levels) != 1 || tg.levels[0].filter != (analyze.Filter{Dim: analyze.DimActor, Value: "203.0.113.7"}) {
		t.Fatalf("target of the first row: %+v", tg)
	}
	if p.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}) {
		t.Fatal("x handled as a scroll key")
	}
	// Unfocused, no row is marked.
	p.Blur()
	if strings.Contains(p.View(), "▸") {
		t.Fatal("an unfocused pane marks a row")
	}
}

func TestTailPaneScrollKeepsAnchor(t *testing.T) {
	p := newTailPane(plainCommon())
	s := webStream()
	p.SetStream(&s)
	p.SetSize(80, 4) // 2 rows of 5 lines
	p.Update(tea.KeyPressMsg{Code: tea.KeyUp})
	if v := p.View(); !strings.Contains(v, "15:09:23") || !strings.Contains(v, "15:09:24") || strings.Contains(v, "15:09:25") {
		t.Fatalf("scrolled up one, want lines 3-4:\n%s", v)
	}
	// A new line arrives: the view stays on the same lines.
	s.Tail = append(s.Tail[1:], analyze.TailLine{Seq: 6, Arrival: t0, Text: "new line"})
	p.SetStream(&s)
	if v := p.View(); !strings.Contains(v, "15:09:23") || strings.Contains(v, "new line") {
		t.Fatalf("after new data, want the same lines:\n%s", v)
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	if v := p.View(); !strings.Contains(v, "new line") {
		t.Fatalf("end: want the newest line:\n%s", v)
	}
}

func TestTailPaneUnparsedFilter(t *testing.T) {
	p := newTailPane(plainCommon())
	s := webStream()
	p.SetStream(&s)
	p.SetSize(80, 6)
	p.ToggleUnparsed()
	v := p.View()
	if !strings.Contains(v, "unparsed") || !strings.Contains(v, "garbage") || !strings.Contains(v, "binary") {
		t.Fatalf("unparsed view:\n%s", v)
	}
	// The filter applies to the unparsed lines on the screen side.
	p.filter.insert("GARB")
	v = p.View()
	if !strings.Contains(v, "garbage") || strings.Contains(v, "binary") {
		t.Fatalf("unparsed view filtered by GARB:\n%s", v)
	}
}

func TestFilterInputEditing(t *testing.T) {
	f := newFilterInput()
	f.Open()
	for _, r := range "hello world" {
		f.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	f.Update(tea.KeyPressMsg{Code: 'w', Mod: tea.ModCtrl})
	if got := f.Value(); got != "hello " {
		t.Fatalf("after ctrl+w: %q", got)
	}
	f.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	f.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	f.Update(tea.KeyPressMsg{Code: 'X', Text: "X"})
	if got := f.Value(); got != "hellXo" {
		t.Fatalf("after edits: %q", got)
	}
	f.Update(tea.PasteMsg{Content: "\x1b[31mred\x07"})
	if got := f.Value(); strings.ContainsAny(got, "\x1b\x07") {
		t.Fatalf("paste kept control characters: %q", got)
	}
	f.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if f.Editing() || f.Value() == "" {
		t.Fatalf("enter: editing %v value %q", f.Editing(), f.Value())
	}
	f.Open()
	f.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if f.Editing() || f.Value() != "" {
		t.Fatalf("esc: editing %v value %q", f.Editing(), f.Value())
	}
	f.Open()
	f.insert(strings.Repeat("y", 2*maxFilterRunes))
	if n := len([]rune(f.Value())); n != maxFilterRunes {
		t.Fatalf("filter holds %d runes, want the bound %d", n, maxFilterRunes)
	}
	line, x := f.View(20, themes.Plain().Styles)
	if ansi.StringWidth(line) != 20 || x < 1 || x >= 20 {
		t.Fatalf("view of a long filter: %q cursor %d", line, x)
	}
}
