package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// TestRemapKeyActionsStable: the action names are a contract with users'
// config files; each is unique and binds something.
func TestRemapKeyActionsStable(t *testing.T) {
	names := KeyActions()
	for _, want := range []string{"quit", "help", "pause", "window", "filter", "drill", "copy", "mouse", "up", "down", "back", "pretty"} {
		if !slices.Contains(names, want) {
			t.Errorf("KeyActions lacks %q: %v", want, names)
		}
	}
	seen := map[string]bool{}
	k := DefaultKeyMap()
	for _, n := range names {
		if seen[n] {
			t.Errorf("action %q listed twice", n)
		}
		seen[n] = true
		a, _ := findAction(n)
		for _, b := range a.bindings(&k) {
			if len(b.Keys()) == 0 {
				t.Errorf("action %q has an unbound binding by default", n)
			}
		}
	}
	// The defaults themselves have no conflict.
	if err := k.conflicts(); err != nil {
		t.Fatalf("default keymap: %v", err)
	}
}

// TestRemapParseKeyRoundTrip: every valid key name parses to the press
// whose String() bubbletea would report as that name; that is what
// key.Matches compares.
func TestRemapParseKeyRoundTrip(t *testing.T) {
	for _, s := range []string{"q", "G", "?", "/", "[", "+", "é", "ctrl+q", "ctrl+alt+x", "alt+shift+up", "shift+tab",
		"enter", "esc", "space", "tab", "backspace", "pgup", "pgdown", "home", "end", "delete", "f1", "f12", "ctrl++", "super+k"} {
		k, err := parseKey(s)
		if err != nil {
			t.Errorf("parseKey(%q): %v", s, err)
			continue
		}
		if got := k.String(); got != s {
			t.Errorf("parseKey(%q).String() = %q", s, got)
		}
		if !key.Matches(k, key.NewBinding(key.WithKeys(s))) {
			t.Errorf("%q does not match its own binding", s)
		}
	}
	// The defaults are all valid names.
	k := DefaultKeyMap()
	for _, n := range KeyActions() {
		a, _ := findAction(n)
		for _, b := range a.bindings(&k) {
			for _, s := range b.Keys() {
				if _, err := parseKey(s); err != nil {
					t.Errorf("default key %q of %s: %v", s, n, err)
				}
			}
		}
	}
}

func TestRemapParseKeyInvalid(t *testing.T) {
	for s, why := range map[string]string{
		"":             "empty",
		"Enter":        "unknown key name",
		"foo":          "unknown key name",
		"ctlr+x":       "unknown modifier",
		"shift+ctrl+a": "order",
		" ":            "space",
		"\x1b":         "printable",
		"ctrl+":        "invalid key",
		"ctrl+x+":      "invalid key",
	} {
		_, err := parseKey(s)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("parseKey(%q) = %v, want an error about %s", s, err, why)
		}
	}
}

// TestRemapApplies: remapped keys drive the program, the old ones stop,
// and the help shows the new ones.
func TestRemapApplies(t *testing.T) {
	k := DefaultKeyMap()
	err := k.Remap(map[string][]string{
		"quit":   {"x", "ctrl+q"},
		"down":   {"n"},
		"window": {"f1", "f2", "f3", "f4"},
		"copy":   {}, // unbound
	})
	if err != nil {
		t.Fatal(err)
	}
	if k.Quit.Help().Key != "x/ctrl+q" || k.DrillDown.Quit.Help().Key != "x/ctrl+q" {
		t.Fatalf("quit help %q / %q", k.Quit.Help().Key, k.DrillDown.Quit.Help().Key)
	}
	if k.Copy.Enabled() {
		t.Fatal("copy = [] left copy enabled")
	}
	p := newFake(webStream())
	opts := plainOptions()
	opts.Keys = &k
	d := newDriver(t, p, opts, 80, 24)

	// The window keys follow their order: f3 is the third window.
	d.send(mustKey(t, "f3"))
	if got := p.lastCall().Window; got != 15*time.Minute {
		t.Fatalf("f3 chose window %v", got)
	}
	// n moves down, j no longer does.
	d.keys("j")
	if d.model().top.cur.sel != 0 {
		t.Fatal("j still moves down after down was remapped")
	}
	d.keys("n")
	if d.model().top.cur.sel != 1 {
		t.Fatal("n does not move down")
	}
	// q no longer quits; x does.
	if cmd := d.send(press("q")); cmd != nil && isQuit(cmd) {
		t.Fatal("q still quits")
	}
	if cmd := d.send(press("x")); cmd == nil || !isQuit(cmd) {
		t.Fatal("x does not quit")
	}
	// The help screen shows the new keys and leaves copy out.
	d.keys("?")
	v := d.view()
	if !strings.Contains(v, "x/ctrl+q quit") && !strings.Contains(v, "x/ctrl+q") {
		t.Fatalf("help does not show the new quit keys:\n%s", v)
	}
	if strings.Contains(v, " copy ") {
		t.Fatalf("help shows the unbound copy:\n%s", v)
	}
}

func isQuit(cmd tea.Cmd) bool {
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func mustKey(t *testing.T, s string) tea.KeyPressMsg {
	t.Helper()
	k, err := parseKey(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestRemapErrors: each mistake is named, and a failed Remap changes
// nothing.
func TestRemapErrors(t *testing.T) {
	for _, tc := range []struct {
		table map[string][]string
		want  string
	}{
		{map[string][]string{"qiut": {"x"}}, `unknown action "qiut"`},
		{map[string][]string{"quit": {"Ctrl+x"}}, `quit: invalid key "Ctrl+x"`},
		{map[string][]string{"quit": {"x", "x"}}, `listed twice`},
		{map[string][]string{"window": {"1", "2"}}, `takes 4 keys`},
		{map[string][]string{"pause": {"ctrl+c"}}, `ctrl+c always quits`},
		// Two actions read in the same place may not share a key ...
		{map[string][]string{"quit": {"s"}}, `"s" is bound to both quit and sources in the panes`},
		{map[string][]string{"copy": {"p"}}, `"p" is bound to both copy and pretty in the drill-down`},
		{map[string][]string{"up": {"j"}}, `"j" is bound to both up and down`},
	} {
		k := DefaultKeyMap()
		err := k.Remap(tc.table)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Remap(%v) = %v, want %q", tc.table, err, tc.want)
			continue
		}
		def := DefaultKeyMap()
		if !slices.Equal(k.Quit.Keys(), def.Quit.Keys()) || !slices.Equal(k.Copy.Keys(), def.Copy.Keys()) ||
			!slices.Equal(k.Scroll.Up.Keys(), def.Scroll.Up.Keys()) || !slices.Equal(k.Pause.Keys(), def.Pause.Keys()) {
			t.Errorf("failed Remap(%v) changed the keymap", tc.table)
		}
	}
	// ... but actions of different places may (esc is back in the
	// drill-down and clears the filter among the panes), and a swap done
	// in one table is no conflict.
	k := DefaultKeyMap()
	if err := k.Remap(map[string][]string{"pretty": {"s"}, "up": {"j"}, "down": {"k"}}); err != nil {
		t.Fatalf("a drill-only key shared with a pane key, and a swap: %v", err)
	}
}

// TestRemapActionsDocumented: the README lists every action a [keys]
// table may name.
func TestRemapActionsDocumented(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range KeyActions() {
		if !strings.Contains(string(b), "`"+a+"`") {
			t.Errorf("README does not document the key action %q", a)
		}
	}
}
