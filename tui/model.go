package tui

import (
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// windows are the aggregation windows the keys 1-4 pick and w cycles.
var windows = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour}

// tickMsg asks the model to look for new data.
type tickMsg struct{}

// headerHeight is the title/tabs line.
const headerHeight = 1

// Model is the tailtop screen. It is a bubbletea model: New, then hand it to
// tea.NewProgram (or use Run). Its state sits behind a pointer: a Model is
// passed by value on every message, and the state (styles included) is
// tens of kilobytes.
type Model struct {
	*state
}

// state is everything the screen knows.
type state struct {
	p    Provider
	opts Options
	c    *common
	help help.Model

	top, target *topPane
	status      *statusPane
	rate        *ratePane
	tail        *tailPane
	focus       paneID

	width, height int
	layout        []placement

	window   time.Duration
	paused   bool
	pausedAt time.Time

	// snap is the snapshot on screen, stream the index of the selected
	// stream in it (followed by name across snapshots).
	snap       analyze.Snapshot
	stream     int
	streamName string
	fetched    bool
	version    uint64
	lastOpts   analyze.SnapshotOptions
	sources    []feed.Status

	// view caches the rendered screen: a tick that changes nothing costs
	// neither a snapshot nor a render.
	view *viewCache
}

type viewCache struct {
	ok      bool
	content string
	cursor  *tea.Cursor
}

// New returns the screen for p.
func New(p Provider, opts Options) Model {
	opts = opts.withDefaults()
	c := &common{styles: opts.Theme.Styles, keys: DefaultKeyMap()}
	m := Model{&state{
		p:      p,
		opts:   opts,
		c:      c,
		help:   help.New(),
		top:    newTopPane(c, actorDim),
		target: newTopPane(c, targetDim),
		status: newStatusPane(c),
		rate:   newRatePane(c),
		tail:   newTailPane(c),
		window: opts.Window,
		view:   &viewCache{},
	}}
	m.help.Styles = helpStyles(c.styles)
	m.setStreamKeys(0)
	m.top.Focus()
	return m
}

// SetTheme swaps the styles.
func (m *Model) SetTheme(t themes.Theme) {
	m.opts.Theme = t
	m.c.styles = t.Styles
	m.help.Styles = helpStyles(t.Styles)
	m.invalidate()
}

func helpStyles(st themes.Styles) help.Styles {
	return help.Styles{
		Ellipsis:       st.HelpSep,
		ShortKey:       st.HelpKey,
		ShortDesc:      st.HelpDesc,
		ShortSeparator: st.HelpSep,
		FullKey:        st.HelpKey,
		FullDesc:       st.HelpDesc,
		FullSeparator:  st.HelpSep,
	}
}

func (m *Model) panes() [paneCount]pane {
	return [paneCount]pane{m.top, m.target, m.status, m.rate, m.tail}
}

// Init starts the refresh loop with an immediate look at the data.
func (m Model) Init() tea.Cmd {
	return func() tea.Msg { return tickMsg{} }
}

// tick schedules the next look at the data: one timer at a time, never a
// loop that spins.
func (m *Model) tick() tea.Cmd {
	return tea.Tick(m.opts.RefreshInterval, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update handles keys, resizes and the refresh tick.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		m.invalidate()
	case tickMsg:
		changed := m.refresh()
		if m.pollSources() {
			changed = true
		}
		if changed {
			m.invalidate()
		}
		return m, m.tick()
	case tea.KeyPressMsg:
		cmd := m.handleKey(msg)
		m.invalidate()
		return m, cmd
	case tea.PasteMsg:
		if m.tail.filter.Editing() {
			m.tail.filter.Update(msg)
			m.tail.reanchor()
			m.invalidate()
		}
	}
	return m, nil
}

// handleKey applies a key press.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.tail.filter.Editing() {
		m.tail.filter.Update(msg)
		m.tail.reanchor()
		m.relayout() // the help bar changed
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.relayout()
	case key.Matches(msg, k.Window):
		if i := int(msg.String()[0] - '1'); i >= 0 && i < len(windows) {
			m.setWindow(windows[i])
		}
	case key.Matches(msg, k.CycleWindow):
		m.setWindow(nextWindow(m.window))
	case key.Matches(msg, k.Pause):
		m.paused = !m.paused
		if m.paused {
			m.pausedAt = m.opts.Now()
		} else {
			m.refresh()
		}
	case key.Matches(msg, k.NextPane):
		m.moveFocus(1)
	case key.Matches(msg, k.PrevPane):
		m.moveFocus(-1)
	case key.Matches(msg, k.Filter):
		if m.placed(paneTail) {
			m.setFocus(paneTail)
		}
		m.tail.filter.Open()
		m.relayout()
	case key.Matches(msg, k.ClearFilter):
		m.tail.filter.Clear()
		m.tail.reanchor()
	case key.Matches(msg, k.Unparsed):
		m.tail.ToggleUnparsed()
	case key.Matches(msg, k.NextStream):
		m.switchStream(1)
	case key.Matches(msg, k.PrevStream):
		m.switchStream(-1)
	default:
		m.panes()[m.focus].Update(msg)
	}
	return nil
}

// nextWindow is the preset after d (the first one after any custom window
// longer than all presets).
func nextWindow(d time.Duration) time.Duration {
	for _, w := range windows {
		if w > d {
			return w
		}
	}
	return windows[0]
}

// setWindow changes the window and fetches at once: the user asked.
func (m *Model) setWindow(d time.Duration) {
	if d == m.window {
		return
	}
	m.window = d
	m.refresh()
}

// snapshotOptions are the options of the next snapshot: the user's choices
// and as many rows as the panes show.
func (m *Model) snapshotOptions() analyze.SnapshotOptions {
	_, topH := m.top.inner()
	_, targetH := m.target.inner()
	rateW, _ := m.rate.inner()
	return analyze.SnapshotOptions{
		Window:      m.window,
		TopN:        max(m.opts.TopN, topH, targetH),
		TailN:       tailKeep,
		TailFilter:  m.tail.filter.Value(),
		RateSeconds: max(minRateSeconds, rateW),
	}
}

// refresh fetches a snapshot when what is shown may have changed: new data
// (Version moved; not while paused) or new choices (window, filter, and,
// unless paused, the rows the panes want). It reports whether it fetched.
func (m *Model) refresh() bool {
	opts := m.snapshotOptions()
	chosen := !m.fetched || opts.Window != m.lastOpts.Window || opts.TailFilter != m.lastOpts.TailFilter
	if m.paused && !chosen {
		return false
	}
	v := m.p.Version()
	if !chosen && v == m.version && opts == m.lastOpts {
		return false
	}
	m.setSnapshot(m.p.Snapshot(opts))
	m.version, m.lastOpts, m.fetched = v, opts, true
	return true
}

// setSnapshot shows snap, keeping the selected stream by name.
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
	m.selectStream(idx)
}

// selectStream feeds stream i of the current snapshot to the panes.
func (m *Model) selectStream(i int) {
	m.stream = i
	var s *analyze.StreamSnapshot
	if i >= 0 && i < len(m.snap.Streams) {
		s = &m.snap.Streams[i]
		m.streamName = s.Name
	}
	for _, p := range m.panes() {
		p.SetStream(s)
	}
	m.setStreamKeys(len(m.snap.Streams))
}

// setStreamKeys enables [ and ] (and their help) only when there is a
// choice.
func (m *Model) setStreamKeys(n int) {
	m.c.keys.NextStream.SetEnabled(n > 1)
	m.c.keys.PrevStream.SetEnabled(n > 1)
}

func (m *Model) switchStream(d int) {
	n := len(m.snap.Streams)
	if n < 2 {
		return
	}
	m.selectStream(((m.stream+d)%n + n) % n)
}

// pollSources reads the sources' health and reports whether what the
// footer shows of it changed. Sources stay live while paused.
func (m *Model) pollSources() bool {
	src := m.p.Sources()
	if sameSources(src, m.sources) {
		return false
	}
	m.sources = src
	return true
}

// sameSources compares what the footer shows of two source lists.
func sameSources(a, b []feed.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Name != y.Name || x.State != y.State || x.Errors != y.Errors || x.Sampled != y.Sampled ||
			FormatLag(x.Lag) != FormatLag(y.Lag) {
			return false
		}
	}
	return true
}

// resize sets the screen size and reflows.
func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.help.SetWidth(m.width)
	m.relayout()
}

// helpKeys is the keymap the help bar shows: the filter's while editing.
func (m *Model) helpKeys() help.KeyMap {
	if m.tail.filter.Editing() {
		return m.tail.filter.keys
	}
	return m.c.keys
}

// footerHeight is the status line plus the help bar.
func (m *Model) footerHeight() int {
	return 1 + lipgloss.Height(m.help.View(m.helpKeys()))
}

// relayout places the panes for the current size and footer.
func (m *Model) relayout() {
	bodyH := max(m.height-headerHeight-m.footerHeight(), 0)
	m.layout = computeLayout(m.width, bodyH)
	// composeBody walks each row left to right.
	sort.SliceStable(m.layout, func(i, j int) bool { return m.layout[i].x < m.layout[j].x })
	ps := m.panes()
	for _, p := range ps {
		p.SetSize(0, 0)
	}
	for _, pl := range m.layout {
		ps[pl.id].SetSize(pl.w, pl.h)
	}
	if !m.placed(m.focus) && len(m.layout) > 0 {
		m.setFocus(m.layout[0].id)
	}
	// Sizes changed what the scroll positions may be.
	m.tail.reanchor()
}

func (m *Model) placed(id paneID) bool {
	for _, pl := range m.layout {
		if pl.id == id {
			return true
		}
	}
	return false
}

func (m *Model) setFocus(id paneID) {
	ps := m.panes()
	ps[m.focus].Blur()
	m.focus = id
	ps[id].Focus()
}

// moveFocus moves the focus d panes on, over the panes on screen.
func (m *Model) moveFocus(d int) {
	if len(m.layout) == 0 {
		return
	}
	order := make([]paneID, 0, len(m.layout))
	for _, pl := range m.layout {
		order = append(order, pl.id)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	cur := 0
	for i, id := range order {
		if id == m.focus {
			cur = i
		}
	}
	m.setFocus(order[((cur+d)%len(order)+len(order))%len(order)])
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
	v.WindowTitle = safe.Text(m.opts.Title)
	if m.view.cursor != nil {
		c := *m.view.cursor
		v.Cursor = &c
	}
	return v
}

// render draws the whole screen: header, panes, footer; every line at most
// width cells, at most height lines.
func (m *Model) render() (string, *tea.Cursor) {
	if m.width <= 0 || m.height <= 0 {
		return "", nil
	}
	st := m.c.styles
	lines := make([]string, 0, m.height)

	tabs := make([]streamTab, len(m.snap.Streams))
	var linesPerSec float64
	for i, s := range m.snap.Streams {
		tabs[i] = streamTab{name: s.Name, format: s.Format}
		linesPerSec += s.LinesPerSec
	}
	lines = append(lines, headerLine(safe.Text(m.opts.Title), tabs, m.stream, m.snap.Now, m.width, st))

	bodyH := max(m.height-headerHeight-m.footerHeight(), 0)
	lines = append(lines, m.composeBody(bodyH)...)

	lines = append(lines, statusLine(m.sources, linesPerSec, m.window, m.paused, m.pausedAt, m.width, st))
	// The help bubble does not promise to keep to the width: cut it.
	for _, l := range strings.Split(m.help.View(m.helpKeys()), "\n") {
		lines = append(lines, fit(l, m.width))
	}
	if len(lines) > m.height {
		lines = lines[:m.height]
	}

	var cursor *tea.Cursor
	if m.tail.filter.Editing() {
		for _, pl := range m.layout {
			if pl.id != paneTail {
				continue
			}
			if c := m.tail.Cursor(); c != nil && headerHeight+pl.y+c.Y < m.height {
				c.X += pl.x
				c.Y += headerHeight + pl.y
				cursor = c
			}
		}
	}
	return strings.Join(lines, "\n"), cursor
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
