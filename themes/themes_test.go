package themes

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestGet(t *testing.T) {
	for _, name := range []string{"dark", "light", "mono", "plain", "DARK", " light ", "monochrome"} {
		th, err := Get(name)
		if err != nil {
			t.Fatalf("Get(%q): %v", name, err)
		}
		g := th.Styles.Glyphs
		if th.Name == "" || g.Spark == "" || g.BarFull == "" || g.Cursor == "" || g.SpikeMark == "" || g.AlertPaneBorder == g.PaneBorder {
			t.Errorf("Get(%q) = incomplete theme %+v", name, th.Name)
		}
	}
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), "dark") {
		t.Errorf("Get(nope) error = %v, want one listing the themes", err)
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

func allStyles(s Styles) map[string]lipgloss.Style {
	return map[string]lipgloss.Style{
		"Title": s.Title, "FocusedTitle": s.FocusedTitle, "Border": s.Border, "FocusedBorder": s.FocusedBorder,
		"Header": s.Header, "Tab": s.Tab, "ActiveTab": s.ActiveTab, "Key": s.Key, "Count": s.Count,
		"Share": s.Share, "Dim": s.Dim, "Bar": s.Bar, "BarEmpty": s.BarEmpty, "Sparkline": s.Sparkline,
		"ByteSparkline": s.ByteSparkline, "OK": s.OK, "Warn": s.Warn, "Error": s.Error, "TailLine": s.TailLine,
		"TailTime": s.TailTime, "FilterPrompt": s.FilterPrompt, "Footer": s.Footer, "Paused": s.Paused,
		"HelpKey": s.HelpKey, "HelpDesc": s.HelpDesc, "HelpSep": s.HelpSep,
		"Alert": s.Alert, "AlertBorder": s.AlertBorder, "Spike": s.Spike, "Match": s.Match, "Sampled": s.Sampled,
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
