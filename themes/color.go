package themes

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
)

// ansiNames are the names of the 16 ANSI colors, by number. The shade each
// one shows is the terminal palette's.
var ansiNames = []string{
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
}

// colorHelp says what a color may be, for error messages.
const colorHelp = `use "#rrggbb" or "#rgb", an ANSI color number 0-255, a name (black, red, green, yellow, blue, magenta, cyan, white, bright-red, gray, ...) or "default"`

// parseColor reads a theme file's color: a hex string, an ANSI number (as a
// TOML integer or a string of digits), an ANSI color name, or "default" for
// the terminal's own color.
func parseColor(v any) (color.Color, error) {
	switch v := v.(type) {
	case int64:
		if v < 0 || v > 255 {
			return nil, fmt.Errorf("%d is not an ANSI color number: they go from 0 to 255", v)
		}
		return lipgloss.Color(strconv.FormatInt(v, 10)), nil
	case string:
		return parseColorString(v)
	default:
		return nil, fmt.Errorf("a color must be a string or a number, not %s; %s", tomlTypeName(v), colorHelp)
	}
}

func parseColorString(s string) (color.Color, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case t == "default" || t == "none" || t == "":
		return lipgloss.NoColor{}, nil
	case strings.HasPrefix(t, "#"):
		if !isHexColor(t[1:]) {
			return nil, fmt.Errorf("%q is not a hex color; %s", s, colorHelp)
		}
		return lipgloss.Color(t), nil
	case t[0] >= '0' && t[0] <= '9':
		n, err := strconv.Atoi(t)
		if err != nil || n > 255 {
			return nil, fmt.Errorf("%q is not an ANSI color number 0-255; %s", s, colorHelp)
		}
		return lipgloss.Color(strconv.Itoa(n)), nil
	}
	if n, ok := colorName(t); ok {
		return lipgloss.Color(strconv.Itoa(n)), nil
	}
	return nil, fmt.Errorf("%q is not a color; %s", s, colorHelp)
}

// colorName finds an ANSI color by name, ignoring '-', '_' and spaces
// ("bright-red", "bright_red", "BrightRed"); gray/grey is bright black.
func colorName(s string) (int, bool) {
	norm := func(s string) string {
		return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
	}
	n := norm(s)
	switch n {
	case "gray", "grey":
		return 8, true
	}
	for i, name := range ansiNames {
		if norm(name) == n {
			return i, true
		}
	}
	return 0, false
}

func isHexColor(h string) bool {
	if len(h) != 3 && len(h) != 6 {
		return false
	}
	for _, c := range h {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// tomlTypeName names the TOML type of a decoded value, for error messages.
func tomlTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	default:
		return fmt.Sprintf("a %T", v)
	}
}
