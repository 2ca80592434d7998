package tui

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// deniedPane is the AccessDenied pane: authorization failures in the window
// and per minute, HTTP 401/403 counted apart, the top principals, actions
// and source IPs of the denied events, and the latest denied lines. Every
// count and key is a row to drill into.
type deniedPane struct {
	box
	actorLabel, targetLabel string
	denied, unauthorized    int64
	detail                  analyze.DeniedView
	sampled                 bool
	// sel indexes the items of the current layout; offset is the first
	// scrolled row when the lists are stacked.
	sel, offset int
}

func newDeniedPane(c *common) *deniedPane {
	p := &deniedPane{box: box{c: c}}
	p.SetStream(nil)
	return p
}

func (p *deniedPane) SetStream(s *analyze.StreamSnapshot) {
	l := labels(s)
	p.actorLabel, p.targetLabel = safe.Text(l.Actor), safe.Text(l.Target)
	if s == nil {
		p.denied, p.unauthorized, p.detail, p.sampled = 0, 0, analyze.DeniedView{}, false
		return
	}
	p.denied, p.unauthorized, p.detail, p.sampled = s.Denied, s.Unauthorized, s.DeniedDetail, s.Sampled
}

// deniedCell is one cell of a row: rendered text exactly its width, and the
// item it selects (-1: none).
type deniedCell struct {
	text string
	item int
}

// deniedLayout is what the pane draws for a size: the summary row, the
// rows below it, whether those scroll, and the item each selects.
type deniedLayout struct {
	summary []deniedCell
	rows    [][]deniedCell
	scrolls bool
	items   []drillTarget
	// itemRow is the row (in rows; -1 for the summary) of each item.
	itemRow []int
}

// deniedColumnWidth is the narrowest list column: below three of them the
// lists are stacked.
const deniedColumnWidth = 20

func (p *deniedPane) build(w, h int) deniedLayout {
	st := p.c.styles
	var l deniedLayout
	add := func(t drillTarget, row int) int {
		l.items = append(l.items, t)
		l.itemRow = append(l.itemRow, row)
		return len(l.items) - 1
	}
	denied := drillLevel{filter: analyze.Filter{Dim: analyze.DimDenied}}

	// Summary: "denied 23 401/403 12 /min ▂▅█ max 9".
	dStyle := st.Count
	if p.denied > 0 {
		dStyle = st.Error
	}
	dText := st.Dim.Render("denied ") + dStyle.Render(FormatCount(p.denied))
	// Each summary cell ends in a space: with the gap, two apart.
	l.summary = append(l.summary, deniedCell{text: dText + " ", item: add(drillTarget{levels: []drillLevel{denied}}, -1)})
	used := ansi.StringWidth(dText) + 1
	if p.unauthorized > 0 || p.denied == 0 {
		uText := st.Dim.Render("401/403 ") + st.Count.Render(FormatCount(p.unauthorized))
		unauth := drillTarget{levels: []drillLevel{filterLevel(analyze.DimUnauthorized, "")}}
		l.summary = append(l.summary, deniedCell{text: uText + " ", item: add(unauth, -1)})
		used += 1 + ansi.StringWidth(uText) + 1
	}
	if rest := w - used - 1; rest >= 12 && len(p.detail.PerMinute) > 0 {
		l.summary = append(l.summary, deniedCell{text: minuteLine(p.detail.PerMinute, rest, st), item: -1})
	}

	avail := h - 1
	if avail <= 0 {
		return l
	}
	lists := []struct {
		title string
		keys  []analyze.KeyCount
		level func(string) drillLevel
	}{
		{p.actorLabel, p.detail.ByPrincipal, func(k string) drillLevel { return filterLevel(analyze.DimActor, k) }},
		{p.targetLabel, p.detail.ByAction, func(k string) drillLevel { return filterLevel(analyze.DimTarget, k) }},
		{"source IPs", p.detail.BySourceIP, func(k string) drillLevel { return filterLevel(analyze.DimText, k) }},
	}
	empty := len(p.detail.ByPrincipal)+len(p.detail.ByAction)+len(p.detail.BySourceIP) == 0
	latest := p.detail.Latest
	latestTarget := func(tl analyze.TailLine) drillTarget {
		if tl.Actor == "" {
			return drillTarget{levels: []drillLevel{denied}}
		}
		return drillTarget{levels: []drillLevel{denied, filterLevel(analyze.DimActor, tl.Actor)}}
	}
	latestRow := func(tl analyze.TailLine) []deniedCell {
		r := TailRows([]analyze.TailLine{tl}, w, st)
		return []deniedCell{{text: r[0], item: add(latestTarget(tl), len(l.rows))}}
	}
	header := func(s string) string { return st.Dim.Render(fit(ansi.Truncate(s, w, "…"), w)) }

	if empty || w < 3*deniedColumnWidth+2 {
		// Stacked: one scrolled column of sections.
		l.scrolls = true
		if empty {
			l.rows = append(l.rows, []deniedCell{{text: st.Dim.Render(fit("no AccessDenied events in the window", w)), item: -1}})
		} else {
			for _, ls := range lists {
				if len(ls.keys) == 0 {
					continue
				}
				l.rows = append(l.rows, []deniedCell{{text: header(ls.title), item: -1}})
				for _, k := range ls.keys {
					t := drillTarget{levels: []drillLevel{denied, ls.level(k.Key)}}
					l.rows = append(l.rows, []deniedCell{{text: keyCountCell(k, w, st), item: add(t, len(l.rows))}})
				}
			}
		}
		if len(latest) > 0 {
			l.rows = append(l.rows, []deniedCell{{text: header("latest denied"), item: -1}})
			for _, tl := range latest {
				l.rows = append(l.rows, latestRow(tl))
			}
		}
		return l
	}

	// Columns: the three lists side by side, then the latest lines.
	latestRows := 0
	if avail >= 4 {
		latestRows = min(len(latest), max(avail/3, 1))
	}
	latestHeader := 0
	if latestRows > 0 && avail-latestRows >= 5 {
		latestHeader = 1
	}
	listRows := avail - latestRows - latestHeader
	cw := (w - 2) / 3
	widths := []int{cw, cw, w - 2 - 2*cw}
	hdr := make([]deniedCell, 3)
	for i, ls := range lists {
		t := ls.title + " " + FormatCount(int64(len(ls.keys)))
		hdr[i] = deniedCell{text: st.Dim.Render(fit(ansi.Truncate(t, widths[i], "…"), widths[i])), item: -1}
	}
	l.rows = append(l.rows, hdr)
	for r := 0; r < listRows-1; r++ {
		row := make([]deniedCell, 3)
		for i, ls := range lists {
			row[i] = deniedCell{text: fit("", widths[i]), item: -1}
			if r < len(ls.keys) {
				k := ls.keys[r]
				t := drillTarget{levels: []drillLevel{denied, ls.level(k.Key)}}
				row[i] = deniedCell{text: keyCountCell(k, widths[i], st), item: add(t, len(l.rows))}
			}
		}
		l.rows = append(l.rows, row)
	}
	if latestHeader > 0 {
		l.rows = append(l.rows, []deniedCell{{text: header("latest denied"), item: -1}})
	}
	for _, tl := range latest[len(latest)-latestRows:] {
		l.rows = append(l.rows, latestRow(tl))
	}
	return l
}

// keyCountCell renders "key   count" in width cells.
func keyCountCell(k analyze.KeyCount, width int, st themes.Styles) string {
	count := FormatCount(k.Count)
	if k.Error > 0 {
		count = "~" + count
	}
	keyW := width - len(count) - 1
	if keyW < 1 {
		return fit(st.Count.Render(count), width)
	}
	key := st.Key.Render(keyText(k.Key, keyW))
	if k.Key == "" {
		key = st.Dim.Render("(empty)")
	}
	return fit(fit(key, keyW)+" "+st.Count.Render(count), width)
}

// renderCells joins the cells of a row with a one-cell gap, the gap before
// the selected cell holding the cursor glyph.
func renderCells(cells []deniedCell, sel int, w int, st themes.Styles) string {
	s := ""
	for i, c := range cells {
		if i > 0 {
			gap := " "
			if sel >= 0 && c.item == sel {
				gap = cursorMark(st)
			}
			s += gap
		}
		s += c.text
	}
	return fit(s, w)
}

func (p *deniedPane) Update(msg tea.KeyPressMsg) bool {
	w, h := p.inner()
	l := p.build(w, h)
	c := cursor{sel: p.sel}
	if !c.update(msg, p.c.keys.Scroll, len(l.items), max(h-1, 1)) {
		return false
	}
	p.sel = c.sel
	return true
}

func (p *deniedPane) Target() (drillTarget, bool) {
	w, h := p.inner()
	l := p.build(w, h)
	i, ok := (&cursor{sel: p.sel}).selected(len(l.items))
	if !ok {
		return drillTarget{}, false
	}
	return l.items[i], true
}

func (p *deniedPane) View() string {
	st := p.c.styles
	w, h := p.inner()
	l := p.build(w, h)
	sel := -1
	if p.focused && len(l.items) > 0 {
		p.sel = max(min(p.sel, len(l.items)-1), 0)
		sel = p.sel
	}
	marker := -1
	body := make([]string, 0, h)
	body = append(body, renderCells(l.summary, sel, w, st))
	if sel >= 0 && l.itemRow[sel] < 0 && len(l.summary) > 0 && l.summary[0].item == sel {
		marker = 0
	}
	visible := max(h-1, 0)
	from, to := 0, min(len(l.rows), visible)
	if l.scrolls {
		if sel >= 0 && l.itemRow[sel] >= 0 {
			r := l.itemRow[sel]
			p.offset = min(p.offset, r)
			p.offset = max(p.offset, r-visible+1)
		}
		p.offset = max(min(p.offset, len(l.rows)-visible), 0)
		from, to = p.offset, min(p.offset+visible, len(l.rows))
	}
	for r := from; r < to; r++ {
		row := l.rows[r]
		body = append(body, renderCells(row, sel, w, st))
		if sel >= 0 && len(row) > 0 && row[0].item == sel {
			marker = len(body) - 1
		}
	}
	info := ""
	if l.scrolls {
		info = position(from, to, len(l.rows))
	}
	if p.sampled {
		info = joinInfo("sampled", info)
	}
	return p.frameAt("AccessDenied", info, body, marker)
}
