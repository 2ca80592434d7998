package themes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func writeTheme(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExampleLoads: the embedded example is a valid theme that sets every
// key a file may set, with the values it says.
func TestExampleLoads(t *testing.T) {
	path := writeTheme(t, t.TempDir(), "ember.toml", Example)
	th, err := LoadFile(path)
	if err != nil {
		t.Fatalf("the example theme does not load: %v", err)
	}
	if th.Name != "ember" || th.Path != path || !strings.Contains(th.Description, "example") {
		t.Errorf("theme %q from %q, description %q", th.Name, th.Path, th.Description)
	}
	for _, k := range append(append([]string{"base", "description"}, SlotKeys()...), glyphKeys...) {
		if !strings.Contains(Example, "\n"+k+" = ") {
			t.Errorf("the example does not set %s", k)
		}
	}
	s := th.Styles
	for _, c := range []struct {
		name     string
		got      lipgloss.Style
		fg, bg   string
		bold     bool
		reversed bool
	}{
		{name: "title", got: s.Title, fg: "#f6c177", bold: true},
		{name: "border (shorthand)", got: s.Border, fg: "#4a403a"},
		{name: "alert", got: s.Alert, fg: "#1c1917", bg: "#ff5f5f", bold: true},
		{name: "paused", got: s.Paused, fg: "#ebcb8b", bold: true, reversed: true},
	} {
		if got := hexOf(c.got.GetForeground()); got != c.fg {
			t.Errorf("%s fg = %s, want %s", c.name, got, c.fg)
		}
		if got := hexOf(c.got.GetBackground()); got != c.bg {
			t.Errorf("%s bg = %s, want %s", c.name, got, c.bg)
		}
		if c.got.GetBold() != c.bold || c.got.GetReverse() != c.reversed {
			t.Errorf("%s bold/reverse = %v/%v", c.name, c.got.GetBold(), c.got.GetReverse())
		}
	}
	if s.ByteSparkline.GetForeground() != ansi.IndexedColor(180) {
		t.Errorf("byte_sparkline = 180 gave %#v", s.ByteSparkline.GetForeground())
	}
	if s.Spike.GetForeground() != ansi.BasicColor(9) {
		t.Errorf("spike = bright-red gave %#v", s.Spike.GetForeground())
	}
	// A style set replaces the base's: the base dark title is bold and
	// colored, the example's warn sets only fg.
	if s.Warn.GetBold() {
		t.Error("warn kept the base's attributes")
	}
	if s.Glyphs.FocusedPaneBorder != lipgloss.ThickBorder() || s.Glyphs.Spark != " ▁▂▃▄▅▆▇█" {
		t.Errorf("glyphs %+v", s.Glyphs)
	}
}

// hexOf spells a color as #rrggbb, "" for no color.
func hexOf(c interface{ RGBA() (r, g, b, a uint32) }) string {
	if c == (lipgloss.NoColor{}) {
		return ""
	}
	r, g, b, _ := c.RGBA()
	const hex = "0123456789abcdef"
	out := []byte{'#'}
	for _, v := range []uint32{r >> 8, g >> 8, b >> 8} {
		out = append(out, hex[v>>4], hex[v&15])
	}
	return string(out)
}

func TestMinimalFileKeepsTheBase(t *testing.T) {
	th, err := Parse("mine", "mine.toml", []byte("base = \"light\"\ncount = { fg = \"red\", underline = true }\n"))
	if err != nil {
		t.Fatal(err)
	}
	light, _ := Get("light")
	if hexOf(th.Styles.Title.GetForeground()) != hexOf(light.Styles.Title.GetForeground()) {
		t.Error("an unset slot did not come from the base")
	}
	if th.Styles.Count.GetForeground() != ansi.BasicColor(1) || !th.Styles.Count.GetUnderline() || th.Styles.Count.GetBold() {
		t.Errorf("count = %v", th.Styles.Count)
	}
	empty, err := Parse("empty", "empty.toml", nil)
	if err != nil || hexOf(empty.Styles.Title.GetForeground()) != hexOf(darkStyles().Title.GetForeground()) {
		t.Errorf("an empty file: %v, want the dark theme", err)
	}
}

// TestColors: every spelling of a color the format documents.
func TestColors(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
	}{
		{`"#FF8800"`, "#ff8800"}, {`"#f80"`, "#ff8800"}, {`"red"`, "ansi 1"}, {`"Bright_Blue"`, "ansi 12"},
		{`"bright-white"`, "ansi 15"}, {`"gray"`, "ansi 8"}, {`3`, "ansi 3"}, {`"208"`, "ansi 208"}, {`255`, "ansi 255"},
		{`"default"`, ""},
	} {
		th, err := Parse("c", "c.toml", []byte("key = { fg = "+c.text+" }\n"))
		if err != nil {
			t.Errorf("%s: %v", c.text, err)
			continue
		}
		got := ""
		switch col := th.Styles.Key.GetForeground().(type) {
		case ansi.BasicColor:
			got = "ansi " + itoa(int(col))
		case ansi.IndexedColor:
			got = "ansi " + itoa(int(col))
		default:
			got = hexOf(col)
		}
		if got != c.want {
			t.Errorf("%s gave %s, want %s", c.text, got, c.want)
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestFileErrors: each mistake is reported at its line, saying what is
// wrong and what would be right.
func TestFileErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		line       int
		want       string
	}{
		{"syntax", "title = { fg = \"#fff\"\n", 1, "not valid TOML"},
		{"unterminated string", "base = \"dark\"\n\ntitle = \"#fff\n", 3, "not valid TOML"},
		{"unknown key", "base = \"dark\"\n\ntitel = \"red\"\n", 3, `unknown key "titel": did you mean "title"?`},
		{"unknown key far", "wibble = 1\n", 1, `unknown key "wibble"`},
		{"bad hex", "count = 1\ntitle = { fg = \"#ff88\" }\n", 2, `title.fg: "#ff88" is not a hex color`},
		{"number too big", "\ntitle = { bg = 300 }\n", 2, "300 is not an ANSI color number"},
		{"unknown color name", "title = \"pink\"\n", 1, `"pink" is not a color`},
		{"color of wrong type", "title = { fg = true }\n", 1, "a color must be a string or a number, not a boolean"},
		{"bool as string", "[count]\nfg = 1\nbold = \"yes\"\n", 3, "count.bold must be true or false, not a string"},
		{"unknown attribute", "[count]\nfg = 1\n\ncolour = \"red\"\n", 4, `count: unknown key "colour"`},
		{"attribute typo", "count = { fg = 1, undreline = true }\n", 1, `did you mean "underline"?`},
		{"style is an array", "count = [1, 2]\n", 1, "count must be a table such as { fg = \"#ff8800\", bold = true }, not an array"},
		{"bad base", "\n\nbase = \"solarized\"\n", 3, `base "solarized" is not a built-in theme: use one of ansi16, dark`},
		{"base of wrong type", "base = 1\n", 1, "base must be a string"},
		{"dotted unknown", "# a comment\ntitel.fg = \"red\"\n", 2, `did you mean "title"?`},
		{"wide glyph", "[glyphs]\nbar_full = \"ab\"\n", 2, `glyphs.bar_full: "ab" is not one printable character`},
		{"escape glyph", "[glyphs]\ndot = \"\\u001b\"\n", 2, "not one printable character"},
		{"bidi glyph", "[glyphs]\n\ncursor = \"\\u202e\"\n", 3, "not one printable character"},
		{"double-width glyph", "[glyphs]\ncursor = \"日\"\n", 2, "one cell wide"},
		{"short spark", "[glyphs]\nspark = \"█\"\n", 2, "2 to 16 levels"},
		{"bad border", "[glyphs]\nborder = \"fancy\"\n", 2, `"fancy" is not a border: use ascii, block, double`},
		{"unknown glyph", "[glyphs]\nsparks = \" █\"\n", 2, `did you mean "spark"?`},
		{"glyphs not a table", "glyphs = \"ascii\"\n", 1, "glyphs must be a table"},
		{"control in description", "description = \"a\\u001b[2Jb\"\n", 1, "printable text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("x", "x.toml", []byte(c.text))
			if err == nil {
				t.Fatalf("no error for %q", c.text)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FileError", err)
			}
			if fe.Line != c.line || fe.Path != "x.toml" {
				t.Errorf("error at %s:%d, want x.toml:%d (%v)", fe.Path, fe.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			if wantPrefix := "x.toml:" + itoa(c.line) + ": "; !strings.HasPrefix(err.Error(), wantPrefix) {
				t.Errorf("error %q does not start with %q", err, wantPrefix)
			}
		})
	}
}

// TestFileErrorsAll: every problem of a file is reported, in the file's
// order, not just the first.
func TestFileErrorsAll(t *testing.T) {
	text := "title = \"nocolor\"\ncount = { fg = 1 }\n[glyphs]\ndot = \"xx\"\n\n[key]\nbold = 3\n"
	_, err := Parse("x", "x.toml", []byte(text))
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v is not joined", err)
	}
	var lines []int
	for _, e := range j.Unwrap() {
		var fe *FileError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a *FileError", e)
		}
		lines = append(lines, fe.Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 4 || lines[2] != 7 {
		t.Errorf("errors at lines %v, want [1 4 7]: %v", lines, err)
	}
}

func TestLoadFileRejects(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadFile(filepath.Join(dir, "missing.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	big := writeTheme(t, dir, "big.toml", "# "+strings.Repeat("x", maxFileSize)+"\n")
	if _, err := LoadFile(big); err == nil || !strings.Contains(err.Error(), "not a theme file") {
		t.Errorf("huge file: %v", err)
	}
	bin := writeTheme(t, dir, "bin.toml", "title = \"\xff\xfe\"\n")
	if _, err := LoadFile(bin); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("binary file: %v", err)
	}
}

// FuzzParse: no theme file, however broken, panics the parser, and what
// loads draws glyphs of one cell.
func FuzzParse(f *testing.F) {
	f.Add([]byte(Example))
	f.Add([]byte("titel.fg.x = [1, {a = 2}]\n[glyphs]\nspark = \"\\u0000\"\n"))
	f.Add([]byte("[[title]]\nfg = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		th, err := Parse("f", "f.toml", data)
		if err != nil {
			return
		}
		g := th.Styles.Glyphs
		for _, s := range []string{g.BarFull, g.BarEmpty, g.Dot, g.Cursor, g.SpikeMark} {
			if !oneCell(s) {
				t.Fatalf("glyph %q loaded", s)
			}
		}
	})
}
