package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
)

// common is what every component shares: the styles of the current theme
// and the keymap. Components hold a pointer, so a theme swap is one
// assignment.
type common struct {
	styles themes.Styles
	keys   KeyMap
}

// pane is a component of the screen: it is sized by the layout, fed the
// selected stream of each snapshot, and handles the keys of its own when it
// has focus.
type pane interface {
	// SetSize sets the outer size, border included.
	SetSize(width, height int)
	// SetStream feeds the pane; nil means no data.
	SetStream(s *analyze.StreamSnapshot)
	// SetAlert marks the pane as the one a firing alert rule concerns.
	SetAlert(on bool)
	// Update handles a key while the pane has focus and reports whether
	// it used it.
	Update(msg tea.KeyPressMsg) bool
	// Target is what the selected row stands for, for a drill-down; false
	// when nothing is selected (or the pane has no rows to drill into).
	Target() (drillTarget, bool)
	// Focus and Blur set the focus state, which highlights the border.
	Focus()
	Blur()
	// View renders exactly the size set, or "" when it is too small.
	View() string
}

// box is the size, focus and alert state every pane embeds.
type box struct {
	c             *common
	width, height int
	focused       bool
	alerting      bool
}

func (b *box) SetSize(width, height int) { b.width, b.height = width, height }
func (b *box) Focus()                    { b.focused = true }
func (b *box) Blur()                     { b.focused = false }
func (b *box) SetAlert(on bool)          { b.alerting = on }

// inner is the size inside the border.
func (b *box) inner() (int, int) { return max(b.width-2, 0), max(b.height-2, 0) }

// frame draws body inside the pane's border with title (and info, right
// aligned) in the top edge.
func (b *box) frame(title, info string, body []string) string {
	return b.frameAt(title, info, body, -1)
}

// frameAt is frame with the selection marker in the left border at body
// row sel (drawn only while the pane has focus; -1 for none).
func (b *box) frameAt(title, info string, body []string, sel int) string {
	if !b.focused {
		sel = -1
	}
	return drawFrame(frameSpec{title: title, info: info, body: body, width: b.width, height: b.height,
		focused: b.focused, alert: b.alerting, cursor: sel}, b.c.styles)
}

// frameSpec is what drawFrame draws.
type frameSpec struct {
	// title and info must already be sanitized.
	title, info   string
	body          []string
	width, height int
	focused       bool
	// alert draws the border of a pane a firing rule concerns.
	alert bool
	// cursor is the body row marked as selected, -1 for none.
	cursor int
}

// drawFrame draws f.body inside a border of exactly f.width x f.height
// cells, title and info set in the top edge; body lines are cut or padded
// to fit. A firing alert wins over focus for the border (its glyphs differ,
// so it shows without colors), the title then starts with "!"; the
// selection marker replaces the left border on its row.
func drawFrame(f frameSpec, st themes.Styles) string {
	width, height, title, info := f.width, f.height, f.title, f.info
	if width < 2 || height < 2 {
		return ""
	}
	g, bs, ts := st.Glyphs.PaneBorder, st.Border, st.Title
	if f.focused {
		g, bs, ts = st.Glyphs.FocusedPaneBorder, st.FocusedBorder, st.FocusedTitle
	}
	if f.alert {
		g, bs, ts = st.Glyphs.AlertPaneBorder, st.AlertBorder, st.Alert
		title = "! " + title
	}
	innerW := width - 2
	lines := make([]string, 0, height)

	// Top edge: ╭─ title ──── info ─╮
	var top strings.Builder
	top.WriteString(bs.Render(g.TopLeft))
	used := 0
	if innerW >= 4 && title != "" {
		t := ansi.Truncate(title, innerW-3, "…")
		top.WriteString(bs.Render(g.Top) + " " + ts.Render(t) + " ")
		used = 3 + ansi.StringWidth(t)
	}
	infoW := ansi.StringWidth(info)
	if info != "" && used+infoW+3 <= innerW {
		top.WriteString(bs.Render(strings.Repeat(g.Top, innerW-used-infoW-3)))
		top.WriteString(" " + st.Dim.Render(info) + " " + bs.Render(g.Top))
	} else {
		top.WriteString(bs.Render(strings.Repeat(g.Top, innerW-used)))
	}
	top.WriteString(bs.Render(g.TopRight))
	lines = append(lines, top.String())

	left, right := bs.Render(g.Left), bs.Render(g.Right)
	marker := st.FocusedTitle.Render(st.Glyphs.Cursor)
	for i := 0; i < height-2; i++ {
		line := ""
		if i < len(f.body) {
			line = f.body[i]
		}
		l := left
		if i == f.cursor {
			l = marker
		}
		lines = append(lines, l+fit(line, innerW)+right)
	}
	lines = append(lines, bs.Render(g.BottomLeft+strings.Repeat(g.Bottom, innerW)+g.BottomRight))
	return strings.Join(lines, "\n")
}

// cursor is the selected row of a list and the scroll position that keeps
// it in view: offset is the first row shown.
type cursor struct {
	sel, offset int
}

// update moves the selection for a scroll key and reports whether msg was
// one.
func (c *cursor) update(msg tea.KeyPressMsg, k ScrollKeyMap, total, visible int) bool {
	page := max(visible-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		c.sel--
	case key.Matches(msg, k.Down):
		c.sel++
	case key.Matches(msg, k.PageUp):
		c.sel -= page
	case key.Matches(msg, k.PageDown):
		c.sel += page
	case key.Matches(msg, k.Top):
		c.sel = 0
	case key.Matches(msg, k.Bottom):
		c.sel = total - 1
	default:
		return false
	}
	c.clamp(total, visible)
	return true
}

// clamp keeps the selection inside the list and the view around it.
func (c *cursor) clamp(total, visible int) {
	c.sel = max(min(c.sel, total-1), 0)
	if visible > 0 {
		if c.sel < c.offset {
			c.offset = c.sel
		}
		if c.sel >= c.offset+visible {
			c.offset = c.sel - visible + 1
		}
	}
	c.offset = max(min(c.offset, total-visible), 0)
}

// window returns the rows [from, to) of a list of total to show.
func (c *cursor) window(total, visible int) (from, to int) {
	c.clamp(total, visible)
	return c.offset, min(c.offset+max(visible, 0), total)
}

// selected returns the selection when the list has one.
func (c *cursor) selected(total int) (int, bool) {
	if total <= 0 {
		return 0, false
	}
	return max(min(c.sel, total-1), 0), true
}

// scroller is a scroll position over a list of rows: offset is the first
// row shown.
type scroller struct {
	offset int
}

// update moves the position for a scroll key and reports whether msg was
// one.
func (s *scroller) update(msg tea.KeyPressMsg, k ScrollKeyMap, total, visible int) bool {
	switch {
	case key.Matches(msg, k.Up):
		s.offset--
	case key.Matches(msg, k.Down):
		s.offset++
	case key.Matches(msg, k.PageUp):
		s.offset -= max(visible-1, 1)
	case key.Matches(msg, k.PageDown):
		s.offset += max(visible-1, 1)
	case key.Matches(msg, k.Top):
		s.offset = 0
	case key.Matches(msg, k.Bottom):
		s.offset = total
	default:
		return false
	}
	s.clamp(total, visible)
	return true
}

// clamp keeps the position inside the list.
func (s *scroller) clamp(total, visible int) {
	s.offset = min(s.offset, max(total-visible, 0))
	s.offset = max(s.offset, 0)
}

// window returns the rows [offset, offset+visible) of a list of total.
func (s *scroller) window(total, visible int) (from, to int) {
	s.clamp(total, visible)
	return s.offset, min(s.offset+visible, total)
}

// position is the "3-7/20" shown in a scrolled pane's border, or "" when
// everything fits.
func position(from, to, total int) string {
	if total <= to-from || to <= from {
		return ""
	}
	return FormatCount(int64(from+1)) + "-" + FormatCount(int64(to)) + "/" + FormatCount(int64(total))
}

// emptyText is what a list pane shows with no rows: a stream that had
// lines and has none in the window went quiet, which during an incident is
// news, not the "no data yet" of a feed that has sent nothing.
func emptyText(s *analyze.StreamSnapshot) string {
	switch {
	case s == nil || s.AllLines == 0:
		return "no data yet"
	case s.Lines == 0:
		return "no lines in the window"
	}
	return "none in the window"
}
