package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
)

// drillView is the drill-down: the raw lines behind a number. It holds a
// stack of levels (filters that narrow one another), the lines the
// Provider returned for them (history from the engine's event ring, then
// each refresh's arrivals, asked for with After = the last Seq seen), and
// a selection that follows the newest line until the user scrolls back.
// Scrolling back keeps the view still while arrivals are counted in a
// "N new lines" marker.
type drillView struct {
	box
	keys    DrillKeyMap
	chooser ChooserKeyMap

	stream string
	levels []drillLevel
	// keep bounds lines; the oldest go first.
	keep    int
	lines   []analyze.TailLine
	lastSeq uint64
	// seen is set once a fetch answered: from then on a line at or below
	// lastSeq is a repeat.
	seen bool
	// version is the Provider version the last fetch saw.
	version uint64

	// sel is the selected line, top the first line shown; follow keeps
	// sel on the newest line. fresh counts arrivals while not following.
	sel, top int
	follow   bool
	fresh    int

	// refine is the "add filter" chooser: the levels the selected line
	// offers, open while non-empty.
	refine    []drillLevel
	refineSel int

	// detail shows the selected line in full (JSON pretty-printed);
	// detailTop is its scroll position, detailCache its rows.
	detail      bool
	detailTop   int
	detailCache detailCache

	// text is the `/` input that adds a text filter; textX its cursor
	// column after the last View.
	text  filterInput
	textX int
}

func newDrillView(c *common, keep int) *drillView {
	return &drillView{box: box{c: c, focused: true}, keys: DefaultDrillKeyMap(), chooser: DefaultChooserKeyMap(),
		keep: keep, text: newFilterInput(), follow: true}
}

// open reports whether a drill-down is shown.
func (d *drillView) open() bool { return len(d.levels) > 0 }

// push adds levels (opening the drill-down on stream when it was closed)
// and starts over: the lines of the new query.
func (d *drillView) push(stream string, levels ...drillLevel) {
	if !d.open() {
		d.stream = stream
	}
	d.levels = append(d.levels, levels...)
	d.reset()
}

// pop drops the last level (closing the drill-down with the last one).
func (d *drillView) pop() {
	if len(d.levels) > 0 {
		d.levels = d.levels[:len(d.levels)-1]
	}
	d.reset()
}

// close drops every level.
func (d *drillView) close() {
	d.levels = nil
	d.reset()
}

func (d *drillView) reset() {
	d.lines, d.lastSeq, d.version, d.seen = nil, 0, 0, false
	d.sel, d.top, d.follow, d.fresh = 0, 0, true, 0
	d.refine, d.refineSel = nil, 0
	d.detail, d.detailTop = false, 0
	d.detailCache = detailCache{}
}

// query is the Provider query for the next fetch.
func (d *drillView) query() analyze.Query {
	return query(d.stream, d.levels, d.lastSeq, d.keep)
}

// add appends fetched lines: only those newer than the last seen (a
// provider may repeat), at most keep in all.
func (d *drillView) add(got []analyze.TailLine) {
	n := 0
	for _, l := range got {
		if d.seen && l.Seq <= d.lastSeq {
			continue
		}
		d.lines = append(d.lines, l)
		d.lastSeq = max(d.lastSeq, l.Seq)
		n++
	}
	if !d.follow {
		d.fresh += n
	}
	d.seen = true
	if drop := len(d.lines) - d.keep; drop > 0 {
		d.lines = append(d.lines[:0], d.lines[drop:]...)
		d.sel = max(d.sel-drop, 0)
		d.top = max(d.top-drop, 0)
		d.fresh = min(d.fresh, len(d.lines))
	}
	if d.follow {
		d.sel = max(len(d.lines)-1, 0)
	}
}

// rows is how many line rows fit under the chooser or text input and
// above the new-lines marker.
func (d *drillView) rows() int {
	_, h := d.inner()
	if len(d.refine) > 0 || d.text.Editing() {
		h--
	}
	if !d.follow && d.fresh > 0 {
		h--
	}
	return max(h, 0)
}

// hold stops following, so that the selected line stays the one the
// chooser or the detail view is about while lines arrive.
func (d *drillView) hold() {
	if d.follow {
		d.follow, d.fresh = false, 0
	}
}

// setFollow resumes following the newest line.
func (d *drillView) setFollow() {
	d.follow, d.fresh = true, 0
	d.sel = max(len(d.lines)-1, 0)
}

// scroll moves the selection for a scroll key and reports whether msg was
// one. Moving up stops following; reaching the newest line resumes it.
func (d *drillView) scroll(msg tea.KeyPressMsg) bool {
	k := d.keys.Scroll
	page := max(d.rows()-1, 1)
	last := len(d.lines) - 1
	switch {
	case key.Matches(msg, d.keys.Follow):
		d.setFollow()
		return true
	case key.Matches(msg, k.Up):
		d.sel--
	case key.Matches(msg, k.Down):
		d.sel++
	case key.Matches(msg, k.PageUp):
		d.sel -= page
	case key.Matches(msg, k.PageDown):
		d.sel += page
	case key.Matches(msg, k.Top):
		d.sel = 0
	default:
		return false
	}
	d.sel = max(min(d.sel, last), 0)
	if d.sel >= last {
		d.setFollow()
	} else {
		d.follow = false
	}
	return true
}

// window is the lines [from, to) shown, keeping the selection in view.
func (d *drillView) window() (from, to int) {
	n := d.rows()
	total := len(d.lines)
	if d.follow {
		d.sel = max(total-1, 0)
		d.top = max(total-n, 0)
	} else {
		d.sel = max(min(d.sel, total-1), 0)
		d.top = min(d.top, d.sel)
		d.top = max(d.top, d.sel-n+1)
		d.top = max(min(d.top, total-n), 0)
	}
	return d.top, min(d.top+n, total)
}

// selected is the selected line.
func (d *drillView) selected() (analyze.TailLine, bool) {
	if len(d.lines) == 0 {
		return analyze.TailLine{}, false
	}
	return d.lines[max(min(d.sel, len(d.lines)-1), 0)], true
}

// has reports whether the stack already holds the filter.
func (d *drillView) has(f analyze.Filter) bool {
	for _, l := range d.levels {
		if l.filter == f {
			return true
		}
	}
	return false
}

// refineOptions are the filters the selected line offers to add: its
// actor, target and status, its flags, minus those already stacked.
func (d *drillView) refineOptions() []drillLevel {
	l, ok := d.selected()
	if !ok {
		return nil
	}
	var out []drillLevel
	for _, f := range []analyze.Filter{
		{Dim: analyze.DimActor, Value: l.Actor},
		{Dim: analyze.DimTarget, Value: l.Target},
		{Dim: analyze.DimStatus, Value: l.Status},
		{Dim: analyze.DimClass, Value: httpClass(l.Status)},
	} {
		if f.Value != "" && !d.has(f) {
			out = append(out, drillLevel{filter: f})
		}
	}
	for _, f := range []struct {
		on  bool
		dim analyze.Dim
	}{{l.Denied, analyze.DimDenied}, {l.Failure, analyze.DimFailure}} {
		if fl := (analyze.Filter{Dim: f.dim}); f.on && !d.has(fl) {
			out = append(out, drillLevel{filter: fl})
		}
	}
	return out
}

// helpKeys is what the help bar shows for the drill-down's state.
func (d *drillView) helpKeys() interface {
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
} {
	switch {
	case d.text.Editing():
		return d.text.keys
	case len(d.refine) > 0:
		return d.chooser
	}
	return d.keys
}

// drillAction is what a key in the drill-down asks the model to do.
type drillAction int

const (
	drillNone    drillAction = iota
	drillUsed                // handled inside the view
	drillRefetch             // the levels changed: fetch from scratch
	drillClosed              // the last level was popped
	drillIgnored             // not a drill-down key
)

// Update handles a key. Levels change here; fetching is the model's.
func (d *drillView) Update(msg tea.KeyPressMsg) drillAction {
	if d.text.Editing() {
		apply := key.Matches(msg, d.text.keys.Apply)
		d.text.Update(msg)
		if apply {
			v := d.text.Value()
			d.text.Clear()
			if v != "" {
				d.push(d.stream, filterLevel(analyze.DimText, v))
				return drillRefetch
			}
		}
		return drillUsed
	}
	if len(d.refine) > 0 {
		return d.updateChooser(msg)
	}
	if d.detail {
		switch {
		case key.Matches(msg, d.keys.Back), key.Matches(msg, d.keys.Pretty):
			d.detail = false
			return drillUsed
		case d.scrollDetail(msg):
			return drillUsed
		}
		return drillIgnored
	}
	switch {
	case key.Matches(msg, d.keys.Back):
		d.pop()
		if !d.open() {
			return drillClosed
		}
		return drillRefetch
	case key.Matches(msg, d.keys.Refine):
		d.refine, d.refineSel = d.refineOptions(), 0
		if len(d.refine) > 0 {
			d.hold()
		}
		return drillUsed
	case key.Matches(msg, d.keys.Pretty):
		if _, ok := d.selected(); ok {
			d.detail, d.detailTop = true, 0
			d.hold()
		}
		return drillUsed
	case key.Matches(msg, d.keys.Text):
		d.text.Open()
		return drillUsed
	case d.scroll(msg):
		return drillUsed
	}
	return drillIgnored
}

func (d *drillView) updateChooser(msg tea.KeyPressMsg) drillAction {
	k := d.chooser
	switch {
	case key.Matches(msg, k.Prev):
		d.refineSel = (d.refineSel + len(d.refine) - 1) % len(d.refine)
	case key.Matches(msg, k.Next):
		d.refineSel = (d.refineSel + 1) % len(d.refine)
	case key.Matches(msg, k.Apply):
		lv := d.refine[d.refineSel]
		d.push(d.stream, lv)
		return drillRefetch
	case key.Matches(msg, k.Cancel):
		d.refine = nil
	default:
		return drillIgnored
	}
	return drillUsed
}

// httpClass is the class of an HTTP status ("503" is "5xx"), "" for any
// other status.
func httpClass(status string) string {
	if len(status) == 3 && status[0] >= '1' && status[0] <= '5' &&
		status[1] >= '0' && status[1] <= '9' && status[2] >= '0' && status[2] <= '9' {
		return status[:1] + "xx"
	}
	return ""
}
