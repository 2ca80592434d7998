// Command tailtop is "top for logs": a terminal UI live log monitor. This
// package owns flags, source arguments, wiring and subcommands, nothing else.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

const usage = `tailtop: top for logs

Usage:
  tailtop [flags] SOURCE...          live panes for the sources
  tailtop demo [FORMAT]              live panes on a built-in synthetic feed
  tailtop report [flags] SOURCE...   read to the end (or --for a while), print the final snapshot
  tailtop parse [flags] SOURCE...    print every event as one JSON object per line
  tailtop gen --format F --lines N   write synthetic logs to stdout
  tailtop watch --no-tui --publish cloudwatch SOURCE...
                                     follow headless and publish metrics (a small service)

SOURCE is a file, a glob ('/logs/*.log'), a directory, - for stdin,
kinesis://STREAM (or a stream ARN), cwlogs://GROUP[,GROUP...], or
demo://FORMAT. Options follow '#' for paths and '?' for URIs:
  '/var/log/nginx/*.log#format=combined'   demo://combined?rate=2000
  kinesis://s?from=trim&shards=0,1&efo=tailtop   cwlogs://g?filter=ERROR&mode=poll

Examples:
  tailtop /var/log/nginx/access.log
  tailtop --from-start '/var/log/httpd/*access*'
  tail -f app.log | tailtop -
  tailtop report --json --top 5 access.log
  tailtop report --for 30s /var/log/nginx/access.log
  tailtop parse access.log | jq .actor
  tailtop gen --format combined --lines 2000000 > big.log

Run 'tailtop COMMAND -h' for the flags of a command.
`

func main() {
	// TAILTOP_CPUPROFILE=FILE writes a CPU profile, for the performance
	// work (go tool pprof FILE).
	if path := os.Getenv("TAILTOP_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				f.Close()
				os.Exit(code)
			}
		}
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	cmd := "tui"
	if len(args) > 0 {
		switch args[0] {
		case "watch":
			cmd, args = "tui", args[1:]
		case "report", "parse", "gen", "demo", "help", "themes", "config", "completion", "man", "version":
			cmd, args = args[0], args[1:]
		case "-h", "--help", "-help":
			fmt.Fprint(stdout, usage)
			return 0
		case "--version", "-version":
			cmd, args = "version", args[1:]
		}
	}
	var err error
	switch cmd {
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "report":
		err = cmdReport(ctx, args, stdout, stderr)
	case "parse":
		err = cmdParse(ctx, args, stdout, stderr)
	case "gen":
		err = cmdGen(args, stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args, stderr)
	case "themes":
		err = cmdThemes(args, stdout, stderr)
	case "config":
		err = cmdConfig(args, stdout, stderr)
	case "completion":
		err = cmdCompletion(args, stdout, stderr)
	case "man":
		err = cmdMan(args, stdout, stderr)
	case "version":
		err = cmdVersion(args, stdout, stderr)
	default:
		err = cmdTUI(ctx, args, stderr)
	}
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "tailtop: %v\nRun 'tailtop --help' for usage.\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "tailtop: %v\n", err)
	return 1
}

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
