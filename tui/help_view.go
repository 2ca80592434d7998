package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// helpView is the full help screen `?` opens over whatever is shown: the
// FullHelp groups of the keymaps that apply there, laid out in as many
// columns as the width holds, and what the mouse does. It scrolls when
// taller than the screen; ? or esc closes it.
type helpView struct {
	box
	keys     HelpKeyMap
	help     help.Model
	sections []helpSection
	scroll   scroller
	shown    bool
}

// helpSection is a titled block of the help screen.
type helpSection struct {
	title  string
	groups [][]key.Binding
}

func newHelpView(c *common) *helpView {
	h := help.New()
	// Two cells between columns: the program's four columns fit 80 cells
	// inside the frame.
	h.FullSeparator = "  "
	return &helpView{box: box{c: c, focused: true}, keys: newHelpKeyMap(c.keys), help: h}
}

// open shows the help for sections, from the top.
func (v *helpView) open(sections ...helpSection) {
	v.sections, v.shown, v.scroll = sections, true, scroller{}
	v.keys = newHelpKeyMap(v.c.keys)
}

func (v *helpView) close() { v.shown = false }

// HelpKeyMap is what the help screen answers to: the help key or esc
// closes it, the scroll keys scroll it.
type HelpKeyMap struct {
	Close  key.Binding
	Quit   key.Binding
	Scroll ScrollKeyMap
}

// newHelpKeyMap derives the help screen's keys from the program's, so
// that a remapped help or scroll key works here too.
func newHelpKeyMap(k KeyMap) HelpKeyMap {
	closeKeys := append(append([]string(nil), k.Help.Keys()...), "esc")
	label := "esc"
	if h := k.Help.Help().Key; h != "" {
		label = h + "/esc"
	}
	return HelpKeyMap{
		Close:  key.NewBinding(key.WithKeys(closeKeys...), key.WithHelp(label, "close help")),
		Quit:   k.Quit,
		Scroll: k.Scroll,
	}
}

// ShortHelp is the help bar while the help screen is shown.
func (k HelpKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Close, k.Scroll.Up, k.Scroll.Down, k.Scroll.PageDown, k.Quit}
}

// FullHelp is ShortHelp in one column.
func (k HelpKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// mouseHelp describes the mouse in the help screen's layout. Its bindings
// are never matched against key presses: they only carry the help text.
func mouseHelp(drill bool) [][]key.Binding {
	b := func(k, desc string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, desc)) }
	if drill {
		return [][]key.Binding{{
			b("click", "select the line"),
			b("double-click", "add a filter (as enter)"),
			b("wheel", "scroll the lines"),
		}}
	}
	return [][]key.Binding{{
		b("click", "focus the pane, select the row"),
		b("double-click", "drill down (as enter)"),
		b("wheel", "scroll what is under the pointer"),
	}}
}

// Update scrolls for a scroll key and reports whether msg was one.
func (v *helpView) Update(msg tea.KeyPressMsg) bool {
	return v.scroll.update(msg, v.keys.Scroll, len(v.rows()), v.visible())
}

// visible is the number of body rows inside the border.
func (v *helpView) visible() int {
	_, h := v.inner()
	return h
}

// rows renders every section, the columns of each wrapped to the inner
// width.
func (v *helpView) rows() []string {
	w, _ := v.inner()
	st := v.c.styles
	v.help.Styles = helpStyles(st)
	var out []string
	for i, s := range v.sections {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, st.Title.Render(s.title))
		out = append(out, helpColumns(v.help, s.groups, w)...)
	}
	return out
}

// helpColumns lays groups out side by side, as many per row as fit in
// width, the rest on further rows: at 80 cells the program's four columns
// sit side by side, on a narrow screen they stack instead of being cut.
func helpColumns(h help.Model, groups [][]key.Binding, width int) []string {
	var out []string
	for len(groups) > 0 {
		n := len(groups)
		block := h.FullHelpView(groups)
		for n > 1 && lipgloss.Width(block) > width {
			n--
			block = h.FullHelpView(groups[:n])
		}
		groups = groups[n:]
		if block == "" {
			continue
		}
		for _, l := range strings.Split(block, "\n") {
			out = append(out, fit(strings.TrimRight(l, " "), width))
		}
	}
	return out
}

func (v *helpView) View() string {
	rows := v.rows()
	n := v.visible()
	from, to := v.scroll.window(len(rows), n)
	return v.frame("help", position(from, to, len(rows)), rows[from:to])
}

// helpSections are the sections the help screen shows now: the
// drill-down's keys and those that also work there when one is open, else
// the program's; then the mouse (while it is captured).
func (m *Model) helpSections() []helpSection {
	var out []helpSection
	if m.drill.open() {
		// Only what works in the drill-down: its own keys, then those
		// read everywhere (the pane keys would mislead here).
		k := m.c.keys
		out = append(out,
			helpSection{title: "drill-down", groups: m.drill.keys.FullHelp()},
			helpSection{title: "also", groups: [][]key.Binding{{k.Window, k.CycleWindow, k.Copy}, {k.Mouse, k.Help}}})
	} else {
		out = append(out, helpSection{title: "keys", groups: m.c.keys.FullHelp()})
	}
	if !m.mouse.off {
		out = append(out, helpSection{title: "mouse", groups: mouseHelp(m.drill.open())})
	}
	return out
}

// openHelp shows the help screen.
func (m *Model) openHelp() {
	m.helpView.open(m.helpSections()...)
	m.relayout()
}

// helpKey handles a key while the help screen is shown.
func (m *Model) helpKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.helpView.keys
	switch {
	case key.Matches(msg, k.Close):
		m.helpView.close()
		m.relayout()
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, m.c.keys.Mouse):
		m.toggleMouse()
		m.helpView.open(m.helpSections()...) // the mouse section comes or goes
	default:
		m.helpView.Update(msg)
	}
	return nil
}
