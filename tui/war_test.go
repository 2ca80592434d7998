package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/themes"
)

// actorFilter is the filter of the web stream's top client.
var actorFilter = analyze.Filter{Dim: analyze.DimActor, Value: "203.0.113.7"}

// bodyLines are the drill-down's line rows on screen (those with a time).
func bodyLines(view string) []string {
	var out []string
	for _, l := range strings.Split(view, "\n") {
		if len(l) > 12 && strings.Contains(l[:12], ":") && (strings.HasPrefix(l, "┃") || strings.HasPrefix(l, "▸")) {
			out = append(out, l)
		}
	}
	return out
}

func TestDrillEnterTopRow(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	if n := len(p.drillCalls()); n != 0 {
		t.Fatalf("%d drill-downs before enter", n)
	}
	d.keys("enter")
	q := p.lastDrill()
	want := analyze.Query{Stream: "access.log", Filters: []analyze.Filter{actorFilter}, Limit: DefaultDrillLines}
	if !reflect.DeepEqual(q, want) {
		t.Fatalf("enter on the top client asked %+v, want %+v", q, want)
	}
	v := d.view()
	rows := bodyLines(v)
	if len(rows) != 6 {
		t.Fatalf("%d lines on screen, want the 6 of 203.0.113.7:\n%s", len(rows), v)
	}
	for _, r := range rows {
		if !strings.Contains(r, "203.0.113.7") || strings.Contains(r, "198.51.100.23") {
			t.Fatalf("a line of another client: %q", r)
		}
	}
	if !strings.Contains(v, "actor=203.0.113.7") {
		t.Fatalf("no filter chain in the title:\n%s", v)
	}
	// esc goes back to the panes.
	d.keys("esc")
	if v := d.view(); !strings.Contains(v, "clients") || strings.Contains(v, "actor=") {
		t.Fatalf("esc did not go back:\n%s", v)
	}
}

// TestDrillStackAndPop: the chooser adds a filter of the selected line;
// esc pops one filter at a time, each time asking anew.
func TestDrillStackAndPop(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("enter") // actor=203.0.113.7, the newest line selected: /api/v1/orders 503
	d.keys("enter")
	v := d.view()
	if !strings.Contains(v, "add filter:  [target=/api/v1/orders]  status=503  class=5xx  failure") {
		t.Fatalf("chooser:\n%s", v)
	}
	d.keys("right", "right", "enter") // class=5xx
	q := p.lastDrill()
	want := []analyze.Filter{actorFilter, {Dim: analyze.DimClass, Value: "5xx"}}
	if !reflect.DeepEqual(q.Filters, want) || q.After != 0 {
		t.Fatalf("stacked query %+v, want filters %v from scratch", q, want)
	}
	v = d.view()
	if !strings.Contains(v, "actor=203.0.113.7 › class=5xx") || len(bodyLines(v)) != 3 {
		t.Fatalf("stacked view:\n%s", v)
	}
	for _, r := range bodyLines(v) {
		if !strings.Contains(r, "/api/v1/orders") {
			t.Fatalf("a line that is not the 503s: %q", r)
		}
	}
	// The chooser no longer offers what is stacked.
	d.keys("enter")
	if v := d.view(); !strings.Contains(v, "add filter:  [target=/api/v1/orders]  status=503  failure ") {
		t.Fatalf("chooser after stacking:\n%s", v)
	}
	d.keys("esc") // closes the chooser only
	if got := p.lastDrill().Filters; len(got) != 2 {
		t.Fatalf("esc in the chooser popped a filter: %v", got)
	}
	d.keys("esc")
	if q := p.lastDrill(); !reflect.DeepEqual(q.Filters, []analyze.Filter{actorFilter}) || q.After != 0 {
		t.Fatalf("after esc: %+v", q)
	}
	if v := d.view(); strings.Contains(v, "class=5xx") || len(bodyLines(v)) != 6 {
		t.Fatalf("esc did not widen back:\n%s", v)
	}
	n := len(p.drillCalls())
	d.keys("esc")
	if len(p.drillCalls()) != n || !strings.Contains(d.view(), "clients") {
		t.Fatalf("the last esc should close without asking:\n%s", d.view())
	}
}

// TestDrillArrivals: each refresh with new data asks only for lines after
// the last Seq seen and appends them; no new data, no question.
func TestDrillArrivals(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("enter")
	n := len(p.drillCalls())
	for range 3 {
		d.send(tickMsg{})
	}
	if got := len(p.drillCalls()); got != n {
		t.Fatalf("%d drill-downs without new data", got-n)
	}
	p.arrive("access.log", arrivals(13, 2, "203.0.113.7")...)
	p.arrive("access.log", arrivals(15, 1, "192.0.2.99")...)
	d.send(tickMsg{})
	q := p.lastDrill()
	if q.After != 11 || !reflect.DeepEqual(q.Filters, []analyze.Filter{actorFilter}) {
		t.Fatalf("refresh asked %+v, want After 11 (the last Seq of the history)", q)
	}
	v := d.view()
	rows := bodyLines(v)
	if len(rows) != 8 || !strings.Contains(rows[7], "/new") || strings.Contains(v, "192.0.2.99") {
		t.Fatalf("arrivals not appended as they should:\n%s", v)
	}
	if !strings.HasPrefix(rows[7], "▸") {
		t.Fatalf("following: the newest line should be selected: %q", rows[7])
	}
	p.arrive("access.log", arrivals(16, 1, "203.0.113.7")...)
	d.send(tickMsg{})
	if q := p.lastDrill(); q.After != 14 {
		t.Fatalf("second refresh After %d, want 14", q.After)
	}
	// Paused: nothing is asked.
	d.keys("space")
	n = len(p.drillCalls())
	p.arrive("access.log", arrivals(17, 1, "203.0.113.7")...)
	d.send(tickMsg{})
	if got := len(p.drillCalls()); got != n {
		t.Fatal("a paused drill-down asked for arrivals")
	}
}

// TestDrillScrollBack: scrolling up stops following, arrivals are kept and
// counted in a marker, G follows again.
func TestDrillScrollBack(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("enter", "up", "pgup")
	sel := func() string {
		for _, r := range bodyLines(d.view()) {
			if strings.HasPrefix(r, "▸") {
				return r
			}
		}
		return ""
	}
	before := sel()
	if before == "" || !strings.Contains(before, "15:09:07") {
		t.Fatalf("pgup should select the oldest line, got %q:\n%s", before, d.view())
	}
	p.arrive("access.log", arrivals(13, 4, "203.0.113.7")...)
	d.send(tickMsg{})
	v := d.view()
	if !strings.Contains(v, "4 new lines ↓") || sel() != before || len(bodyLines(v)) != 10 {
		t.Fatalf("scrolled back, arrivals should be counted and the view stay:\n%s", v)
	}
	d.keys("G")
	v = d.view()
	if strings.Contains(v, "new lines") || !strings.Contains(sel(), "/new HTTP/1.1\" 200 3") {
		t.Fatalf("G should follow the newest line:\n%s", v)
	}
	// Down to the newest line resumes following too.
	d.keys("k")
	p.arrive("access.log", arrivals(17, 1, "203.0.113.7")...)
	d.send(tickMsg{})
	if !strings.Contains(d.view(), "1 new lines ↓") {
		t.Fatalf("k then an arrival: no marker:\n%s", d.view())
	}
	d.keys("j", "j")
	if v := d.view(); strings.Contains(v, "new lines") || !strings.Contains(sel(), "/new HTTP/1.1\" 200 0") {
		t.Fatalf("j to the end should follow again:\n%s", v)
	}
}

// TestDrillBounded: the lines kept never exceed Options.DrillLines.
func TestDrillBounded(t *testing.T) {
	p := newFake(webStream(), trailStream())
	opts := plainOptions()
	opts.DrillLines = 5
	d := newDriver(t, p, opts, 80, 24)
	d.keys("enter")
	if q := p.lastDrill(); q.Limit != 5 {
		t.Fatalf("Limit %d, want 5", q.Limit)
	}
	d.keys("up")
	for i := range 10 {
		p.arrive("access.log", arrivals(uint64(100+3*i), 3, "203.0.113.7")...)
		d.send(tickMsg{})
	}
	if n := len(d.model().drill.lines); n != 5 {
		t.Fatalf("%d lines kept, want 5", n)
	}
	requireFits(t, d.view(), 80, 24)
}

// TestDrillTextFilter: / in the drill-down stacks a text filter.
func TestDrillTextFilter(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("enter", "/", "O", "R", "D")
	if d.m.View().Cursor == nil {
		t.Fatal("no cursor in the text input")
	}
	d.keys("enter")
	q := p.lastDrill()
	if want := []analyze.Filter{actorFilter, {Dim: analyze.DimText, Value: "ORD"}}; !reflect.DeepEqual(q.Filters, want) {
		t.Fatalf("filters %v, want %v", q.Filters, want)
	}
	if v := d.view(); len(bodyLines(v)) != 3 || !strings.Contains(v, "text=ORD") {
		t.Fatalf("text-filtered view:\n%s", v)
	}
}

// TestDrillHighlight: the matched value is in the Match style, wherever
// it occurs, hostile values included, and nothing else is.
func TestDrillHighlight(t *testing.T) {
	mono := themes.Monochrome().Styles
	match := mono.Match.Render("X")
	open := match[:strings.Index(match, "X")]
	row := DrillRow(webRing()[0], []string{"203.0.113.7"}, false, 100, mono)
	if strings.Count(row, open) != 1 || !strings.Contains(row, match[:len(open)]+"203.0.113.7") {
		t.Fatalf("want the client highlighted: %q", row)
	}
	if out := Highlight("a=x b=x", []string{"X"}, 20, mono.TailLine, mono.Match); strings.Count(out, open) != 2 {
		t.Fatalf("want both occurrences highlighted: %q", out)
	}
	hostile := webRing()[3]
	row = DrillRow(hostile, []string{hostile.Actor}, true, 120, mono)
	requireInert(t, row)
	if strings.Count(row, open) != 2 { // the actor and the class's status 404
		t.Fatalf("hostile actor and status not highlighted: %q", row)
	}
	if got := ansi.Strip(row); !strings.Contains(got, "␛]0;pwned␇10.9.8.7") {
		t.Fatalf("row %q", got)
	}
	if ansi.StringWidth(row) != 120 {
		t.Fatalf("row is %d wide", ansi.StringWidth(row))
	}
	// Case-insensitive, and never wider than asked.
	for w := 0; w < 60; w++ {
		out := Highlight("GET /Login?user=ADMIN", []string{"login", "admin", ""}, w, mono.TailLine, mono.Match)
		if ansi.StringWidth(out) > w {
			t.Fatalf("width %d: %q", w, out)
		}
	}
	if out := Highlight("GET /Login", []string{"login"}, 40, mono.TailLine, mono.Match); !strings.Contains(out, mono.Match.Render("Login")) {
		t.Fatalf("case-insensitive match missing: %q", out)
	}
}

func TestPrettyJSON(t *testing.T) {
	lines, ok := prettyJSON(`{"a":"x\ny","b":[1,true,null,{"c":"\tz"}],"e":{},"f":[]}`, 100)
	want := []string{
		`{`,
		`  "a": "x`,
		`    y",`,
		`  "b": [`,
		`    1,`,
		`    true,`,
		`    null,`,
		`    {`,
		`      "c": "    z"`,
		`    }`,
		`  ],`,
		`  "e": {},`,
		`  "f": []`,
		`}`,
	}
	if !ok || strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("prettyJSON:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"", "plain text", `{"a":`, "[1,2", `"just a string"`, "{\"a\":\"raw\x01control\"}"} {
		if _, ok := prettyJSON(s, 100); ok {
			t.Errorf("prettyJSON(%q) claimed JSON", s)
		}
	}
	// The bound holds and says so.
	big := "[" + strings.Repeat("1,", 500) + "1]"
	lines, ok = prettyJSON(big, 10)
	if !ok || len(lines) != 10 || lines[9] != "… (cut)" {
		t.Fatalf("bounded: %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

// TestDetailRowsSanitized: escapes inside JSON strings are expanded into
// lines first, then every line is sanitized: an ESC spelled \u001b shows
// as ␛, never raw.
func TestDetailRowsSanitized(t *testing.T) {
	l := trailRing()[1]
	rows := DetailRows(l, 60, themes.Plain().Styles)
	out := strings.Join(rows, "\n")
	requireInert(t, out)
	for _, want := range []string{`"errorMessage": "User is not authorized:`, "        iam:CreateUser", "on resource ␛[31muser/x␛[0m\",", `"readOnly": false,`} {
		if !strings.Contains(out, want) {
			t.Fatalf("detail lacks %q:\n%s", want, out)
		}
	}
	for i, r := range rows {
		if w := ansi.StringWidth(r); w > 60 {
			t.Fatalf("row %d is %d wide", i, w)
		}
	}
	// A huge line is cut at the bound.
	huge := analyze.TailLine{Text: strings.Repeat("x", 60*maxDetailRows*2)}
	if n := len(DetailRows(huge, 60, themes.Plain().Styles)); n > maxDetailRows+1 {
		t.Fatalf("%d rows for a huge line", n)
	}
}

// FuzzPrettyJSON: whatever the line, the detail rows never panic, keep to
// the width and let nothing act on the terminal.
func FuzzPrettyJSON(f *testing.F) {
	f.Add(cloudTrailJSON, 40)
	f.Add(`{"a":"\u001b]0;x\u0007","b":"\u202e"}`, 10)
	f.Add(`[[[[[[[[[[]]]]]]]]]]`, 3)
	f.Add(`{"k\nk":"v\r\nw\tx"}`, 1)
	st := themes.Plain().Styles
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = width%200 + 1
		rows := DetailRows(analyze.TailLine{Text: s, Actor: s}, width, st)
		for _, r := range rows {
			if ansi.StringWidth(r) > width {
				t.Fatalf("width %d: %q", width, r)
			}
			if strings.ContainsAny(r, "\x1b\x07\u009b\u202e\n\r\t") {
				t.Fatalf("control character in %q", r)
			}
		}
	})
}

// cmdMsgs runs cmd and the commands it batches, and returns their
// messages.
func cmdMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, cmdMsgs(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// bells counts the BEL writes among a command's messages.
func bells(cmd tea.Cmd) int {
	n := 0
	for _, m := range cmdMsgs(cmd) {
		if r, ok := m.(tea.RawMsg); ok && fmt.Sprint(r.Msg) == "\a" {
			n++
		}
	}
	return n
}

// TestBellOnce: --bell rings once when a rule starts firing, not again
// while it keeps firing, again when it fires anew; never without --bell.
func TestBellOnce(t *testing.T) {
	p := newFake(webStream(), trailStream())
	opts := plainOptions()
	opts.Bell = true
	opts.RefreshInterval = time.Microsecond // the tick command runs in cmdMsgs
	d := newDriver(t, p, opts, 80, 24)
	if n := bells(d.send(tickMsg{})); n != 0 {
		t.Fatalf("%d bells with nothing firing", n)
	}
	p.mu.Lock()
	firing(p)
	p.mu.Unlock()
	p.bump()
	if n := bells(d.send(tickMsg{})); n != 1 {
		t.Fatalf("%d bells when the rule started firing, want 1", n)
	}
	if v := d.view(); !strings.Contains(v, "!! ALERT denied >= 1 per 1m") {
		t.Fatalf("no banner:\n%s", v)
	}
	for range 3 {
		p.mu.Lock()
		p.snap.Streams[1].Alerts[0].Value++
		p.mu.Unlock()
		p.bump()
		if n := bells(d.send(tickMsg{})); n != 0 {
			t.Fatalf("%d bells while it kept firing", n)
		}
	}
	// Cleared, then firing again.
	p.mu.Lock()
	p.snap.Streams[1].Alerts[0].Firing = false
	p.mu.Unlock()
	p.bump()
	if n := bells(d.send(tickMsg{})); n != 0 {
		t.Fatal("a bell when it cleared")
	}
	if strings.Contains(d.view(), "ALERT") {
		t.Fatal("banner still shown after clearing")
	}
	p.mu.Lock()
	a := &p.snap.Streams[1].Alerts[0]
	a.Firing, a.Fired = true, 2
	p.mu.Unlock()
	p.bump()
	if n := bells(d.send(tickMsg{})); n != 1 {
		t.Fatalf("%d bells when it fired again, want 1", n)
	}

	// Without --bell: the banner, no bell.
	q := newFake(webStream(), trailStream())
	firing(q)
	opts.Bell = false
	d2 := newDriver(t, q, opts, 80, 24)
	q.bump()
	if n := bells(d2.send(tickMsg{})); n != 0 {
		t.Fatal("a bell without --bell")
	}
	if !strings.Contains(d2.view(), "ALERT") {
		t.Fatal("no banner without --bell")
	}
}

// TestBellFromFirstSnapshot: a rule already firing when the screen opens
// rings once.
func TestBellFromFirstSnapshot(t *testing.T) {
	p := newFake(webStream(), trailStream())
	firing(p)
	opts := plainOptions()
	opts.Bell = true
	opts.RefreshInterval = time.Microsecond
	m := New(p, opts)
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tm, cmd := tm.Update(tickMsg{})
	if n := bells(cmd); n != 1 {
		t.Fatalf("%d bells, want 1", n)
	}
	p.bump()
	if _, cmd := tm.Update(tickMsg{}); bells(cmd) != 0 {
		t.Fatal("rang again")
	}
}

// TestAlertHighlightsPane: the pane a firing rule concerns is drawn loud.
func TestAlertHighlightsPane(t *testing.T) {
	p := newFake(webStream(), trailStream())
	firing(p)
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("]", "v")
	v := d.view()
	if !strings.Contains(v, "╔═ ! AccessDenied") || !strings.Contains(v, "FIRING denied >= 1 per 1m") {
		t.Fatalf("AccessDenied not highlighted:\n%s", v)
	}
	if strings.Contains(v, "! spikes") {
		t.Fatalf("spikes highlighted without a spike:\n%s", v)
	}
}

func threeStreams() []analyze.StreamSnapshot {
	web, trail := webStream(), trailStream()
	flow := analyze.StreamSnapshot{
		Name: "vpc-flow", Format: "vpcflow", Lines: 1000, Parsed: 990, Unparsed: 10, Events: 990, Failures: 44,
		Rate: []float64{5, 9}, Sampled: true,
		Spikes: []analyze.Spike{{Kind: "errors", Start: t0.Add(-5 * time.Second), Active: true, Peak: 40, Ratio: 8}},
		Alerts: []analyze.Alert{{Rule: "failures > 10 per 1m", Firing: true, Value: 44, Threshold: 10, Since: t0.Add(-3 * time.Second), Fired: 1}},
	}
	return []analyze.StreamSnapshot{web, trail, flow}
}

func TestOverviewThreeStreams(t *testing.T) {
	p := newFake(threeStreams()...)
	d := newDriver(t, p, plainOptions(), 120, 40)
	if v := d.view(); !strings.Contains(v, "[access.log]") || !strings.Contains(v, " overview ") {
		t.Fatalf("tabs:\n%s", v)
	}
	d.keys("o")
	v := d.view()
	lines := strings.Split(v, "\n")
	if !strings.Contains(lines[0], "[overview]") {
		t.Fatalf("o did not select the overview tab: %q", lines[0])
	}
	row := func(name string) string {
		for _, l := range lines {
			if strings.Contains(l, name) && strings.Contains(l, "┃") {
				return l
			}
		}
		t.Fatalf("no overview row for %s:\n%s", name, v)
		return ""
	}
	fields := func(s string) string { return strings.Join(strings.Fields(strings.Trim(s, "┃▸")), " ") }
	for name, want := range map[string]string{
		"access.log": "access.log combined 13 52298 812 0 900 0.0% 2 ok",
		"cloudtrail": "cloudtrail␛]0;pwned␇ cloudtrail 1.0 900 20 20 0 0.0% - ok",
		"vpc-flow":   "vpc-flow vpcflow 9.0 990 44 0 0 1.0% 1 active 1 firing SAMPLED",
	} {
		if got := fields(row(name)); got != want {
			t.Errorf("overview row %q, want %q", got, want)
		}
	}
	if !strings.Contains(v, "SAMPLED") || !strings.Contains(lines[0], "SAMPLED") {
		t.Fatalf("no SAMPLED marker:\n%s", v)
	}
	if !strings.Contains(v, "!! ALERT failures > 10 per 1m · vpc-flow · 44 > 10") {
		t.Fatalf("banner:\n%s", v)
	}
	// The sources' health is under the streams.
	if !strings.Contains(v, "ExpiredTokenException") || !strings.Contains(v, "└ /var/log/nginx/access.log.1") {
		t.Fatalf("sources under the overview:\n%s", v)
	}
	// enter on the third row opens that stream.
	d.keys("j", "j", "enter")
	v = d.view()
	if !strings.Contains(strings.Split(v, "\n")[0], "[vpc-flow]") || !strings.Contains(v, "! spikes") {
		t.Fatalf("enter on vpc-flow:\n%s", v)
	}
	// ] from the last stream comes back to the overview, then the first.
	d.keys("]")
	if !strings.Contains(strings.Split(d.view(), "\n")[0], "[overview]") {
		t.Fatal("] from the last stream: no overview")
	}
	d.keys("]")
	if !strings.Contains(strings.Split(d.view(), "\n")[0], "[access.log]") {
		t.Fatal("] from the overview: not the first stream")
	}
	requireInert(t, d.view())
}

// TestSourcesView: s shows every source and origin with its health; esc
// or s closes it.
func TestSourcesView(t *testing.T) {
	p := newFake(webStream())
	p.sources = append(p.sources, feed.Status{Name: "cwlogs://app", Kind: "cwlogs", State: "following", Lines: 10, Sampled: true})
	d := newDriver(t, p, plainOptions(), 120, 30)
	d.keys("s")
	v := d.view()
	for _, want := range []string{"ExpiredTokenException", "└ /var/log/nginx/access.log.1␛]0;pwned␇", "reconnecting", "SAMPLED"} {
		if !strings.Contains(v, want) {
			t.Fatalf("sources view lacks %q:\n%s", want, v)
		}
	}
	requireInert(t, v)
	if !strings.Contains(strings.Split(v, "\n")[0], "SAMPLED") {
		t.Fatal("a sampled source: no SAMPLED in the header")
	}
	d.keys("esc")
	if strings.Contains(d.view(), "ExpiredTokenException") {
		t.Fatal("esc did not close the sources view")
	}
}

// TestPaneTargets: what each pane's selected row drills into.
func TestPaneTargets(t *testing.T) {
	c := plainCommon()
	web, trail := webStream(), trailStream()
	denied := drillLevel{filter: analyze.Filter{Dim: analyze.DimDenied}}
	lv := func(d analyze.Dim, v string) drillLevel { return filterLevel(d, v) }
	for _, tc := range []struct {
		name  string
		p     pane
		s     *analyze.StreamSnapshot
		keys  int // j presses
		w, h  int
		want  []drillLevel
		wantQ func(analyze.Query) bool
	}{
		{name: "status class", p: newStatusPane(c), s: &web, w: 60, h: 12, want: []drillLevel{lv(analyze.DimClass, "2xx")}},
		{name: "status code", p: newStatusPane(c), s: &web, keys: 5, w: 60, h: 12, want: []drillLevel{lv(analyze.DimStatus, "304")}},
		{name: "target", p: newTopPane(c, targetDim), s: &web, keys: 1, w: 60, h: 12, want: []drillLevel{lv(analyze.DimTarget, web.Top.Target[1].Key)}},
		{name: "denied total", p: newDeniedPane(c), s: &trail, w: 80, h: 12, want: []drillLevel{denied}},
		{name: "denied principal", p: newDeniedPane(c), s: &trail, keys: 1, w: 80, h: 12, want: []drillLevel{denied, lv(analyze.DimActor, trail.DeniedDetail.ByPrincipal[0].Key)}},
		{name: "denied action", p: newDeniedPane(c), s: &trail, keys: 2, w: 80, h: 12, want: []drillLevel{denied, lv(analyze.DimTarget, "iam.amazonaws.com:CreateUser")}},
		{name: "denied ip", p: newDeniedPane(c), s: &trail, keys: 3, w: 80, h: 12, want: []drillLevel{denied, lv(analyze.DimText, "198.51.100.77")}},
		{name: "denied ip stacked", p: newDeniedPane(c), s: &trail, keys: 5, w: 40, h: 20, want: []drillLevel{denied, lv(analyze.DimText, "198.51.100.77")}},
		{name: "unauthorized", p: newDeniedPane(c), s: &web, keys: 1, w: 80, h: 12, want: []drillLevel{lv(analyze.DimUnauthorized, "")}},
		{name: "alert 5xx", p: newAlertsPane(c), s: &web, w: 80, h: 6, want: []drillLevel{lv(analyze.DimClass, "5xx")}},
		{name: "alert denied", p: newAlertsPane(c), s: &trail, w: 80, h: 6, want: []drillLevel{denied}},
		{name: "alert rate", p: newAlertsPane(c), s: &web, keys: 1, w: 80, h: 6, wantQ: func(q analyze.Query) bool { return len(q.Filters) == 0 }},
		{name: "spike", p: newSpikesPane(c), s: &web, w: 80, h: 10, wantQ: func(q analyze.Query) bool {
			return reflect.DeepEqual(q.Filters, []analyze.Filter{actorFilter}) && q.From.Equal(web.Spikes[0].Start) && q.To.Equal(web.Spikes[0].End)
		}},
		{name: "errors spike", p: newSpikesPane(c), s: &web, keys: 1, w: 80, h: 10, wantQ: func(q analyze.Query) bool {
			return reflect.DeepEqual(q.Filters, []analyze.Filter{{Dim: analyze.DimFailure}, {Dim: analyze.DimActor, Value: "192.0.2.1"}}) && q.From.Equal(web.Spikes[1].Start)
		}},
		{name: "tail", p: newTailPane(c), s: &web, w: 80, h: 6, wantQ: func(q analyze.Query) bool { return len(q.Filters) == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.p.SetStream(tc.s)
			tc.p.SetSize(tc.w, tc.h)
			tc.p.Focus()
			for range tc.keys {
				tc.p.Update(press("j"))
				tc.p.View()
			}
			got, ok := tc.p.Target()
			if !ok {
				t.Fatal("no target")
			}
			if tc.want != nil && !reflect.DeepEqual(got.levels, tc.want) {
				t.Fatalf("levels %+v, want %+v", got.levels, tc.want)
			}
			if tc.wantQ != nil && !tc.wantQ(query("s", got.levels, 0, 10)) {
				t.Fatalf("query %+v", query("s", got.levels, 0, 10))
			}
		})
	}
	// No rows, no target.
	for _, p := range []pane{newTopPane(c, actorDim), newStatusPane(c), newSpikesPane(c), newAlertsPane(c)} {
		p.SetStream(&analyze.StreamSnapshot{})
		p.SetSize(40, 8)
		if _, ok := p.Target(); ok {
			t.Errorf("%T: a target without rows", p)
		}
	}
}

// TestWarRoomResize: every view keeps to the screen at every size.
func TestWarRoomResize(t *testing.T) {
	p := newFake(threeStreams()...)
	sizes := [][2]int{{80, 24}, {120, 40}, {200, 60}, {100, 30}, {60, 20}, {59, 24}, {40, 12}, {20, 8}, {10, 3}, {1, 1}, {0, 0}, {130, 12}, {120, 18}}
	for _, keys := range [][]string{{"v"}, {"o"}, {"s"}, {"enter"}, {"enter", "p"}, {"enter", "enter"}, {"enter", "/", "x"}, {"]", "]", "v", "tab", "enter", "p"}} {
		d := newDriver(t, p, plainOptions(), 80, 24)
		d.keys(keys...)
		for _, sz := range sizes {
			d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := d.view()
			requireFits(t, v, sz[0], sz[1])
			requireInert(t, v)
			if c := d.m.View().Cursor; c != nil && (c.X >= sz[0] || c.Y >= sz[1] || c.X < 0 || c.Y < 0) {
				t.Fatalf("%v %v: cursor at %d,%d off screen", keys, sz, c.X, c.Y)
			}
		}
	}
}

// TestPageKey: v switches pages at 80x24, and is not offered where every
// pane is on screen.
func TestPageKey(t *testing.T) {
	d := newDriver(t, newFake(webStream()), plainOptions(), 80, 24)
	if v := d.view(); !strings.Contains(v, "v incidents") || strings.Contains(v, "AccessDenied") {
		t.Fatalf("traffic page:\n%s", v)
	}
	d.keys("v")
	if v := d.view(); !strings.Contains(v, "v traffic") || !strings.Contains(v, "AccessDenied") || strings.Contains(v, "clients") {
		t.Fatalf("incidents page:\n%s", v)
	}
	if got := d.model().focus; got != paneSpikes {
		t.Fatalf("focus %d after switching, want the spikes", got)
	}
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := d.view(); strings.Contains(v, "v traffic") || !strings.Contains(v, "clients") || !strings.Contains(v, "AccessDenied") {
		t.Fatalf("120x40 should show every pane and not offer v:\n%s", v)
	}
}

// TestDrillPrettyHolds: the line shown in full stays the same while lines
// arrive; back in the list, the arrivals are counted.
func TestDrillPrettyHolds(t *testing.T) {
	p := newFake(webStream(), trailStream())
	d := newDriver(t, p, plainOptions(), 80, 24)
	d.keys("enter", "p")
	if v := d.view(); !strings.Contains(v, "#11 · ") || !strings.Contains(v, "actor=203.0.113.7 › line") {
		t.Fatalf("detail of the newest line:\n%s", v)
	}
	p.arrive("access.log", arrivals(13, 2, "203.0.113.7")...)
	d.send(tickMsg{})
	if v := d.view(); !strings.Contains(v, "#11 · ") {
		t.Fatalf("the detail moved to an arrival:\n%s", v)
	}
	d.keys("esc")
	if v := d.view(); !strings.Contains(v, "2 new lines ↓") || !strings.Contains(v, "actor=203.0.113.7 ") {
		t.Fatalf("back from the detail:\n%s", v)
	}
}

// TestWarRoomHostileColor: with a color theme, every war-room view puts no
// escape sequence on screen but the theme's own SGR, alerts firing or not.
func TestWarRoomHostileColor(t *testing.T) {
	dark, _ := themes.Get("dark")
	for _, fire := range []bool{false, true} {
		for _, keys := range [][]string{{"v"}, {"o"}, {"s"}, {"enter"}, {"enter", "enter"}, {"j", "j", "enter", "p"}, {"]", "v", "tab", "enter", "up", "p"}, {"]", "v", "tab", "enter", "p"}} {
			for _, sz := range [][2]int{{80, 24}, {120, 40}} {
				p := newFake(threeStreams()...)
				if fire {
					firing(p)
				}
				d := newDriver(t, p, Options{Theme: dark, Now: plainOptions().Now}, sz[0], sz[1])
				d.keys(keys...)
				v := d.view()
				requireInert(t, v)
				requireFits(t, v, sz[0], sz[1])
				if !strings.Contains(v, "\x1b[") {
					t.Fatalf("%v: dark theme rendered no style", keys)
				}
			}
		}
	}
}
