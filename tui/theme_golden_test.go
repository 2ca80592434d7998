package tui

import (
	"fmt"
	"image/color"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/tailtop/tailtop/themes"
)

// goldenAt names a golden file testdata/<name>.golden, whatever the test is
// called: golden.RequireEqual takes the path from TB.Name.
type goldenAt struct {
	testing.TB
	name string
}

func (g goldenAt) Name() string { return g.name }

// themedScreen is the screen every theme is shown on: the panes of two
// streams, an alert firing (the banner), a spike going on.
func themedScreen(t *testing.T, th themes.Theme, w, h int) string {
	p := newFake(webStream(), trailStream())
	a := &p.snap.Streams[1].Alerts[0]
	a.Firing, a.Since, a.Fired, a.Value = true, t0.Add(-40*time.Second), 1, 13
	s := &p.snap.Streams[0]
	s.Spikes[0].Active, s.Spikes[0].End = true, time.Time{}
	s.SpikeMarks = spikeMarks(len(s.Rate), 101, len(s.Rate))
	d := newDriver(t, p, Options{Theme: th, Now: func() time.Time { return t0 }}, w, h)
	d.send(tickMsg{})
	return d.view()
}

// sgrParams finds the parameters of every SGR sequence.
var sgrParams = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colorParams returns the SGR parameters of out that set a color: 30-37,
// 40-47, 90-97, 100-107, and 38/48 (extended colors, whose 5;n or 2;r;g;b
// arguments are skipped, not taken for colors).
func colorParams(out string) []string {
	var found []string
	for _, m := range sgrParams.FindAllStringSubmatch(out, -1) {
		ps := strings.Split(m[1], ";")
		for i := 0; i < len(ps); i++ {
			switch p := ps[i]; {
			case p == "38" || p == "48":
				found = append(found, p)
				if i+1 < len(ps) && ps[i+1] == "5" {
					i += 2
				} else if i+1 < len(ps) && ps[i+1] == "2" {
					i += 4
				}
			case len(p) == 2 && (p[0] == '3' || p[0] == '4' || p[0] == '9') && p[1] >= '0' && p[1] <= '7',
				len(p) == 3 && strings.HasPrefix(p, "10") && p[2] >= '0' && p[2] <= '7':
				found = append(found, p)
			}
		}
	}
	return found
}

// TestThemeGolden renders the real screen with every built-in theme at
// 80x24 and 160x48. A theme changes how things look, never where: the
// text and every line's width are those of the plain theme, glyphs aside.
// Each theme keeps its promise about escape sequences: plain none, mono no
// colors, ansi16 only the 16 ANSI colors.
func TestThemeGolden(t *testing.T) {
	for _, name := range themes.Names() {
		th, err := themes.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, sz := range [][2]int{{80, 24}, {160, 48}} {
			w, h := sz[0], sz[1]
			t.Run(name+"_"+itoaSize(w, h), func(t *testing.T) {
				v := themedScreen(t, th, w, h)
				requireFits(t, v, w, h)
				requireInert(t, v)

				plain := strings.Split(themedScreen(t, themes.Plain(), w, h), "\n")
				lines := strings.Split(v, "\n")
				if len(lines) != len(plain) {
					t.Fatalf("%d lines, plain has %d", len(lines), len(plain))
				}
				sameGlyphs := th.Styles.Glyphs == themes.Plain().Styles.Glyphs
				for i, l := range lines {
					if ansi.StringWidth(l) != ansi.StringWidth(plain[i]) {
						t.Fatalf("line %d is %d cells, plain %d:\n%q\n%q", i, ansi.StringWidth(l), ansi.StringWidth(plain[i]), l, plain[i])
					}
					if sameGlyphs && ansi.Strip(l) != plain[i] {
						t.Fatalf("line %d reads %q, plain %q", i, ansi.Strip(l), plain[i])
					}
				}

				colors := colorParams(v)
				switch name {
				case "plain":
					if strings.Contains(v, "\x1b") {
						t.Fatal("plain put an escape sequence on screen")
					}
				case "mono":
					if len(colors) > 0 {
						t.Fatalf("mono sets colors: %v", colors)
					}
					if !strings.Contains(v, "\x1b[") {
						t.Fatal("mono has no attributes at all")
					}
				case "ansi16":
					for _, c := range colors {
						if c == "38" || c == "48" {
							t.Fatalf("ansi16 uses an extended color (%s)", c)
						}
					}
					if len(colors) == 0 {
						t.Fatal("ansi16 shows no colors")
					}
				default:
					if len(colors) == 0 {
						t.Fatalf("%s shows no colors", name)
					}
				}
				golden.RequireEqual(goldenAt{t, "themes/" + name + "_" + itoaSize(w, h)}, v)
			})
		}
	}
}

func itoaSize(w, h int) string { return fmt.Sprintf("%dx%d", w, h) }

// TestThemeAutoFollowsTerminal: the automatic theme asks the terminal for
// its background at start and turns light on a light one, 16-color on a
// 16-color terminal; a named theme asks nothing and never changes.
func TestThemeAutoFollowsTerminal(t *testing.T) {
	auto, err := themes.Resolve("auto", themes.Env{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	d := newDriver(t, newFake(webStream(), trailStream()), Options{Theme: auto, Now: func() time.Time { return t0 }}, 80, 24)
	if !asksBackground(d.model().Init()) {
		t.Fatal("the automatic theme does not ask for the background")
	}
	darkView := d.view()
	if got := d.model().opts.Theme.Name; got != "dark" {
		t.Fatalf("auto starts as %q", got)
	}

	d.send(tea.BackgroundColorMsg{Color: color.RGBA{R: 0xfa, G: 0xfa, B: 0xf0, A: 0xff}})
	light, _ := themes.Get("light")
	if got := d.view(); got != viewWith(t, light) {
		t.Fatalf("on a light background the screen is not the light theme's (theme %q)", d.model().opts.Theme.Name)
	}
	if d.view() == darkView {
		t.Fatal("the screen did not change")
	}

	d.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	a16, _ := themes.Get("ansi16")
	if got := d.view(); got != viewWith(t, a16) {
		t.Fatalf("on a 16-color terminal the screen is not ansi16's (theme %q)", d.model().opts.Theme.Name)
	}

	named, _ := themes.Get("dark")
	n := newDriver(t, newFake(webStream(), trailStream()), Options{Theme: named, Now: func() time.Time { return t0 }}, 80, 24)
	if asksBackground(n.model().Init()) {
		t.Error("a named theme asks for the background")
	}
	before := n.view()
	n.send(tea.BackgroundColorMsg{Color: color.White})
	n.send(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if n.view() != before {
		t.Error("a named theme changed with the terminal")
	}
}

// viewWith is the 80x24 screen with theme th.
func viewWith(t *testing.T, th themes.Theme) string {
	return newDriver(t, newFake(webStream(), trailStream()), Options{Theme: th, Now: func() time.Time { return t0 }}, 80, 24).view()
}

// asksBackground reports whether cmd (a batch or not) requests the
// terminal's background color.
func asksBackground(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	want := tea.RequestBackgroundColor()
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			if c != nil && reflect.DeepEqual(c(), want) {
				return true
			}
		}
		return false
	}
	return reflect.DeepEqual(msg, want)
}

// TestThemePreview: the preview `tailtop themes` prints is the real screen
// on sample data, named after the theme, within its size, inert.
func TestThemePreview(t *testing.T) {
	for _, name := range themes.Names() {
		th, _ := themes.Get(name)
		for _, sz := range [][2]int{{80, 20}, {40, 10}, {120, 30}} {
			v := Preview(th, sz[0], sz[1])
			requireFits(t, v, sz[0], sz[1])
			requireInert(t, v)
			if lines := strings.Split(v, "\n"); len(lines) != sz[1] || !strings.HasPrefix(ansi.Strip(lines[0]), name+" ") {
				t.Errorf("%s %v: %d lines, header %q", name, sz, len(lines), ansi.Strip(lines[0]))
			}
			if name == "plain" && strings.Contains(v, "\x1b") {
				t.Errorf("plain preview has escape sequences")
			}
		}
	}
	dark, _ := themes.Get("dark")
	if v := ansi.Strip(Preview(dark, 80, 20)); !strings.Contains(v, "ALERT") || !strings.Contains(v, "203.0.113.7") {
		t.Errorf("the preview lacks the sample's alert or clients:\n%s", v)
	}
}
