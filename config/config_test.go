package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// markedLine is the 1-based line of the first line holding "# <-": the
// tests mark the line an error must point at in the file itself.
func markedLine(t *testing.T, src string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, "# <-") {
			return i + 1
		}
	}
	t.Fatal("test file has no '# <-' marker")
	return 0
}

func parseErrors(t *testing.T, src string, c Checks) Errors {
	t.Helper()
	f, err := Parse("test.toml", []byte(src), c)
	if err == nil {
		t.Fatalf("no error for:\n%s\n(got %+v)", src, f)
	}
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error is not config.Errors: %T %v", err, err)
	}
	return es
}

func TestConfigExampleIsValid(t *testing.T) {
	var sources []string
	f, err := Parse("example.toml", []byte(Example), Checks{Source: func(s string) error {
		sources = append(sources, s)
		return nil
	}})
	if err != nil {
		t.Fatalf("the embedded example does not pass its own check:\n%v", err)
	}
	// Every [[sources.X]] table of the text reached the source check.
	if want := strings.Count(Example, "\n[[sources."); len(sources) != want {
		t.Errorf("%d sources checked, the example has %d [[sources.*]] tables", len(sources), want)
	}
	if len(f.Sources["web"]) != 2 || f.Sources["web"][0].Format != "combined" {
		t.Errorf("sources.web = %+v", f.Sources["web"])
	}
	audit := f.Sources["audit"]
	if len(audit) != 2 || audit[0].Region != "eu-west-1" || audit[0].RoleARN == "" {
		t.Errorf("sources.audit = %+v (per-source AWS settings lost)", audit)
	}
	if len(f.Alerts) != strings.Count(Example, "\n[[alerts]]") {
		t.Errorf("alerts = %+v", f.Alerts)
	}
	if !f.IsSet("defaults.window") || f.IsSet("defaults.spike_factor") {
		t.Errorf("IsSet: window %v (set in the example), spike_factor %v (commented out)", f.IsSet("defaults.window"), f.IsSet("defaults.spike_factor"))
	}
	if f.Publish.Dimensions["Host"] != "web-1" {
		t.Errorf("publish.dimensions = %v", f.Publish.Dimensions)
	}
	// Every key the example documents is a key the decoder knows (the
	// commented-out ones too: uncommenting them must work).
	// (The JSON field paths and the custom regex exclude each other: the
	// regex parser takes the field options as group names.)
	keyLine := regexp.MustCompile(`(?m)^# ([a-z_]+ = )`)
	jsonKeys := keyLine.ReplaceAllStringFunc(Example, func(m string) string {
		if strings.HasPrefix(m, "# regex") || strings.HasPrefix(m, "# field_names") {
			return m
		}
		return m[2:]
	})
	if _, err := Parse("example.toml", []byte(jsonKeys), Checks{}); err != nil {
		t.Errorf("the example with every key but the regex ones uncommented:\n%v", err)
	}
	regexKeys := strings.NewReplacer("\n# regex = ", "\nregex = ", "\n# field_names = ", "\nfield_names = ",
		`format = "auto"`, `format = "regex"`).Replace(Example)
	if _, err := Parse("example.toml", []byte(regexKeys), Checks{}); err != nil {
		t.Errorf("the example with the regex keys uncommented:\n%v", err)
	}
}

func TestConfigErrorsHaveLines(t *testing.T) {
	cases := []struct {
		name, src, key, msg string
	}{
		{"syntax", "[defaults]\ntop = 10\nwindow = \"5m # <-\n", "", "newline"},
		{"unknown key", "[defaults]\ntop = 10\nwindwo = \"5m\" # <-\n", "defaults.windwo", "known here: theme, window"},
		{"unknown table", "[defaults]\ntop = 3\n\n[publsh] # <-\ntarget = \"cloudwatch\"\n", "publsh", "known here: defaults, aws"},
		{"type", "[defaults]\ntheme = \"dark\"\ntop = \"ten\" # <-\n", "defaults.top", "want an integer, not a string"},
		{"set single brackets", "[sources.web] # <-\nsource = \"a.log\"\n", "sources.web", "[[sources.web]]"},
		{"bad window", "[defaults]\nwindow = \"7m\" # <-\n", "defaults.window", "use 1m, 5m, 15m or 1h"},
		{"bad top", "[defaults]\ntop = 0 # <-\n", "defaults.top", "1 to 1000"},
		{"bad format", "[defaults]\nformat = \"apache\" # <-\n", "defaults.format", "unknown format \"apache\""},
		{"bad regex", "[defaults]\nformat = \"regex\"\nregex = '(?P<actor>' # <-\n", "defaults.regex", "regex"},
		{"regex without format", "[defaults]\nregex = '(?P<actor>\\S+)' # <-\n", "defaults.regex", "format = \"regex\""},
		{"bad duration", "[defaults]\nsince = \"15 minutes\" # <-\n", "defaults.since", "not a duration"},
		{"bad rule", "[[alerts]]\nrule = \"denied >= 1 per 1m\"\n\n[[alerts]]\nrule = \"denied >> 1\" # <-\n", "alerts[1].rule", "operator"},
		{"rule missing", "[[alerts]]\nrule = \"denied >= 1 per 1m\"\n[[alerts]] # <-\n", "alerts[1]", "no rule"},
		{"set source missing", "[[sources.web]]\nsource = \"a.log\"\n[[sources.web]] # <-\nformat = \"combined\"\n", "sources.web[1]", "no source"},
		{"set bad format", "[[sources.web]]\nsource = \"a.log\"\n[[sources.web]]\nsource = \"b.log\"\nformat = \"nginx\" # <-\n", "sources.web[1].format", "unknown format"},
		{"aws on a file", "[[sources.web]] # <-\nsource = \"a.log\"\nregion = \"us-east-1\"\n", "sources.web[0]", "kinesis:// and cwlogs://"},
		{"bad region", "[aws]\nregion = \"US East\" # <-\n", "aws.region", "not an AWS region"},
		{"bad role", "[[sources.a]]\nsource = \"kinesis://s\"\nrole_arn = \"tailtop-reader\" # <-\n", "sources.a[0].role_arn", "not a role ARN"},
		{"external id alone", "[aws]\nexternal_id = \"abc\" # <-\n", "aws.external_id", "goes with role_arn"},
		{"bad endpoint", "[aws]\nendpoint_url = \"localhost:4566\" # <-\n", "aws.endpoint_url", "http://"},
		{"publish target", "[publish]\ntarget = \"datadog\" # <-\n", "publish.target", "cloudwatch"},
		{"publish namespace", "[publish]\nnamespace = \"AWS/EC2\" # <-\n", "publish.namespace", "reserved"},
		{"publish interval", "[publish]\ninterval = \"1500ms\" # <-\n", "publish.interval", "whole seconds"},
		{"publish dimension", "[publish]\ndimensions = { Host = \"a\", Stream = \"b\" } # <-\n", "publish.dimensions.Stream", "taken"},
		{"unknown action", "[keys]\npause = [\"p\"]\npuase = [\"x\"] # <-\n", "keys.puase", "unknown action \"puase\" (actions: pause, quit)"},
		{"bad key name", "[keys]\nquit = [\"q\",\n  \" q\"] # <-\n", "keys.quit[1]", "not a key name"},
		{"set of a set", "[[sources.all]]\nsource = \"@web\" # <-\n", "sources.all[0].source", "another set"},
		{"bad set name", "[[sources.\"my set\"]] # <-\nsource = \"a.log\"\n", "sources.my set", "set name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es := parseErrors(t, tc.src, Checks{KeyActions: []string{"pause", "quit"}})
			e := es[0]
			if want := markedLine(t, tc.src); e.Line != want {
				t.Errorf("line %d, want %d: %v", e.Line, want, e)
			}
			if e.Key != tc.key {
				t.Errorf("key %q, want %q: %v", e.Key, tc.key, e)
			}
			if !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("message %q does not say %q", e.Error(), tc.msg)
			}
			if !strings.HasPrefix(e.Error(), "test.toml:") {
				t.Errorf("message %q does not start with the file name", e.Error())
			}
		})
	}
}

func TestConfigReportsEveryProblemInLineOrder(t *testing.T) {
	src := "[defaults]\ntop = 0\nwindow = \"2m\"\n\n[[alerts]]\nrule = \"nonsense\"\n\n[bogus]\nx = 1\n"
	es := parseErrors(t, src, Checks{})
	var got []int
	for _, e := range es {
		got = append(got, e.Line)
	}
	want := []int{2, 3, 6, 8}
	if len(got) != len(want) {
		t.Fatalf("lines %v, want %v:\n%v", got, want, es)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("lines %v, want %v:\n%v", got, want, es)
		}
	}
}

func TestConfigChecksAreCalled(t *testing.T) {
	src := "[defaults]\ntheme = \"neon\" # line 2\n\n[[sources.web]]\nsource = \"kinesis://bad name\" # line 5\n\n[keys] # line 7\nquit = [\"q\"]\npause = [\"x\"] # line 9\nhelp = [\"h\"]\n"
	c := Checks{
		Source: func(s string) error {
			if strings.Contains(s, " ") {
				return errors.New("source has a space")
			}
			return nil
		},
		Theme:      func(n string) error { return errors.New("no theme " + n) },
		KeyActions: []string{"quit", "pause", "help"},
		Keys: func(m map[string][]string) error {
			if len(m) == 1 && m["pause"] != nil {
				return errors.New("keys: x is taken")
			}
			return nil
		},
	}
	es := parseErrors(t, src, c)
	if len(es) != 3 {
		t.Fatalf("%d errors, want 3 (theme, source, keys):\n%v", len(es), es)
	}
	if es[0].Line != 2 || !strings.Contains(es[0].Msg, "no theme neon") {
		t.Errorf("theme: %v", es[0])
	}
	if es[1].Line != 5 || es[1].Key != "sources.web[0].source" || !strings.Contains(es[1].Msg, "space") {
		t.Errorf("source: %v", es[1])
	}
	if es[2].Line != 9 || es[2].Key != "keys.pause" || es[2].Msg != "x is taken" {
		t.Errorf("keys: %v (an action's own problem is at its line)", es[2])
	}
	// A problem of the whole table (two actions sharing a key) is at the
	// table's line.
	c.Keys = func(m map[string][]string) error {
		if len(m) > 1 {
			return errors.New("keys: \"q\" is bound to both quit and help")
		}
		return nil
	}
	es = parseErrors(t, src, c)
	last := es[len(es)-1]
	if last.Line != 7 || last.Key != "keys" || !strings.Contains(last.Msg, "both quit and help") {
		t.Errorf("whole table: %v", last)
	}
}

func TestConfigLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "nope.toml"), Checks{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestConfigLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(path, []byte("[defaults]\ntop = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path, Checks{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != path || f.Defaults.Top != 5 || !f.IsSet("defaults.top") || f.IsSet("defaults.bell") {
		t.Fatalf("loaded %+v", f)
	}
	if f.Line("defaults.top") != 2 {
		t.Errorf("Line(defaults.top) = %d, want 2", f.Line("defaults.top"))
	}
}

func TestConfigDefaultPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	p, err := DefaultPath()
	if err != nil || p != filepath.Join(dir, "tailtop", "config.toml") {
		t.Errorf("with XDG_CONFIG_HOME: %q, %v", p, err)
	}
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", "relative/ignored") // the spec: relative paths are invalid
	t.Setenv("HOME", home)
	p, err = DefaultPath()
	if err != nil || p != filepath.Join(home, ".config", "tailtop", "config.toml") {
		t.Errorf("with HOME: %q, %v", p, err)
	}
}

func TestConfigLocate(t *testing.T) {
	src := `# comment [not.a.table]
top = 1
text = """
key = "not a key"
[not.a.table]
"""
[a."b.c"]
list = [
  { rule = "x" },   # 0
  { rule = "y" },   # 1
]
inline = { k = 1, "q k" = 'v' }
[[arr]]
x = 1
[[arr]]

x = 2
`
	l := locate(src)
	want := map[string]int{
		"top": 2, "text": 3, "a.b.c": 7, "a.b.c.list": 8, "a.b.c.list[0].rule": 9, "a.b.c.list[1].rule": 10,
		"a.b.c.inline.k": 12, "a.b.c.inline.q k": 12, "arr[0].x": 14, "arr[1]": 15, "arr[1].x": 17, "arr.x": 14,
	}
	for k, n := range want {
		if l.line(k) != n {
			t.Errorf("line(%q) = %d, want %d", k, l.line(k), n)
		}
	}
	for _, k := range []string{"key", "not.a.table"} {
		if _, ok := l[k]; ok {
			t.Errorf("%q inside a string or comment was taken for a key", k)
		}
	}
}

func FuzzConfigParse(f *testing.F) {
	f.Add(Example)
	f.Add("[defaults]\ntop = 1\n[[sources.a]]\nsource = 'x'\n")
	f.Add("a = [1, [2, {b = '''x'''}]]\n")
	f.Fuzz(func(t *testing.T, src string) {
		cfg, err := Parse("fuzz.toml", []byte(src), Checks{})
		if err == nil && cfg == nil {
			t.Fatal("no file and no error")
		}
		locate(src) // never panics, whatever the input
	})
}
