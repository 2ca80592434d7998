package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// statusPane shows the status distribution: per class, per value, and the
// count per minute. Its selectable items are the classes, then the values.
type statusPane struct {
	box
	title     string
	classes   map[string]int64
	classList []analyze.KeyCount
	codes     []analyze.KeyCount
	perMinute []analyze.MinuteCount
	empty     string // shown with no rows (emptyText)
	// sel indexes classList then codes; gridOffset is the first grid row
	// shown.
	sel        int
	gridOffset int
}

func newStatusPane(c *common) *statusPane {
	p := &statusPane{box: box{c: c}}
	p.SetStream(nil)
	return p
}

func (p *statusPane) SetStream(s *analyze.StreamSnapshot) {
	p.title = safe.Text(labels(s).Status)
	p.empty = emptyText(s)
	if s == nil {
		p.classes, p.classList, p.codes, p.perMinute = nil, nil, nil, nil
		return
	}
	p.classes = s.StatusClasses
	p.classList = sortedClasses(s.StatusClasses)
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

func (p *statusPane) items() int { return len(p.classList) + len(p.codes) }

func (p *statusPane) Update(msg tea.KeyPressMsg) bool {
	_, rows := p.layout()
	w, _ := p.inner()
	_, _, cols := gridGeometry(p.codes, w)
	c := cursor{sel: p.sel}
	// A page is a page of grid rows.
	if !c.update(msg, p.c.keys.Scroll, p.items(), max(rows*max(cols, 1), 1)) {
		return false
	}
	p.sel = c.sel
	return true
}

// Target is the selected class or value.
func (p *statusPane) Target() (drillTarget, bool) {
	i, ok := (&cursor{sel: p.sel}).selected(p.items())
	if !ok {
		return drillTarget{}, false
	}
	if i < len(p.classList) {
		return target(filterLevel(analyze.DimClass, p.classList[i].Key))
	}
	return target(filterLevel(analyze.DimStatus, p.codes[i-len(p.classList)].Key))
}

func (p *statusPane) View() string {
	st := p.c.styles
	w, h := p.inner()
	if len(p.classes) == 0 && len(p.codes) == 0 {
		return p.frame(p.title, "", []string{st.Dim.Render(p.empty)})
	}
	sel := -1
	if p.focused && p.items() > 0 {
		p.sel = max(min(p.sel, p.items()-1), 0)
		sel = p.sel
	}
	marker := -1
	classRows, gridRows := p.layout()
	body := make([]string, 0, h)
	if classRows {
		body = append(body, ClassRows(p.classes, w, len(p.classes), st)...)
		if sel >= 0 && sel < len(p.classList) {
			marker = sel
		}
	} else {
		classSel := -1
		if sel >= 0 && sel < len(p.classList) {
			classSel = sel
			if sel == 0 {
				marker = 0
			}
		}
		body = append(body, ClassLine(p.classes, w, classSel, st))
	}
	if h >= 2 {
		body = append(body, p.minuteLine(w))
	}
	codeSel := -1
	if sel >= len(p.classList) {
		codeSel = sel - len(p.classList)
	}
	grid := CodeGrid(p.codes, w, codeSel, st)
	_, _, cols := gridGeometry(p.codes, w)
	if codeSel >= 0 && cols > 0 && gridRows > 0 {
		// Keep the selected code's row in view.
		row := codeSel / cols
		p.gridOffset = min(p.gridOffset, row)
		p.gridOffset = max(p.gridOffset, row-gridRows+1)
	}
	p.gridOffset = max(min(p.gridOffset, len(grid)-gridRows), 0)
	from, to := p.gridOffset, min(p.gridOffset+gridRows, len(grid))
	if codeSel >= 0 && cols > 0 && codeSel%cols == 0 {
		if row := codeSel / cols; row >= from && row < to {
			marker = len(body) + row - from
		}
	}
	body = append(body, grid[from:to]...)
	return p.frameAt(p.title, position(from, to, len(grid)), body, marker)
}

// minuteLine is "/min ▂▃▅█▂ max 1.2k": the count per minute, latest right.
func (p *statusPane) minuteLine(w int) string {
	return minuteLine(p.perMinute, w, p.c.styles)
}
