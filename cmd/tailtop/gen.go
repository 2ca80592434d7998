package main

import (
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/tailtop/tailtop/feed/synth"
)

// cmdGen writes synthetic logs, for demos and benchmarks.
func cmdGen(args []string, stdout, stderr io.Writer) error {
	fs, f := newGenFlags(stderr)
	format, lines, seed, start, rate := &f.format, &f.lines, &f.seed, &f.start, &f.rate
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
