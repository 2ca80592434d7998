package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tailtop/tailtop/analyze/publish"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/internal/crash"
)

// publishFlags are the metric publishing flags of the commands that follow
// live sources (the TUI, report --for, watch).
type publishFlags struct {
	target   string
	ns       string
	interval time.Duration
	dims     stringList
	top      int
	dryRun   bool
	emf      bool
}

func (f *publishFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.target, "publish", "", "publish metrics: cloudwatch (PutMetricData every --metric-interval)")
	fs.StringVar(&f.ns, "namespace", "LogMetrics", "CloudWatch namespace for --publish")
	fs.DurationVar(&f.interval, "metric-interval", time.Minute, "publishing interval (below 60s: high resolution)")
	fs.Var(&f.dims, "metric-dimension", "extra dimension NAME=VALUE on every metric, repeatable")
	fs.IntVar(&f.top, "publish-top", 1, "top actors published per stream and interval (TopActorCount)")
	fs.BoolVar(&f.dryRun, "publish-dry-run", false, "print what would be published (one JSON object per datum) instead of sending")
	fs.BoolVar(&f.emf, "publish-emf", false, "with --publish-dry-run: print CloudWatch Embedded Metric Format lines")
}

func (f *publishFlags) enabled() bool { return f.target != "" || f.dryRun }

// publisher builds the publisher, or nil when publishing is off.
func (f *publishFlags) publisher(src publish.Source, o openOptions, stdout io.Writer) (*publish.Publisher, error) {
	if !f.enabled() {
		return nil, nil
	}
	if f.target != "" && f.target != "cloudwatch" {
		return nil, usageError{fmt.Sprintf("--publish %q: the only target is cloudwatch", f.target)}
	}
	if f.emf && !f.dryRun {
		return nil, usageError{"--publish-emf goes with --publish-dry-run"}
	}
	cfg := publish.Config{Namespace: f.ns, Interval: f.interval, TopN: f.top, EMF: f.emf, Dimensions: map[string]string{}}
	for _, d := range f.dims {
		k, v, ok := strings.Cut(d, "=")
		if !ok || k == "" {
			return nil, usageError{fmt.Sprintf("--metric-dimension %q: write NAME=VALUE", d)}
		}
		cfg.Dimensions[k] = v
	}
	if f.dryRun {
		cfg.DryRun = stdout
	} else {
		aws, err := o.awsConfig()
		if err != nil {
			return nil, err
		}
		cfg.AWS = aws
	}
	p, err := publish.New(cfg, src)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return p, nil
}

// runWithPublisher runs the pipeline and, when p is set, the publisher
// beside it; the publisher is stopped (flushing its last interval) after
// the sources end.
func runWithPublisher(ctx context.Context, pl *pipeline, p *publish.Publisher) error {
	if p == nil {
		return pl.run(ctx)
	}
	pl.extra = append(pl.extra, p)
	pctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		defer crash.Recover("publish")
		done <- p.Run(pctx)
	}()
	err := pl.run(ctx)
	pl.engine.Flush()
	cancel()
	if perr := <-done; perr != nil && err == nil {
		err = perr
	}
	return err
}

// statusSource is anything that reports health in the sources pane.
type statusSource interface{ Status() feed.Status }
