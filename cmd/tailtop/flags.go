package main

import (
	"flag"
	"io"
	"strings"
	"time"

	"github.com/tailtop/tailtop/feed/synth"
)

// Every command builds its flag set with one function of this file. The
// command parses with it, and --help, the man page and the shell
// completions are generated from the very same sets, so that they cannot
// drift apart from what the commands accept.

// tuiFlags are the flags of the screen (`tailtop SOURCE...`, `tailtop
// watch`).
type tuiFlags struct {
	c      commonFlags
	window string
	theme  string
}

func newTUIFlags(name string, stderr io.Writer) (*flag.FlagSet, *tuiFlags) {
	fs := newFlagSet(name, stderr)
	f := &tuiFlags{}
	f.c.register(fs)
	fs.BoolVar(&f.c.fromStart, "from-start", false, "read files from their start (history) before following")
	fs.StringVar(&f.window, "window", "5m", "initial window: 1m, 5m, 15m or 1h")
	fs.BoolVar(&f.c.noTUI, "no-tui", false, "run headless (publishing only): print a health line per interval to stderr")
	f.c.pub.register(fs)
	fs.StringVar(&f.theme, "theme", "", "color theme: auto (follows the terminal), dark, light, high-contrast, ansi16, mono, plain or a user theme; 'tailtop themes' previews them")
	fs.BoolVar(&f.c.bell, "bell", false, "ring the terminal bell when an alert starts firing")
	setUsage(fs, name)
	return fs, f
}

// demoFlags are the flags of `tailtop demo`.
type demoFlags struct {
	c      commonFlags
	rate   float64
	window string
	theme  string
}

func newDemoFlags(stderr io.Writer) (*flag.FlagSet, *demoFlags) {
	fs := newFlagSet("demo", stderr)
	f := &demoFlags{}
	f.c.register(fs)
	fs.Float64Var(&f.rate, "rate", 200, "lines per second")
	fs.StringVar(&f.window, "window", "1m", "initial window: 1m, 5m, 15m or 1h")
	fs.StringVar(&f.theme, "theme", "", "color theme: auto (follows the terminal), dark, light, high-contrast, ansi16, mono, plain or a user theme; 'tailtop themes' previews them")
	fs.BoolVar(&f.c.bell, "bell", false, "ring the terminal bell when an alert starts firing")
	setUsage(fs, "demo")
	return fs, f
}

// reportFlags are the flags of `tailtop report`.
type reportFlags struct {
	c      commonFlags
	json   bool
	window string
	forDur time.Duration
	pub    publishFlags
}

func newReportFlags(stderr io.Writer) (*flag.FlagSet, *reportFlags) {
	fs := newFlagSet("report", stderr)
	f := &reportFlags{}
	f.c.register(fs)
	fs.BoolVar(&f.json, "json", false, "print the snapshot as one JSON object")
	fs.StringVar(&f.window, "window", "all", "aggregate over the last 1m, 5m, 15m, 1h of event time, or all")
	fs.DurationVar(&f.forDur, "for", 0, "follow live sources for this long, then report (e.g. 30s)")
	f.pub.register(fs)
	setUsage(fs, "report")
	return fs, f
}

// parseFlags are the flags of `tailtop parse`.
type parseFlags struct {
	c      commonFlags
	forDur time.Duration
}

func newParseFlags(stderr io.Writer) (*flag.FlagSet, *parseFlags) {
	fs := newFlagSet("parse", stderr)
	f := &parseFlags{}
	f.c.register(fs)
	fs.DurationVar(&f.forDur, "for", 0, "follow live sources for this long")
	setUsage(fs, "parse")
	return fs, f
}

// genFlags are the flags of `tailtop gen`.
type genFlags struct {
	format string
	lines  int
	seed   int64
	start  string
	rate   float64
}

func newGenFlags(stderr io.Writer) (*flag.FlagSet, *genFlags) {
	fs := newFlagSet("gen", stderr)
	f := &genFlags{}
	fs.StringVar(&f.format, "format", "combined", "format to write: "+strings.Join(synth.Formats(), ", "))
	fs.IntVar(&f.lines, "lines", 1000, "number of lines")
	fs.Int64Var(&f.seed, "seed", 1, "random seed (the same seed writes the same lines)")
	fs.StringVar(&f.start, "start", "2026-01-01T00:00:00Z", "time of the first line (RFC 3339)")
	fs.Float64Var(&f.rate, "rate", 1000, "lines per second of event time")
	setUsage(fs, "gen")
	return fs, f
}

// newConfigFlags are the flags of `tailtop config`.
func newConfigFlags(stderr io.Writer) (*flag.FlagSet, *string) {
	fs := newFlagSet("config", stderr)
	path := fs.String("config", "", "the configuration file (default: $XDG_CONFIG_HOME/tailtop/config.toml)")
	setUsage(fs, "config")
	return fs, path
}

// newPlainFlags is the flag set of a command without flags of its own
// (completion, man, version): it still answers -h.
func newPlainFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := newFlagSet(name, stderr)
	setUsage(fs, name)
	return fs
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// setUsage makes -h print the command's help: usage, examples, sources,
// flags.
func setUsage(fs *flag.FlagSet, name string) {
	fs.Usage = func() { writeCommandHelp(fs.Output(), name, fs) }
}
