package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tailtop/tailtop/feed/synth"
)

// command describes one command for --help, the man page and the shell
// completions. Its flags come from the same constructor the command
// parses with.
type command struct {
	name     string // "" for the screen itself (`tailtop SOURCE...`)
	synopsis string // after "tailtop NAME"
	summary  string // one line
	about    string // a paragraph, for --help and the man page
	examples []string
	// sources is set for commands that take SOURCE arguments.
	sources bool
	// args are the fixed words the command takes (subcommands, formats).
	args  func() []string
	flags func(io.Writer) *flag.FlagSet
}

// commands lists every command, the screen first. A function, not a
// variable: the flag constructors refer back to it through their usage
// functions.
func commands() []command {
	return []command{
		{
			name: "", synopsis: "[flags] SOURCE...", summary: "live panes for the sources",
			about: "Follow the sources (like tail -F) and show who is sending, what is failing, what just spiked and who is being denied, live. " +
				"Flags not given take their value from the configuration file.",
			examples: []string{
				"tailtop /var/log/nginx/access.log",
				"tailtop --from-start '/var/log/httpd/*access*'",
				"tail -f app.log | tailtop -",
				"tailtop --alert 'status:5xx > 5% per 5m' --bell access.log",
				"tailtop @web",
			},
			sources: true,
			flags:   func(w io.Writer) *flag.FlagSet { fs, _ := newTUIFlags("tailtop", w); return fs },
		},
		{
			name: "watch", synopsis: "--no-tui --publish cloudwatch [flags] SOURCE...", summary: "follow headless and publish metrics (a small service)",
			about:    "The screen's command under another name; with --no-tui it runs without a screen, publishing metrics and printing a health line per interval on stderr.",
			examples: []string{"tailtop watch --no-tui --publish cloudwatch --region us-east-1 kinesis://weblogs", "tailtop watch --no-tui --publish-dry-run demo://combined"},
			sources:  true,
			flags:    func(w io.Writer) *flag.FlagSet { fs, _ := newTUIFlags("watch", w); return fs },
		},
		{
			name: "demo", synopsis: "[flags] [FORMAT]", summary: "live panes on a built-in synthetic feed",
			about:    "Open the screen on a synthetic feed of FORMAT (combined by default): no logs needed.",
			examples: []string{"tailtop demo", "tailtop demo --rate 2000 cloudtrail"},
			args:     synth.Formats,
			flags:    func(w io.Writer) *flag.FlagSet { fs, _ := newDemoFlags(w); return fs },
		},
		{
			name: "report", synopsis: "[flags] SOURCE...", summary: "read to the end (or --for a while), print the final snapshot",
			about: "Read every source from its start to its end (live sources for --for DURATION) without a screen and print the final snapshot, " +
				"as text or as one JSON object (--json).",
			examples: []string{
				"tailtop report --json --top 5 access.log",
				"tailtop report --window 5m /var/log/nginx/access.log",
				"tailtop report --for 30s --region eu-west-1 kinesis://weblogs",
				"tailtop report --for 1m --publish cloudwatch 'cwlogs:///aws/cloudtrail'",
			},
			sources: true,
			flags:   func(w io.Writer) *flag.FlagSet { fs, _ := newReportFlags(w); return fs },
		},
		{
			name: "parse", synopsis: "[flags] SOURCE...", summary: "print every event as one JSON object per line",
			about:    "Print every event as one JSON object per line: the normalized fields and the original named fields (as the Kinesis Agent's LOGTOJSON does).",
			examples: []string{"tailtop parse access.log | jq .actor", "tailtop parse --format iis '/logs/W3SVC1/*.log'"},
			sources:  true,
			flags:    func(w io.Writer) *flag.FlagSet { fs, _ := newParseFlags(w); return fs },
		},
		{
			name: "gen", synopsis: "--format F --lines N [--seed S]", summary: "write synthetic logs to stdout",
			about:    "Write synthetic logs of a format to stdout, for demos and benchmarks; the same seed writes the same lines.",
			examples: []string{"tailtop gen --format combined --lines 2000000 > big.log", "tailtop gen --format cloudtrail --lines 100 | tailtop report -"},
			flags:    func(w io.Writer) *flag.FlagSet { fs, _ := newGenFlags(w); return fs },
		},
		{
			name: "config", synopsis: "check [PATH] | path | example | sets", summary: "check, locate or start the configuration file",
			about: "check validates the configuration file (PATH, --config, or the default) and prints every problem with its line; " +
				"path prints where the file is looked for; example prints a file that explains every key; sets lists the source sets (@NAME).",
			examples: []string{"tailtop config example > ~/.config/tailtop/config.toml", "tailtop config check", "tailtop config check ./team.toml"},
			args:     func() []string { return []string{"check", "path", "example", "sets"} },
			flags:    func(w io.Writer) *flag.FlagSet { fs, _ := newConfigFlags(w); return fs },
		},
		{
			name: "themes", synopsis: "[--size WxH] [NAME...] | --list | --example | check FILE...", summary: "preview, list and check color themes",
			about: "Preview the color themes that --theme and the configuration's theme accept, list their names, " +
				"print an example theme file, or check theme files.",
			args: func() []string { return []string{"check"} },
			// Its own -h is in themescmd.go.
			flags: func(w io.Writer) *flag.FlagSet { fs, _ := newThemesFlags(w); return fs },
		},
		{
			name: "completion", synopsis: "bash|zsh|fish", summary: "print a shell completion script",
			about: "Print the completion script of a shell, generated from the flags of every command.",
			examples: []string{
				"source <(tailtop completion bash)",
				"tailtop completion zsh > \"${fpath[1]}/_tailtop\"",
				"tailtop completion fish > ~/.config/fish/completions/tailtop.fish",
			},
			args:  func() []string { return []string{"bash", "zsh", "fish"} },
			flags: func(w io.Writer) *flag.FlagSet { return newPlainFlags("completion", w) },
		},
		{
			name: "man", synopsis: "", summary: "print the manual page (roff)",
			about:    "Print tailtop's manual page in roff, generated from the flags of every command.",
			examples: []string{"tailtop man | man -l -", "tailtop man > /usr/local/share/man/man1/tailtop.1"},
			flags:    func(w io.Writer) *flag.FlagSet { return newPlainFlags("man", w) },
		},
		{
			name: "version", synopsis: "", summary: "print the version (also --version)",
			about: "Print the version, the commit it was built from and the Go version.",
			flags: func(w io.Writer) *flag.FlagSet { return newPlainFlags("version", w) },
		},
	}
}

// lookupCommand returns the command of that name ("tailtop" and "" are the
// screen).
func lookupCommand(name string) (command, bool) {
	if name == "tailtop" {
		name = ""
	}
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// sourceExample is one kind of SOURCE, for help and the man page.
type sourceExample struct{ arg, says string }

var sourceExamples = []sourceExample{
	{"/var/log/nginx/access.log", "a file, followed across rotation"},
	{"'/var/log/httpd/*access*'", "a glob: files that appear later are picked up"},
	{"/var/log/exchange/MessageTracking/", "a directory: each new file is followed"},
	{"-", "stdin"},
	{"'/logs/*.log#format=combined,name=web'", "options of a path follow '#'"},
	{"'kinesis://weblogs?from=trim&shards=0,1'", "every shard of a Kinesis stream (or the ones listed)"},
	{"arn:aws:kinesis:eu-west-1:123456789012:stream/weblogs", "a Kinesis stream by ARN (its region wins)"},
	{"'kinesis://weblogs?efo=tailtop'", "through an enhanced fan-out consumer"},
	{"'cwlogs:///aws/cloudtrail,/vpc/flow?filter=REJECT'", "CloudWatch Logs Live Tail, up to 10 groups"},
	{"'cwlogs:///aws/lambda/api?mode=poll&since=15m'", "CloudWatch Logs by polling, with history"},
	{"'demo://combined?rate=2000'", "a built-in synthetic feed"},
	{"@web", "the source set [[sources.web]] of the configuration file"},
}

// writeMainHelp prints `tailtop --help`.
func writeMainHelp(w io.Writer) {
	fmt.Fprint(w, "tailtop: top for logs\n\nUsage:\n")
	for _, c := range commands() {
		line := strings.TrimSpace("tailtop " + strings.TrimSpace(c.name+" "+c.synopsis))
		if len(line) > 34 {
			fmt.Fprintf(w, "  %s\n  %-34s %s\n", line, "", c.summary)
			continue
		}
		fmt.Fprintf(w, "  %-34s %s\n", line, c.summary)
	}
	fmt.Fprintln(w, "\nExamples:")
	for _, c := range commands() {
		if c.name == "" || c.name == "watch" {
			for _, e := range c.examples {
				fmt.Fprintf(w, "  %s\n", e)
			}
		}
	}
	fmt.Fprint(w, "\nSOURCE is a file, a glob, a directory, - for stdin, kinesis://STREAM (or a\n"+
		"stream ARN), cwlogs://GROUP[,GROUP...], demo://FORMAT, or @SET from the\n"+
		"configuration file. Options follow '#' for paths and '?' for URIs:\n\n")
	writeSourceExamples(w, "")
	fmt.Fprint(w, "\nConfiguration: --config FILE, else $XDG_CONFIG_HOME/tailtop/config.toml\n"+
		"(~/.config/tailtop/config.toml) when it exists; flags win over it.\n"+
		"Start one with 'tailtop config example', check it with 'tailtop config check'.\n\n"+
		"Run 'tailtop COMMAND -h' for the flags and examples of a command.\n\n"+
		"Flags of tailtop [flags] SOURCE...:\n")
	fs, _ := newTUIFlags("tailtop", w)
	fs.PrintDefaults()
}

func writeSourceExamples(w io.Writer, cmd string) {
	prefix := "tailtop "
	if cmd != "" {
		prefix += cmd + " "
	}
	for _, s := range sourceExamples {
		fmt.Fprintf(w, "  %s%s\n      %s\n", prefix, s.arg, s.says)
	}
}

// writeCommandHelp prints `tailtop COMMAND --help`.
func writeCommandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	c, ok := lookupCommand(name)
	if !ok {
		fs.PrintDefaults()
		return
	}
	if c.name == "" {
		writeMainHelp(w)
		return
	}
	fmt.Fprintf(w, "Usage: tailtop %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.synopsis), wrap(c.about, 78))
	if len(c.examples) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, e := range c.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	if c.sources {
		fmt.Fprintln(w, "\nSources (any mix; options follow '#' for paths, '?' for URIs):")
		writeSourceExamples(w, c.name)
	}
	if hasFlags(fs) {
		fmt.Fprintln(w, "\nFlags:")
		fs.PrintDefaults()
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// wrap breaks text into lines of at most width columns.
func wrap(text string, width int) string {
	var b strings.Builder
	col := 0
	for _, word := range strings.Fields(text) {
		if col > 0 && col+1+len(word) > width {
			b.WriteByte('\n')
			col = 0
		} else if col > 0 {
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
