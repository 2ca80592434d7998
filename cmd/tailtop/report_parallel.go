package main

import (
	"context"
	"errors"
	"os"
	"runtime/debug"
	"strconv"
	"sync"

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

	mu     sync.Mutex
	st     feed.Status
	ranged bool // read in ranges: the status is ours, not the feed's
}

func (r *rangedFile) Run(ctx context.Context, emit feed.Emit) error {
	r.mu.Lock()
	r.ranged = true
	r.st = feed.Status{Name: r.Source.Name(), Kind: "file", State: "reading"}
	r.mu.Unlock()
	err := r.engine.IngestFile(ctx, r.Source.Name(), r.path, analyze.ParallelOptions{
		Workers: r.workers,
		Progress: func(lines, bytes int64) {
			r.mu.Lock()
			r.st.Lines += lines
			r.st.Bytes += bytes
			r.mu.Unlock()
		},
	})
	r.mu.Lock()
	switch {
	case errors.Is(err, analyze.ErrNotSplittable):
		r.ranged = false
	case err != nil:
		r.st.State, r.st.Errors, r.st.LastError = "error", r.st.Errors+1, err.Error()
	default:
		r.st.State = "done"
	}
	ranged := r.ranged
	r.mu.Unlock()
	if !ranged {
		return r.Source.Run(ctx, emit)
	}
	return err
}

// Status is the feed's until the file is read in ranges, then what the
// feed would have counted: lines and bytes read.
func (r *rangedFile) Status() feed.Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.ranged {
		return r.Source.Status()
	}
	return r.st
}

// useRangedFiles swaps the report's sources that name one regular file for
// ranged readers. Only for history read to the end: following needs the feed.
func (p *pipeline) useRangedFiles(args []string, o openOptions) {
	if o.follow || len(args) != len(p.sources) {
		return
	}
	boundReportMemory()
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

// reportMemoryLimit is the soft heap limit of a report that reads to the
// end: the garbage collector runs more often as the heap nears it instead
// of letting it double (GOGC=100) past what the aggregation holds live
// (tens of MB for millions of lines), so a 2M-line report stays near 50 MB
// of RSS. GOMEMLIMIT and GOGC set by the user win.
const reportMemoryLimit = 48 << 20

func boundReportMemory() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetMemoryLimit(reportMemoryLimit)
}
