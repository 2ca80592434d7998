package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui"
	"github.com/tailtop/tailtop/tui/safe"
)

const themesUsage = `Usage:
  tailtop themes [--size WxH] [NAME...]   preview every theme (built-in and user), or the named ones
  tailtop themes --list                    list the theme names, one a line
  tailtop themes --example                 print an example theme file that documents the format
  tailtop themes check FILE...             validate theme files

User themes are files NAME.toml in %s.
Choose one with 'tailtop --theme NAME' or 'theme = "NAME"' in the config file.
NO_COLOR turns colors off (mono theme), TERM=dumb turns every escape sequence
off (plain theme), CLICOLOR_FORCE=1 keeps colors on when the output is not a
terminal.

Flags:
`

// themesFlags are the flags of 'tailtop themes'.
type themesFlags struct {
	size          string
	list, example bool
}

// newThemesFlags defines them; the help, the manual page and the
// completions read them from here too.
func newThemesFlags(stderr io.Writer) (*flag.FlagSet, *themesFlags) {
	fs := newFlagSet("themes", stderr)
	f := &themesFlags{}
	fs.StringVar(&f.size, "size", "80x20", "preview size, WIDTHxHEIGHT")
	fs.BoolVar(&f.list, "list", false, "list the theme names, one a line")
	fs.BoolVar(&f.example, "example", false, "print an example theme file")
	return fs, f
}

// cmdThemes previews, lists and checks themes.
func cmdThemes(args []string, stdout, stderr io.Writer) error {
	return runThemes(args, stdout, stderr, themes.Env{})
}

// runThemes is cmdThemes in an environment, for tests.
func runThemes(args []string, stdout, stderr io.Writer, env themes.Env) error {
	if len(args) > 0 && args[0] == "check" {
		return checkThemes(args[1:], stdout, stderr)
	}
	fs, f := newThemesFlags(stderr)
	fs.Usage = func() {
		dir := env.Dir()
		if dir == "" {
			dir = "the user config directory (XDG_CONFIG_HOME or HOME is not set)"
		}
		fmt.Fprintf(stderr, themesUsage, safe.Text(dir))
		fs.PrintDefaults()
	}
	// Names and flags may come in any order: parse the flags around each name.
	var names []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		names, rest = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	w, h, err := parseSize(f.size)
	if err != nil {
		return usageError{err.Error()}
	}
	switch {
	case f.example:
		_, err := io.WriteString(stdout, themes.Example)
		return err
	case f.list:
		return listThemes(stdout, stderr, env)
	}
	out := &colorprofile.Writer{Forward: stdout, Profile: env.Profile(stdout)}
	noteEnvironment(out, env)
	if len(names) > 0 {
		for _, name := range names {
			t, err := themes.Lookup(name, env)
			if err != nil {
				return usageError{err.Error()}
			}
			previewTheme(out, t, w, h)
		}
		return nil
	}
	for _, name := range append([]string{"auto"}, themes.Names()...) {
		t, err := themes.Lookup(name, env)
		if err != nil {
			return err
		}
		previewTheme(out, t, w, h)
	}
	user, errs := themes.UserThemes(env)
	for _, t := range user {
		previewTheme(out, t, w, h)
	}
	printErrors(stderr, errs...)
	if len(user) == 0 && len(errs) == 0 {
		fmt.Fprintf(out, "No user themes (files NAME.toml in %s); 'tailtop themes --example' prints one to start from.\n", safe.Text(env.Dir()))
	}
	return nil
}

// parseSize reads WIDTHxHEIGHT.
func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil || w < 40 || h < 10 || w > 500 || h > 200 {
		return 0, 0, fmt.Errorf("--size %q: use WIDTHxHEIGHT, at least 40x10, such as 80x20", s)
	}
	return w, h, nil
}

// noteEnvironment says when the environment changes what tailtop draws
// with, since the previews show each theme as it is.
func noteEnvironment(w io.Writer, env themes.Env) {
	switch {
	case env.Dumb():
		fmt.Fprintln(w, "TERM=dumb: tailtop draws with the plain theme, whatever --theme says.")
	case env.NoColor():
		fmt.Fprintln(w, "NO_COLOR is set: colors are not shown here, and tailtop draws with the mono theme.")
	default:
		return
	}
	fmt.Fprintln(w)
}

// previewTheme prints a theme's heading and its preview screen.
func previewTheme(w io.Writer, t themes.Theme, width, height int) {
	head := t.Name
	if t.Auto {
		head = "auto"
	}
	if t.Path != "" {
		head += " (" + safe.Text(t.Path) + ")"
	}
	if t.Description != "" {
		head += ": " + safe.Text(t.Description)
	}
	fmt.Fprintln(w, lipgloss.NewStyle().Bold(true).Render(head))
	fmt.Fprintln(w, tui.Preview(t, width, height))
	fmt.Fprintln(w)
}

// listThemes prints the names, built-in then user.
func listThemes(stdout, stderr io.Writer, env themes.Env) error {
	fmt.Fprintln(stdout, "auto")
	for _, n := range themes.Names() {
		fmt.Fprintln(stdout, n)
	}
	user, errs := themes.UserThemes(env)
	for _, t := range user {
		fmt.Fprintln(stdout, t.Name)
	}
	printErrors(stderr, errs...)
	return nil
}

// checkThemes validates theme files, reporting every problem of each.
func checkThemes(files []string, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return usageError{"themes check: name the theme files to check"}
	}
	bad := 0
	for _, f := range files {
		t, err := themes.LoadFile(f)
		if err != nil {
			printErrors(stderr, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (theme %q)\n", safe.Text(f), t.Name)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d theme files have problems", bad, len(files))
	}
	return nil
}

// printErrors prints errors a line each, made inert: they quote files.
func printErrors(w io.Writer, errs ...error) {
	for _, err := range errs {
		var lines []string
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				lines = append(lines, strings.Split(e.Error(), "\n")...)
			}
		} else {
			lines = strings.Split(err.Error(), "\n")
		}
		for _, l := range lines {
			fmt.Fprintln(w, safe.Text(l))
		}
	}
}
