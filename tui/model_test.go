package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
)

// press builds the key message bubbletea sends for a key name.
func press(k string) tea.KeyPressMsg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// driver runs a Model the way the program does, without a terminal.
type driver struct {
	t *testing.T
	m tea.Model
}

func newDriver(t *testing.T, p Provider, opts Options, w, h int) *driver {
	d := &driver{t: t, m: New(p, opts)}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.send(tickMsg{})
	return d
}

// send delivers msg and returns the command it produced.
func (d *driver) send(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	return cmd
}

func (d *driver) keys(ks ...string) {
	for _, k := range ks {
		d.send(press(k))
	}
}

func (d *driver) view() string { return d.m.View().Content }

func (d *driver) model() Model { return d.m.(Model) }

// requireFits checks the screen invariant: at most height lines, each at
// most width cells.
func requireFits(t *testing.T, view string, w, h int) {
	t.Helper()
	if w <= 0 || h <= 0 {
		if view != "" {
			t.Fatalf("%dx%d: view %q, want nothing", w, h, view)
		}
		return
	}
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Fatalf("%dx%d: view has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d cells: %q", w, h, i, lw, l)
		}
	}
}

// TestModelGolden renders the whole screen at the sizes that matter, in
// the states that change its shape.
func TestModelGolden(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
		one  bool // a single stream
	}{
		{name: "80x24", w: 80, h: 24},
		{name: "120x40", w: 120, h: 40},
		{name: "80x24_one_stream", w: 80, h: 24, one: true},
		{name: "80x24_help", w: 80, h: 24, keys: []string{"?"}},
		{name: "80x24_filter_editing", w: 80, h: 24, keys: []string{"/", "G", "E", "T"}},
		{name: "80x24_filter_applied", w: 80, h: 24, keys: []string{"/", "G", "E", "T", "enter"}},
		{name: "80x24_unparsed", w: 80, h: 24, keys: []string{"u"}},
		{name: "80x24_paused_5m", w: 80, h: 24, keys: []string{"2", "space"}},
		{name: "80x24_second_stream", w: 80, h: 24, keys: []string{"]", "tab", "tab"}},
		{name: "120x40_focus_tail", w: 120, h: 40, keys: []string{"shift+tab"}},
		{name: "50x20", w: 50, h: 20},
		{name: "200x60", w: 200, h: 60},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newFake(webStream(), trailStream())
			if tc.one {
				p = newFake(webStream())
			}
			d := newDriver(t, p, plainOptions(), tc.w, tc.h)
			d.keys(tc.keys...)
			d.send(tickMsg{})
			v := d.view()
			requireFits(t, v, tc.w, tc.h)
			requireInert(t, v)
			if strings.Contains(v, "\x1b") {
				t.Fatalf("the plain theme put an escape sequence on screen")
			}
			golden.RequireEqual(t, v)
		})
	}
}

// TestModelHostileColor: with the color theme the only escape sequences on
// screen are the theme's own SGR.
func TestModelHostileColor(t *testing.T) {
	dark, _ := themes.Get("dark")
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		for _, keys := range [][]string{nil, {"u"}, {"]"}, {"?"}} {
			d := newDriver(t, newFake(webStream(), trailStream()), Options{Theme: dark, Now: plainOptions().Now}, sz[0], sz[1])
			d.keys(keys...)
			v := d.view()
			requireInert(t, v)
			requireFits(t, v, sz[0], sz[1])
			if !strings.Contains(v, "\x1b[") {
				t.Fatal("dark theme rendered no style at all")
			}
		}
	}
}

func TestWindowKeys(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	if got := p.lastCall().Window; got != time.Minute {
		t.Fatalf("initial window %v, want 1m", got)
	}
	for _, tc := range []struct {
		key  string
		want time.Duration
	}{
		{"2", 5 * time.Minute}, {"3", 15 * time.Minute}, {"4", time.Hour}, {"1", time.Minute},
		{"w", 5 * time.Minute}, {"w", 15 * time.Minute}, {"w", time.Hour}, {"w", time.Minute},
	} {
		d.keys(tc.key)
		if got := p.lastCall().Window; got != tc.want {
			t.Fatalf("after %q the snapshot window is %v, want %v", tc.key, got, tc.want)
		}
		if !strings.Contains(d.view(), "window "+FormatWindow(tc.want)) {
			t.Fatalf("after %q the footer does not show window %s", tc.key, FormatWindow(tc.want))
		}
	}
}

func TestInitialWindowOption(t *testing.T) {
	p := newFake(webStream())
	opts := plainOptions()
	opts.Window = 15 * time.Minute
	opts.TopN = 25
	newDriver(t, p, opts, 80, 24)
	c := p.lastCall()
	if c.Window != 15*time.Minute || c.TopN != 25 || c.TailN <= 0 || c.RateSeconds < minRateSeconds {
		t.Fatalf("first snapshot options %+v", c)
	}
}

func TestVersionUnchangedNoSnapshot(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	n := p.callCount()
	if n != 1 {
		t.Fatalf("%d snapshots after the first tick, want 1", n)
	}
	before := d.view()
	for range 5 {
		if cmd := d.send(tickMsg{}); cmd == nil {
			t.Fatal("a tick did not schedule the next one")
		}
	}
	if got := p.callCount(); got != n {
		t.Fatalf("ticks without new data took %d snapshots", got-n)
	}
	if d.view() != before {
		t.Fatal("the screen changed without new data")
	}
	p.bump()
	d.send(tickMsg{})
	if got := p.callCount(); got != n+1 {
		t.Fatalf("a tick after new data took %d snapshots, want 1", got-n)
	}
}

// TestRenderCached: a tick that changes nothing does not re-render.
func TestRenderCached(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.view()
	cache := d.model().view
	d.send(tickMsg{})
	if d.model().view != cache || !cache.ok {
		t.Fatal("an idle tick dropped the rendered screen")
	}
	p.bump()
	d.send(tickMsg{})
	if d.model().view == cache {
		t.Fatal("new data kept the old rendered screen")
	}
}

func TestPauseFreezes(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("space")
	n := p.callCount()
	if !strings.Contains(d.view(), "PAUSED") {
		t.Fatal("no pause marker")
	}
	// Data keeps arriving; the screen does not move.
	p.mu.Lock()
	p.snap.Streams[0].Top.Actor[0].Key = "9.9.9.9"
	p.mu.Unlock()
	for range 3 {
		p.bump()
		d.send(tickMsg{})
	}
	if got := p.callCount(); got != n {
		t.Fatalf("paused, yet %d snapshots were taken", got-n)
	}
	if strings.Contains(d.view(), "9.9.9.9") {
		t.Fatal("paused screen shows new data")
	}
	d.keys("space")
	if got := p.callCount(); got != n+1 {
		t.Fatalf("resume took %d snapshots, want 1", got-n)
	}
	v := d.view()
	if strings.Contains(v, "PAUSED") || !strings.Contains(v, "9.9.9.9") {
		t.Fatalf("resumed screen:\n%s", v)
	}
}

func TestFilterIsTailFilter(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("/", "5", "0", "3")
	d.send(tickMsg{})
	if got := p.lastCall().TailFilter; got != "503" {
		t.Fatalf("TailFilter %q, want 503", got)
	}
	if d.m.View().Cursor == nil {
		t.Fatal("no cursor while editing the filter")
	}
	// While editing, keys are text: q does not quit, 2 does not change
	// the window.
	if cmd := d.send(press("q")); cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("q quit while editing the filter")
		}
	}
	d.keys("2")
	d.send(tickMsg{})
	if c := p.lastCall(); c.TailFilter != "503q2" || c.Window != time.Minute {
		t.Fatalf("after typing q2: %+v", c)
	}
	d.keys("enter")
	if d.m.View().Cursor != nil {
		t.Fatal("cursor still shown after enter")
	}
	if !strings.Contains(d.view(), "tail /503q2") {
		t.Fatalf("applied filter not shown:\n%s", d.view())
	}
	d.keys("esc")
	d.send(tickMsg{})
	if got := p.lastCall().TailFilter; got != "" {
		t.Fatalf("after esc TailFilter %q, want empty", got)
	}
}

// TestFilterFetchedWithoutWaitingForTick: each key that changes the filter
// (or the window) asks for a snapshot with it at once, so the engine starts
// collecting the filter's lines without waiting up to a refresh interval.
func TestFilterFetchedWithoutWaitingForTick(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("/", "5", "0")
	if got := p.lastCall().TailFilter; got != "50" {
		t.Fatalf("TailFilter %q before any tick, want 50", got)
	}
	n := p.callCount()
	d.keys("left") // moves the cursor; the filter is unchanged
	if p.callCount() != n {
		t.Fatal("a key that left the filter alone fetched a snapshot")
	}
	d.keys("enter", "2")
	if c := p.lastCall(); c.Window != 5*time.Minute || c.TailFilter != "50" {
		t.Fatalf("after the window key: %+v", c)
	}
}

func TestFilterEscWhileEditingClears(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("/", "x", "esc")
	d.send(tickMsg{})
	if got := p.lastCall().TailFilter; got != "" {
		t.Fatalf("TailFilter %q after esc", got)
	}
	if d.model().tail.filter.Editing() {
		t.Fatal("still editing after esc")
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		d := newDriver(t, newFake(webStream()), plainOptions(), 80, 24)
		cmd := d.send(press(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("%s did not quit", k)
		}
	}
	// ctrl+c quits even from the filter input.
	d := newDriver(t, newFake(webStream()), plainOptions(), 80, 24)
	d.keys("/")
	if cmd := d.send(press("ctrl+c")); cmd == nil {
		t.Fatal("ctrl+c in the filter: no command")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c in the filter did not quit")
	}
}

func TestResizeReflows(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	sizes := [][2]int{{80, 24}, {120, 40}, {200, 60}, {100, 30}, {60, 20}, {59, 24}, {40, 12}, {20, 8}, {10, 3}, {1, 1}, {0, 0}, {300, 100}, {80, 10}, {130, 12}}
	for _, keys := range [][]string{nil, {"?"}, {"/", "a"}} {
		for _, sz := range sizes {
			d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			d.keys(keys...)
			v := d.view()
			requireFits(t, v, sz[0], sz[1])
			requireInert(t, v)
			if c := d.m.View().Cursor; c != nil && (c.X >= sz[0] || c.Y >= sz[1] || c.X < 0 || c.Y < 0) {
				t.Fatalf("%v: cursor at %d,%d off screen", sz, c.X, c.Y)
			}
			d.keys("esc")
			if keys != nil && keys[0] == "?" {
				d.keys("?")
			}
		}
	}
	// Bigger screens ask for more rows and more seconds.
	d.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	d.send(tickMsg{})
	if c := p.lastCall(); c.TopN <= DefaultTopN || c.RateSeconds <= minRateSeconds {
		t.Fatalf("200x60 asked for %+v", c)
	}
}

// TestLayoutsFit: every layout mode keeps its panes inside the body and
// apart from each other.
func TestLayoutsFit(t *testing.T) {
	for pg := page(0); pg < pageCount; pg++ {
		for w := 0; w <= 260; w += 7 {
			for h := 0; h <= 80; h += 3 {
				pls := computeLayout(pg, w, h)
				cells := map[[2]int]paneID{}
				for _, pl := range pls {
					if pl.w < 2*minPaneHeight || pl.h < minPaneHeight || pl.x+pl.w > w || pl.y+pl.h > h {
						t.Fatalf("%dx%d: %+v out of bounds or too small", w, h, pl)
					}
					for x := pl.x; x < pl.x+pl.w; x += max(pl.w-1, 1) {
						for y := pl.y; y < pl.y+pl.h; y++ {
							if other, ok := cells[[2]int{x, y}]; ok {
								t.Fatalf("%dx%d: panes %d and %d overlap", w, h, other, pl.id)
							}
							cells[[2]int{x, y}] = pl.id
						}
					}
				}
				if w >= 2*minPaneHeight && h >= minPaneHeight && len(pls) == 0 {
					t.Fatalf("%dx%d: no pane at all", w, h)
				}
			}
		}
	}
	// 80x24 shows each page whole; 120x40 every pane at once (the rate
	// from 45 rows).
	if got := len(computeLayout(pageTraffic, 80, 21)); got != 5 {
		t.Fatalf("80x24 traffic shows %d panes, want 5", got)
	}
	if got := len(computeLayout(pageIncidents, 80, 21)); got != 3 {
		t.Fatalf("80x24 incidents shows %d panes, want 3", got)
	}
	if got := len(computeLayout(pageTraffic, 120, 37)); got != int(paneCount)-1 {
		t.Fatalf("120x40 shows %d panes, want all but the rate", got)
	}
	if got := len(computeLayout(pageIncidents, 200, 57)); got != int(paneCount) {
		t.Fatalf("200x60 shows %d panes, want all %d", got, paneCount)
	}
}

func TestFocusCycle(t *testing.T) {
	d := newDriver(t, newFake(webStream()), plainOptions(), 80, 24)
	want := []paneID{paneTarget, paneStatus, paneRate, paneTail, paneActor}
	for _, id := range want {
		d.keys("tab")
		if got := d.model().focus; got != id {
			t.Fatalf("tab: focus %d, want %d", got, id)
		}
	}
	d.keys("shift+tab")
	if got := d.model().focus; got != paneTail {
		t.Fatalf("shift+tab: focus %d, want tail", got)
	}
	// j scrolls the focused pane only.
	d.keys("tab") // actor
	d.keys("j")
	m := d.model()
	if m.top.cur.sel != 1 || m.target.cur.sel != 0 {
		t.Fatalf("j moved actor %d target %d", m.top.cur.sel, m.target.cur.sel)
	}
}

func TestStreams(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	if v := d.view(); !strings.Contains(v, "clients") || !strings.Contains(v, "[access.log]") {
		t.Fatalf("first stream not shown:\n%s", v)
	}
	n := p.callCount()
	d.keys("]")
	v := d.view()
	if !strings.Contains(v, "principals") || !strings.Contains(v, "user/alice") {
		t.Fatalf("] did not switch to the second stream:\n%s", v)
	}
	if p.callCount() != n {
		t.Fatal("switching streams took a snapshot: all streams are in every snapshot")
	}
	// The choice follows the stream's name when the order changes.
	p.mu.Lock()
	p.snap.Streams[0], p.snap.Streams[1] = p.snap.Streams[1], p.snap.Streams[0]
	p.mu.Unlock()
	p.bump()
	d.send(tickMsg{})
	if v := d.view(); !strings.Contains(v, "principals") {
		t.Fatalf("stream choice lost when the order changed:\n%s", v)
	}
	// [ from the first stream is the overview tab, then the last stream.
	d.keys("[")
	if v := d.view(); !strings.Contains(v, "[overview]") || !strings.Contains(v, "events/s") {
		t.Fatalf("[ did not switch to the overview:\n%s", v)
	}
	d.keys("[")
	if v := d.view(); !strings.Contains(v, "clients") {
		t.Fatalf("[ did not switch back:\n%s", v)
	}
	// One stream: no tabs, and [ ] are not in the help.
	d1 := newDriver(t, newFake(webStream()), plainOptions(), 120, 40)
	if v := d1.view(); strings.Contains(v, "[ ] stream") || strings.Contains(v, "[access.log]") {
		t.Fatalf("one stream shows stream keys or tabs:\n%s", v)
	}
}

func TestUnparsedToggle(t *testing.T) {
	d := newDriver(t, newFake(webStream()), plainOptions(), 80, 24)
	if v := d.view(); !strings.Contains(v, "unparsed 12") || strings.Contains(v, "garbage") {
		t.Fatalf("tail view:\n%s", v)
	}
	d.keys("u")
	if v := d.view(); !strings.Contains(v, "─ unparsed ") || !strings.Contains(v, "garbage") {
		t.Fatalf("unparsed view:\n%s", v)
	}
	d.keys("u")
	if v := d.view(); strings.Contains(v, "garbage") {
		t.Fatalf("u did not switch back:\n%s", v)
	}
}

func TestHelpToggle(t *testing.T) {
	d := newDriver(t, newFake(webStream()), plainOptions(), 120, 40)
	short := d.view()
	d.keys("?")
	full := d.view()
	if !strings.Contains(full, "page down") || strings.Contains(short, "page down") {
		t.Fatalf("? did not show the full help:\n%s", full)
	}
	d.keys("?")
	if d.view() != short {
		t.Fatal("? twice did not come back to the short help")
	}
}

// TestSourcesLive: source health changes show even without new data, and
// while paused.
func TestSourcesLive(t *testing.T) {
	p := newFake(webStream())
	d := newDriver(t, p, plainOptions(), 120, 40)
	d.keys("space")
	p.mu.Lock()
	p.sources[0].State = "error"
	p.mu.Unlock()
	d.send(tickMsg{})
	if v := d.view(); !strings.Contains(v, "access.log error") {
		t.Fatalf("source state change not shown:\n%s", v)
	}
}

func TestEmptyProvider(t *testing.T) {
	p := &fakeProvider{}
	d := newDriver(t, p, plainOptions(), 80, 24)
	v := d.view()
	requireFits(t, v, 80, 24)
	if !strings.Contains(v, "waiting for data") || !strings.Contains(v, "no sources") {
		t.Fatalf("empty screen:\n%s", v)
	}
	d.keys("]", "tab", "j", "u", "w", "?")
	requireFits(t, d.view(), 80, 24)
}

// TestDefaults: the zero Options work.
func TestDefaults(t *testing.T) {
	m := New(newFake(webStream()), Options{})
	if m.opts.RefreshInterval != DefaultRefreshInterval || m.opts.Title != DefaultTitle || m.opts.Theme.Name == "" || m.window != DefaultWindow {
		t.Fatalf("defaults: %+v", m.opts)
	}
	if m.Init() == nil {
		t.Fatal("Init schedules nothing")
	}
	if v := m.View(); !v.AltScreen {
		t.Fatal("the view does not ask for the alternate screen")
	}
}

// TestManyStreamsTabs: the active tab stays visible with many streams.
func TestManyStreamsTabs(t *testing.T) {
	var streams []analyze.StreamSnapshot
	for i := range 12 {
		s := trailStream()
		s.Name = fmt.Sprintf("stream-number-%02d", i)
		streams = append(streams, s)
	}
	d := newDriver(t, newFake(streams...), plainOptions(), 80, 24)
	for range 11 {
		d.keys("]")
	}
	header := strings.Split(d.view(), "\n")[0]
	if !strings.Contains(header, "[stream-number-11]") {
		t.Fatalf("active tab not visible: %q", header)
	}
}

// TestSetTheme: swapping the theme is one assignment that every pane sees.
func TestSetTheme(t *testing.T) {
	dark, _ := themes.Get("dark")
	d := newDriver(t, newFake(webStream()), Options{Theme: dark}, 80, 24)
	if !strings.Contains(d.view(), "\x1b[") {
		t.Fatal("dark theme without styles")
	}
	m := d.model()
	m.SetTheme(themes.Plain())
	d.m = m
	if v := d.view(); strings.Contains(v, "\x1b") {
		t.Fatal("plain theme after SetTheme still styled")
	}
}
