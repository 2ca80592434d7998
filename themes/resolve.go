package themes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// Env is what theme resolution reads from the outside world; tests fill it.
type Env struct {
	// Getenv reads an environment variable; nil means os.Getenv.
	Getenv func(string) string
	// UserDir is the directory of user theme files; "" means UserDir(Getenv).
	UserDir string
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// Dir returns the directory of user theme files ("" when there is none).
func (e Env) Dir() string {
	if e.UserDir != "" {
		return e.UserDir
	}
	return UserDir(e.getenv)
}

// NoColor reports whether NO_COLOR is set to a non-empty value: the user
// wants no colors (https://no-color.org).
func (e Env) NoColor() bool { return e.getenv("NO_COLOR") != "" }

// ColorForced reports whether CLICOLOR_FORCE asks for colors even where they
// would not be sent (not a terminal, TERM=dumb); it is read as colorprofile
// reads it, so that the theme and the output agree.
func (e Env) ColorForced() bool {
	b, _ := strconv.ParseBool(e.getenv("CLICOLOR_FORCE"))
	return b
}

// Dumb reports whether the terminal understands no escape sequences at all
// (TERM=dumb) and colors are not forced.
func (e Env) Dumb() bool { return e.getenv("TERM") == "dumb" && !e.ColorForced() }

// Environ returns the environment as colorprofile reads it, for detecting
// the output's color profile: NO_COLOR set to any non-empty value counts,
// as no-color.org asks (colorprofile only takes boolean values). Variables
// other than those theme resolution reads come from the process.
func (e Env) Environ() []string {
	env := os.Environ()
	if e.Getenv != nil {
		env = env[:0:0]
		for _, k := range []string{"TERM", "COLORTERM", "CLICOLOR", "CLICOLOR_FORCE", "TERM_PROGRAM", "TMUX", "WT_SESSION", "TTY_FORCE"} {
			if v := e.Getenv(k); v != "" {
				env = append(env, k+"="+v)
			}
		}
	}
	if e.NoColor() {
		env = append(env, "NO_COLOR=1")
	}
	return env
}

// Profile returns the color profile of output w in this environment, as
// colorprofile.Detect finds it, except that NO_COLOR always wins: Detect
// lets CLICOLOR_FORCE bring colors back on a pipe.
func (e Env) Profile(w io.Writer) colorprofile.Profile {
	p := colorprofile.Detect(w, e.Environ())
	if e.NoColor() && p > colorprofile.ASCII {
		p = colorprofile.ASCII
	}
	return p
}

// UserDir returns the directory of user theme files:
// $XDG_CONFIG_HOME/tailtop/themes, else ~/.config/tailtop/themes (or
// %APPDATA%\tailtop\themes where HOME is not set); "" when none applies.
func UserDir(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	// The XDG spec ignores a relative XDG_CONFIG_HOME.
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "tailtop", "themes")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "tailtop", "themes")
	}
	if a := getenv("APPDATA"); a != "" {
		return filepath.Join(a, "tailtop", "themes")
	}
	return ""
}

// userName is what a user theme's name may look like: it is a file name,
// so nothing that climbs directories or hides.
var userName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Ext is the extension of user theme files.
const Ext = ".toml"

// Resolve returns the theme to draw with for name and the environment:
//   - name "" or "auto": automatic, "dark" until the terminal reports a light
//     background or a 16-color profile (Theme.Auto; see WithBackground);
//   - a built-in name (Names, case-insensitive);
//   - else the user theme file <Env.Dir()>/<name>.toml.
//
// Then the environment has the last word: TERM=dumb gives "plain" (no escape
// sequences) unless CLICOLOR_FORCE is set; NO_COLOR gives "mono" (no colors,
// bold and reverse kept) unless the theme is already "plain". An unknown
// name or a bad theme file is an error that says what to do next, even when
// the environment would override the theme: a typo in a config file should
// not wait for another terminal to surface.
func Resolve(name string, env Env) (Theme, error) {
	t, err := Lookup(name, env)
	if err != nil {
		return Theme{}, err
	}
	switch {
	case env.Dumb():
		return Plain(), nil
	case env.NoColor() && t.Name != "plain":
		return Monochrome(), nil
	}
	return t, nil
}

// Lookup finds the theme called name ("auto", a built-in, a user theme)
// without the environment's overrides: what `tailtop themes NAME` shows.
func Lookup(name string, env Env) (Theme, error) {
	n := strings.TrimSpace(name)
	if n == "" || strings.EqualFold(n, "auto") {
		return autoTheme(false, colorprofile.Unknown), nil
	}
	if b := builtinName(n); b != "" {
		return Get(b)
	}
	dir := env.Dir()
	if userName.MatchString(n) && dir != "" {
		path := filepath.Join(dir, n+Ext)
		t, err := LoadFile(path)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			if err != nil {
				return Theme{}, fmt.Errorf("theme %q: %w\n(check it with 'tailtop themes check %s')", n, err, path)
			}
			return t, nil
		}
	}
	return Theme{}, unknownTheme(n, dir)
}

// unknownTheme says which themes exist and where user themes go.
func unknownTheme(name, dir string) error {
	msg := fmt.Sprintf("unknown theme %q: the built-in themes are auto, %s", name, strings.Join(Names(), ", "))
	switch user := userThemeNames(dir); {
	case dir == "":
		msg += "; user themes need a config directory (set XDG_CONFIG_HOME or HOME)"
	case len(user) > 0:
		msg += fmt.Sprintf("; user themes in %s: %s", dir, strings.Join(user, ", "))
	default:
		msg += fmt.Sprintf("; a user theme is a file %s%c%s%s ('tailtop themes --example' prints one)", dir, filepath.Separator, name, Ext)
	}
	return errors.New(msg)
}

// userThemeNames lists the names of the theme files in dir, sorted.
func userThemeNames(dir string) []string {
	if dir == "" {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), Ext); ok && !e.IsDir() && userName.MatchString(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// UserThemes loads every theme file of the user theme directory, sorted by
// name. A file that fails to load, is badly named, or is shadowed by a
// built-in theme of the same name comes back as an error beside the good
// ones. A missing directory is no error: it holds no themes.
func UserThemes(env Env) ([]Theme, []error) {
	dir := env.Dir()
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, []error{err}
	}
	var out []Theme
	var errs []error
	for _, e := range entries {
		n, ok := strings.CutSuffix(e.Name(), Ext)
		if !ok || e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch {
		case !userName.MatchString(n):
			errs = append(errs, &FileError{Path: path, Msg: "ignored: a theme's name may hold only letters, digits, '.', '_' and '-'"})
		case builtinName(n) != "" || strings.EqualFold(n, "auto"):
			errs = append(errs, &FileError{Path: path, Msg: fmt.Sprintf("ignored: the built-in theme %q has that name; rename the file", builtinName(n))})
		default:
			t, err := LoadFile(path)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, t)
		}
	}
	return out, errs
}

// autoTheme is the automatic theme for a background (light or not) and a
// color profile (Unknown until the terminal's is known): "mono" without
// colors, "ansi16" with 16, else "dark" or "light".
func autoTheme(light bool, p colorprofile.Profile) Theme {
	name := "dark"
	switch {
	case p == colorprofile.NoTTY || p == colorprofile.ASCII:
		name = "mono"
	case p == colorprofile.ANSI:
		name = "ansi16"
	case light:
		name = "light"
	}
	t := mustGet(name)
	t.Auto, t.autoLight, t.autoProfile = true, light, p
	t.Description = "follows the terminal: dark or light by its background, ansi16 on 16 colors (now " + name + ")"
	return t
}

// WithBackground returns the automatic theme for a terminal whose
// background is dark or not; any other theme is returned unchanged.
func (t Theme) WithBackground(dark bool) Theme {
	if !t.Auto {
		return t
	}
	return autoTheme(!dark, t.autoProfile)
}

// WithProfile returns the automatic theme for a terminal of color profile
// p; any other theme is returned unchanged.
func (t Theme) WithProfile(p colorprofile.Profile) Theme {
	if !t.Auto {
		return t
	}
	return autoTheme(t.autoLight, p)
}
