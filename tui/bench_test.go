package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

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
