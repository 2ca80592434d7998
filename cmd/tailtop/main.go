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

	"github.com/tailtop/tailtop/internal/crash"
)

func main() {
	installCrashHandler() // crash.go
	defer crash.Recover("main")
	// TAILTOP_CPUPROFILE=FILE writes a CPU profile, for the performance
	// work (go tool pprof FILE).
	if path := os.Getenv("TAILTOP_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				f.Close()
				crash.Exit(code)
			}
		}
	}
	crash.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
			writeMainHelp(stdout)
			return 0
		case "--version", "-version":
			cmd, args = "version", args[1:]
		}
	}
	var err error
	switch cmd {
	case "help":
		writeMainHelp(stdout)
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
