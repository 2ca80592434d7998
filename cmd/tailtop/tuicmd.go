package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/internal/crash"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui"
)

// cmdTUI opens the live panes on the sources.
func cmdTUI(ctx context.Context, args []string, stderr io.Writer) error {
	fs, f := newTUIFlags("tailtop", stderr)
	c, window, theme := &f.c, &f.window, &f.theme
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.configure(fs); err != nil {
		return err
	}
	if err := c.validate(fs.Args()); err != nil {
		return err
	}
	o := openOptions{fromStart: c.fromStart, follow: true, demoRate: 200}
	if c.noTUI {
		return runHeadless(ctx, fs.Args(), c, o, stderr)
	}
	return runTUI(ctx, fs.Args(), c, *window, *theme, o)
}

// cmdDemo opens the live panes on the built-in synthetic feed.
func cmdDemo(ctx context.Context, args []string, stderr io.Writer) error {
	fs, f := newDemoFlags(stderr)
	c, rate, theme := &f.c, &f.rate, &f.theme
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.configure(fs); err != nil {
		return err
	}
	format := "combined"
	if fs.NArg() > 0 {
		format = fs.Arg(0)
	}
	return runTUI(ctx, []string{"demo://" + format}, c, f.window, *theme, openOptions{follow: true, demoRate: *rate})
}

func runTUI(ctx context.Context, args []string, c *commonFlags, window, theme string, o openOptions) error {
	w, err := analyze.ParseWindow(window)
	if err != nil || w == 0 {
		return usageError{fmt.Sprintf("--window %q: use 1m, 5m, 15m or 1h", window)}
	}
	th, err := themes.Resolve(theme, themes.Env{})
	if err != nil {
		return usageError{err.Error()}
	}
	keys, err := c.keyMap()
	if err != nil {
		return err
	}
	p, err := newPipeline(ctx, args, c, o, analyze.Config{Async: true})
	if err != nil {
		return err
	}
	if c.pub.dryRun {
		return usageError{"--publish-dry-run prints to stdout, which the screen uses: run it with --no-tui or report --for"}
	}
	pub, err := c.pub.publisher(p.engine, p.open, nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	prov := uiProvider(p)
	feedErr := make(chan error, 1)
	go func() {
		defer crash.Recover("sources")
		err := runWithPublisher(ctx, p, pub)
		p.engine.Close()
		feedErr <- err
	}()
	uiErr := tui.Run(ctx, prov, tui.Options{Theme: th, Window: w, TopN: c.top, Bell: c.bell, RefreshInterval: 150 * time.Millisecond, Keys: keys})
	cancel()
	if err := <-feedErr; err != nil && uiErr == nil {
		return err
	}
	return uiErr
}

// runHeadless follows the sources without a screen, for publishing as a
// small service: `tailtop watch --no-tui --publish cloudwatch ...`.
func runHeadless(ctx context.Context, args []string, c *commonFlags, o openOptions, stderr io.Writer) error {
	if !c.pub.enabled() {
		return usageError{"--no-tui without --publish or --publish-dry-run would do nothing"}
	}
	p, err := newPipeline(ctx, args, c, o, analyze.Config{Async: true, TailSize: -1, UnparsedSize: -1, DrillSize: -1})
	if err != nil {
		return err
	}
	pub, err := c.pub.publisher(p.engine, p.open, os.Stdout)
	if err != nil {
		return err
	}
	go func() {
		defer crash.Recover("status")
		t := time.NewTicker(c.pub.interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fmt.Fprintln(stderr, "tailtop: "+pub.Summary())
			}
		}
	}()
	err = runWithPublisher(ctx, p, pub)
	p.engine.Close()
	fmt.Fprintln(stderr, "tailtop: "+pub.Summary())
	return err
}
