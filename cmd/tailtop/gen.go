package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tailtop/tailtop/feed/synth"
)

// cmdGen writes synthetic logs, for demos and benchmarks.
func cmdGen(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", stderr)
	format := fs.String("format", "combined", "format to write: "+strings.Join(synth.Formats(), ", "))
	lines := fs.Int("lines", 1000, "number of lines")
	seed := fs.Int64("seed", 1, "random seed (the same seed writes the same lines)")
	start := fs.String("start", "2026-01-01T00:00:00Z", "time of the first line (RFC 3339)")
	rate := fs.Float64("rate", 1000, "lines per second of event time")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tailtop gen --format F --lines N [--seed S] > file")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("gen takes no arguments (got %q); it writes to stdout", fs.Arg(0))}
	}
	if *lines < 0 {
		return usageError{"--lines must not be negative"}
	}
	if *rate <= 0 {
		return usageError{"--rate must be positive"}
	}
	t0, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		return usageError{fmt.Sprintf("--start: %v", err)}
	}
	bw := bufio.NewWriterSize(stdout, 1<<20)
	if err := synth.Write(bw, *format, *lines, *seed, t0, *rate); err != nil {
		return err
	}
	return bw.Flush()
}
