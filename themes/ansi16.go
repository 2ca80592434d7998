package themes

import "charm.land/lipgloss/v2"

// ansi16Styles uses only the 16 ANSI colors (numbers 0-15), which every
// color terminal has and whose actual shades the terminal's own palette
// decides; plain text keeps the terminal's default foreground, so the theme
// reads on dark and light backgrounds alike. Its glyphs exist in the IBM PC
// (CP437) set that text consoles and old fonts still carry: no rounded
// corners, thick lines or eighth blocks.
func ansi16Styles() Styles {
	st := colorStyles(palette{
		fg: "", dim: "8", accent: "6", border: "8",
		focus: "3", bar: "6", spark: "5", bytes: "4",
		ok: "2", warn: "3", err: "1", tabBg: "",
		alertFg: "15",
	})
	// Emphasis that does not depend on how the palette is tuned.
	st.ActiveTab = lipgloss.NewStyle().Reverse(true).Bold(true)
	st.Match = lipgloss.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("3"))
	st.Glyphs = cp437Glyphs()
	return st
}

// cp437Glyphs are glyphs found in CP437, the character set of PC text
// consoles: light and double box lines, shade blocks, a triangle. As in
// mono, the focused pane and a firing alert's pane differ by shape too.
func cp437Glyphs() Glyphs {
	return Glyphs{
		PaneBorder:        lipgloss.NormalBorder(),
		FocusedPaneBorder: doubleRuleBorder(),
		AlertPaneBorder:   lipgloss.DoubleBorder(),
		BarFull:           "█",
		BarEmpty:          "░",
		Spark:             " ░▒▓█",
		Dot:               "•",
		Cursor:            "►",
		SpikeMark:         "▀",
	}
}

// doubleRuleBorder has double lines across and single lines down
// (╒═╕ │ ╘═╛): in CP437, and unlike both the plain and the double border.
func doubleRuleBorder() lipgloss.Border {
	b := lipgloss.NormalBorder()
	b.Top, b.Bottom = "═", "═"
	b.TopLeft, b.TopRight, b.BottomLeft, b.BottomRight = "╒", "╕", "╘", "╛"
	b.MiddleLeft, b.MiddleRight = "╞", "╡"
	return b
}
