package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
)

// BenchmarkFrame is the cost of one refresh with new data at 120x40 with
// the color theme: snapshot handling, layout and a full render.
func BenchmarkFrame(b *testing.B) {
	p := newFake(webStream(), trailStream())
	var m tea.Model = New(p, Options{Theme: themes.Default()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	b.ReportAllocs()
	for b.Loop() {
		p.version++
		m, _ = m.Update(tickMsg{})
		_ = m.View()
	}
}

// BenchmarkIdleTick is the cost of a tick when nothing changed: what the
// program pays four times a second while the logs are quiet.
func BenchmarkIdleTick(b *testing.B) {
	p := newFake(webStream(), trailStream())
	var m tea.Model = New(p, Options{Theme: themes.Default()})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = m.Update(tickMsg{})
	_ = m.View()
	b.ReportAllocs()
	for b.Loop() {
		m, _ = m.Update(tickMsg{})
		_ = m.View()
	}
}

// BenchmarkDrillFrame is the cost of one refresh of an open drill-down at
// 120x40 with the color theme: asking for the arrivals (ten a refresh),
// appending them to a full buffer and rendering the highlighted lines.
func BenchmarkDrillFrame(b *testing.B) {
	p := newFake(webStream(), trailStream())
	ring := make([]analyze.TailLine, 0, 2000)
	for i := range 2000 {
		ring = append(ring, arrivals(uint64(i+1), 1, "203.0.113.7")...)
	}
	p.ring["access.log"] = ring
	var m tea.Model = New(p, Options{Theme: themes.Default(), DrillLines: 1000})
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m, _ = m.Update(tickMsg{})
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	seq := uint64(len(ring))
	b.ReportAllocs()
	for b.Loop() {
		p.ring["access.log"] = append(p.ring["access.log"][:0], arrivals(seq+1, 10, "203.0.113.7")...)
		seq += 10
		p.version++
		m, _ = m.Update(tickMsg{})
		_ = m.View()
	}
}
