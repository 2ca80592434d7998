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
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/tui/safe"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, f := newReportFlags(stderr)
	c, asJSON, window, forDur, pf := &f.c, &f.json, &f.window, &f.forDur, &f.pub
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.configure(fs); err != nil {
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
	p, err := newPipeline(ctx, fs.Args(), c, o, analyze.Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1, Async: true})
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
	if pub == nil {
		p.useRangedFiles(fs.Args(), o) // whole files: parsed on every core
	}
	runErr := runWithPublisher(runCtx, p, pub)
	p.engine.Close()
	if pub != nil && pf.dryRun {
		return runErr // the dry run's output is the report
	}
	snap := p.Snapshot(analyze.SnapshotOptions{Window: w, TopN: c.top})
	bw := bufio.NewWriter(stdout)
	if *asJSON {
		enc := json.NewEncoder(terminalSafeJSON{bw})
		enc.SetIndent("", "  ")
		if err := enc.Encode(reportOutput{Snapshot: snap, Sources: healthOf(p.Sources())}); err != nil {
			return err
		}
	} else {
		writeTextReport(bw, snap)
		writeSourceHealth(bw, p.Sources())
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

// reportOutput is the report's JSON: the snapshot, then the health of each
// source, so that what reading cut, skipped, lost or failed on is counted
// in the output and not only on the screen.
type reportOutput struct {
	analyze.Snapshot
	Sources []sourceHealth `json:"sources"`
}

// sourceHealth is feed.Status in the report's JSON words.
type sourceHealth struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	State string `json:"state"`
	Lines int64  `json:"lines"`
	Bytes int64  `json:"bytes"`
	// Truncated lines were cut at the line bound; SkippedBytes is what
	// was discarded of them.
	Truncated    int64 `json:"truncated"`
	SkippedBytes int64 `json:"skipped_bytes"`
	// Rewinds are files truncated in place while followed: lines written
	// just before each may be lost.
	Rewinds    int64          `json:"rewinds"`
	Errors     int64          `json:"errors"`
	LastError  string         `json:"last_error,omitempty"`
	Reconnects int64          `json:"reconnects"`
	Sampled    bool           `json:"sampled"`
	Origins    []sourceHealth `json:"origins,omitempty"`
}

func healthOf(sts []feed.Status) []sourceHealth {
	out := make([]sourceHealth, 0, len(sts))
	for _, s := range sts {
		out = append(out, sourceHealth{
			Name: s.Name, Kind: s.Kind, State: s.State, Lines: s.Lines, Bytes: s.Bytes,
			Truncated: s.Truncated, SkippedBytes: s.SkippedBytes, Rewinds: s.Rewinds,
			Errors: s.Errors, LastError: s.LastError, Reconnects: s.Reconnects, Sampled: s.Sampled,
			Origins: healthOf(s.Origins),
		})
	}
	return out
}

// writeSourceHealth prints what reading cost, for the sources (and files)
// where something was cut, lost or failed; nothing when all went well.
func writeSourceHealth(w io.Writer, sts []feed.Status) {
	first := true
	var walk func(s feed.Status, indent string)
	walk = func(s feed.Status, indent string) {
		var b strings.Builder
		if s.Truncated > 0 {
			fmt.Fprintf(&b, "  truncated %d lines (%d bytes skipped)", s.Truncated, s.SkippedBytes)
		}
		if s.Rewinds > 0 {
			fmt.Fprintf(&b, "  truncated in place %d times (lines written just before may be lost)", s.Rewinds)
		}
		if s.Errors > 0 {
			fmt.Fprintf(&b, "  errors %d, last: %s", s.Errors, safe.Line(s.LastError, 200))
		}
		if b.Len() > 0 {
			if first {
				fmt.Fprintln(w, "\nsources:")
				first = false
			}
			fmt.Fprintf(w, "%s%s  (%s)%s\n", indent, safe.Text(s.Name), safe.Text(s.State), b.String())
		}
		for _, o := range s.Origins {
			walk(o, indent+"  ")
		}
	}
	for _, s := range sts {
		walk(s, "  ")
	}
}
