package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// tailPane is the live tail: the most recent lines (or the most recent
// unparsed lines), newest at the bottom, with the `/` filter.
type tailPane struct {
	box
	filter        filterInput
	showUnparsed  bool
	lines         []analyze.TailLine
	unparsed      []analyze.TailLine
	unparsedCount int64
	// back is how many lines the view is scrolled up from the newest; 0
	// follows new lines. anchor is the Seq of the bottom line shown while
	// scrolled, so that arriving lines don't move what is being read.
	back   int
	anchor uint64
	// cursorX is the filter cursor column after the last View.
	cursorX int
}

func newTailPane(c *common) *tailPane {
	return &tailPane{box: box{c: c}, filter: newFilterInput()}
}

func (p *tailPane) SetStream(s *analyze.StreamSnapshot) {
	if s == nil {
		p.lines, p.unparsed, p.unparsedCount = nil, nil, 0
	} else {
		p.lines, p.unparsed, p.unparsedCount = s.Tail, s.UnparsedTail, s.Unparsed
	}
	p.reanchor()
}

// rows are the lines the pane shows now, oldest first.
func (p *tailPane) rows() []analyze.TailLine {
	if !p.showUnparsed {
		return p.lines
	}
	f := p.filter.Value()
	if f == "" {
		return p.unparsed
	}
	out := make([]analyze.TailLine, 0, len(p.unparsed))
	for _, l := range p.unparsed {
		if filterMatch(l.Text, f) {
			out = append(out, l)
		}
	}
	return out
}

// visible is the number of line rows under the filter row, if any.
func (p *tailPane) visible() int {
	_, h := p.inner()
	if p.filter.Editing() {
		h--
	}
	return max(h, 0)
}

// reanchor finds the anchored line again after new data arrived.
func (p *tailPane) reanchor() {
	rows := p.rows()
	if p.back > 0 && p.anchor != 0 {
		// Lines older than the retained tail are gone: stay at the oldest.
		p.back = len(rows)
		for i := len(rows) - 1; i >= 0; i-- {
			if rows[i].Seq == p.anchor {
				p.back = len(rows) - 1 - i
				break
			}
		}
	}
	p.clampBack(len(rows))
}

func (p *tailPane) clampBack(total int) {
	p.back = max(min(p.back, total-p.visible()), 0)
	p.anchor = 0
	if p.back > 0 {
		rows := p.rows()
		p.anchor = rows[len(rows)-1-p.back].Seq
	}
}

// Target is the lines of the tail: those holding the filter text, or all.
// The unparsed lines are not in the event ring: nothing to drill into.
func (p *tailPane) Target() (drillTarget, bool) {
	if p.showUnparsed {
		return drillTarget{}, false
	}
	if f := p.filter.Value(); f != "" {
		return target(filterLevel(analyze.DimText, f))
	}
	return target(drillLevel{})
}

// ToggleUnparsed switches between all lines and the unparsed lines.
func (p *tailPane) ToggleUnparsed() {
	p.showUnparsed = !p.showUnparsed
	p.back, p.anchor = 0, 0
}

func (p *tailPane) Update(msg tea.KeyPressMsg) bool {
	k := p.c.keys.Scroll
	total, page := len(p.rows()), max(p.visible()-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		p.back++
	case key.Matches(msg, k.Down):
		p.back--
	case key.Matches(msg, k.PageUp):
		p.back += page
	case key.Matches(msg, k.PageDown):
		p.back -= page
	case key.Matches(msg, k.Top):
		p.back = total
	case key.Matches(msg, k.Bottom):
		p.back = 0
	default:
		return false
	}
	p.clampBack(total)
	return true
}

func (p *tailPane) View() string {
	st := p.c.styles
	w, _ := p.inner()
	rows := p.rows()
	n := p.visible()
	end := len(rows) - p.back
	start := max(end-n, 0)
	body := make([]string, 0, n+1)
	if p.filter.Editing() {
		line, x := p.filter.View(w, st)
		body = append(body, line)
		p.cursorX = x
	}
	if len(rows) == 0 {
		msg := "no lines yet"
		switch {
		case p.showUnparsed && p.unparsedCount == 0:
			msg = "every line parsed"
		case p.filter.Value() != "":
			msg = "no line matches the filter"
		}
		body = append(body, st.Dim.Render(msg))
	} else {
		body = append(body, TailRows(rows[start:end], w, st)...)
	}
	return p.frame(p.title(w), p.info(), body)
}

// title is "tail" or "unparsed", with the filter when one is set.
func (p *tailPane) title(w int) string {
	t := "tail"
	if p.showUnparsed {
		t = "unparsed"
	}
	if f := p.filter.Value(); f != "" && !p.filter.Editing() {
		t += " " + filterPrompt + ansi.Truncate(safe.Text(f), max(w/3, 8), "…")
	}
	return t
}

// info tells how far back the view is scrolled and how many lines did not
// parse.
func (p *tailPane) info() string {
	scrolled := ""
	if p.back > 0 {
		scrolled = "↑" + FormatCount(int64(p.back))
	}
	unparsed := ""
	if p.showUnparsed {
		unparsed = FormatCount(p.unparsedCount) + " total"
	} else if p.unparsedCount > 0 {
		unparsed = "unparsed " + FormatCount(p.unparsedCount)
	}
	return joinInfo(scrolled, unparsed)
}

// Cursor is the filter cursor relative to the pane's top left cell, nil
// when the filter is not being edited.
func (p *tailPane) Cursor() *tea.Cursor {
	if !p.filter.Editing() || p.width < 3 || p.height < 3 {
		return nil
	}
	return tea.NewCursor(1+p.cursorX, 1)
}
