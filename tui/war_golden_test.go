package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/tailtop/tailtop/analyze"
)

// firing makes the CloudTrail stream's denied rule fire.
func firing(p *fakeProvider) {
	a := &p.snap.Streams[1].Alerts[0]
	a.Firing, a.Since, a.Fired, a.Value = true, t0.Add(-40*time.Second), 1, 13
}

// activeSpike makes the web stream's latest spike go on.
func activeSpike(p *fakeProvider) {
	s := &p.snap.Streams[0]
	s.Spikes[0].Active, s.Spikes[0].End = true, time.Time{}
	s.SpikeMarks = spikeMarks(len(s.Rate), 101, len(s.Rate))
}

// TestWarRoomGolden renders the war-room screens: the incidents page, the
// overview and sources views, the alert banner, and the drill-down (the
// lines behind a row, filters stacked, a JSON line pretty-printed, hostile
// lines, the new-lines marker) at 80x24 and 120x40.
func TestWarRoomGolden(t *testing.T) {
	cases := []struct {
		name  string
		w, h  int
		setup func(*fakeProvider)
		keys  []string
		// then runs after the keys (arrivals).
		then func(*testing.T, *fakeProvider, *driver)
	}{
		{name: "80x24_incidents", w: 80, h: 24, keys: []string{"v"}},
		{name: "80x24_incidents_trail", w: 80, h: 24, keys: []string{"]", "v", "tab"}},
		{name: "80x24_incidents_active_spike", w: 80, h: 24, setup: activeSpike, keys: []string{"v"}},
		{name: "120x40_trail", w: 120, h: 40, keys: []string{"]"}},
		{name: "120x40_active_spike", w: 120, h: 40, setup: activeSpike},
		{name: "80x24_overview", w: 80, h: 24, keys: []string{"o"}},
		{name: "120x40_overview", w: 120, h: 40, keys: []string{"o"}},
		{name: "80x24_sources", w: 80, h: 24, keys: []string{"s"}},
		{name: "120x40_sources", w: 120, h: 40, keys: []string{"s"}},
		{name: "80x24_alert_banner", w: 80, h: 24, setup: firing},
		{name: "80x24_sampled", w: 80, h: 24, setup: func(p *fakeProvider) {
			p.snap.Streams[0].Sampled = true
			p.sources[1].Sampled = true
		}},
		{name: "120x40_alert_trail", w: 120, h: 40, setup: firing, keys: []string{"]"}},
		{name: "80x24_drill", w: 80, h: 24, keys: []string{"enter"}},
		{name: "120x40_drill", w: 120, h: 40, keys: []string{"enter"}},
		{name: "80x24_drill_chooser", w: 80, h: 24, keys: []string{"enter", "up", "enter"}},
		{name: "80x24_drill_stacked", w: 80, h: 24, keys: []string{"enter", "up", "enter", "right", "right", "enter"}},
		{name: "80x24_drill_hostile", w: 80, h: 24, keys: []string{"j", "j", "enter"}},
		{name: "120x40_drill_hostile", w: 120, h: 40, keys: []string{"j", "j", "enter"}},
		{name: "80x24_drill_pretty", w: 80, h: 24, keys: []string{"]", "v", "tab", "enter", "up", "p"}},
		{name: "120x40_drill_pretty", w: 120, h: 40, keys: []string{"]", "shift+tab", "shift+tab", "enter", "up", "p"}},
		{name: "80x24_drill_pretty_hostile", w: 80, h: 24, keys: []string{"]", "v", "tab", "enter", "p"}},
		{name: "80x24_drill_spike", w: 80, h: 24, keys: []string{"v", "enter"}},
		{name: "80x24_drill_new_lines", w: 80, h: 24, keys: []string{"enter", "up", "up"},
			then: func(t *testing.T, p *fakeProvider, d *driver) {
				p.arrive("access.log", arrivals(13, 5, "203.0.113.7")...)
				d.send(tickMsg{})
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := newFake(webStream(), trailStream())
			if tc.setup != nil {
				tc.setup(p)
			}
			d := newDriver(t, p, plainOptions(), tc.w, tc.h)
			d.keys(tc.keys...)
			if tc.then != nil {
				tc.then(t, p, d)
			}
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

// arrivals are n new lines of actor from Seq seq on.
func arrivals(seq uint64, n int, actor string) []analyze.TailLine {
	out := make([]analyze.TailLine, n)
	for i := range out {
		s := seq + uint64(i)
		out[i] = analyze.TailLine{Seq: s, Arrival: t0.Add(time.Duration(i+1) * time.Second), Parsed: true, Status: "200",
			Actor: actor, Target: "/new", Text: actor + ` - - "GET /new HTTP/1.1" 200 ` + string(rune('0'+i%10))}
	}
	return out
}
