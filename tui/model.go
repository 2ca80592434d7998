package tui

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
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
	spikes      *spikesPane
	denied      *deniedPane
	alerts      *alertsPane
	tail        *tailPane
	focus       paneID
	page        page

	// The full-body views: the drill-down (over everything while open),
	// the sources, the streams overview.
	drill        *drillView
	sourcesView  *sourcesView
	overview     *overviewView
	showSources  bool
	showOverview bool
	// helpView is the full help screen (`?`), over everything while shown.
	helpView *helpView
	// mouse is the capture switch and the last click (mouse.go); notice
	// the short message after a copy (clipboard.go).
	mouse  mouseState
	notice notice

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
	second     int64 // the clock's second when snap was taken
	lastOpts   analyze.SnapshotOptions
	sources    []feed.Status

	// firing are the firing rules of every stream (the banner); bells
	// remembers them to ring once per new firing; ring is a bell due.
	firing []firingAlert
	bells  bellState
	ring   bool

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
	keys := DefaultKeyMap()
	if opts.Keys != nil {
		keys = *opts.Keys
	}
	c := &common{styles: opts.Theme.Styles, keys: keys}
	m := Model{&state{
		p:           p,
		opts:        opts,
		c:           c,
		help:        help.New(),
		top:         newTopPane(c, actorDim),
		target:      newTopPane(c, targetDim),
		status:      newStatusPane(c),
		rate:        newRatePane(c),
		spikes:      newSpikesPane(c),
		denied:      newDeniedPane(c),
		alerts:      newAlertsPane(c),
		tail:        newTailPane(c),
		drill:       newDrillView(c, opts.DrillLines),
		sourcesView: newSourcesView(c),
		overview:    newOverviewView(c),
		helpView:    newHelpView(c),
		mouse:       mouseState{off: opts.NoMouse},
		window:      opts.Window,
		view:        &viewCache{},
	}}
	m.sourcesView.Focus()
	m.drill.keys = keys.DrillDown
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
	return [paneCount]pane{m.top, m.target, m.status, m.rate, m.spikes, m.denied, m.alerts, m.tail}
}

// viewMode is what the body shows.
type viewMode int

const (
	modePanes viewMode = iota
	modeOverview
	modeSources
	modeDrill
	modeHelp
)

// mode is what the body shows now: the drill-down over everything, then
// the sources, then the overview tab, else the panes.
func (m *Model) mode() viewMode {
	switch {
	case m.helpView.shown:
		return modeHelp
	case m.drill.open():
		return modeDrill
	case m.showSources:
		return modeSources
	case m.showOverview:
		return modeOverview
	}
	return modePanes
}

// Init starts the refresh loop with an immediate look at the data, and
// asks the terminal for its background when the theme follows it.
func (m Model) Init() tea.Cmd {
	return tea.Batch(func() tea.Msg { return tickMsg{} }, m.requestBackground())
}

// tick schedules the next look at the data: one timer at a time, never a
// loop that spins.
func (m *Model) tick() tea.Cmd {
	return tea.Tick(m.opts.RefreshInterval, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update handles keys, resizes and the refresh tick.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		m.invalidate()
	case tickMsg:
		m.expireNotice()
		changed := m.refresh()
		if m.pollSources() {
			changed = true
		}
		if changed {
			m.invalidate()
		}
		cmd = m.tick()
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
		m.invalidate()
	case tea.MouseMsg:
		cmd = m.handleMouse(msg)
	case tea.BackgroundColorMsg, tea.ColorProfileMsg:
		m.followTerminal(msg)
	case tea.PasteMsg:
		switch {
		case m.drill.open() && m.drill.text.Editing():
			m.drill.text.Update(msg)
			m.invalidate()
		case m.tail.filter.Editing():
			m.tail.filter.Update(msg)
			m.tail.reanchor()
			m.invalidate()
		}
	}
	// A new filter or window is fetched at once, not at the next tick:
	// the engine collects a filter's lines from the moment it knows it,
	// and on a fast stream the lines of the wait would leave the tail
	// before the filter saw them.
	if _, tick := msg.(tickMsg); !tick && m.fetched && m.snapshotOptions() != m.lastOpts {
		if m.refresh() {
			m.invalidate()
		}
	}
	if b := m.takeBell(); b != nil {
		return m, tea.Batch(cmd, b)
	}
	return m, cmd
}

// takeBell returns the bell command once when a rule started firing and
// the bell is wanted.
func (m *Model) takeBell() tea.Cmd {
	ring := m.ring
	m.ring = false
	if ring && m.opts.Bell {
		return bell()
	}
	return nil
}

// handleKey applies a key press.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.helpView.shown {
		return m.helpKey(msg)
	}
	if cmd, ok := m.finishKey(msg); ok {
		return cmd
	}
	if m.drill.open() {
		return m.drillKey(msg)
	}
	if m.tail.filter.Editing() {
		m.tail.filter.Update(msg)
		m.tail.reanchor()
		m.relayout() // the help bar changed
		return nil
	}
	if cmd, ok := m.globalKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Drill):
		m.enter()
	case key.Matches(msg, k.Overview):
		if len(m.snap.Streams) > 1 {
			m.showOverview = !m.showOverview
			m.showSources = false
			m.relayout()
		}
	case key.Matches(msg, k.Sources):
		m.showSources = !m.showSources
		m.relayout()
	case key.Matches(msg, k.Page) && k.Page.Enabled():
		m.page = (m.page + 1) % pageCount
		m.showSources, m.showOverview = false, false
		m.relayout()
	case key.Matches(msg, k.NextStream):
		m.switchStream(1)
	case key.Matches(msg, k.PrevStream):
		m.switchStream(-1)
	case m.mode() == modeSources:
		if key.Matches(msg, k.ClearFilter) {
			m.showSources = false
			m.relayout()
			break
		}
		m.sourcesView.Update(msg)
	case m.mode() == modeOverview:
		m.overview.Update(msg)
	default:
		m.paneKey(msg)
	}
	return nil
}

// globalKey handles the keys that mean the same in every view.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.Window):
		// The window keys are in window order (they may be remapped).
		if i := slices.Index(k.Window.Keys(), msg.String()); i >= 0 && i < len(windows) {
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
	default:
		return nil, false
	}
	return nil, true
}

// paneKey handles a key among the panes.
func (m *Model) paneKey(msg tea.KeyPressMsg) {
	k := m.c.keys
	switch {
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
	default:
		m.panes()[m.focus].Update(msg)
	}
}

// drillKey handles a key in the drill-down.
func (m *Model) drillKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.drill.Update(msg) {
	case drillRefetch:
		m.fetchDrill(m.p.Version())
	case drillIgnored:
		cmd, _ := m.globalKey(msg)
		return cmd
	}
	// The help bar follows the drill-down's state.
	m.relayout()
	return nil
}

// enter opens what the selected row stands for: a stream from the
// overview, the raw lines behind a pane's row.
func (m *Model) enter() {
	switch m.mode() {
	case modeOverview:
		if i, ok := m.overview.Selected(); ok {
			m.showOverview = false
			m.selectStream(i)
			m.relayout()
		}
	case modePanes:
		t, ok := m.panes()[m.focus].Target()
		if !ok || m.stream < 0 || m.stream >= len(m.snap.Streams) {
			return
		}
		m.drill.push(m.streamName, t.levels...)
		m.fetchDrill(m.p.Version())
		m.relayout()
	}
}

// fetchDrill asks the Provider for the drill-down's lines: everything the
// ring holds after a change of levels, the arrivals since the last Seq
// after that. v is the Provider version read before asking.
func (m *Model) fetchDrill(v uint64) {
	m.drill.add(m.p.Drill(m.drill.query()))
	m.drill.version = v
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

// moveFocus moves the focus d panes on, over the panes on screen.
func (m *Model) moveFocus(d int) {
	if len(m.layout) == 0 {
		return
	}
	order := make([]paneID, 0, len(m.layout))
	for _, pl := range m.layout {
		order = append(order, pl.id)
	}
	sortIDs(order)
	cur := 0
	for i, id := range order {
		if id == m.focus {
			cur = i
		}
	}
	m.setFocus(order[((cur+d)%len(order)+len(order))%len(order)])
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
