package tui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// overviewView is the "overview" tab shown when several streams are open:
// one row per stream (format, events/s, failures, denials, unparsed share,
// active spikes, firing alerts), and the sources' health below when there
// is room. enter on a row opens that stream's tab.
type overviewView struct {
	box
	streams []analyze.StreamSnapshot
	sources *sourcesView
	cur     cursor
}

func newOverviewView(c *common) *overviewView {
	return &overviewView{box: box{c: c}, sources: newSourcesView(c)}
}

// SetData feeds the view the snapshot's streams and the sources.
func (v *overviewView) SetData(streams []analyze.StreamSnapshot, sources []feed.Status) {
	v.streams = streams
	v.sources.SetSources(sources)
}

// split is the height of the streams frame; the sources frame gets the
// rest when it is worth drawing.
func (v *overviewView) split() (streamsH, sourcesH int) {
	streamsH = min(len(v.streams)+3, v.height)
	if v.height-streamsH >= 4 {
		return streamsH, v.height - streamsH
	}
	return v.height, 0
}

func (v *overviewView) Update(msg tea.KeyPressMsg) bool {
	h, _ := v.split()
	return v.cur.update(msg, v.c.keys.Scroll, len(v.streams), max(h-3, 1))
}

// Selected is the index of the selected stream.
func (v *overviewView) Selected() (int, bool) { return v.cur.selected(len(v.streams)) }

// overviewColumns are the columns of the streams table.
func overviewColumns(sampled bool) []column {
	cols := []column{
		{title: "stream", width: 0},
		{title: "format", width: 10, keep: 3},
		{title: "events/s", width: 8, right: true, keep: 9},
		{title: "events", width: 7, right: true, keep: 2},
		{title: "failures", width: 8, right: true, keep: 8},
		{title: "denied", width: 6, right: true, keep: 7},
		{title: "401/403", width: 7, right: true, keep: 4},
		{title: "unparsed", width: 8, right: true, keep: 5},
		{title: "spikes", width: 8, keep: 6},
		{title: "alerts", width: 8, keep: 10},
	}
	if sampled {
		cols = append(cols, column{title: "sampled", width: 7, keep: 11})
	}
	return cols
}

func (v *overviewView) View() string {
	st := v.c.styles
	streamsH, sourcesH := v.split()
	w := max(v.width-2, 0)
	sampled := false
	for _, s := range v.streams {
		sampled = sampled || s.Sampled
	}
	t := layoutTable(overviewColumns(sampled), w, 12)
	body := []string{st.Dim.Render(t.line(t.titles(), w))}
	visible := max(streamsH-3, 0)
	from, to := v.cur.window(len(v.streams), visible)
	for _, s := range v.streams[from:to] {
		body = append(body, t.line(overviewCells(s, st), w))
	}
	if len(v.streams) == 0 {
		body = append(body, st.Dim.Render("waiting for data"))
	}
	sel := -1
	if len(v.streams) > 0 {
		sel = 1 + v.cur.sel - from
	}
	out := drawFrame(frameSpec{title: "overview", info: position(from, to, len(v.streams)), body: body,
		width: v.width, height: streamsH, focused: true, cursor: sel}, st)
	if sourcesH > 0 {
		v.sources.SetSize(v.width, sourcesH)
		out += "\n" + v.sources.View()
	}
	return out
}

// overviewCells are one stream's cells of the overview table.
func overviewCells(s analyze.StreamSnapshot, st themes.Styles) []string {
	cur, _ := lastAndPeak(s.Rate)
	fail := st.Count.Render(FormatCount(s.Failures))
	if s.Failures > 0 {
		fail = st.Error.Render(FormatCount(s.Failures))
	}
	denied := st.Count.Render(FormatCount(s.Denied))
	if s.Denied > 0 {
		denied = st.Error.Render(FormatCount(s.Denied))
	}
	unparsed := FormatShare(ratio(s.Unparsed, s.Lines))
	unparsedStyle := st.Dim
	if s.Unparsed > 0 {
		unparsedStyle = st.Warn
	}
	spikes := st.Dim.Render("-")
	active := 0
	for _, sp := range s.Spikes {
		if sp.Active {
			active++
		}
	}
	switch {
	case active > 0:
		spikes = st.Error.Render(strconv.Itoa(active) + " active")
	case len(s.Spikes) > 0:
		spikes = st.Key.Render(strconv.Itoa(len(s.Spikes)))
	}
	firing := 0
	for _, a := range s.Alerts {
		if a.Firing {
			firing++
		}
	}
	alerts := st.Dim.Render("-")
	switch {
	case firing > 0:
		alerts = st.Alert.Render(strconv.Itoa(firing) + " firing")
	case len(s.Alerts) > 0:
		alerts = st.OK.Render("ok")
	}
	sampled := ""
	if s.Sampled {
		sampled = st.Sampled.Render("SAMPLED")
	}
	return []string{
		st.Key.Render(safe.Text(s.Name)),
		st.Dim.Render(safe.Text(s.Format)),
		st.Count.Render(FormatRate(cur)),
		st.Count.Render(FormatCount(s.Events)),
		fail,
		denied,
		st.Count.Render(FormatCount(s.Unauthorized)),
		unparsedStyle.Render(unparsed),
		spikes,
		alerts,
		sampled,
	}
}
