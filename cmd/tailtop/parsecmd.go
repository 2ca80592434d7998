package main

import (
	"bufio"
	"context"
	"io"
	"sync"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// cmdParse prints every event as one JSON object per line: the normalized
// dimensions and the original named fields (as the Kinesis Agent's
// LOGTOJSON does), "-" and absent values as null.
func cmdParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, f := newParseFlags(stderr)
	c, forDur := &f.c, &f.forDur
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.configure(fs); err != nil {
		return err
	}
	if err := c.validate(fs.Args()); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(stdout, 256<<10)
	var buf []byte
	var werr error
	var mu sync.Mutex // sources parse in their own goroutines
	onEvent := func(stream string, l *feed.Line, p parse.Parser, ev *parse.Event) {
		mu.Lock()
		defer mu.Unlock()
		if werr != nil {
			return
		}
		buf = appendEventJSON(buf[:0], l, p, ev)
		_, werr = bw.Write(buf)
	}
	o := openOptions{fromStart: true, follow: *forDur > 0, demoRate: 1000}
	p, err := newPipeline(ctx, fs.Args(), c, o, analyze.Config{TailSize: -1, UnparsedSize: -1, DrillSize: -1, OnEvent: onEvent})
	if err != nil {
		return err
	}
	runCtx := ctx
	if *forDur > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, *forDur)
		defer cancel()
	}
	runErr := p.run(runCtx)
	if err := bw.Flush(); err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	return runErr
}

func appendEventJSON(b []byte, l *feed.Line, p parse.Parser, ev *parse.Event) []byte {
	b = append(b, `{"time":`...)
	if ev.Time.IsZero() {
		b = append(b, "null"...)
	} else {
		b = append(b, '"')
		b = ev.Time.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	b = append(b, `,"format":`...)
	b = appendJSONString(b, []byte(p.Format()))
	b = append(b, `,"origin":`...)
	b = appendJSONString(b, []byte(l.Origin))
	b = append(b, `,"actor":`...)
	b = appendJSONNullable(b, nilIfEmpty(ev.Actor))
	b = append(b, `,"target":`...)
	if len(ev.MoreTargets) > 0 {
		b = append(b, '[')
		b = appendJSONString(b, ev.Target)
		for _, t := range ev.MoreTargets {
			b = append(b, ',')
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	} else {
		b = appendJSONNullable(b, nilIfEmpty(ev.Target))
	}
	b = append(b, `,"status":`...)
	b = appendJSONNullable(b, nilIfEmpty(ev.Status))
	b = append(b, `,"bytes":`...)
	b = appendJSONInt(b, ev.Bytes)
	b = append(b, `,"failure":`...)
	b = appendBool(b, ev.Failure)
	b = append(b, `,"denied":`...)
	b = appendBool(b, ev.Denied)
	b = append(b, `,"fields":{`...)
	first := true
	p.Fields(ev, func(name string, value []byte) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, []byte(name))
		b = append(b, ':')
		b = appendJSONNullable(b, value)
	})
	return append(b, "}}\n"...)
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
