package main

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/config"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/tui"
)

// isolateConfig points the default configuration path at an empty
// directory, so that no file of the machine's user takes part, and returns
// the path the default file would have.
func isolateConfig(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	return filepath.Join(dir, "tailtop", "config.toml")
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// genLog writes n synthetic combined lines and returns the path.
func genLog(t *testing.T, dir, name string, n int, seed int) string {
	t.Helper()
	out, errs, code := runCmd(t, "gen", "--lines", strconv.Itoa(n), "--seed", strconv.Itoa(seed))
	if code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	path := filepath.Join(dir, name)
	writeFile(t, path, out)
	return path
}

func countLines(t *testing.T, path string) int64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}

func TestConfigCheckOKAndExample(t *testing.T) {
	def := isolateConfig(t)
	example, _, code := runCmd(t, "config", "example")
	if code != 0 || example != config.Example {
		t.Fatalf("config example: exit %d, output differs from the embedded example", code)
	}
	writeFile(t, def, example)
	out, errs, code := runCmd(t, "config", "check")
	if code != 0 {
		t.Fatalf("config check of the example: exit %d\n%s", code, errs)
	}
	if !strings.Contains(out, def+": ok") || !strings.Contains(out, "@web") {
		t.Errorf("config check output %q does not name the default file and its sets", out)
	}
	out, _, _ = runCmd(t, "config", "path")
	if strings.TrimSpace(out) != def {
		t.Errorf("config path = %q, want %q", out, def)
	}
	out, _, _ = runCmd(t, "config", "sets")
	if !strings.Contains(out, "@web\n") || !strings.Contains(out, "@audit\n") {
		t.Errorf("config sets = %q", out)
	}
}

func TestConfigCheckPrintsEveryProblemWithItsLine(t *testing.T) {
	isolateConfig(t)
	path := filepath.Join(t.TempDir(), "bad.toml")
	text := strings.Join([]string{
		"[defaults]",
		"theme = \"neon\"",           // 2: not a theme
		"window = \"10m\"",           // 3: not a window
		"",                           //
		"[[sources.web]]",            //
		"source = \"kinesis://a b\"", // 6: not a stream name (the command line's parser)
		"",                           //
		"[[sources.web]]",            //
		"source = \"/logs/*.log\"",   // 9
		"format = \"nginx\"",         // 10: not a format
		"",                           //
		"[[alerts]]",                 //
		"rule = \"denied > lots\"",   // 13
		"",                           //
		"[keys]",                     //
		"puase = [\"p\"]",            // 16
	}, "\n")
	writeFile(t, path, text)
	_, errs, code := runCmd(t, "config", "check", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errs)
	}
	for _, want := range []string{
		path + ":2: defaults.theme:",
		path + ":3: defaults.window:",
		path + ":6: sources.web[0].source: kinesis:",
		path + ":10: sources.web[1].format: unknown format \"nginx\"",
		path + ":13: alerts[0].rule:",
		path + ":16: keys.puase: unknown action",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("config check does not say %q:\n%s", want, errs)
		}
	}
	// The same file given to a command stops it, and says how to check it.
	_, errs, code = runCmd(t, "report", "--config", path, "demo://combined")
	if code == 0 || !strings.Contains(errs, "tailtop config check "+path) {
		t.Errorf("report with a bad config: exit %d\n%s", code, errs)
	}
}

func TestConfigSourceSetOpensItsSources(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	a := genLog(t, dir, "a.log", 300, 1)
	b := genLog(t, dir, "b.log", 120, 2)
	cfg := filepath.Join(dir, "c.toml")
	writeFile(t, cfg, "[defaults]\ntop = 2\n\n[[sources.web]]\nsource = "+strconv.Quote(a)+
		"\nformat = \"combined\"\nname = \"front\"\n\n[[sources.web]]\nsource = "+strconv.Quote(b)+"\n")
	snap := reportJSON(t, "--config", cfg, "@web")
	if len(snap.Streams) != 2 {
		t.Fatalf("%d streams, want the set's 2", len(snap.Streams))
	}
	byName := map[string]int64{}
	for _, s := range snap.Streams {
		byName[s.Name] = s.Lines
		if len(s.Top.Actor) > 2 {
			t.Errorf("%s: %d top actors, the file says top = 2", s.Name, len(s.Top.Actor))
		}
	}
	if byName["front"] != countLines(t, a) || byName[b] != countLines(t, b) {
		t.Errorf("lines per stream %v, want front=%d (the set's name for a.log) and %s=%d", byName, countLines(t, a), b, countLines(t, b))
	}
	if snap.Streams[0].Format != "combined" && snap.Streams[1].Format != "combined" {
		t.Errorf("the set's format was not applied: %s, %s", snap.Streams[0].Format, snap.Streams[1].Format)
	}
	// A flag wins over the file.
	snap = reportJSON(t, "--config", cfg, "--top", "1", "@web")
	for _, s := range snap.Streams {
		if len(s.Top.Actor) != 1 {
			t.Errorf("--top 1 with top = 2 in the file: %d rows", len(s.Top.Actor))
		}
	}
}

func TestConfigDefaultFileAlertsAndPublish(t *testing.T) {
	def := isolateConfig(t)
	dir := t.TempDir()
	a := genLog(t, dir, "a.log", 100, 3)
	// The default file is read without --config. Publishing from the file
	// applies to live runs only: this report of history must not fail.
	writeFile(t, def, "[[sources.w]]\nsource = "+strconv.Quote(a)+"\n\n[[alerts]]\nrule = \"failures > 100 per 5m\"\n\n[publish]\ntarget = \"cloudwatch\"\n")
	snap := reportJSON(t, "--alert", "status:5xx > 50% per 1m", "@w")
	var rules []string
	for _, al := range snap.Streams[0].Alerts {
		rules = append(rules, al.Rule)
	}
	got := strings.Join(rules, "; ")
	for _, want := range []string{"denied >= 1 per 1m", "failures > 100 per 5m", "status:5xx > 50% per 1m"} {
		if !strings.Contains(got, want) {
			t.Errorf("alerts %q lack %q (the default, the file's and the flag's add up)", got, want)
		}
	}
}

func TestConfigErrorsSayWhatToDo(t *testing.T) {
	def := isolateConfig(t)
	missing := filepath.Join(t.TempDir(), "none.toml")
	cases := []struct {
		args []string
		code int
		says []string
	}{
		{[]string{"report", "--config", missing, "demo://combined"}, 2, []string{missing, "tailtop config example >"}},
		{[]string{"report", "@web"}, 2, []string{"@web", def, "tailtop config example >"}},
		{[]string{"config", "check"}, 1, []string{def, "no such file", "tailtop config example >"}},
		{[]string{"config", "frob"}, 2, []string{"check [PATH], path, example and sets"}},
	}
	for _, tc := range cases {
		_, errs, code := runCmd(t, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s", tc.args, code, tc.code, errs)
		}
		for _, s := range tc.says {
			if !strings.Contains(errs, s) {
				t.Errorf("%v: the error does not say %q:\n%s", tc.args, s, errs)
			}
		}
	}
	// An unknown set lists the known ones and the file.
	writeFile(t, def, "[[sources.web]]\nsource = \"demo://combined\"\n[[sources.api]]\nsource = \"demo://json\"\n")
	_, errs, code := runCmd(t, "report", "@wbe")
	if code != 2 || !strings.Contains(errs, "@api, @web") || !strings.Contains(errs, def) {
		t.Errorf("unknown set: exit %d\n%s", code, errs)
	}
}

func TestConfigSourceAWSSettingsOverrideFieldByField(t *testing.T) {
	isolateConfig(t)
	// No shared AWS files or environment: the regions come from the test.
	empty := filepath.Join(t.TempDir(), "none")
	for _, k := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"} {
		t.Setenv(k, empty)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL"} {
		t.Setenv(k, "")
	}
	cfg := filepath.Join(t.TempDir(), "c.toml")
	writeFile(t, cfg, `[[sources.x]]
source = "kinesis://one"
region = "eu-west-3"
endpoint_url = "http://127.0.0.1:1"
[[sources.x]]
source = "kinesis://two"
[[sources.x]]
source = "cwlogs://grp"
region = "eu-west-3"
endpoint_url = "http://127.0.0.1:1"
`)
	f, err := config.Load(cfg, configChecks())
	if err != nil {
		t.Fatal(err)
	}
	c := &commonFlags{cfg: f, cfgPath: cfg, aws: awsconf.Settings{Region: "us-west-2"}}
	o := openOptions{awsConfig: lazyAWS(context.Background(), c.aws)}
	in, err := c.sourceInputs(context.Background(), []string{"@x", "demo://combined"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 4 {
		t.Fatalf("%d inputs, want the set's 3 and demo", len(in))
	}
	wantRegion := []string{"eu-west-3", "us-west-2", "eu-west-3", "us-west-2"}
	for i, w := range wantRegion {
		ac, err := in[i].open.awsConfig()
		if err != nil {
			t.Fatalf("%s: %v", in[i].spec.raw, err)
		}
		if ac.Region != w {
			t.Errorf("%s: region %q, want %q", in[i].spec.raw, ac.Region, w)
		}
	}
	a0, _ := in[0].open.awsConfig()
	a2, _ := in[2].open.awsConfig()
	if a0.BaseEndpoint == nil || *a0.BaseEndpoint != "http://127.0.0.1:1" {
		t.Errorf("the source's endpoint_url was not applied: %v", a0.BaseEndpoint)
	}
	if a0.Credentials != a2.Credentials || a0.BaseEndpoint != a2.BaseEndpoint {
		t.Error("two sources with the same settings load two AWS configurations")
	}
}

func TestConfigMergeAWS(t *testing.T) {
	run := awsconf.Settings{Profile: "p", Region: "r1", RoleARN: "arn:run", ExternalID: "run-id", EndpointURL: "http://e"}
	got := mergeAWS(run, config.AWS{Region: "r2", RoleARN: "arn:own"})
	want := awsconf.Settings{Profile: "p", Region: "r2", RoleARN: "arn:own", EndpointURL: "http://e"}
	if got != want {
		t.Errorf("merge = %+v, want %+v (the run's external id belongs to the run's role)", got, want)
	}
	if got := mergeAWS(run, config.AWS{}); got != run {
		t.Errorf("no settings of its own: %+v, want the run's %+v", got, run)
	}
}

// The example file names exactly the actions the screen can remap, and a
// [keys] table it accepts reaches the screen's key map.
func TestConfigKeysFollowTheScreen(t *testing.T) {
	m := regexp.MustCompile(`(?s)# Actions: (.*?)\.\n`).FindStringSubmatch(config.Example)
	if m == nil {
		t.Fatal("the example has no '# Actions:' list")
	}
	listed := strings.Fields(strings.NewReplacer("#", " ", ",", " ").Replace(m[1]))
	if got, want := strings.Join(listed, " "), strings.Join(tui.KeyActions(), " "); got != want {
		t.Errorf("the example lists actions\n%s\nthe screen has\n%s", got, want)
	}
	// The example's bindings, the commented-out ones too, are accepted.
	i := strings.Index(config.Example, "\n[keys]\n")
	keys := regexp.MustCompile(`(?m)^# ([a-z-]+ = )`).ReplaceAllString(config.Example[i:], "$1")
	if _, err := config.Parse("example.toml", []byte(config.Example[:i]+keys), configChecks()); err != nil {
		t.Errorf("the example's [keys], uncommented: %v", err)
	}
	f, err := config.Parse("k.toml", []byte("[keys]\npause = [\"z\"]\n"), configChecks())
	if err != nil {
		t.Fatal(err)
	}
	km, err := (&commonFlags{cfg: f}).keyMap()
	if err != nil || km == nil || strings.Join(km.Pause.Keys(), ",") != "z" {
		t.Fatalf("key map %v, %v: pause should be z", km, err)
	}
	// A key taken from another action is reported at its line.
	_, err = config.Parse("k.toml", []byte("[keys]\n\npause = [\"q\"]\n"), configChecks())
	if err == nil || !strings.Contains(err.Error(), "k.toml:3: keys.pause:") {
		t.Errorf("pause = q (quit's key): %v", err)
	}
}
