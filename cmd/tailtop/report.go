package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("report", stderr)
	var c commonFlags
	c.register(fs)
	asJSON := fs.Bool("json", false, "print the snapshot as one JSON object")
	window := fs.String("window", "all", "aggregate over the last 1m, 5m, 15m, 1h of event time, or all")
	forDur := fs.Duration("for", 0, "follow live sources for this long, then report (e.g. 30s)")
	var pf publishFlags
	pf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tailtop report [--json] [--window W] [--top N] [--for DURATION] SOURCE...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.validate(fs.Args()); err != nil {
		return err
	}
	w, err := analyze.ParseWindow(*window)
	if err != nil {
		return usageError{err.Error()}
	}
	if *forDur < 0 {
		return usageError{"--for must be positive"}
	}
	o := openOptions{fromStart: true, follow: *forDur > 0, demoRate: 1000}
	p, err := newPipeline(ctx, fs.Args(), &c, o, analyze.Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1, Async: true})
	if err != nil {
		return err
	}
	runCtx := ctx
	if *forDur > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, *forDur)
		defer cancel()
	}
	if pf.enabled() && *forDur == 0 {
		return usageError{"publishing needs live traffic: use report --for DURATION, watch --no-tui, or the TUI"}
	}
	pub, err := pf.publisher(p.engine, p.open, stdout)
	if err != nil {
		return err
	}
	runErr := runWithPublisher(runCtx, p, pub)
	p.engine.Close()
	if pub != nil && pf.dryRun {
		return runErr // the dry run's output is the report
	}
	snap := p.Snapshot(analyze.SnapshotOptions{Window: w, TopN: c.top})
	bw := bufio.NewWriter(stdout)
	if *asJSON {
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(snap); err != nil {
			return err
		}
	} else {
		writeTextReport(bw, snap)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return runErr
}

// writeTextReport prints a snapshot for people. Every key comes from logs
// and goes through safe.Text.
func writeTextReport(w io.Writer, snap analyze.Snapshot) {
	for i, s := range snap.Streams {
		if i > 0 {
			fmt.Fprintln(w)
		}
		format := s.Format
		if format == "" {
			format = "unknown"
		}
		fmt.Fprintf(w, "%s  (format %s, window %s)\n", safe.Text(s.Name), format, snap.Window)
		fmt.Fprintf(w, "  lines %d  parsed %d  unparsed %d  events %d  bytes %d\n", s.Lines, s.Parsed, s.Unparsed, s.Events, s.Bytes)
		fmt.Fprintf(w, "  failures %d  denied %d  unauthorized %d", s.Failures, s.Denied, s.Unauthorized)
		if s.Truncated > 0 {
			fmt.Fprintf(w, "  truncated %d", s.Truncated)
		}
		fmt.Fprintln(w)
		if s.Approximate {
			fmt.Fprintln(w, "  (top counts approximate: more distinct keys than the exact tables hold; ±error shown)")
		}
		writeTop(w, "top "+s.Labels.Actor, s.Top.Actor, s.Events)
		writeTop(w, "top "+s.Labels.Target, s.Top.Target, s.Events)
		if len(s.StatusClasses) > 0 {
			keys := make([]string, 0, len(s.StatusClasses))
			for k := range s.StatusClasses {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var b strings.Builder
			for _, k := range keys {
				fmt.Fprintf(&b, "  %s %d", safe.Text(k), s.StatusClasses[k])
			}
			fmt.Fprintf(w, "  %s:%s\n", s.Labels.Status, b.String())
		}
		writeTop(w, s.Labels.Status, s.Top.Status, s.Events)
		if n := len(s.PerMinute); n > 0 {
			from := 0
			if n > 10 {
				from = n - 10
			}
			fmt.Fprintf(w, "  per minute (last %d of %d):\n", n-from, n)
			for _, m := range s.PerMinute[from:] {
				fmt.Fprintf(w, "    %s  %d\n", m.Minute.Format(time.RFC3339), m.Count)
			}
		}
	}
}

func writeTop(w io.Writer, title string, rows []analyze.KeyCount, total int64) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s:\n", title)
	for _, r := range rows {
		share := 0.0
		if total > 0 {
			share = 100 * float64(r.Count) / float64(total)
		}
		errs := ""
		if r.Error > 0 {
			errs = fmt.Sprintf(" ±%d", r.Error)
		}
		fmt.Fprintf(w, "    %10d%s %5.1f%%  %s\n", r.Count, errs, share, safe.Line(r.Key, 100))
	}
}
