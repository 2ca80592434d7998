package themes

import (
	"image/color"
	"math"
	"reflect"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestGet(t *testing.T) {
	for _, name := range []string{"dark", "light", "mono", "plain", "high-contrast", "ansi16",
		"DARK", " light ", "monochrome", "HighContrast", "16color"} {
		th, err := Get(name)
		if err != nil {
			t.Fatalf("Get(%q): %v", name, err)
		}
		g := th.Styles.Glyphs
		if th.Name == "" || th.Description == "" || g.Spark == "" || g.BarFull == "" || g.Cursor == "" || g.SpikeMark == "" ||
			g.AlertPaneBorder == g.PaneBorder || g.FocusedPaneBorder == g.PaneBorder {
			t.Errorf("Get(%q) = incomplete theme %+v", name, th.Name)
		}
	}
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), "dark") {
		t.Errorf("Get(nope) error = %v, want one listing the themes", err)
	}
	want := []string{"ansi16", "dark", "high-contrast", "light", "mono", "plain"}
	if got := Names(); !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
}

func TestDefaultHonoursNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	if got := Default().Name; got != "dark" {
		t.Errorf("Default() with empty NO_COLOR = %q, want dark", got)
	}
	t.Setenv("NO_COLOR", "1")
	th := Default()
	if th.Name != "mono" {
		t.Fatalf("Default() with NO_COLOR = %q, want mono", th.Name)
	}
	light, _ := Get("light")
	if got := ForColor(light).Name; got != "mono" {
		t.Errorf("ForColor(light) with NO_COLOR = %q, want mono", got)
	}
}

// hasColor reports whether rendering with st emits a true-color foreground
// sequence (lipgloss renders full color; the program downsamples later).
func hasColor(st lipgloss.Style) bool {
	return strings.Contains(st.Render("x"), "38;2;")
}

// allStyles returns every style of s by its file key.
func allStyles(s Styles) map[string]lipgloss.Style {
	out := make(map[string]lipgloss.Style, len(slots))
	for _, sl := range slots {
		out[sl.key] = *sl.get(&s)
	}
	return out
}

// TestSlotsCoverStyles: every lipgloss.Style field of Styles has exactly
// one slot, so that theme files, goldens and the tests above see them all.
func TestSlotsCoverStyles(t *testing.T) {
	var s Styles
	for i, sl := range slots {
		*sl.get(&s) = lipgloss.NewStyle().Foreground(lipgloss.ANSIColor(i + 16))
	}
	seen := map[color.Color]string{}
	v := reflect.ValueOf(s)
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		st, ok := v.Field(i).Interface().(lipgloss.Style)
		if !ok {
			continue
		}
		c := st.GetForeground()
		if c == (lipgloss.NoColor{}) {
			t.Errorf("Styles.%s has no slot", f.Name)
			continue
		}
		if other, dup := seen[c]; dup {
			t.Errorf("Styles.%s and %s share a slot", f.Name, other)
		}
		seen[c] = f.Name
	}
	keys := map[string]bool{}
	for _, k := range SlotKeys() {
		if keys[k] {
			t.Errorf("slot key %q twice", k)
		}
		keys[k] = true
	}
}

func TestMonochromeHasNoColor(t *testing.T) {
	for name, st := range allStyles(Monochrome().Styles) {
		if st.GetForeground() != (lipgloss.NoColor{}) || st.GetBackground() != (lipgloss.NoColor{}) {
			t.Errorf("mono %s has a color", name)
		}
	}
	// Emphasis survives without color.
	if !Monochrome().Styles.Error.GetBold() {
		t.Error("mono Error is not bold")
	}
	// A firing alert and a drill-down match stand out without color.
	if mono := Monochrome().Styles; !mono.Alert.GetReverse() || !mono.Match.GetReverse() {
		t.Error("mono Alert/Match are not reversed")
	}
	if Monochrome().Styles.Glyphs.PaneBorder == Monochrome().Styles.Glyphs.FocusedPaneBorder {
		t.Error("mono focused border looks like the plain one")
	}
}

func TestPlainEmitsNoEscapes(t *testing.T) {
	for name, st := range allStyles(Plain().Styles) {
		if out := st.Render("x"); out != "x" {
			t.Errorf("plain %s renders %q, want %q", name, out, "x")
		}
	}
}

func TestDarkHasColor(t *testing.T) {
	st := Default().Styles
	if !hasColor(st.Error) || !hasColor(st.OK) {
		t.Error("dark Error/OK have no color")
	}
	if !hasColor(st.Alert) || !hasColor(st.Match) {
		t.Error("dark Alert/Match have no color")
	}
}

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colors.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestHighContrastIsReadable: every foreground of the high-contrast theme
// has a WCAG contrast of at least 7:1 (AAA) against its background, black
// where the style sets none (the theme is for dark terminals), and what a
// reader must catch at a glance is bold.
func TestHighContrastIsReadable(t *testing.T) {
	hc, err := Get("high-contrast")
	if err != nil {
		t.Fatal(err)
	}
	black := color.RGBA{A: 0xff}
	for name, st := range allStyles(hc.Styles) {
		fg, bg := st.GetForeground(), st.GetBackground()
		if fg == (lipgloss.NoColor{}) {
			t.Errorf("high-contrast %s leaves the foreground to the terminal", name)
			continue
		}
		if bg == (lipgloss.NoColor{}) {
			bg = black
		}
		if c := contrast(fg, bg); c < 7 {
			t.Errorf("high-contrast %s: contrast %.2f:1, want at least 7:1", name, c)
		}
	}
	s := hc.Styles
	for name, st := range map[string]lipgloss.Style{"count": s.Count, "error": s.Error, "warn": s.Warn, "ok": s.OK, "alert": s.Alert, "title": s.Title} {
		if !st.GetBold() {
			t.Errorf("high-contrast %s is not bold", name)
		}
	}
}

// cp437 are the CP437 characters a console theme may draw with (box
// drawing, blocks and shades, bullets and triangles), from the IBM table.
const cp437 = " ─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╓╖╙╜█▄▌▐▀░▒▓•◘○◙►◄▲▼↑↓→←"

// TestANSI16UsesOnly16Colors: the 16-color theme names only ANSI colors
// 0-15, so that its SGR sequences are 30-37, 90-97 and their backgrounds,
// never 38;/48; (256 or true color), and its glyphs are all in CP437.
func TestANSI16UsesOnly16Colors(t *testing.T) {
	th, err := Get("ansi16")
	if err != nil {
		t.Fatal(err)
	}
	for name, st := range allStyles(th.Styles) {
		for _, c := range []color.Color{st.GetForeground(), st.GetBackground()} {
			switch c := c.(type) {
			case lipgloss.NoColor:
			case ansi.BasicColor:
				if c > 15 {
					t.Errorf("ansi16 %s: color %d", name, c)
				}
			default:
				t.Errorf("ansi16 %s: color %#v is not one of the 16", name, c)
			}
		}
		if out := st.Render("x"); strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("ansi16 %s renders %q", name, out)
		}
	}
	g := th.Styles.Glyphs
	var all strings.Builder
	for _, b := range []lipgloss.Border{g.PaneBorder, g.FocusedPaneBorder, g.AlertPaneBorder} {
		all.WriteString(b.Top + b.Bottom + b.Left + b.Right + b.TopLeft + b.TopRight + b.BottomLeft + b.BottomRight)
	}
	if g.FocusedPaneBorder == g.AlertPaneBorder {
		t.Error("ansi16: focus and alert borders look alike")
	}
	all.WriteString(g.BarFull + g.BarEmpty + g.Spark + g.Dot + g.Cursor + g.SpikeMark)
	for _, r := range all.String() {
		if !strings.ContainsRune(cp437, r) {
			t.Errorf("ansi16 glyph %q is not in CP437", r)
		}
	}
}

// TestGlyphsAreOneCell: every built-in glyph takes one cell, so that themes
// never move the layout.
func TestGlyphsAreOneCell(t *testing.T) {
	for _, n := range Names() {
		g := mustGet(n).Styles.Glyphs
		for _, s := range []string{g.BarFull, g.BarEmpty, g.Dot, g.Cursor, g.SpikeMark} {
			if !oneCell(s) {
				t.Errorf("%s: glyph %q is not one cell", n, s)
			}
		}
		for _, r := range g.Spark {
			if !oneCell(string(r)) {
				t.Errorf("%s: spark level %q is not one cell", n, r)
			}
		}
	}
}
