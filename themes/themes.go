// Package themes owns tailtop's named style sets: one Styles value of
// lipgloss styles and glyphs that every pane draws with, the built-in themes
// ("dark", the default, "light", "mono" and "plain"), and the NO_COLOR
// convention. A theme is a plain value: swapping themes is assigning a
// different Styles, and a later theme file only has to fill the same struct.
package themes

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// Theme is a named set of styles.
type Theme struct {
	Name   string
	Styles Styles
}

// builtin maps a theme name to its constructor. Constructors, not values, so
// that callers can never mutate a shared theme.
var builtin = map[string]func() Styles{
	"dark":  darkStyles,
	"light": lightStyles,
	"mono":  monoStyles,
	"plain": plainStyles,
}

// Names returns the names of the built-in themes, sorted.
func Names() []string {
	names := make([]string, 0, len(builtin))
	for n := range builtin {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Get returns the built-in theme of that name (case-insensitive).
func Get(name string) (Theme, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "monochrome" {
		n = "mono"
	}
	mk, ok := builtin[n]
	if !ok {
		return Theme{}, fmt.Errorf("themes: unknown theme %q (have %s)", name, strings.Join(Names(), ", "))
	}
	return Theme{Name: n, Styles: mk()}, nil
}

// Default returns the default theme: "dark", or "mono" when the NO_COLOR
// environment variable is set to a non-empty value (https://no-color.org).
func Default() Theme {
	if NoColor() {
		return Monochrome()
	}
	return Theme{Name: "dark", Styles: darkStyles()}
}

// NoColor reports whether the user asked for no colors through NO_COLOR.
func NoColor() bool {
	return os.Getenv("NO_COLOR") != ""
}

// Monochrome returns the theme without colors: emphasis through bold,
// reverse and border shapes only.
func Monochrome() Theme {
	return Theme{Name: "mono", Styles: monoStyles()}
}

// Plain returns the theme without any text attributes at all: its output
// holds no escape sequences, which makes it the theme of golden tests and of
// terminals that understand nothing (TERM=dumb).
func Plain() Theme {
	return Theme{Name: "plain", Styles: plainStyles()}
}

// ForColor returns t, or Monochrome when NO_COLOR is set: an explicitly
// chosen color theme still honours the user's NO_COLOR.
func ForColor(t Theme) Theme {
	if NoColor() && t.Name != "plain" {
		return Monochrome()
	}
	return t
}
