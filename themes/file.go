package themes

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/BurntSushi/toml"
	"github.com/charmbracelet/x/ansi"
)

// maxFileSize bounds a theme file: a theme is a few dozen lines.
const maxFileSize = 64 << 10

// FileError is one problem in a theme file, at a line (1-based; 0 when the
// problem concerns the whole file).
type FileError struct {
	Path string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// LoadFile reads and validates a TOML theme file (the format is in
// README.md and example.toml). The theme is named after the file, without
// its extension. Every problem found is reported, each as a *FileError with
// its line, joined with errors.Join.
func LoadFile(path string) (Theme, error) {
	f, err := os.Open(path)
	if err != nil {
		return Theme{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return Theme{}, err
	}
	if len(data) > maxFileSize {
		return Theme{}, &FileError{Path: path, Msg: fmt.Sprintf("larger than %d KiB: not a theme file", maxFileSize>>10)}
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return Parse(name, path, data)
}

// Parse reads a theme named name from the TOML text of a theme file; path
// names the file in errors.
func Parse(name, path string, data []byte) (Theme, error) {
	if !utf8.Valid(data) {
		return Theme{}, &FileError{Path: path, Msg: "not UTF-8 text"}
	}
	var raw map[string]toml.Primitive
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return Theme{}, &FileError{Path: path, Line: pe.Position.Line, Msg: "not valid TOML: " + pe.Message}
		}
		return Theme{}, &FileError{Path: path, Msg: "not valid TOML: " + err.Error()}
	}
	d := &fileDecoder{path: path, md: md}
	base := "dark"
	if p, ok := raw["base"]; ok {
		d.decode(toml.Key{"base"}, p, func(v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("base must be a string naming a built-in theme (%s), not %s", strings.Join(Names(), ", "), tomlTypeName(v))
			}
			if base = builtinName(s); base == "" {
				return fmt.Errorf("base %q is not a built-in theme: use one of %s", s, strings.Join(Names(), ", "))
			}
			return nil
		})
	}
	if base == "" {
		base = "dark"
	}
	th := Theme{Name: name, Path: path, Styles: builtin[base].styles()}
	for _, k := range d.children(nil) {
		key, prim := k[0], raw[k[0]]
		switch key {
		case "base":
		case "description":
			d.decode(k, prim, func(v any) error {
				s, ok := v.(string)
				if !ok || !printable(s) || utf8.RuneCountInString(s) > 120 {
					return errors.New("description must be one line of printable text, at most 120 characters")
				}
				th.Description = s
				return nil
			})
		case "glyphs":
			d.glyphs(k, prim, &th.Styles.Glyphs)
		default:
			if sl, ok := slotByKey(key); ok {
				d.style(k, prim, sl.get(&th.Styles))
				continue
			}
			d.decode(k, prim, func(any) error { return unknownKey(key, fileKeys()) })
		}
	}
	if len(d.errs) > 0 {
		return Theme{}, errors.Join(d.errs...)
	}
	return th, nil
}

// fileKeys are the top-level keys of a theme file.
func fileKeys() []string {
	return append([]string{"base", "description", "glyphs"}, SlotKeys()...)
}

// fileDecoder walks a decoded theme file, collecting every problem with its
// line.
type fileDecoder struct {
	path string
	md   toml.MetaData
	errs []error
}

// decode hands the value of key k to f; an error from f is recorded at the
// key's line.
func (d *fileDecoder) decode(k toml.Key, prim toml.Primitive, f func(v any) error) {
	var v any
	if err := d.md.PrimitiveDecode(prim, &v); err != nil {
		d.errs = append(d.errs, &FileError{Path: d.path, Line: d.line(k, prim), Msg: err.Error()})
		return
	}
	if err := f(v); err != nil {
		d.errs = append(d.errs, &FileError{Path: d.path, Line: d.line(k, prim), Msg: err.Error()})
	}
}

// errLine is what line's probe returns, to learn a key's position.
var errLine = errors.New("position probe")

// line returns the line of key k: the one the TOML decoder knows, else (a
// table only implied by dotted keys, `title.fg = ...`) its first own key's.
func (d *fileDecoder) line(k toml.Key, prim toml.Primitive) int {
	var pe toml.ParseError
	if errors.As(d.md.PrimitiveDecode(prim, &probe{}), &pe) && pe.Position.Line > 0 {
		return pe.Position.Line
	}
	var sub map[string]toml.Primitive
	if d.md.PrimitiveDecode(prim, &sub) == nil {
		for _, c := range d.children(k) {
			if l := d.line(c, sub[c[len(c)-1]]); l > 0 {
				return l
			}
		}
	}
	return 0
}

// probe fails to decode anything, so that the decoder reports where.
type probe struct{}

func (*probe) UnmarshalTOML(any) error { return errLine }

// children returns the keys directly under k, in the file's order,
// including tables only implied by dotted keys (which the decoder does not
// list themselves).
func (d *fileDecoder) children(k toml.Key) []toml.Key {
	var out []toml.Key
	seen := map[string]bool{}
	for _, c := range d.md.Keys() {
		if len(c) > len(k) && hasPrefix(c, k) {
			c = c[:len(k)+1]
			if s := c.String(); !seen[s] {
				seen[s] = true
				out = append(out, c)
			}
		}
	}
	return out
}

func hasPrefix(k, prefix toml.Key) bool {
	for i, p := range prefix {
		if k[i] != p {
			return false
		}
	}
	return true
}

// subtable decodes the table at k into its keys' values, or records that
// it is not a table.
func (d *fileDecoder) subtable(k toml.Key, prim toml.Primitive, what string) (map[string]toml.Primitive, bool) {
	var v any
	var sub map[string]toml.Primitive
	if d.md.PrimitiveDecode(prim, &v) != nil || !isTable(v) || d.md.PrimitiveDecode(prim, &sub) != nil {
		d.errs = append(d.errs, &FileError{Path: d.path, Line: d.line(k, prim), Msg: fmt.Sprintf("%s, not %s", what, tomlTypeName(v))})
		return nil, false
	}
	return sub, true
}

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

// styleAttrs are the keys of a style table.
var styleAttrs = []string{"fg", "bg", "bold", "faint", "italic", "underline", "reverse", "strikethrough"}

// style reads a style: a table of colors and attributes, or a bare color
// as a shorthand for { fg = color }. It replaces the base theme's style
// for that slot entirely: what the file says is all there is.
func (d *fileDecoder) style(k toml.Key, prim toml.Primitive, dst *lipgloss.Style) {
	var v any
	if err := d.md.PrimitiveDecode(prim, &v); err == nil {
		if _, isArray := v.([]any); !isTable(v) && !isArray {
			d.decode(k, prim, func(v any) error {
				c, err := parseColor(v)
				if err != nil {
					return fmt.Errorf("%s: %v (or a table such as { fg = \"#ff8800\", bold = true })", k[0], err)
				}
				*dst = lipgloss.NewStyle().Foreground(c)
				return nil
			})
			return
		}
	}
	sub, ok := d.subtable(k, prim, k[0]+` must be a table such as { fg = "#ff8800", bold = true }`)
	if !ok {
		return
	}
	st := lipgloss.NewStyle()
	for _, c := range d.children(k) {
		attr := c[len(c)-1]
		d.decode(c, sub[attr], func(v any) error {
			switch attr {
			case "fg", "bg":
				col, err := parseColor(v)
				if err != nil {
					return fmt.Errorf("%s.%s: %v", k[0], attr, err)
				}
				st = setColor(st, attr, col)
				return nil
			case "bold", "faint", "italic", "underline", "reverse", "strikethrough":
				b, ok := v.(bool)
				if !ok {
					return fmt.Errorf("%s.%s must be true or false, not %s", k[0], attr, tomlTypeName(v))
				}
				st = setAttr(st, attr, b)
				return nil
			}
			return fmt.Errorf("%s: %v", k[0], unknownKey(attr, styleAttrs))
		})
	}
	*dst = st
}

func setColor(st lipgloss.Style, attr string, c color.Color) lipgloss.Style {
	if attr == "fg" {
		return st.Foreground(c)
	}
	return st.Background(c)
}

func setAttr(st lipgloss.Style, attr string, b bool) lipgloss.Style {
	switch attr {
	case "bold":
		return st.Bold(b)
	case "faint":
		return st.Faint(b)
	case "italic":
		return st.Italic(b)
	case "underline":
		return st.Underline(b)
	case "reverse":
		return st.Reverse(b)
	default:
		return st.Strikethrough(b)
	}
}

// borders are the border shapes a theme file may name.
var borders = map[string]func() lipgloss.Border{
	"ascii":   lipgloss.ASCIIBorder,
	"normal":  lipgloss.NormalBorder,
	"rounded": lipgloss.RoundedBorder,
	"thick":   lipgloss.ThickBorder,
	"double":  lipgloss.DoubleBorder,
	"block":   lipgloss.BlockBorder,
	"hidden":  lipgloss.HiddenBorder,
}

// glyphKeys are the keys of the [glyphs] table.
var glyphKeys = []string{"border", "focused_border", "alert_border", "bar_full", "bar_empty", "spark", "dot", "cursor", "spike_mark"}

// glyphs reads the [glyphs] table over the base theme's glyphs.
func (d *fileDecoder) glyphs(k toml.Key, prim toml.Primitive, g *Glyphs) {
	sub, ok := d.subtable(k, prim, `glyphs must be a table: [glyphs] on a line of its own, then keys such as border = "ascii"`)
	if !ok {
		return
	}
	for _, c := range d.children(k) {
		key := c[len(c)-1]
		d.decode(c, sub[key], func(v any) error {
			s, ok := v.(string)
			if !ok {
				return fmt.Errorf("glyphs.%s must be a string, not %s", key, tomlTypeName(v))
			}
			switch key {
			case "border", "focused_border", "alert_border":
				mk, ok := borders[strings.ToLower(s)]
				if !ok {
					return fmt.Errorf("glyphs.%s: %q is not a border: use %s", key, s, strings.Join(sortedKeys(borders), ", "))
				}
				switch key {
				case "border":
					g.PaneBorder = mk()
				case "focused_border":
					g.FocusedPaneBorder = mk()
				default:
					g.AlertPaneBorder = mk()
				}
			case "spark":
				n := 0
				for _, r := range s {
					if !oneCell(string(r)) {
						return fmt.Errorf("glyphs.spark: %q is not one printable character one cell wide", string(r))
					}
					n++
				}
				if n < 2 || n > 16 {
					return fmt.Errorf("glyphs.spark must list 2 to 16 levels, lowest (zero) first, such as \" ▁▂▃▄▅▆▇█\"; it has %d", n)
				}
				g.Spark = s
			case "bar_full", "bar_empty", "dot", "cursor", "spike_mark":
				if !oneCell(s) {
					return fmt.Errorf("glyphs.%s: %q is not one printable character one cell wide", key, s)
				}
				*glyphField(g, key) = s
			default:
				return fmt.Errorf("glyphs: %v", unknownKey(key, glyphKeys))
			}
			return nil
		})
	}
}

// glyphField is the field of g a one-character glyph key sets.
func glyphField(g *Glyphs, key string) *string {
	switch key {
	case "bar_full":
		return &g.BarFull
	case "bar_empty":
		return &g.BarEmpty
	case "dot":
		return &g.Dot
	case "cursor":
		return &g.Cursor
	default:
		return &g.SpikeMark
	}
}

// oneCell reports whether s is one printable character, one cell wide: a
// glyph from a file must not move the layout or reach the terminal as a
// control.
func oneCell(s string) bool {
	return s != "" && printable(s) && ansi.StringWidth(s) == 1
}

// printable reports whether s holds only graphic characters and spaces: no
// controls, escapes, or bidi and other format characters.
func printable(s string) bool {
	for _, r := range s {
		if r != ' ' && !unicode.IsGraphic(r) {
			return false
		}
	}
	return true
}

// unknownKey is the error of a key not in known, with the nearest known
// key as a suggestion.
func unknownKey(key string, known []string) error {
	best, bestD := "", 3
	for _, k := range known {
		// Close, but not so close that any short key matches.
		if d := distance(strings.ToLower(key), k); d < bestD && d < len(key)-1 {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Errorf("unknown key %q: did you mean %q?", key, best)
	}
	if len(known) > 12 {
		return fmt.Errorf("unknown key %q (the keys are listed by 'tailtop themes --example')", key)
	}
	return fmt.Errorf("unknown key %q: use %s", key, strings.Join(known, ", "))
}

// distance is the Levenshtein edit distance of a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
