package themes

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
)

// envOf is an Env reading only vars.
func envOf(dir string, vars ...string) Env {
	m := map[string]string{}
	for _, v := range vars {
		k, val, _ := strings.Cut(v, "=")
		m[k] = val
	}
	return Env{Getenv: func(k string) string { return m[k] }, UserDir: dir}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	writeTheme(t, dir, "mine.toml", "base = \"light\"\ndescription = \"my own\"\ntitle = \"red\"\n")
	writeTheme(t, dir, "broken.toml", "base = \"light\"\n\ntitle = \"nocolor\"\n")
	for _, c := range []struct {
		name string
		vars []string
		want string
		auto bool
	}{
		{name: "", want: "dark", auto: true},
		{name: "auto", want: "dark", auto: true},
		{name: " AUTO ", want: "dark", auto: true},
		{name: "light", want: "light"},
		{name: "High-Contrast", want: "high-contrast"},
		{name: "ansi16", want: "ansi16"},
		{name: "mine", want: "mine"},
		{name: "light", vars: []string{"NO_COLOR=1"}, want: "mono"},
		{name: "", vars: []string{"NO_COLOR=yes"}, want: "mono"},
		{name: "mine", vars: []string{"NO_COLOR=1"}, want: "mono"},
		{name: "plain", vars: []string{"NO_COLOR=1"}, want: "plain"},
		{name: "light", vars: []string{"NO_COLOR="}, want: "light"},
		{name: "dark", vars: []string{"TERM=dumb"}, want: "plain"},
		{name: "", vars: []string{"TERM=dumb", "NO_COLOR=1"}, want: "plain"},
		{name: "dark", vars: []string{"TERM=dumb", "CLICOLOR_FORCE=1"}, want: "dark"},
		{name: "dark", vars: []string{"TERM=dumb", "CLICOLOR_FORCE=0"}, want: "plain"},
		{name: "dark", vars: []string{"TERM=dumb", "CLICOLOR_FORCE=1", "NO_COLOR=1"}, want: "mono"},
		{name: "dark", vars: []string{"TERM=xterm-256color", "CLICOLOR_FORCE=1"}, want: "dark"},
	} {
		th, err := Resolve(c.name, envOf(dir, c.vars...))
		if err != nil {
			t.Errorf("Resolve(%q) with %v: %v", c.name, c.vars, err)
			continue
		}
		if th.Name != c.want || th.Auto != c.auto {
			t.Errorf("Resolve(%q) with %v = %q (auto %v), want %q (auto %v)", c.name, c.vars, th.Name, th.Auto, c.want, c.auto)
		}
	}
	mine, _ := Resolve("mine", envOf(dir))
	if mine.Path != filepath.Join(dir, "mine.toml") || mine.Description != "my own" {
		t.Errorf("user theme from %q, description %q", mine.Path, mine.Description)
	}

	// A broken user theme says where and how to check it, even where
	// NO_COLOR would replace it anyway.
	_, err := Resolve("broken", envOf(dir, "NO_COLOR=1"))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "broken.toml")+":3: ") ||
		!strings.Contains(err.Error(), "tailtop themes check") {
		t.Errorf("broken theme: %v", err)
	}

	// An unknown name lists what exists and where user themes go.
	_, err = Resolve("nope", envOf(dir))
	for _, want := range []string{`unknown theme "nope"`, "auto, ansi16, dark, high-contrast, light, mono, plain", "broken, mine", dir} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("unknown theme error %v does not say %q", err, want)
		}
	}
	empty := t.TempDir()
	_, err = Resolve("nope", envOf(empty))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(empty, "nope.toml")) || !strings.Contains(err.Error(), "--example") {
		t.Errorf("unknown theme, no user themes: %v", err)
	}
}

// TestResolveStaysInTheUserDir: a theme name is a file name in the user
// directory, never a path.
func TestResolveStaysInTheUserDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "themes")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTheme(t, root, "outside.toml", "title = \"red\"\n")
	for _, name := range []string{"../outside", filepath.Join(root, "outside"), ".hidden", "a/b"} {
		if th, err := Resolve(name, envOf(dir)); err == nil {
			t.Errorf("Resolve(%q) loaded %q", name, th.Path)
		}
	}
}

func TestUserDir(t *testing.T) {
	for _, c := range []struct {
		vars []string
		want string
	}{
		{[]string{"XDG_CONFIG_HOME=/cfg", "HOME=/home/u"}, filepath.Join("/cfg", "tailtop", "themes")},
		{[]string{"XDG_CONFIG_HOME=relative", "HOME=/home/u"}, filepath.Join("/home/u", ".config", "tailtop", "themes")},
		{[]string{"HOME=/home/u"}, filepath.Join("/home/u", ".config", "tailtop", "themes")},
		{[]string{"APPDATA=/appdata"}, filepath.Join("/appdata", "tailtop", "themes")},
		{nil, ""},
	} {
		if got := UserDir(envOf("", c.vars...).Getenv); got != c.want {
			t.Errorf("UserDir with %v = %q, want %q", c.vars, got, c.want)
		}
	}
	// Resolve finds user themes through the environment by default.
	cfg := t.TempDir()
	dir := filepath.Join(cfg, "tailtop", "themes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeTheme(t, dir, "found.toml", "")
	if th, err := Resolve("found", envOf("", "XDG_CONFIG_HOME="+cfg)); err != nil || th.Name != "found" {
		t.Errorf("Resolve(found) through XDG_CONFIG_HOME: %v %v", th.Name, err)
	}
}

func TestUserThemes(t *testing.T) {
	dir := t.TempDir()
	writeTheme(t, dir, "good.toml", "description = \"good\"\n")
	writeTheme(t, dir, "also-good.toml", "")
	writeTheme(t, dir, "bad.toml", "title = 7.5\n")
	writeTheme(t, dir, "dark.toml", "")
	writeTheme(t, dir, "bad name.toml", "")
	writeTheme(t, dir, "notes.txt", "not a theme")
	got, errs := UserThemes(envOf(dir))
	if len(got) != 2 || got[0].Name != "also-good" || got[1].Name != "good" {
		t.Errorf("themes %v", got)
	}
	all := ""
	for _, e := range errs {
		all += e.Error() + "\n"
	}
	for _, want := range []string{"bad.toml:1: title:", `built-in theme "dark"`, "bad name.toml: ignored"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors do not say %q:\n%s", want, all)
		}
	}
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3:\n%s", len(errs), all)
	}
	if got, errs := UserThemes(envOf(filepath.Join(dir, "missing"))); got != nil || errs != nil {
		t.Errorf("a missing directory: %v %v", got, errs)
	}
}

// TestAutoFollowsTheTerminal: the automatic theme turns light on a light
// background, 16-color on a 16-color terminal and mono without colors,
// remembering each report; a named theme never changes.
func TestAutoFollowsTheTerminal(t *testing.T) {
	th, _ := Resolve("", envOf(""))
	steps := []struct {
		apply func(Theme) Theme
		want  string
	}{
		{func(t Theme) Theme { return t.WithProfile(colorprofile.TrueColor) }, "dark"},
		{func(t Theme) Theme { return t.WithBackground(false) }, "light"},
		{func(t Theme) Theme { return t.WithProfile(colorprofile.ANSI) }, "ansi16"},
		{func(t Theme) Theme { return t.WithBackground(true) }, "ansi16"},
		{func(t Theme) Theme { return t.WithProfile(colorprofile.ANSI256) }, "dark"},
		{func(t Theme) Theme { return t.WithProfile(colorprofile.ASCII) }, "mono"},
	}
	for i, s := range steps {
		th = s.apply(th)
		if th.Name != s.want || !th.Auto {
			t.Fatalf("step %d: %q (auto %v), want %q", i, th.Name, th.Auto, s.want)
		}
	}
	light, _ := Get("light")
	if got := light.WithBackground(true).WithProfile(colorprofile.ANSI); got.Name != "light" {
		t.Errorf("a named theme changed to %q", got.Name)
	}
}

// TestEnvironAgreesWithColorprofile: the environment handed to colorprofile
// makes it strip colors for any NO_COLOR and keep them for CLICOLOR_FORCE
// on a pipe, as the themes do.
func TestEnvironAgreesWithColorprofile(t *testing.T) {
	var pipe bytes.Buffer
	if p := colorprofile.Detect(&pipe, envOf("", "TERM=xterm-256color", "CLICOLOR_FORCE=1").Environ()); p < colorprofile.ANSI {
		t.Errorf("CLICOLOR_FORCE on a pipe: profile %v", p)
	}
	if p := colorprofile.Detect(&pipe, envOf("", "TERM=xterm-256color").Environ()); p != colorprofile.NoTTY {
		t.Errorf("a pipe: profile %v", p)
	}
	if p := envOf("", "TERM=xterm-256color", "CLICOLOR_FORCE=1", "NO_COLOR=1").Profile(&pipe); p != colorprofile.ASCII {
		t.Errorf("NO_COLOR and CLICOLOR_FORCE on a pipe: profile %v, want Ascii (attributes, no colors)", p)
	}
	if p := envOf("", "TERM=xterm-256color", "COLORTERM=truecolor", "CLICOLOR_FORCE=1").Profile(&pipe); p != colorprofile.TrueColor {
		t.Errorf("CLICOLOR_FORCE with COLORTERM=truecolor on a pipe: profile %v", p)
	}
	for _, v := range []string{"1", "yes"} {
		env := envOf("", "TERM=xterm-256color", "CLICOLOR_FORCE=1", "NO_COLOR="+v).Environ()
		if p := colorprofile.Env(env); p > colorprofile.ASCII {
			t.Errorf("NO_COLOR=%s: profile %v", v, p)
		}
	}
}
