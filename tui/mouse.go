package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// The mouse helps where a pointer is quicker than keys: a click focuses
// the pane under it and selects the row, a second click on the same row
// drills down (as enter does), the wheel scrolls what is under the
// pointer. Everything stays reachable by keyboard. Capture is on by
// default in cell-motion mode (the least that reports clicks and the
// wheel); the mouse key turns it off so that the terminal's own text
// selection works, and on again.

// mouseState is the capture switch and the last click, for double clicks.
type mouseState struct {
	off  bool
	last clickAt
}

// clickAt is where and when a click landed.
type clickAt struct {
	mode viewMode
	pane paneID
	row  int
	at   time.Time
	ok   bool
}

const (
	// doubleClick is the longest time between the two clicks of a double
	// click (the common desktop default is 400-500 ms).
	doubleClick = 500 * time.Millisecond
	// wheelRows is how far one wheel notch scrolls a text view (the
	// tail, the drill-down, help, sources); a list's selection moves by
	// one row.
	wheelRows = 3
)

// mouseMode is the View's mouse mode: cell motion while captured.
func (m *Model) mouseMode() tea.MouseMode {
	if m.mouse.off {
		return tea.MouseModeNone
	}
	return tea.MouseModeCellMotion
}

// toggleMouse turns capture off or on, and says so.
func (m *Model) toggleMouse() {
	m.mouse.off = !m.mouse.off
	m.mouse.last = clickAt{}
	m.invalidate()
	if m.mouse.off {
		m.setNotice("mouse off: the terminal selects text; " + m.c.keys.Mouse.Help().Key + " turns it on")
	} else {
		m.setNotice("mouse on")
	}
}

// hit is what a body cell falls on: a pane, and the cell's row and
// column inside the pane's border (border is set for a cell of the
// border itself).
type hit struct {
	pane     paneID
	row, col int
	border   bool
}

// hitTest finds the pane of layout under the body cell (x, y): body
// coordinates, 0,0 the top left cell under the header.
func hitTest(layout []placement, x, y int) (hit, bool) {
	for _, pl := range layout {
		if x < pl.x || x >= pl.x+pl.w || y < pl.y || y >= pl.y+pl.h {
			continue
		}
		h := hit{pane: pl.id, row: y - pl.y - 1, col: x - pl.x - 1}
		h.border = h.row < 0 || h.col < 0 || h.row >= pl.h-2 || h.col >= pl.w-2
		return h, true
	}
	return hit{}, false
}

// handleMouse applies a mouse message: a left click or the wheel.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.mouse.off {
		return nil
	}
	ms := msg.Mouse()
	switch msg.(type) {
	case tea.MouseClickMsg:
		if ms.Button != tea.MouseLeft {
			return nil
		}
		m.click(ms.X, ms.Y)
	case tea.MouseWheelMsg:
		switch ms.Button {
		case tea.MouseWheelUp:
			m.wheel(ms.X, ms.Y, -1)
		case tea.MouseWheelDown:
			m.wheel(ms.X, ms.Y, 1)
		default:
			return nil
		}
	default:
		return nil
	}
	m.invalidate()
	return nil
}

// bodyCell turns a screen cell into body coordinates; false outside the
// body (header, banner, footer).
func (m *Model) bodyCell(x, y int) (int, int, bool) {
	by := y - headerHeight - m.bannerHeight()
	return x, by, by >= 0 && by < m.bodyHeight() && x >= 0 && x < m.width
}

// click selects what is under (x, y), and drills down on a second click
// on the same row.
func (m *Model) click(x, y int) {
	bx, by, ok := m.bodyCell(x, y)
	if !ok {
		return
	}
	at := clickAt{mode: m.mode(), row: -1, at: m.opts.Now(), ok: true}
	picked := false
	switch at.mode {
	case modeDrill:
		at.row = by - 1
		picked = m.drill.pickRow(by - 1)
	case modeOverview:
		at.row = by - 1
		picked = m.overview.pickRow(by - 1)
	case modePanes:
		h, ok := hitTest(m.layout, bx, by)
		if !ok {
			return
		}
		m.setFocus(h.pane)
		if h.border {
			m.mouse.last = clickAt{}
			return
		}
		at.pane, at.row = h.pane, h.row
		picked = pickAt(m.panes()[h.pane], h.col, h.row)
	default:
		return
	}
	double := picked && m.mouse.last.ok && m.mouse.last.mode == at.mode && m.mouse.last.pane == at.pane &&
		m.mouse.last.row == at.row && at.at.Sub(m.mouse.last.at) <= doubleClick
	m.mouse.last = at
	if !picked {
		m.mouse.last = clickAt{}
	}
	if !double {
		return
	}
	// A third click starts over rather than drilling again.
	m.mouse.last = clickAt{}
	switch at.mode {
	case modeDrill:
		if k, ok := pressFor(m.drill.keys.Refine); ok {
			m.drillKey(k)
		}
	default:
		m.enter()
	}
}

// wheel scrolls what is under (x, y) by one notch: dir -1 up, 1 down.
func (m *Model) wheel(x, y, dir int) {
	sk := m.c.keys.Scroll
	b := sk.Down
	if dir < 0 {
		b = sk.Up
	}
	k, ok := pressFor(b)
	if !ok {
		return
	}
	repeat := func(n int, f func()) {
		for range n {
			f()
		}
	}
	switch m.mode() {
	case modeHelp:
		repeat(wheelRows, func() { m.helpView.Update(k) })
	case modeDrill:
		d := m.drill
		if d.text.Editing() || len(d.refine) > 0 {
			return
		}
		dk, ok := pressFor(d.keys.Scroll.Down)
		if dir < 0 {
			dk, ok = pressFor(d.keys.Scroll.Up)
		}
		if ok {
			repeat(wheelRows, func() { d.Update(dk) })
		}
	case modeSources:
		repeat(wheelRows, func() { m.sourcesView.Update(k) })
	case modeOverview:
		m.overview.Update(k)
	case modePanes:
		bx, by, ok := m.bodyCell(x, y)
		id := m.focus
		if h, hit := hitTest(m.layout, bx, by); ok && hit {
			id = h.pane
			m.setFocus(id)
		}
		n := 1
		if id == paneTail {
			n = wheelRows
		}
		repeat(n, func() { m.panes()[id].Update(k) })
	}
}

// pickAt selects the item of pane p under the inner cell (col, row) and
// reports whether the cell stands for something to drill into: a row of
// a list, or anywhere in a pane whose drill-down is the pane's whole
// content (the tail, the rate).
func pickAt(p pane, col, row int) bool {
	switch p := p.(type) {
	case *topPane:
		return p.cur.pick(row, len(p.rows))
	case *alertsPane:
		return p.cur.pick(row, len(p.alerts))
	case *spikesPane:
		chartRows, markRow, listRows := p.layout()
		first := 1 + chartRows + markRow
		if row < first || row >= first+listRows {
			return false
		}
		return p.cur.pick(row-first, len(p.spikes))
	case *statusPane:
		return p.pickAt(col, row)
	case *deniedPane:
		return p.pickAt(col, row)
	case *tailPane:
		return !p.filter.Editing() || row > 0
	case *ratePane:
		return true
	}
	return false
}

// pick selects the row shown at body row row of a list of total, from
// the scroll position of the last render.
func (c *cursor) pick(row, total int) bool {
	i := c.offset + row
	if row < 0 || i >= total {
		return false
	}
	c.sel = i
	return true
}

// pickAt selects the class or the value under the cell: the class rows
// (or the one class line), the minute chart, then the grid of values.
func (p *statusPane) pickAt(col, row int) bool {
	w, h := p.inner()
	classRows, gridRows := p.layout()
	if classRows {
		if row < len(p.classList) {
			p.sel = row
			return row >= 0
		}
		row -= len(p.classList)
	} else {
		if row == 0 {
			if i := classAt(p.classList, col, w); i >= 0 {
				p.sel = i
				return true
			}
			return false
		}
		row--
	}
	if h >= 2 {
		if row == 0 {
			return false // the minute chart
		}
		row--
	}
	keyW, countW, cols := gridGeometry(p.codes, w)
	if row < 0 || row >= gridRows || cols == 0 {
		return false
	}
	const gap = 2
	c := col / (keyW + 1 + countW + gap)
	i := (p.gridOffset+row)*cols + c
	if c >= cols || i >= len(p.codes) {
		return false
	}
	p.sel = len(p.classList) + i
	return true
}

// classAt is the class of the one-line class view ("2xx 85.8%  4xx 6.8%")
// under column col, -1 for none: the geometry of ClassLine.
func classAt(classes []analyze.KeyCount, col, width int) int {
	var total int64
	for _, c := range classes {
		total += c.Count
	}
	widths := make([]int, len(classes))
	sum := 0
	for i, c := range classes {
		widths[i] = ansi.StringWidth(safe.Text(c.Key)) + 1 + ansi.StringWidth(FormatShare(ratio(c.Count, total)))
		sum += widths[i]
	}
	sep := 2
	if sum+sep*(len(classes)-1) > width {
		sep = 1
	}
	x := 0
	for i, w := range widths {
		if col >= x && col < x+w+sep {
			return i
		}
		x += w + sep
	}
	return -1
}

// pickAt selects the summary or list cell under the cell.
func (p *deniedPane) pickAt(col, row int) bool {
	w, h := p.inner()
	l := p.build(w, h)
	cells := l.summary
	if row > 0 {
		from := 0
		if l.scrolls {
			from = p.offset
		}
		r := from + row - 1
		if r >= len(l.rows) {
			return false
		}
		cells = l.rows[r]
	} else if row < 0 {
		return false
	}
	x := 0
	for i, c := range cells {
		if i > 0 {
			x++ // the gap
		}
		cw := ansi.StringWidth(c.text)
		if col >= x-1 && col < x+cw {
			if c.item < 0 {
				return false
			}
			p.sel = c.item
			return true
		}
		x += cw
	}
	return false
}

// pickRow selects the stream of the overview table under body row row
// (row 0 is the table's header).
func (v *overviewView) pickRow(row int) bool {
	h, _ := v.split()
	if row < 1 || row > h-3 {
		return false
	}
	return v.cur.pick(row-1, len(v.streams))
}

// pickRow selects the drill-down line under body row row; a click on the
// newest line follows again, anywhere else holds the view still.
func (d *drillView) pickRow(row int) bool {
	if d.detail || len(d.lines) == 0 {
		return false
	}
	if len(d.refine) > 0 || d.text.Editing() {
		row-- // the chooser or input row
	}
	from, to := d.window()
	i := from + row
	if row < 0 || i >= to {
		return false
	}
	if i == len(d.lines)-1 {
		d.setFollow()
		return true
	}
	d.sel, d.follow = i, false
	return true
}
