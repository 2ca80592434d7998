package tui

import (
	"sort"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
)

// snapshotOptions are the options of the next snapshot: the user's choices
// and as many rows as the panes show.
func (m *Model) snapshotOptions() analyze.SnapshotOptions {
	_, topH := m.top.inner()
	_, targetH := m.target.inner()
	rateW, _ := m.rate.inner()
	spikesW, _ := m.spikes.inner()
	return analyze.SnapshotOptions{
		Window:      m.window,
		TopN:        max(m.opts.TopN, topH, targetH),
		TailN:       tailKeep,
		TailFilter:  m.tail.filter.Value(),
		RateSeconds: max(minRateSeconds, rateW, spikesW),
	}
}

// refresh fetches a snapshot when what is shown may have changed: new data
// (Version moved), a new second (not while paused), or new choices (window,
// filter, and, unless paused, the rows the panes want). A second is enough
// without new data: live windows end now, so when a feed goes quiet its
// counts leave the window and its rate falls to zero, and the screen must
// say so rather than keep the last busy second. An open drill-down asks
// for its arrivals when the data moved. It reports whether it fetched
// anything.
func (m *Model) refresh() bool {
	opts := m.snapshotOptions()
	chosen := !m.fetched || opts.Window != m.lastOpts.Window || opts.TailFilter != m.lastOpts.TailFilter
	if m.paused && !chosen {
		return false
	}
	v := m.p.Version()
	drilled := false
	if m.drill.open() && !m.paused && v != m.drill.version {
		m.fetchDrill(v)
		drilled = true
	}
	sec := m.opts.Now().Unix()
	if !chosen && v == m.version && sec == m.second && opts == m.lastOpts {
		return drilled
	}
	m.setSnapshot(m.p.Snapshot(opts))
	m.version, m.second, m.lastOpts, m.fetched = v, sec, opts, true
	return true
}

// setSnapshot shows snap, keeping the selected stream by name, and takes
// note of the alerts: the banner, and the bell for a rule that started
// firing.
func (m *Model) setSnapshot(snap analyze.Snapshot) {
	m.snap = snap
	idx := -1
	for i, s := range snap.Streams {
		if s.Name == m.streamName {
			idx = i
			break
		}
	}
	if idx < 0 {
		idx = min(max(m.stream, 0), max(len(snap.Streams)-1, 0))
	}
	if len(snap.Streams) < 2 {
		m.showOverview = false
	}
	m.selectStream(idx)
	m.overview.SetData(snap.Streams, m.sources)

	banner := len(m.firing) > 0
	m.firing = firingAlerts(snap)
	if m.bells.observe(snap) {
		m.ring = true
	}
	if banner != (len(m.firing) > 0) {
		m.relayout()
	}
}

// selectStream feeds stream i of the current snapshot to the panes, and
// marks the panes its firing rules concern.
func (m *Model) selectStream(i int) {
	m.stream = i
	var s *analyze.StreamSnapshot
	if i >= 0 && i < len(m.snap.Streams) {
		s = &m.snap.Streams[i]
		m.streamName = s.Name
	}
	ps := m.panes()
	for _, p := range ps {
		p.SetStream(s)
		p.SetAlert(false)
	}
	if s != nil {
		for _, a := range s.Alerts {
			if a.Firing {
				ps[alertPane(a.Rule)].SetAlert(true)
				m.alerts.SetAlert(true)
			}
		}
	}
	m.setStreamKeys(len(m.snap.Streams))
}

// setStreamKeys enables [, ] and o (and their help) only when there is a
// choice.
func (m *Model) setStreamKeys(n int) {
	m.c.keys.NextStream.SetEnabled(n > 1)
	m.c.keys.PrevStream.SetEnabled(n > 1)
	m.c.keys.Overview.SetEnabled(n > 1)
}

// switchStream moves d tabs on: the overview tab, then each stream.
func (m *Model) switchStream(d int) {
	n := len(m.snap.Streams)
	if n < 2 {
		return
	}
	pos := m.stream + 1
	if m.showOverview {
		pos = 0
	}
	pos = ((pos+d)%(n+1) + n + 1) % (n + 1)
	m.showOverview = pos == 0
	if pos > 0 {
		m.selectStream(pos - 1)
	}
	m.relayout()
}

// pollSources reads the sources' health and reports whether anything
// shown of it changed. Sources stay live while paused.
func (m *Model) pollSources() bool {
	src := m.p.Sources()
	if sameSources(src, m.sources) {
		return false
	}
	m.sources = src
	m.sourcesView.SetSources(src)
	m.overview.sources.SetSources(src)
	return true
}

// sameSources compares what the footer and the sources view show of two
// source lists.
func sameSources(a, b []feed.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Name != y.Name || x.Kind != y.Kind || x.State != y.State || x.Lines != y.Lines || x.Errors != y.Errors ||
			x.LastError != y.LastError || x.Reconnects != y.Reconnects || x.Sampled != y.Sampled ||
			FormatLag(x.Lag) != FormatLag(y.Lag) || !sameSources(x.Origins, y.Origins) {
			return false
		}
	}
	return true
}

// sampled reports whether anything on screen counts sampled data: a
// stream of the snapshot or a source (or one of its origins).
func (m *Model) sampled() bool {
	for _, s := range m.snap.Streams {
		if s.Sampled {
			return true
		}
	}
	return anySampled(m.sources)
}

func sortIDs(ids []paneID) { sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] }) }

// anySampled reports whether a source or one of its origins is sampled.
func anySampled(src []feed.Status) bool {
	for _, s := range src {
		if s.Sampled || anySampled(s.Origins) {
			return true
		}
	}
	return false
}
