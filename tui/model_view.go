package tui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tailtop/tailtop/tui/safe"
)

// resize sets the screen size and reflows.
func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.help.SetWidth(m.width)
	m.relayout()
}

// helpKeys is the keymap the help bar shows: the one of whatever takes the
// keys now.
func (m *Model) helpKeys() help.KeyMap {
	switch {
	case m.helpView.shown:
		return m.helpView.keys
	case m.drill.open():
		return m.drill.helpKeys()
	case m.tail.filter.Editing():
		return m.tail.filter.keys
	}
	return m.c.keys
}

// footerHeight is the status line plus the help bar.
func (m *Model) footerHeight() int {
	return 1 + lipgloss.Height(m.help.View(m.helpKeys()))
}

// bannerHeight is the alert banner's line, while a rule fires.
func (m *Model) bannerHeight() int {
	if len(m.firing) > 0 {
		return 1
	}
	return 0
}

// bodyHeight is what the header, banner and footer leave.
func (m *Model) bodyHeight() int {
	return max(m.height-headerHeight-m.bannerHeight()-m.footerHeight(), 0)
}

// relayout places the panes and sizes the views for the current size,
// banner, footer and page.
func (m *Model) relayout() {
	bodyH := m.bodyHeight()
	m.layout = computeLayout(m.page, m.width, bodyH)
	// composeBody walks each row left to right.
	sort.SliceStable(m.layout, func(i, j int) bool { return m.layout[i].x < m.layout[j].x })
	ps := m.panes()
	for _, p := range ps {
		p.SetSize(0, 0)
	}
	for _, pl := range m.layout {
		ps[pl.id].SetSize(pl.w, pl.h)
	}
	m.drill.SetSize(m.width, bodyH)
	m.sourcesView.SetSize(m.width, bodyH)
	m.overview.SetSize(m.width, bodyH)
	m.helpView.SetSize(m.width, bodyH)

	// v switches pages only when they are not all on screen.
	paged := !allFit(m.width, bodyH)
	m.c.keys.Page.SetEnabled(paged && len(m.c.keys.Page.Keys()) > 0)
	m.c.keys.Page.SetHelp(m.c.keys.Page.Help().Key, ((m.page + 1) % pageCount).String())

	if !m.placed(m.focus) && len(m.layout) > 0 {
		m.setFocus(m.layout[0].id)
	}
	// Sizes changed what the scroll positions may be.
	m.tail.reanchor()
}

func (m *Model) invalidate() { m.view = &viewCache{} }

// View renders the screen (from the cache when nothing changed) in the
// alternate screen.
func (m Model) View() tea.View {
	if !m.view.ok {
		m.view.content, m.view.cursor = m.render()
		m.view.ok = true
	}
	v := tea.NewView(m.view.content)
	v.AltScreen = true
	v.MouseMode = m.mouseMode()
	v.WindowTitle = safe.Text(m.opts.Title)
	if m.view.cursor != nil {
		c := *m.view.cursor
		v.Cursor = &c
	}
	return v
}

// render draws the whole screen: header, banner, body, footer; every line
// at most width cells, at most height lines.
func (m *Model) render() (string, *tea.Cursor) {
	if m.width <= 0 || m.height <= 0 {
		return "", nil
	}
	st := m.c.styles
	lines := make([]string, 0, m.height)

	var tabs []streamTab
	active := m.stream
	if len(m.snap.Streams) > 1 {
		tabs = append(tabs, streamTab{name: "overview"})
		active++
		if m.showOverview {
			active = 0
		}
	}
	var linesPerSec float64
	for _, s := range m.snap.Streams {
		tabs = append(tabs, streamTab{name: s.Name, format: s.Format})
		linesPerSec += s.LinesPerSec
	}
	lines = append(lines, headerLine(safe.Text(m.opts.Title), tabs, active, m.snap.Now, m.sampled(), m.width, st))
	if m.bannerHeight() > 0 {
		lines = append(lines, bannerLine(m.firing, len(m.snap.Streams) > 1, m.width, st))
	}

	bodyH := m.bodyHeight()
	bodyTop := len(lines)
	lines = append(lines, m.body(bodyH)...)

	lines = append(lines, m.withNotice(statusLine(m.sources, linesPerSec, m.window, m.paused, m.pausedAt, m.width, st)))
	// The help bubble does not promise to keep to the width: cut it.
	for _, l := range strings.Split(m.help.View(m.helpKeys()), "\n") {
		lines = append(lines, fit(l, m.width))
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n"), m.cursor(bodyTop)
}

// body is the body's lines: the view of the current mode, exactly height
// lines.
func (m *Model) body(height int) []string {
	var rows []string
	switch m.mode() {
	case modeHelp:
		rows = strings.Split(m.helpView.View(), "\n")
	case modeDrill:
		rows = strings.Split(m.drill.View(), "\n")
	case modeSources:
		rows = strings.Split(m.sourcesView.View(), "\n")
	case modeOverview:
		rows = strings.Split(m.overview.View(), "\n")
	default:
		return m.composeBody(height)
	}
	if len(rows) > height {
		rows = rows[:height]
	}
	for len(rows) < height {
		rows = append(rows, "")
	}
	return rows
}

// cursor is where the terminal cursor goes: in the text input being
// edited, if any. bodyTop is the screen line the body starts at.
func (m *Model) cursor(bodyTop int) *tea.Cursor {
	if m.helpView.shown {
		return nil
	}
	if m.drill.open() {
		if c := m.drill.Cursor(); c != nil && bodyTop+c.Y < m.height {
			c.Y += bodyTop
			return c
		}
		return nil
	}
	if !m.tail.filter.Editing() {
		return nil
	}
	for _, pl := range m.layout {
		if pl.id != paneTail {
			continue
		}
		if c := m.tail.Cursor(); c != nil && bodyTop+pl.y+c.Y < m.height {
			c.X += pl.x
			c.Y += bodyTop + pl.y
			return c
		}
	}
	return nil
}

// composeBody lays the pane views out row by row.
func (m *Model) composeBody(height int) []string {
	ps := m.panes()
	views := make(map[paneID][]string, len(m.layout))
	for _, pl := range m.layout {
		views[pl.id] = strings.Split(ps[pl.id].View(), "\n")
	}
	rows := make([]string, 0, height)
	for y := 0; y < height; y++ {
		var b strings.Builder
		x := 0
		for _, pl := range m.layout {
			if y < pl.y || y >= pl.y+pl.h {
				continue
			}
			if pl.x > x {
				b.WriteString(strings.Repeat(" ", pl.x-x))
			}
			line := ""
			if v := views[pl.id]; y-pl.y < len(v) {
				line = v[y-pl.y]
			}
			// Pane views are exactly their size (frame guarantees it).
			b.WriteString(line)
			x = pl.x + pl.w
		}
		rows = append(rows, b.String())
	}
	return rows
}
