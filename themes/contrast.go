package themes

import "charm.land/lipgloss/v2"

// highContrastStyles is for poor eyesight, washed-out projectors and bright
// rooms: pure, bright colors on the (assumed dark) terminal background, every
// one at least 7:1 against black (WCAG AAA; tested), bold wherever a number or
// a state has to be read at a glance, and text on a colored background only
// in black on a bright color.
func highContrastStyles() Styles {
	st := colorStyles(palette{
		fg: "#FFFFFF", dim: "#D7D7D7", accent: "#00FFFF", border: "#FFFFFF",
		focus: "#FFFF00", bar: "#00FFFF", spark: "#FF87FF", bytes: "#5FFF5F",
		ok: "#5FFF5F", warn: "#FFFF00", err: "#FF8787", tabBg: "#FFFFFF",
		alertFg: "#000000",
	})
	bold := func(s lipgloss.Style) lipgloss.Style { return s.Bold(true) }
	st.Key = bold(st.Key)
	st.OK = bold(st.OK)
	st.Warn = bold(st.Warn)
	st.FocusedBorder = bold(st.FocusedBorder)
	st.HelpKey = bold(st.HelpKey)
	st.Spike = bold(st.Spike)
	// White on a light tab background would vanish: black on white.
	st.ActiveTab = lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFFFF")).Bold(true)
	st.Paused = lipgloss.NewStyle().Foreground(lipgloss.Color("#000000")).Background(lipgloss.Color("#FFFF00")).Bold(true)
	return st
}
