package main

import (
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// requireTool skips a test whose external tool is missing, or fails it
// when TAILTOP_E2E=require (scripts/test) says every part must run.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("TAILTOP_E2E") == "require" {
			t.Fatalf("%s is required for this test", name)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// commandHelp is what `tailtop --help` (on stdout) or `tailtop CMD -h`
// (on stderr, as the flag package does) prints.
func commandHelp(t *testing.T, name string) string {
	t.Helper()
	args := []string{"--help"}
	if name != "" {
		args = []string{name, "-h"}
	}
	out, errs, code := runCmd(t, args...)
	if code != 0 {
		t.Errorf("%v: exit %d", args, code)
	}
	return out + errs
}

// flagNames lists the flags of a command's set, as the generators see it.
func flagNames(c command) []string {
	var names []string
	c.flags(io.Discard).VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return names
}

// Each command's -h prints the flags its own parser knows: the help comes
// from the set the command parses with, and lists what the generators list.
func TestHelpFlagsMatchTheCommands(t *testing.T) {
	isolateConfig(t)
	for _, c := range commands() {
		errs := commandHelp(t, c.name)
		for _, n := range flagNames(c) {
			if !strings.Contains(errs, "  -"+n+" ") && !strings.Contains(errs, "  -"+n+"\n") {
				t.Errorf("tailtop %s -h does not list -%s", c.name, n)
			}
		}
		// And the other way: every flag -h lists is one the manual
		// page and the completions (made from the same list) know.
		for _, l := range strings.Split(errs, "\n") {
			if name, ok := strings.CutPrefix(l, "  -"); ok {
				name, _, _ = strings.Cut(name, " ")
				if !slices.Contains(flagNames(c), name) {
					t.Errorf("tailtop %s -h lists -%s, which the manual page and completions lack", c.name, name)
				}
			}
		}
		for _, e := range c.examples {
			if !strings.Contains(errs, e) {
				t.Errorf("tailtop %s -h lacks the example %q", c.name, e)
			}
		}
		// A flag the generators list is one the command accepts.
		if c.name == "report" || c.name == "parse" {
			for _, n := range flagNames(c) {
				_, errs, _ := runCmd(t, c.name, "-"+n+"=x", "/nonexistent/x.log")
				if strings.Contains(errs, "flag provided but not defined") {
					t.Errorf("tailtop %s does not accept -%s", c.name, n)
				}
			}
		}
	}
}

// The help of every command that takes sources shows every kind of
// source, written for that command.
func TestHelpShowsEverySourceKind(t *testing.T) {
	isolateConfig(t)
	for _, c := range commands() {
		if !c.sources {
			continue
		}
		name := c.name
		if name == "watch" {
			name = "" // the screen's command under another name, and its help
		}
		errs := commandHelp(t, name)
		for _, s := range sourceExamples {
			want := strings.TrimSpace("tailtop "+name) + " " + s.arg
			if !strings.Contains(errs, want) {
				t.Errorf("tailtop %s -h lacks %q", c.name, want)
			}
		}
	}
	kinds := map[string]bool{}
	for _, s := range sourceExamples {
		a := strings.Trim(s.arg, "'")
		switch {
		case strings.HasPrefix(a, "kinesis://"):
			kinds["kinesis"] = true
		case strings.HasPrefix(a, "arn:aws:kinesis:"):
			kinds["arn"] = true
		case strings.HasPrefix(a, "cwlogs://"):
			kinds["cwlogs"] = true
		case strings.HasPrefix(a, "demo://"):
			kinds["demo"] = true
		case strings.HasPrefix(a, "@"):
			kinds["set"] = true
		case a == "-":
			kinds["stdin"] = true
		case strings.HasSuffix(a, "/"):
			kinds["dir"] = true
		case strings.ContainsAny(a, "*?["):
			kinds["glob"] = true
		default:
			kinds["file"] = true
		}
	}
	for _, k := range []string{"file", "glob", "dir", "stdin", "kinesis", "arn", "cwlogs", "demo", "set"} {
		if !kinds[k] {
			t.Errorf("no source example of kind %s", k)
		}
	}
	out, _, code := runCmd(t, "--help")
	if code != 0 {
		t.Fatalf("--help: exit %d", code)
	}
	for _, c := range commands() {
		if c.name != "" && !strings.Contains(out, "tailtop "+c.name) {
			t.Errorf("--help does not list %s", c.name)
		}
	}
}

func TestManPageListsEveryCommandAndFlag(t *testing.T) {
	page := manPage("v9.9.9", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	if !strings.HasPrefix(page, `.TH TAILTOP 1 "2026-01-02" "tailtop v9.9.9"`) {
		t.Errorf("header: %q", strings.SplitN(page, "\n", 2)[0])
	}
	for _, c := range commands() {
		if !strings.Contains(page, roff(strings.TrimSpace("tailtop "+strings.TrimSpace(c.name+" "+c.synopsis)))) {
			t.Errorf("the page has no section for %q", c.name)
		}
		if c.name == "watch" {
			continue // the screen's flags
		}
		for _, n := range flagNames(c) {
			if !strings.Contains(page, `\fB\-\-`+roff(n)+`\fR`) {
				t.Errorf("the page does not list --%s of %q", n, c.name)
			}
		}
	}
	// Well-formed roff: every request is one this page means to use, and
	// no text line starts with a control character.
	known := map[string]bool{"TH": true, "SH": true, "SS": true, "TP": true, "PP": true, "RS": true, "RE": true,
		"nf": true, "fi": true, "B": true, "BR": true, "br": true}
	req := regexp.MustCompile(`^\.([A-Za-z]+)`)
	for i, l := range strings.Split(strings.TrimSuffix(page, "\n"), "\n") {
		if strings.HasPrefix(l, "'") {
			t.Errorf("line %d starts with ' (a roff control line): %q", i+1, l)
		}
		if strings.HasPrefix(l, ".") {
			m := req.FindStringSubmatch(l)
			if m == nil || !known[m[1]] {
				t.Errorf("line %d: unknown request %q", i+1, l)
			}
		}
	}
}

func TestManPageRendersWithGroff(t *testing.T) {
	groff := requireTool(t, "groff")
	path := filepath.Join(t.TempDir(), "tailtop.1")
	out, _, code := runCmd(t, "man")
	if code != 0 {
		t.Fatal("tailtop man failed")
	}
	writeFile(t, path, out)
	cmd := exec.Command(groff, "-man", "-ww", "-z", path)
	msg, err := cmd.CombinedOutput()
	if err != nil || len(msg) > 0 {
		t.Errorf("groff warns: %v\n%s", err, msg)
	}
}

func TestCompletionScriptsCoverEveryFlag(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		out, errs, code := runCmd(t, "completion", shell)
		if code != 0 {
			t.Fatalf("completion %s: exit %d %s", shell, code, errs)
		}
		for _, c := range commands() {
			if c.name != "" && !strings.Contains(out, c.name) {
				t.Errorf("%s: no command %s", shell, c.name)
			}
			for _, n := range flagNames(c) {
				want := "--" + n
				if shell == "fish" {
					want = "-l " + n
				}
				if !strings.Contains(out, want) {
					t.Errorf("%s: no flag %s", shell, want)
				}
			}
		}
	}
	if _, _, code := runCmd(t, "completion", "tcsh"); code != 2 {
		t.Errorf("completion tcsh: exit %d, want 2", code)
	}
}

// The bash script, loaded in a real bash, completes commands, flags and
// flag values.
func TestCompletionBashCompletes(t *testing.T) {
	bash := requireTool(t, "bash")
	script, _, _ := runCmd(t, "completion", "bash")
	dir := t.TempDir()
	path := filepath.Join(dir, "tailtop.bash")
	writeFile(t, path, script)
	if out, err := exec.Command(bash, "-n", path).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	cases := []struct {
		words []string
		want  string // one of the completions
		not   string
	}{
		{[]string{"tailtop", "rep"}, "report", ""},
		{[]string{"tailtop", "report", "--win"}, "--window", ""},
		{[]string{"tailtop", "report", "--window", ""}, "all", ""},
		{[]string{"tailtop", "--window", ""}, "15m", "all"},
		{[]string{"tailtop", "--format", "cl"}, "cloudtrail", ""},
		{[]string{"tailtop", "completion", ""}, "fish", ""},
		{[]string{"tailtop", "config", "c"}, "check", ""},
		{[]string{"tailtop", "report", "--window", "=", "1"}, "1h", ""},
	}
	for _, tc := range cases {
		var q []string
		for _, w := range tc.words {
			q = append(q, "'"+w+"'")
		}
		prog := "source " + path + "\nCOMP_WORDS=(" + strings.Join(q, " ") + ")\nCOMP_CWORD=" +
			strconv.Itoa(len(tc.words)-1) + "\n_tailtop\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
		cmd := exec.Command(bash, "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", tc.words, err, out)
		}
		got := strings.Fields(string(out))
		if !contains(got, tc.want) || (tc.not != "" && contains(got, tc.not)) {
			t.Errorf("%v completes to %v; want %q there and %q not", tc.words, got, tc.want, tc.not)
		}
	}
}

// zsh and fish, when installed, parse their scripts; fish, which can be
// asked for completions without a terminal, completes with its script.
func TestCompletionZshAndFishParse(t *testing.T) {
	for _, shell := range []string{"zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			requireTool(t, shell)
			script, _, _ := runCmd(t, "completion", shell)
			path := filepath.Join(t.TempDir(), "tailtop."+shell)
			writeFile(t, path, script)
			if out, err := exec.Command(shell, "-n", path).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", shell, err, out)
			}
			if shell != "fish" {
				return
			}
			for line, want := range map[string]string{
				"tailtop report --win":     "--window",
				"tailtop report --window ": "all",
				"tailtop rep":              "report",
				"tailtop config ":          "check",
				"tailtop gen --format ":    "cloudtrail",
			} {
				out, err := exec.Command("fish", "--no-config", "-c", "source "+path+"; complete -C '"+line+"'").CombinedOutput()
				if err != nil {
					t.Fatalf("fish: %v\n%s", err, out)
				}
				var got []string
				for _, l := range strings.Split(string(out), "\n") {
					got = append(got, strings.SplitN(l, "\t", 2)[0])
				}
				if !contains(got, want) {
					t.Errorf("fish completes %q to %v, want %q among them", line, got, want)
				}
			}
		})
	}
}

func TestVersionStampedAndFromBuildInfo(t *testing.T) {
	defer func(v string, bi func() (*debug.BuildInfo, bool)) { version, buildInfo = v, bi }(version, buildInfo)
	buildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	version = ""
	if got := versionString(); !strings.HasPrefix(got, "v1.4.0 (commit 0123456789ab-dirty, go") {
		t.Errorf("from build info: %q", got)
	}
	version = "v2.0.0-rc1"
	out, _, code := runCmd(t, "--version")
	if code != 0 || !strings.HasPrefix(out, "tailtop v2.0.0-rc1 (") {
		t.Errorf("--version with a stamped version: %q (exit %d)", out, code)
	}
	buildInfo = func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true }
	version = ""
	out, _, _ = runCmd(t, "version")
	if !strings.HasPrefix(out, "tailtop devel (go") {
		t.Errorf("a local build without VCS information: %q", out)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
