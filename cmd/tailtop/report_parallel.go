package main

import (
	"context"
	"errors"
	"os"
	"strconv"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/feed"
)

// envReportWorkers sets how many goroutines parse a report's files (0 or
// unset: one per core; 1 still reads in ranges; "off": the feed path).
// Tests compare the paths with it.
const envReportWorkers = "TAILTOP_REPORT_WORKERS"

// rangedFile is a report source that is one regular file: the engine reads
// it in byte ranges on every core (analyze.Engine.IngestFile) instead of
// through the file feed, with exactly the same counts. A file that cannot
// be read in ranges (compressed, say) goes through the feed.
type rangedFile struct {
	feed.Source
	engine  *analyze.Engine
	path    string
	workers int
}

func (r *rangedFile) Run(ctx context.Context, emit feed.Emit) error {
	err := r.engine.IngestFile(ctx, r.Source.Name(), r.path, analyze.ParallelOptions{Workers: r.workers})
	if errors.Is(err, analyze.ErrNotSplittable) {
		return r.Source.Run(ctx, emit)
	}
	return err
}

// useRangedFiles swaps the report's sources that name one regular file for
// ranged readers. Only for history read to the end: following needs the feed.
func (p *pipeline) useRangedFiles(args []string, o openOptions) {
	if o.follow || len(args) != len(p.sources) {
		return
	}
	workers := 0
	switch v := os.Getenv(envReportWorkers); v {
	case "":
	case "off":
		return
	default:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return
		}
		workers = n
	}
	for i, a := range args {
		sp, err := parseSource(a)
		if err != nil || sp.scheme != "" || sp.target == "-" {
			continue
		}
		fi, err := os.Stat(sp.target)
		if err != nil || !fi.Mode().IsRegular() {
			continue // a glob, a directory, a pipe: the feed reads those
		}
		p.sources[i] = &rangedFile{Source: p.sources[i], engine: p.engine, path: sp.target, workers: workers}
	}
}
