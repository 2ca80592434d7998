package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// sourcesView is the health of every source and each of its origins (the
// files of a glob, the shards of a stream): state, lines, errors and the
// last one, reconnects, lag, and whether the upstream sampled the data.
type sourcesView struct {
	box
	sources []feed.Status
	scroll  scroller
}

func newSourcesView(c *common) *sourcesView { return &sourcesView{box: box{c: c}} }

// SetSources feeds the view.
func (v *sourcesView) SetSources(s []feed.Status) { v.sources = s }

// maxOrigins bounds the origins listed per source: a glob can match
// thousands of files.
const maxOrigins = 200

// sourceColumns are the columns of the sources table.
var sourceColumns = []column{
	{title: "source", width: 0},
	{title: "kind", width: 7, keep: 2},
	{title: "state", width: 14, keep: 9},
	{title: "lines", width: 7, right: true, keep: 6},
	{title: "errors", width: 6, right: true, keep: 8},
	{title: "reconn", width: 6, right: true, keep: 3},
	{title: "lag", width: 6, right: true, keep: 7},
	{title: "sampled", width: 7, keep: 5},
}

// rows renders the table body: a row per source, its last error and its
// origins indented under it.
func (v *sourcesView) rows(t tableLayout, w int) []string {
	st := v.c.styles
	var out []string
	for _, s := range v.sources {
		out = append(out, t.line(sourceCells(s, "", t.flexW, st), w))
		if loss := lossNote(s); loss != "" {
			out = append(out, fit(st.Warn.Render("  "+loss), w))
		}
		if s.LastError != "" {
			out = append(out, fit(st.Error.Render("  last error: "+safe.Line(s.LastError, max(w-14, 1))), w))
		}
		for i, o := range s.Origins {
			if i == maxOrigins {
				out = append(out, st.Dim.Render(fit("  └ … "+FormatCount(int64(len(s.Origins)-i))+" more", w)))
				break
			}
			out = append(out, t.line(sourceCells(o, "  └ ", t.flexW, st), w))
			if loss := lossNote(o); loss != "" {
				out = append(out, fit(st.Warn.Render("      "+loss), w))
			}
			if o.LastError != "" {
				out = append(out, fit(st.Error.Render("      last error: "+safe.Line(o.LastError, max(w-18, 1))), w))
			}
		}
	}
	return out
}

// lossNote says what reading cut or may have lost: lines cut at the line
// bound (and the bytes skipped of them), files truncated in place under
// the follower. Empty when nothing was.
func lossNote(s feed.Status) string {
	var parts []string
	if s.Truncated > 0 {
		parts = append(parts, "cut "+FormatCount(s.Truncated)+" long lines, "+FormatBytes(float64(s.SkippedBytes))+" skipped")
	}
	if s.Rewinds > 0 {
		parts = append(parts, FormatCount(s.Rewinds)+" rewinds: lines written before may be lost")
	}
	return strings.Join(parts, " · ")
}

// sourceCells are one source's (or origin's) cells; the name is cut at its
// start to fit nameW cells with the indent: the end of a path or a URI
// (the file, the shard) is what tells them apart.
func sourceCells(s feed.Status, indent string, nameW int, st themes.Styles) []string {
	name := safe.Text(s.Name)
	if room := nameW - len(indent); ansi.StringWidth(name) > room && room > 1 {
		name = ansi.TruncateLeft(name, ansi.StringWidth(name)-room+1, "…")
	}
	style := sourceStyle(s.State, st)
	errs := st.Dim.Render("0")
	if s.Errors > 0 {
		errs = st.Error.Render(FormatCount(s.Errors))
	}
	reconn := st.Dim.Render(FormatCount(s.Reconnects))
	if s.Reconnects > 0 {
		reconn = st.Warn.Render(FormatCount(s.Reconnects))
	}
	lag := st.Dim.Render("-")
	if s.Lag > 0 {
		lag = st.Key.Render(FormatLag(s.Lag))
	}
	sampled := ""
	if s.Sampled {
		sampled = st.Sampled.Render("SAMPLED")
	}
	return []string{
		st.Dim.Render(indent) + st.Key.Render(name),
		st.Dim.Render(safe.Text(s.Kind)),
		style.Render(st.Glyphs.Dot + " " + safe.Text(s.State)),
		st.Count.Render(FormatCount(s.Lines)),
		errs,
		reconn,
		lag,
		sampled,
	}
}

func (v *sourcesView) Update(msg tea.KeyPressMsg) bool {
	w, h := v.inner()
	t := layoutTable(sourceColumns, w, 16)
	return v.scroll.update(msg, v.c.keys.Scroll, len(v.rows(t, w)), max(h-1, 1))
}

func (v *sourcesView) View() string {
	st := v.c.styles
	w, h := v.inner()
	t := layoutTable(sourceColumns, w, 16)
	rows := v.rows(t, w)
	body := []string{st.Dim.Render(t.line(t.titles(), w))}
	from, to := v.scroll.window(len(rows), max(h-1, 0))
	body = append(body, rows[from:to]...)
	if len(v.sources) == 0 {
		body = append(body, st.Dim.Render("no sources"))
	}
	return v.frame("sources", position(from, to, len(rows)), body)
}
