package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/cwlogs"
	"github.com/tailtop/tailtop/feed/file"
	"github.com/tailtop/tailtop/feed/synth"
)

// sourceSpec is one SOURCE argument: a path, glob, directory, "-", or a
// URI (demo://FORMAT, kinesis://STREAM, cwlogs://GROUP), with options:
// URIs take them as a query (kinesis://s?from=trim&format=cloudtrail), paths
// after a '#' ('/logs/*.log#format=iis'), since '?' is a glob character.
type sourceSpec struct {
	raw    string
	scheme string // "", "demo", "kinesis", "cwlogs"
	target string // path, glob, stream, group list, demo format
	opts   url.Values
}

func parseSource(arg string) (sourceSpec, error) {
	sp := sourceSpec{raw: arg, opts: url.Values{}}
	if i := strings.Index(arg, "://"); i > 0 && !strings.ContainsAny(arg[:i], "/.*?[") {
		sp.scheme = strings.ToLower(arg[:i])
		rest := arg[i+3:]
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			v, err := url.ParseQuery(rest[q+1:])
			if err != nil {
				return sp, fmt.Errorf("source %q: options after '?': %v", arg, err)
			}
			sp.opts, rest = v, rest[:q]
		}
		sp.target = rest
		return sp, nil
	}
	if strings.HasPrefix(arg, "arn:aws") && strings.Contains(arg, ":kinesis:") {
		sp.scheme, sp.target = "kinesis", arg
		return sp, nil
	}
	sp.target = arg
	if h := strings.LastIndexByte(arg, '#'); h >= 0 && strings.Contains(arg[h:], "=") {
		v, err := url.ParseQuery(strings.ReplaceAll(arg[h+1:], ",", "&"))
		if err != nil {
			return sp, fmt.Errorf("source %q: options after '#': %v", arg, err)
		}
		sp.opts, sp.target = v, arg[:h]
	}
	return sp, nil
}

// name is the stream name: the argument without its options.
func (sp sourceSpec) name() string {
	if n := sp.opts.Get("name"); n != "" {
		return n
	}
	if sp.scheme != "" {
		return sp.scheme + "://" + sp.target
	}
	return sp.target
}

// format is the forced format of this source: its own option, else the
// global flag, else "" (detect).
func (sp sourceSpec) format(global string) string {
	if f := sp.opts.Get("format"); f != "" {
		return f
	}
	return global
}

// openOptions are the run-wide settings sources need.
type openOptions struct {
	fromStart bool
	follow    bool
	demoRate  float64
	since     time.Duration // history to load from CloudWatch Logs first
	// awsConfig loads the AWS configuration once, on first use, so that
	// runs without AWS sources never touch AWS settings.
	awsConfig func() (aws.Config, error)
}

// lazyAWS returns a loader of the AWS configuration for the settings.
func lazyAWS(ctx context.Context, s awsconf.Settings) func() (aws.Config, error) {
	var (
		once sync.Once
		cfg  aws.Config
		err  error
	)
	return func() (aws.Config, error) {
		once.Do(func() { cfg, err = awsconf.Load(ctx, s) })
		return cfg, err
	}
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func openSource(sp sourceSpec, o openOptions) (feed.Source, error) {
	switch sp.scheme {
	case "":
		return file.New(file.Config{Path: sp.target, Name: sp.name(), FromStart: o.fromStart, Follow: o.follow})
	case "demo":
		format := sp.target
		if format == "" {
			format = "combined"
		}
		rate := o.demoRate
		if r := sp.opts.Get("rate"); r != "" {
			if _, err := fmt.Sscan(r, &rate); err != nil || rate <= 0 {
				return nil, fmt.Errorf("source %q: rate must be a positive number of lines per second", sp.raw)
			}
		}
		return synth.New(synth.Config{Format: format, Rate: rate, Seed: time.Now().UnixNano(), Name: sp.name()})
	case "cwlogs":
		cfg, err := cwlogs.ParseOptions(sp.opts)
		if err != nil {
			return nil, usageError{fmt.Sprintf("source %q: %v", sp.raw, err)}
		}
		cfg.Groups = splitComma(sp.target)
		cfg.Name = sp.name()
		if cfg.Since == 0 {
			cfg.Since = o.since
		}
		if cfg.AWS, err = o.awsConfig(); err != nil {
			return nil, err
		}
		return cwlogs.New(cfg)
	case "kinesis":
		return openKinesis(sp, o)
	}
	return nil, fmt.Errorf("source %q: unknown scheme %q (use a path, -, demo://FORMAT, kinesis://STREAM or cwlogs://GROUP)", sp.raw, sp.scheme)
}
