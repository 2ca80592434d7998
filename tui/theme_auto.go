package tui

import tea "charm.land/bubbletea/v2"

// An automatic theme (themes.Theme.Auto: no --theme, or "auto") starts as
// "dark" and follows what the terminal reports: its background color, which
// the program asks for at start (a terminal that does not answer leaves the
// theme dark), and its color profile, which bubbletea sends by itself. The
// themes package decides what each report means; the screen only asks and
// redraws.

// requestBackground asks the terminal for its background color when the
// theme follows it; nil otherwise, so that a named theme sends no query.
func (m *Model) requestBackground() tea.Cmd {
	if m.opts.Theme.Auto {
		return tea.RequestBackgroundColor
	}
	return nil
}

// followTerminal applies a terminal report (tea.BackgroundColorMsg,
// tea.ColorProfileMsg) to an automatic theme, swapping the styles when the
// theme changes. It reports whether msg was such a report.
func (m *Model) followTerminal(msg tea.Msg) bool {
	t := m.opts.Theme
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		t = t.WithBackground(msg.IsDark())
	case tea.ColorProfileMsg:
		t = t.WithProfile(msg.Profile)
	default:
		return false
	}
	if t.Name != m.opts.Theme.Name {
		m.SetTheme(t)
	} else {
		// Same styles; remember the report for the next one.
		m.opts.Theme = t
	}
	return true
}
