package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/themes"
)

// themesEnv is an environment of vars only, with user themes in dir.
func themesEnv(dir string, vars ...string) themes.Env {
	m := map[string]string{}
	for _, v := range vars {
		k, val, _ := strings.Cut(v, "=")
		m[k] = val
	}
	return themes.Env{Getenv: func(k string) string { return m[k] }, UserDir: dir}
}

func runThemesTest(t *testing.T, env themes.Env, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runThemes(args, &out, &errOut, env)
	return out.String(), errOut.String(), err
}

func userThemeDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"ember.toml":  themes.Example,
		"broken.toml": "base = \"dark\"\n\ntitle = \"pink\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestThemesPreviewAll: every theme is previewed, built-in and user; a
// broken user theme is reported with its line; on a pipe nothing but text
// comes out.
func TestThemesPreviewAll(t *testing.T) {
	dir := userThemeDir(t)
	out, errOut, err := runThemesTest(t, themesEnv(dir, "TERM=xterm-256color"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append([]string{"auto", "ember (" + filepath.Join(dir, "ember.toml") + ")"}, themes.Names()...) {
		if !strings.Contains(out, "\n"+name+": ") && !strings.HasPrefix(out, name+": ") {
			t.Errorf("no preview of %s", name)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escape sequences on a pipe")
	}
	if !strings.Contains(errOut, filepath.Join(dir, "broken.toml")+":3: ") {
		t.Errorf("the broken theme is not reported at its line: %q", errOut)
	}
	// Every preview screen is 80 cells wide at most.
	for i, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > 80 && !strings.Contains(l, ": ") {
			t.Fatalf("line %d is %d cells: %q", i, w, l)
		}
	}
}

// TestThemesColorEnvironment: CLICOLOR_FORCE brings colors to a pipe;
// NO_COLOR takes them away again (attributes stay) and says so; TERM=dumb
// leaves no escape sequence at all.
func TestThemesColorEnvironment(t *testing.T) {
	dir := t.TempDir()
	out, _, err := runThemesTest(t, themesEnv(dir, "TERM=xterm-256color", "COLORTERM=truecolor", "CLICOLOR_FORCE=1"), "dark")
	if err != nil || !strings.Contains(out, "\x1b[") || !strings.Contains(out, "38;2;") {
		t.Fatalf("CLICOLOR_FORCE: no true colors (%v): %q", err, first(out))
	}
	out, _, err = runThemesTest(t, themesEnv(dir, "TERM=xterm", "CLICOLOR_FORCE=1"), "dark")
	if err != nil || len(sgrColors(out)) == 0 || strings.Contains(out, "38;") {
		t.Fatalf("CLICOLOR_FORCE on a 16-color TERM: want 16 colors only (%v): %q", err, first(out))
	}

	out, _, err = runThemesTest(t, themesEnv(dir, "TERM=xterm-256color", "CLICOLOR_FORCE=1", "NO_COLOR=1"))
	if err != nil {
		t.Fatal(err)
	}
	if c := sgrColors(out); len(c) > 0 {
		t.Fatalf("NO_COLOR: color sequences %q", c[:min(len(c), 5)])
	}
	if !strings.Contains(out, "\x1b[1m") || !strings.Contains(out, "NO_COLOR is set") {
		t.Fatalf("NO_COLOR with CLICOLOR_FORCE: want bold and a note: %q", first(out))
	}

	out, _, err = runThemesTest(t, themesEnv(dir, "TERM=dumb"))
	if err != nil || strings.Contains(out, "\x1b") || !strings.Contains(out, "TERM=dumb") {
		t.Fatalf("TERM=dumb (%v): %q", err, first(out))
	}
}

func first(s string) string { return s[:min(len(s), 400)] }

func TestThemesOne(t *testing.T) {
	dir := userThemeDir(t)
	out, _, err := runThemesTest(t, themesEnv(dir), "high-contrast", "--size", "60x12", "ember")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "high-contrast: ") || !strings.Contains(out, "\nember (") || strings.Contains(out, "\ndark: ") {
		t.Errorf("want high-contrast then ember only:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n != 2*(1+12+1) {
		t.Errorf("%d lines, want two headings, two 12-line screens and two blank lines", n)
	}
	for i, l := range strings.Split(out, "\n") {
		if w := ansi.StringWidth(l); w > 60 && !strings.Contains(l, ": ") {
			t.Fatalf("line %d is %d cells: %q", i, w, l)
		}
	}
	for _, args := range [][]string{{"nope"}, {"broken"}, {"--size", "10x2"}, {"--size", "wide"}} {
		_, _, err := runThemesTest(t, themesEnv(dir), args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("themes %v: %v, want a usage error", args, err)
		}
	}
}

func TestThemesListExampleCheck(t *testing.T) {
	dir := userThemeDir(t)
	out, errOut, err := runThemesTest(t, themesEnv(dir), "--list")
	want := "auto\n" + strings.Join(themes.Names(), "\n") + "\nember\n"
	if err != nil || out != want || !strings.Contains(errOut, "broken.toml:3:") {
		t.Errorf("--list = %q, %q, %v; want %q", out, errOut, err, want)
	}

	out, _, err = runThemesTest(t, themesEnv(dir), "--example")
	if err != nil || out != themes.Example {
		t.Errorf("--example: %v", err)
	}

	good, bad := filepath.Join(dir, "ember.toml"), filepath.Join(dir, "broken.toml")
	out, errOut, err = runThemesTest(t, themesEnv(dir), "check", good, bad)
	if err == nil || !strings.Contains(err.Error(), "1 of 2") {
		t.Errorf("check with a bad file: %v", err)
	}
	if !strings.Contains(out, good+": ok") || !strings.Contains(errOut, bad+`:3: title: "pink" is not a color`) {
		t.Errorf("check: stdout %q stderr %q", out, errOut)
	}
	if _, _, err := runThemesTest(t, themesEnv(dir), "check", good); err != nil {
		t.Errorf("check good: %v", err)
	}
	if _, _, err := runThemesTest(t, themesEnv(dir), "check"); err == nil {
		t.Error("check without files: no error")
	}
}
