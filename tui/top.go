package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/tui/safe"
)

// dimension picks which top list a topPane shows.
type dimension int

const (
	actorDim  dimension = iota // who: clients, senders, principals
	targetDim                  // what: paths, recipients, actions
)

// topPane is a top list (actors or targets) with counts, shares and bars.
type topPane struct {
	box
	dim     dimension
	title   string
	rows    []analyze.KeyCount
	total   int64
	approx  bool
	sampled bool
	empty   string // shown with no rows (emptyText)
	cur     cursor
}

func newTopPane(c *common, dim dimension) *topPane {
	p := &topPane{box: box{c: c}, dim: dim}
	p.SetStream(nil)
	return p
}

// labels returns the stream's dimension names, falling back to the
// format's (and then to generic names).
func labels(s *analyze.StreamSnapshot) parse.Labels {
	if s == nil {
		return parse.LabelsFor("")
	}
	l, def := s.Labels, parse.LabelsFor(s.Format)
	if l.Actor == "" {
		l.Actor = def.Actor
	}
	if l.Target == "" {
		l.Target = def.Target
	}
	if l.Status == "" {
		l.Status = def.Status
	}
	return l
}

func (p *topPane) SetStream(s *analyze.StreamSnapshot) {
	l := labels(s)
	p.title = l.Actor
	if p.dim == targetDim {
		p.title = l.Target
	}
	p.title = safe.Text(p.title)
	p.empty = emptyText(s)
	if s == nil {
		p.rows, p.total, p.approx, p.sampled = nil, 0, false, false
		return
	}
	p.rows = s.Top.Actor
	if p.dim == targetDim {
		p.rows = s.Top.Target
	}
	p.total, p.approx, p.sampled = s.Events, s.Approximate, s.Sampled
}

func (p *topPane) Update(msg tea.KeyPressMsg) bool {
	_, h := p.inner()
	return p.cur.update(msg, p.c.keys.Scroll, len(p.rows), h)
}

// Target is the selected key: an actor or a target filter.
func (p *topPane) Target() (drillTarget, bool) {
	i, ok := p.cur.selected(len(p.rows))
	if !ok {
		return drillTarget{}, false
	}
	d := analyze.DimActor
	if p.dim == targetDim {
		d = analyze.DimTarget
	}
	return target(filterLevel(d, p.rows[i].Key))
}

func (p *topPane) View() string {
	w, h := p.inner()
	from, to := p.cur.window(len(p.rows), h)
	var body []string
	if len(p.rows) == 0 {
		body = []string{p.c.styles.Dim.Render(p.empty)}
	} else {
		body = barLines(toBarRows(p.rows[from:to]), p.total, maxCount(p.rows), w, p.c.styles)
	}
	info := position(from, to, len(p.rows))
	if p.approx {
		info = joinInfo("≈", info)
	}
	if p.sampled {
		info = joinInfo("sampled", info)
	}
	return p.frameAt(p.title, info, body, p.cur.sel-from)
}

func toBarRows(kc []analyze.KeyCount) []barRow {
	rows := make([]barRow, len(kc))
	for i, k := range kc {
		rows[i] = barRow{key: k.Key, count: k.Count, approx: k.Error > 0}
	}
	return rows
}

// joinInfo joins the non-empty parts of a border info with spaces.
func joinInfo(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += " "
		}
		out += p
	}
	return out
}
