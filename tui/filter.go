package tui

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// maxFilterRunes bounds the filter text.
const maxFilterRunes = 256

// filterPrompt precedes the filter text.
const filterPrompt = "/"

// filterInput is the `/` input of the tail pane: a one-line editor. While
// it is open every key edits it, except Apply (close, keep the text) and
// Cancel (close, clear). It is small on purpose: the bubbles textinput
// would pull in a clipboard package for a field that holds a few words.
type filterInput struct {
	keys    FilterKeyMap
	value   []rune
	pos     int // cursor, in runes
	editing bool
}

func newFilterInput() filterInput {
	return filterInput{keys: DefaultFilterKeyMap()}
}

// Open starts editing, the cursor at the end.
func (f *filterInput) Open() {
	f.editing = true
	f.pos = len(f.value)
}

// Clear empties the filter and stops editing.
func (f *filterInput) Clear() {
	f.value, f.pos, f.editing = nil, 0, false
}

// Editing reports whether the input is open.
func (f *filterInput) Editing() bool { return f.editing }

// Value is the filter text.
func (f *filterInput) Value() string { return string(f.value) }

// Update handles a message while editing.
func (f *filterInput) Update(msg tea.Msg) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(msg.Content)
	case tea.KeyPressMsg:
		k := f.keys
		switch {
		case key.Matches(msg, k.Apply):
			f.editing = false
		case key.Matches(msg, k.Cancel):
			f.Clear()
		case key.Matches(msg, k.Backspace):
			if f.pos > 0 {
				f.value = append(f.value[:f.pos-1], f.value[f.pos:]...)
				f.pos--
			}
		case key.Matches(msg, k.Delete):
			if f.pos < len(f.value) {
				f.value = append(f.value[:f.pos], f.value[f.pos+1:]...)
			}
		case key.Matches(msg, k.Left):
			f.pos = max(f.pos-1, 0)
		case key.Matches(msg, k.Right):
			f.pos = min(f.pos+1, len(f.value))
		case key.Matches(msg, k.Home):
			f.pos = 0
		case key.Matches(msg, k.End):
			f.pos = len(f.value)
		case key.Matches(msg, k.DeleteToStart):
			f.value = append(f.value[:0], f.value[f.pos:]...)
			f.pos = 0
		case key.Matches(msg, k.DeleteWord):
			start := f.pos
			for start > 0 && unicode.IsSpace(f.value[start-1]) {
				start--
			}
			for start > 0 && !unicode.IsSpace(f.value[start-1]) {
				start--
			}
			f.value = append(f.value[:start], f.value[f.pos:]...)
			f.pos = start
		default:
			f.insert(msg.Text)
		}
	}
}

// insert puts printable text at the cursor, within maxFilterRunes.
func (f *filterInput) insert(s string) {
	for _, r := range s {
		if len(f.value) >= maxFilterRunes {
			return
		}
		if !unicode.IsPrint(r) {
			continue
		}
		f.value = append(f.value, 0)
		copy(f.value[f.pos+1:], f.value[f.pos:])
		f.value[f.pos] = r
		f.pos++
	}
}

// View renders the prompt and the text in width cells, scrolled so that the
// cursor stays visible; it also returns the cursor column.
func (f *filterInput) View(width int, st themes.Styles) (string, int) {
	prompt, promptW := st.FilterPrompt.Render(filterPrompt), ansi.StringWidth(filterPrompt)
	avail := width - promptW - 1 // keep a cell for the cursor past the end
	if avail < 1 {
		return fit(prompt, width), min(promptW, max(width-1, 0))
	}
	if len(f.value) == 0 {
		return fit(prompt+st.Dim.Render(ansi.Truncate(f.keys.placeholder(), avail, "…")), width), promptW
	}
	shown := safe.Text(string(f.value))
	before := ansi.StringWidth(safe.Text(string(f.value[:f.pos])))
	if before > avail {
		cut := before - avail
		shown = ansi.TruncateLeft(shown, cut, "")
		before -= cut
	}
	return fit(prompt+st.TailLine.Render(ansi.Truncate(shown, avail, "")), width), promptW + before
}

// FilterKeyMap is what the filter input answers to while it is open.
type FilterKeyMap struct {
	Apply         key.Binding
	Cancel        key.Binding
	Backspace     key.Binding
	Delete        key.Binding
	Left          key.Binding
	Right         key.Binding
	Home          key.Binding
	End           key.Binding
	DeleteToStart key.Binding
	DeleteWord    key.Binding
}

// DefaultFilterKeyMap returns the default filter input bindings.
func DefaultFilterKeyMap() FilterKeyMap {
	return FilterKeyMap{
		Apply:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Backspace:     key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
		Delete:        key.NewBinding(key.WithKeys("delete", "ctrl+d")),
		Left:          key.NewBinding(key.WithKeys("left", "ctrl+b")),
		Right:         key.NewBinding(key.WithKeys("right", "ctrl+f")),
		Home:          key.NewBinding(key.WithKeys("home", "ctrl+a")),
		End:           key.NewBinding(key.WithKeys("end", "ctrl+e")),
		DeleteToStart: key.NewBinding(key.WithKeys("ctrl+u")),
		DeleteWord:    key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace")),
	}
}

func (k FilterKeyMap) placeholder() string {
	return "text the tail lines must hold (" + k.Apply.Help().Key + ": apply, " + k.Cancel.Help().Key + ": clear)"
}

// ShortHelp is the help bar while the input is open.
func (k FilterKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Apply, k.Cancel} }

// FullHelp is the same as ShortHelp: there is little more to say.
func (k FilterKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// filterMatch reports whether text holds filter, ignoring case: the rule the
// engine applies to the tail, applied here to the unparsed lines.
func filterMatch(text, filter string) bool {
	return filter == "" || strings.Contains(strings.ToLower(text), strings.ToLower(filter))
}
