package tui

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Key remapping: the config file's [keys] table names actions and the keys
// that trigger them (`quit = ["q", "ctrl+q"]`). The action names are a
// stable contract: they are what users write, so they never follow a
// rename of a field.

// keyContext is where a key is read: two actions of one context may not
// share a key, actions of different contexts may (esc clears the filter
// among the panes and goes back in the drill-down).
type keyContext int

const (
	ctxPanes keyContext = 1 << iota
	ctxDrill
)

func (c keyContext) String() string {
	if c == ctxDrill {
		return "the drill-down"
	}
	return "the panes"
}

// keyAction is one remappable action: its bindings (every copy of it, so
// that the drill-down's help stays equal to the panes') and the contexts it
// is read in.
type keyAction struct {
	name     string
	contexts keyContext
	bindings func(k *KeyMap) []*key.Binding
	// count, when set, is the exact number of keys the action takes (the
	// windows: one key per window, in order).
	count int
}

// keyActions are the actions in the order KeyActions lists them.
var keyActions = []keyAction{
	{name: "quit", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Quit, &k.DrillDown.Quit} }},
	{name: "help", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Help, &k.DrillDown.Help} }},
	{name: "pause", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Pause, &k.DrillDown.Pause} }},
	{name: "window", contexts: ctxPanes | ctxDrill, count: len(windows), bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Window} }},
	{name: "cycle-window", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.CycleWindow} }},
	{name: "copy", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Copy} }},
	{name: "mouse", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Mouse} }},
	{name: "next-pane", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.NextPane} }},
	{name: "prev-pane", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.PrevPane} }},
	{name: "drill", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Drill} }},
	{name: "filter", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Filter} }},
	{name: "clear-filter", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.ClearFilter} }},
	{name: "unparsed", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Unparsed} }},
	{name: "next-stream", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.NextStream} }},
	{name: "prev-stream", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.PrevStream} }},
	{name: "overview", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Overview} }},
	{name: "sources", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Sources} }},
	{name: "page", contexts: ctxPanes, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Page} }},
	{name: "up", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Scroll.Up, &k.DrillDown.Scroll.Up} }},
	{name: "down", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Scroll.Down, &k.DrillDown.Scroll.Down} }},
	{name: "page-up", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Scroll.PageUp, &k.DrillDown.Scroll.PageUp} }},
	{name: "page-down", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding {
		return []*key.Binding{&k.Scroll.PageDown, &k.DrillDown.Scroll.PageDown}
	}},
	{name: "top", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.Scroll.Top, &k.DrillDown.Scroll.Top} }},
	// In the drill-down the bottom is where new lines arrive: going there
	// follows them, so "bottom" and "follow" are one action.
	{name: "bottom", contexts: ctxPanes | ctxDrill, bindings: func(k *KeyMap) []*key.Binding {
		return []*key.Binding{&k.Scroll.Bottom, &k.DrillDown.Scroll.Bottom, &k.DrillDown.Follow}
	}},
	{name: "back", contexts: ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.DrillDown.Back} }},
	{name: "refine", contexts: ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.DrillDown.Refine} }},
	{name: "pretty", contexts: ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.DrillDown.Pretty} }},
	{name: "text-filter", contexts: ctxDrill, bindings: func(k *KeyMap) []*key.Binding { return []*key.Binding{&k.DrillDown.Text} }},
}

// KeyActions returns the names of the actions a key table may bind, in a
// stable order.
func KeyActions() []string {
	out := make([]string, len(keyActions))
	for i, a := range keyActions {
		out[i] = a.name
	}
	return out
}

func findAction(name string) (keyAction, bool) {
	for _, a := range keyActions {
		if a.name == name {
			return a, true
		}
	}
	return keyAction{}, false
}

// Remap binds the actions named in m to the keys given (an empty list
// unbinds an action), and leaves the others as they are. Key names are
// those bubbletea reports: "q", "G", "ctrl+d", "alt+x", "shift+tab",
// "enter", "space", "pgdown", "f5"; modifiers in the order ctrl, alt,
// shift, meta, hyper, super. An unknown action, an invalid key, a key
// listed twice, or a key that two actions would share where both are read
// is an error, and then nothing is changed.
func (k *KeyMap) Remap(m map[string][]string) error {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	next := *k
	for _, name := range names {
		a, ok := findAction(name)
		if !ok {
			return fmt.Errorf("keys: unknown action %q (actions: %s)", name, strings.Join(KeyActions(), ", "))
		}
		keys := m[name]
		if a.count > 0 && len(keys) != 0 && len(keys) != a.count {
			return fmt.Errorf("keys: %s takes %d keys, one per window (1m, 5m, 15m, 1h), not %d", name, a.count, len(keys))
		}
		for i, s := range keys {
			if _, err := parseKey(s); err != nil {
				return fmt.Errorf("keys: %s: %w", name, err)
			}
			if slices.Contains(keys[:i], s) {
				return fmt.Errorf("keys: %s: key %q listed twice", name, s)
			}
			if s == "ctrl+c" && name != "quit" {
				return fmt.Errorf("keys: %s: ctrl+c always quits", name)
			}
		}
		label := keyLabel(keys)
		if a.count > 0 && len(keys) == a.count && slices.Equal(keys, []string{"1", "2", "3", "4"}) {
			label = "1-4"
		}
		for _, b := range a.bindings(&next) {
			b.SetHelp(label, b.Help().Desc)
			if len(keys) == 0 {
				// Unbound: it matches nothing and the help leaves it out.
				b.SetKeys()
				b.SetEnabled(false)
				continue
			}
			b.SetKeys(keys...)
			b.SetEnabled(true)
		}
	}
	if err := next.conflicts(); err != nil {
		return err
	}
	*k = next
	return nil
}

// conflicts reports the first key two actions share in a context where
// both are read.
func (k *KeyMap) conflicts() error {
	for _, ctx := range []keyContext{ctxPanes, ctxDrill} {
		owner := map[string]string{}
		for _, a := range keyActions {
			if a.contexts&ctx == 0 {
				continue
			}
			for _, s := range a.bindings(k)[0].Keys() {
				if o, ok := owner[s]; ok && o != a.name {
					return fmt.Errorf("keys: %q is bound to both %s and %s in %s", s, o, a.name, ctx)
				}
				owner[s] = a.name
			}
		}
	}
	return nil
}

// keyLabel is what the help shows for keys: the first two, arrows drawn.
func keyLabel(keys []string) string {
	arrows := map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→", "pgdown": "pgdn"}
	parts := make([]string, 0, 2)
	for _, s := range keys[:min(len(keys), 2)] {
		if a, ok := arrows[s]; ok {
			s = a
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "/")
}

type keyModifier struct {
	name string
	mod  tea.KeyMod
}

// keyModifiers are the modifier prefixes in the order bubbletea writes
// them: a key name with them in another order would never match.
var keyModifiers = []keyModifier{
	{"ctrl", tea.ModCtrl}, {"alt", tea.ModAlt}, {"shift", tea.ModShift},
	{"meta", tea.ModMeta}, {"hyper", tea.ModHyper}, {"super", tea.ModSuper},
}

// namedKeys maps the names bubbletea gives special keys ("enter", "pgup",
// "f5") to their codes; it is built from bubbletea itself so that it
// names exactly what a key press reports.
var namedKeys = func() map[string]rune {
	names := map[string]rune{}
	add := func(c rune) {
		n := tea.Key{Code: c}.Keystroke()
		if _, dup := names[n]; dup || utf8.RuneCountInString(n) < 2 {
			return
		}
		for _, r := range n {
			if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return
			}
		}
		names[n] = c
	}
	for _, c := range []rune{tea.KeyEnter, tea.KeyTab, tea.KeyBackspace, tea.KeyEscape, tea.KeySpace} {
		add(c)
	}
	// The special keys follow KeyExtended; their count is far below 512.
	for c := tea.KeyExtended + 1; c < tea.KeyExtended+512; c++ {
		add(c)
	}
	return names
}()

// parseKey returns the key press whose String() is s, or why no key press
// ever reports s.
func parseKey(s string) (tea.KeyPressMsg, error) {
	if s == "" {
		return tea.KeyPressMsg{}, errors.New("empty key name")
	}
	base, prefix := s, ""
	if i := strings.LastIndex(s, "+"); i >= 0 && i < len(s)-1 {
		base, prefix = s[i+1:], s[:i+1]
	} else if i == len(s)-1 && len(s) > 1 {
		// "ctrl++": the key is the plus sign itself.
		base, prefix = "+", s[:len(s)-1]
		if !strings.HasSuffix(prefix, "+") {
			return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q", s)
		}
	}
	var mod tea.KeyMod
	next := 0
	for p := range strings.SplitSeq(strings.TrimSuffix(prefix, "+"), "+") {
		if prefix == "" {
			break
		}
		i := slices.IndexFunc(keyModifiers, func(m keyModifier) bool { return m.name == p })
		switch {
		case i < 0:
			return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q: unknown modifier %q (ctrl, alt, shift, meta, hyper, super)", s, p)
		case i < next:
			return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q: modifiers go in the order ctrl, alt, shift, meta, hyper, super", s)
		}
		mod |= keyModifiers[i].mod
		next = i + 1
	}
	if c, ok := namedKeys[base]; ok {
		k := tea.KeyPressMsg{Code: c, Mod: mod}
		if c == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k, nil
	}
	r, size := utf8.DecodeRuneInString(base)
	switch {
	case size != len(base):
		return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q: unknown key name %q", s, base)
	case r == ' ':
		return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q: write space as \"space\"", s)
	case r == utf8.RuneError || !unicode.IsGraphic(r):
		return tea.KeyPressMsg{}, fmt.Errorf("invalid key %q: not a printable character", s)
	}
	if mod == 0 {
		return tea.KeyPressMsg{Code: r, Text: base}, nil
	}
	return tea.KeyPressMsg{Code: r, Mod: mod}, nil
}

// pressFor is the key press of a binding's first key, for actions taken
// by other means than the keyboard (the mouse wheel scrolls as the scroll
// keys do); ok is false when the binding has no key.
func pressFor(b key.Binding) (tea.KeyPressMsg, bool) {
	if !b.Enabled() || len(b.Keys()) == 0 {
		return tea.KeyPressMsg{}, false
	}
	k, err := parseKey(b.Keys()[0])
	return k, err == nil
}
