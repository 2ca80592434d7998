package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// statusPane shows the status distribution: per class, per value, and the
// count per minute.
type statusPane struct {
	box
	title     string
	classes   map[string]int64
	codes     []analyze.KeyCount
	perMinute []analyze.MinuteCount
	scroll    scroller
}

func newStatusPane(c *common) *statusPane {
	p := &statusPane{box: box{c: c}}
	p.SetStream(nil)
	return p
}

func (p *statusPane) SetStream(s *analyze.StreamSnapshot) {
	p.title = safe.Text(labels(s).Status)
	if s == nil {
		p.classes, p.codes, p.perMinute = nil, nil, nil
		return
	}
	p.classes = s.StatusClasses
	p.codes = sortedCounts(s.Statuses, maxStatusKeys)
	p.perMinute = s.PerMinute
}

// layout splits the body: the class rows (or one class line), the minute
// chart, and how many rows are left for the grid of values.
func (p *statusPane) layout() (classRows bool, gridRows int) {
	_, h := p.inner()
	classRows = len(p.classes) > 0 && h >= len(p.classes)+3
	used := 1 // the class line
	if classRows {
		used = len(p.classes)
	}
	if h >= 2 {
		used++ // the minute chart
	}
	return classRows, max(h-used, 0)
}

func (p *statusPane) grid() []string {
	w, _ := p.inner()
	return CodeGrid(p.codes, w, p.c.styles)
}

func (p *statusPane) Update(msg tea.KeyPressMsg) bool {
	_, rows := p.layout()
	return p.scroll.update(msg, p.c.keys.Scroll, len(p.grid()), rows)
}

func (p *statusPane) View() string {
	st := p.c.styles
	w, h := p.inner()
	if len(p.classes) == 0 && len(p.codes) == 0 {
		return p.frame(p.title, "", []string{st.Dim.Render("no data yet")})
	}
	classRows, gridRows := p.layout()
	body := make([]string, 0, h)
	if classRows {
		body = append(body, ClassRows(p.classes, w, len(p.classes), st)...)
	} else {
		body = append(body, ClassLine(p.classes, w, st))
	}
	if h >= 2 {
		body = append(body, p.minuteLine(w))
	}
	grid := p.grid()
	from, to := p.scroll.window(len(grid), gridRows)
	body = append(body, grid[from:to]...)
	return p.frame(p.title, position(from, to, len(grid)), body)
}

// minuteLine is "/min ▂▃▅█▂ max 1.2k": the count per minute, latest right.
func (p *statusPane) minuteLine(w int) string {
	st := p.c.styles
	var peak int64
	for _, m := range p.perMinute {
		peak = max(peak, m.Count)
	}
	prefix, suffix := "/min ", " max "+FormatCount(peak)
	chartW := w - len(prefix) - len(suffix)
	if chartW < 5 {
		return fit(MinuteChart(p.perMinute, w, st), w)
	}
	return st.Dim.Render(prefix) + MinuteChart(p.perMinute, chartW, st) + st.Dim.Render(suffix)
}
