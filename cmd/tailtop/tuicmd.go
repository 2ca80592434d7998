package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui"
)

// cmdTUI opens the live panes on the sources.
func cmdTUI(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("tailtop", stderr)
	var c commonFlags
	c.register(fs)
	fs.BoolVar(&c.fromStart, "from-start", false, "read files from their start (history) before following")
	window := fs.String("window", "5m", "initial window: 1m, 5m, 15m or 1h")
	theme := fs.String("theme", "", "color theme: dark or light (NO_COLOR turns colors off)")
	fs.BoolVar(&c.bell, "bell", false, "ring the terminal bell when an alert starts firing")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.validate(fs.Args()); err != nil {
		return err
	}
	return runTUI(ctx, fs.Args(), &c, *window, *theme, openOptions{fromStart: c.fromStart, follow: true, demoRate: 200})
}

// cmdDemo opens the live panes on the built-in synthetic feed.
func cmdDemo(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	var c commonFlags
	c.register(fs)
	rate := fs.Float64("rate", 200, "lines per second")
	theme := fs.String("theme", "", "color theme: dark or light")
	fs.BoolVar(&c.bell, "bell", false, "ring the terminal bell when an alert starts firing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	format := "combined"
	if fs.NArg() > 0 {
		format = fs.Arg(0)
	}
	return runTUI(ctx, []string{"demo://" + format}, &c, "1m", *theme, openOptions{follow: true, demoRate: *rate})
}

func runTUI(ctx context.Context, args []string, c *commonFlags, window, theme string, o openOptions) error {
	w, err := analyze.ParseWindow(window)
	if err != nil || w == 0 {
		return usageError{fmt.Sprintf("--window %q: use 1m, 5m, 15m or 1h", window)}
	}
	th := themes.Default()
	if theme != "" {
		if th, err = themes.Get(theme); err != nil {
			return usageError{err.Error()}
		}
	}
	p, err := newPipeline(ctx, args, c, o, analyze.Config{Async: true})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	feedErr := make(chan error, 1)
	go func() {
		err := p.run(ctx)
		p.engine.Close()
		feedErr <- err
	}()
	uiErr := tui.Run(ctx, p, tui.Options{Theme: th, Window: w, TopN: c.top, Bell: c.bell, RefreshInterval: 200 * time.Millisecond})
	cancel()
	if err := <-feedErr; err != nil && uiErr == nil {
		return err
	}
	return uiErr
}
