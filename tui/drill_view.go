package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// maxDetailRows bounds the rows of a line shown in full: a megabyte line
// wrapped at 80 columns would be thirteen thousand.
const maxDetailRows = 2000

func (d *drillView) View() string {
	st := d.c.styles
	w, _ := d.inner()
	body := make([]string, 0, d.height)
	if d.text.Editing() {
		line, x := d.text.View(w, st)
		body = append(body, line)
		d.textX = x
	} else if len(d.refine) > 0 {
		body = append(body, chooserRow(d.refine, d.refineSel, w, st))
	}
	info := FormatCount(int64(len(d.lines))) + " lines"
	if !d.follow {
		info = "scrolled · " + info
	}
	if d.detail {
		rows := d.detailRows(w)
		n := d.rows()
		d.detailTop = max(min(d.detailTop, len(rows)-n), 0)
		to := min(d.detailTop+n, len(rows))
		body = append(body, rows[d.detailTop:to]...)
		return d.frameAt(chainLabel(d.levels)+" › line", position(d.detailTop, to, len(rows)), body, -1)
	}
	from, to := d.window()
	sel := -1
	if len(d.lines) == 0 {
		body = append(body, st.Dim.Render(fit("no line in the recent history matches; new ones appear here", w)))
	} else {
		needles, class := d.needles()
		for _, l := range d.lines[from:to] {
			body = append(body, DrillRow(l, needles, class, w, st))
		}
		sel = len(body) - (to - from) + d.sel - from
	}
	if !d.follow && d.fresh > 0 {
		for len(body) < d.height-3 {
			body = append(body, "")
		}
		body = append(body, st.Warn.Render(FormatCount(int64(d.fresh))+" new lines ↓")+st.Dim.Render("  G follows"))
	}
	return d.frameAt(chainLabel(d.levels), info, body, sel)
}

// needles are the filter values to highlight in each line; class is set
// when a status class is filtered on (the line's own status is then what
// matched).
func (d *drillView) needles() (needles []string, class bool) {
	for _, l := range d.levels {
		switch l.filter.Dim {
		case analyze.DimActor, analyze.DimTarget, analyze.DimStatus, analyze.DimText:
			if l.filter.Value != "" {
				needles = append(needles, l.filter.Value)
			}
		case analyze.DimClass:
			class = true
		}
	}
	return needles, class
}

// Cursor is the text input's cursor relative to the view's top left cell,
// nil when the input is closed.
func (d *drillView) Cursor() *tea.Cursor {
	if !d.text.Editing() || d.width < 3 || d.height < 3 {
		return nil
	}
	return tea.NewCursor(1+d.textX, 1)
}

// scrollDetail scrolls the line shown in full.
func (d *drillView) scrollDetail(msg tea.KeyPressMsg) bool {
	w, _ := d.inner()
	c := scroller{offset: d.detailTop}
	if !c.update(msg, d.keys.Scroll, len(d.detailRows(w)), d.rows()) {
		return false
	}
	d.detailTop = c.offset
	return true
}

// detailCache keeps the detail rows of one line at one width: a large
// JSON line is decoded once, not on every refresh.
type detailCache struct {
	seq   uint64
	width int
	facts int // the first rows are facts (dimmed)
	rows  []string
	ok    bool
}

// detailRows is the selected line in full: what the engine knows of it,
// then the line pretty-printed when it is JSON (wrapped otherwise), every
// row sanitized.
func (d *drillView) detailRows(w int) []string {
	l, ok := d.selected()
	if !ok || w <= 0 {
		return nil
	}
	c := &d.detailCache
	if !c.ok || c.seq != l.Seq || c.width != w {
		facts, rows := detailText(l, w)
		*c = detailCache{seq: l.Seq, width: w, facts: len(facts), rows: append(facts, rows...), ok: true}
	}
	return styleDetail(c.rows, c.facts, d.c.styles)
}

// DetailRows renders a line in full in rows of width cells: a line of
// facts (sequence, arrival, origin, dimensions), then the text, JSON
// pretty-printed with the escapes inside strings expanded before each
// resulting line is sanitized, and every line wrapped.
func DetailRows(l analyze.TailLine, width int, st themes.Styles) []string {
	if width <= 0 {
		return nil
	}
	facts, rows := detailText(l, width)
	return styleDetail(append(facts, rows...), len(facts), st)
}

func styleDetail(rows []string, facts int, st themes.Styles) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		if i < facts {
			out[i] = st.Dim.Render(r)
		} else {
			out[i] = st.TailLine.Render(r)
		}
	}
	return out
}

// detailText is DetailRows unstyled: the fact rows (a blank row last) and
// the text rows.
func detailText(l analyze.TailLine, width int) (facts, rows []string) {
	parts := []string{"#" + strconv.FormatUint(l.Seq, 10)}
	if !l.Arrival.IsZero() {
		parts = append(parts, l.Arrival.Format("15:04:05.000"))
	}
	for _, f := range []struct{ name, v string }{{"origin", l.Origin}, {"actor", l.Actor}, {"target", l.Target}, {"status", l.Status}} {
		if f.v != "" {
			parts = append(parts, f.name+" "+safe.Text(f.v))
		}
	}
	if l.Denied {
		parts = append(parts, "denied")
	}
	if l.Failure {
		parts = append(parts, "failure")
	}
	if !l.Parsed {
		parts = append(parts, "unparsed")
	}
	facts = append(wrapRows(strings.Join(parts, " · "), width), "")
	text, ok := prettyJSON(l.Text, maxDetailRows)
	if !ok {
		text = []string{l.Text}
	}
	for _, t := range text {
		for _, r := range wrapRows(safe.Text(t), width) {
			if len(facts)+len(rows) >= maxDetailRows {
				// The marker keeps to the width too: at 2 columns
				// it would otherwise be the one row too wide.
				return facts, append(rows, ansi.Truncate("… (cut)", width, ""))
			}
			rows = append(rows, r)
		}
	}
	return facts, rows
}

// wrapRows cuts sanitized text into rows of at most width cells.
func wrapRows(s string, width int) []string {
	if s == "" {
		return []string{""}
	}
	if ansi.StringWidth(s) <= width {
		return []string{s}
	}
	rows := strings.Split(ansi.Hardwrap(s, width, true), "\n")
	for i, r := range rows {
		// A character wider than the width (a CJK one at 1 column)
		// cannot be wrapped: its row would stay too wide. It is cut.
		if ansi.StringWidth(r) > width {
			rows[i] = ansi.Truncate(r, width, "…")
		}
	}
	return rows
}

// DrillRow renders a drill-down line in width cells: the arrival time (when
// there is room) and the sanitized line, cut to fit, with every occurrence
// of the needles (and, for a class filter, of the line's status) in the
// Match style. Failures are in the Error style.
func DrillRow(l analyze.TailLine, needles []string, class bool, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	var b strings.Builder
	textW := width
	if width >= 40 {
		ts := "--:--:--"
		if !l.Arrival.IsZero() {
			ts = l.Arrival.Format("15:04:05")
		}
		b.WriteString(st.TailTime.Render(ts) + " ")
		textW -= tailTimeWidth
	}
	base := st.TailLine
	if l.Failure || l.Denied {
		base = st.Error
	}
	if class && l.Status != "" {
		needles = append(needles[:len(needles):len(needles)], l.Status)
	}
	b.WriteString(Highlight(l.Text, needles, textW, base, st.Match))
	return fit(b.String(), width)
}

// Highlight sanitizes raw, cuts it to width cells, and renders the
// occurrences of each needle (compared sanitized, ignoring ASCII case) in
// match, the rest in base: one style sequence per run.
func Highlight(raw string, needles []string, width int, base, match lipgloss.Style) string {
	t := safe.Line(raw, width)
	if t == "" {
		return ""
	}
	marked := make([]bool, len(t))
	lower := asciiLower(t)
	found := false
	for _, n := range needles {
		sn := asciiLower(safe.Text(n))
		if sn == "" {
			continue
		}
		for i := 0; i+len(sn) <= len(lower); {
			j := strings.Index(lower[i:], sn)
			if j < 0 {
				break
			}
			for k := i + j; k < i+j+len(sn); k++ {
				marked[k] = true
			}
			found = true
			i += j + len(sn)
		}
	}
	if !found {
		return base.Render(t)
	}
	var b strings.Builder
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && marked[j] == marked[i] {
			j++
		}
		if marked[i] {
			b.WriteString(match.Render(t[i:j]))
		} else {
			b.WriteString(base.Render(t[i:j]))
		}
		i = j
	}
	return b.String()
}

// asciiLower lowers ASCII letters only: the result has the same byte
// length, so positions found in it hold in the original.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for k := i; k < len(b); k++ {
				if b[k] >= 'A' && b[k] <= 'Z' {
					b[k] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// chooserRow is the "add filter" chooser: the selected option bracketed.
func chooserRow(opts []drillLevel, sel, width int, st themes.Styles) string {
	parts := []string{st.FilterPrompt.Render("add filter:")}
	for i, o := range opts {
		if i == sel {
			parts = append(parts, st.ActiveTab.Render("["+o.label()+"]"))
		} else {
			parts = append(parts, st.Tab.Render(o.label()))
		}
	}
	return fit(ansi.Truncate(strings.Join(parts, "  "), width, "…"), width)
}
