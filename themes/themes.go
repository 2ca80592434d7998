// Package themes owns tailtop's named style sets: one Styles value of
// lipgloss styles and glyphs that every pane draws with; the built-in themes
// ("dark", the default, "light", "high-contrast", "ansi16" for 16-color
// terminals, "mono" and "plain"); user themes read from TOML files in the
// user's config directory (see README.md and example.toml); and the choice
// of a theme from a name and the environment (NO_COLOR, CLICOLOR_FORCE,
// TERM=dumb, the terminal's background). A theme is a plain value: swapping
// themes is assigning a different Styles.
package themes

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// Theme is a named set of styles.
type Theme struct {
	Name   string
	Styles Styles
	// Auto marks a theme chosen automatically ("auto", the default): the
	// screen may replace it once the terminal reports its background
	// (WithBackground) and color profile (WithProfile).
	Auto bool
	// Path is the file a user theme was read from; empty for built-ins.
	Path string
	// Description is a line about the theme, shown by `tailtop themes`.
	Description string

	// What the terminal reported, for an automatic theme.
	autoLight   bool
	autoProfile colorprofile.Profile
}

// builtinTheme is a built-in theme's constructor and description.
// Constructors, not values, so that callers can never mutate a shared theme.
type builtinTheme struct {
	styles      func() Styles
	description string
}

var builtin = map[string]builtinTheme{
	"dark":          {darkStyles, "true colors for a dark background (the default)"},
	"light":         {lightStyles, "true colors for a light background"},
	"high-contrast": {highContrastStyles, "bright, bold colors on a dark background; every color at least 7:1 against black"},
	"ansi16":        {ansi16Styles, "only the 16 ANSI colors (the terminal's own palette) and CP437-safe glyphs, for old terminals and consoles"},
	"mono":          {monoStyles, "no colors: bold, underline, reverse and border shapes (what NO_COLOR gets)"},
	"plain":         {plainStyles, "no attributes at all, no escape sequences (what TERM=dumb gets)"},
}

// aliases are other spellings of built-in names.
var aliases = map[string]string{
	"monochrome":   "mono",
	"highcontrast": "high-contrast",
	"16color":      "ansi16",
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

// builtinName normalizes name to a built-in theme's name, or "".
func builtinName(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[n]; ok {
		n = a
	}
	if _, ok := builtin[n]; ok {
		return n
	}
	return ""
}

// Get returns the built-in theme of that name (case-insensitive).
func Get(name string) (Theme, error) {
	n := builtinName(name)
	if n == "" {
		return Theme{}, fmt.Errorf("themes: unknown theme %q (have %s)", name, strings.Join(Names(), ", "))
	}
	b := builtin[n]
	return Theme{Name: n, Styles: b.styles(), Description: b.description}, nil
}

// mustGet returns a built-in theme that is known to exist.
func mustGet(name string) Theme {
	t, err := Get(name)
	if err != nil {
		panic(err)
	}
	return t
}

// Default returns the default theme: "dark", or "mono" when the NO_COLOR
// environment variable is set to a non-empty value (https://no-color.org).
func Default() Theme {
	if NoColor() {
		return Monochrome()
	}
	return mustGet("dark")
}

// NoColor reports whether the user asked for no colors through NO_COLOR.
func NoColor() bool {
	return os.Getenv("NO_COLOR") != ""
}

// Monochrome returns the theme without colors: emphasis through bold,
// reverse and border shapes only.
func Monochrome() Theme {
	return mustGet("mono")
}

// Plain returns the theme without any text attributes at all: its output
// holds no escape sequences, which makes it the theme of golden tests and of
// terminals that understand nothing (TERM=dumb).
func Plain() Theme {
	return mustGet("plain")
}

// ForColor returns t, or Monochrome when NO_COLOR is set: an explicitly
// chosen color theme still honours the user's NO_COLOR.
func ForColor(t Theme) Theme {
	if NoColor() && t.Name != "plain" {
		return Monochrome()
	}
	return t
}
