package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/config"
	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/internal/crash"
)

// commonFlags are the flags every source-reading command shares.
type commonFlags struct {
	format    string
	fromStart bool
	top       int
	opts      parse.Options
	aws       awsconf.Settings
	since     time.Duration
	alerts    stringList
	noAlerts  bool
	spikeX    float64
	bell      bool
	noTUI     bool
	pub       publishFlags
	// configPath is --config; cfg is the file loaded (nil: none) and
	// cfgPath where it was looked for.
	configPath string
	cfg        *config.File
	cfgPath    string
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, "; ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// engineConfig turns the analysis flags into an engine configuration.
func (c *commonFlags) engineConfig(base analyze.Config) (analyze.Config, error) {
	base.Options = c.opts
	base.SpikeFactor = c.spikeX
	switch {
	case c.noAlerts:
		base.Rules = []analyze.Rule{}
	case len(c.alerts) > 0:
		texts := append([]string{}, analyze.DefaultRules...)
		for _, a := range c.alerts {
			texts = append(texts, a)
		}
		for _, t := range texts {
			r, err := analyze.ParseRule(t)
			if err != nil {
				return base, usageError{err.Error()}
			}
			base.Rules = append(base.Rules, r)
		}
	}
	return base, nil
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.configPath, "config", "", "configuration file (default: $XDG_CONFIG_HOME/tailtop/config.toml when it exists)")
	fs.StringVar(&c.format, "format", "auto", "parser for every source (auto detects per file); per source: PATH#format=NAME")
	fs.IntVar(&c.top, "top", 10, "length of the top lists")
	fs.StringVar(&c.opts.ActorField, "actor-field", "", "JSON lines: dotted path of the actor field")
	fs.StringVar(&c.opts.TargetField, "target-field", "", "JSON lines: dotted path of the target field")
	fs.StringVar(&c.opts.StatusField, "status-field", "", "JSON lines: dotted path of the status field")
	fs.StringVar(&c.opts.TimeField, "time-field", "", "JSON lines: dotted path of the time field")
	fs.StringVar(&c.opts.Regex, "regex", "", "custom format (--format regex): a regular expression with named groups, or positional groups named by --field-names")
	fs.Func("field-names", "custom format: names of the regex's groups, comma-separated (as the Kinesis Agent's customFieldNames)", func(v string) error {
		c.opts.FieldNames = splitComma(v)
		return nil
	})
	fs.Func("fields", "VPC flow logs without a header line: the field list, e.g. 'version account-id interface-id srcaddr ...' (spaces or commas)", func(v string) error {
		c.opts.VPCFields = strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' })
		return nil
	})
	fs.StringVar(&c.aws.Profile, "profile", "", "AWS profile (default: the SDK's default chain, AWS_PROFILE)")
	fs.StringVar(&c.aws.Region, "region", "", "AWS region (default: AWS_REGION or the profile's)")
	fs.StringVar(&c.aws.RoleARN, "role-arn", "", "assume this IAM role (STS AssumeRole) to read across accounts")
	fs.StringVar(&c.aws.ExternalID, "external-id", "", "external id for --role-arn")
	fs.DurationVar(&c.since, "since", 0, "CloudWatch Logs: load this much history (e.g. 15m) before going live")
	fs.Var(&c.alerts, "alert", "alert rule, repeatable, added to the default 'denied >= 1 per 1m': e.g. 'status:5xx > 5% per 5m', 'rate > 3x baseline', 'actor:* > 1000 per 1m'")
	fs.BoolVar(&c.noAlerts, "no-alerts", false, "no alert rules, not even the default one")
	fs.Float64Var(&c.spikeX, "spike-factor", 3, "a rate this many times its baseline is a spike")
	fs.StringVar(&c.aws.EndpointURL, "endpoint-url", "", "AWS endpoint override (AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too)")
}

// validate checks the flag values that can be checked before reading.
func (c *commonFlags) validate(args []string) error {
	if len(args) == 0 {
		return usageError{"no SOURCE given (a file, a glob, a directory, - for stdin, kinesis://STREAM, cwlogs://GROUP, demo://combined, or @SET of the config file)"}
	}
	if c.format != "" && c.format != "auto" {
		if _, ok := parse.Lookup(c.format); !ok {
			_, err := parse.New(c.format, c.opts)
			return usageError{err.Error()}
		}
	}
	if c.top < 1 || c.top > 1000 {
		return usageError{"--top must be between 1 and 1000"}
	}
	return nil
}

// pipeline is the sources feeding one engine.
type pipeline struct {
	engine  *analyze.Engine
	sources []feed.Source
	// extra are other parts whose health the sources pane shows
	// (the metric publisher).
	extra []statusSource
	// open are the options the sources were opened with (the lazily
	// loaded AWS configuration is shared with publishing).
	open openOptions
}

func newPipeline(ctx context.Context, args []string, c *commonFlags, o openOptions, ecfg analyze.Config) (*pipeline, error) {
	ecfg, err := c.engineConfig(ecfg)
	if err != nil {
		return nil, err
	}
	o.since = c.since
	o.awsConfig = lazyAWS(ctx, c.aws)
	p := &pipeline{engine: analyze.NewEngine(ecfg), open: o}
	seen := map[string]bool{}
	inputs, err := c.sourceInputs(ctx, args, o)
	if err != nil {
		return nil, err
	}
	for _, in := range inputs {
		sp, a := in.spec, in.spec.raw
		format := sp.format(c.format)
		if format != "auto" {
			if _, ok := parse.Lookup(format); !ok {
				_, err := parse.New(format, c.opts)
				return nil, usageError{fmt.Sprintf("source %q: %v", a, err)}
			}
		}
		src, err := openSource(sp, in.open)
		if err != nil {
			return nil, err
		}
		if seen[src.Name()] {
			return nil, usageError{fmt.Sprintf("source %q given twice", src.Name())}
		}
		seen[src.Name()] = true
		p.engine.AddStream(src.Name(), format)
		p.sources = append(p.sources, src)
	}
	return p, nil
}

// run reads every source into the engine until ctx ends or all sources end.
// Errors of the sources are joined.
func (p *pipeline) run(ctx context.Context) error {
	var wg sync.WaitGroup
	errs := make([]error, len(p.sources))
	for i, s := range p.sources {
		wg.Add(1)
		go func() {
			defer crash.Recover("feed")
			defer wg.Done()
			if err := s.Run(ctx, p.engine.Ingest); err != nil && !errors.Is(err, context.Canceled) {
				errs[i] = fmt.Errorf("%s: %w", s.Name(), err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Snapshot, Version, Drill and Sources make a pipeline the TUI's data
// provider. A snapshot's streams are marked sampled when their source says
// the upstream sampled the data.
func (p *pipeline) Snapshot(o analyze.SnapshotOptions) analyze.Snapshot {
	snap := p.engine.Snapshot(o)
	for i := range snap.Streams {
		for _, src := range p.sources {
			if src.Name() == snap.Streams[i].Name && src.Status().Sampled {
				snap.Streams[i].Sampled = true
			}
		}
	}
	return snap
}

func (p *pipeline) Version() uint64                          { return p.engine.Version() }
func (p *pipeline) Drill(q analyze.Query) []analyze.TailLine { return p.engine.Drill(q) }

func (p *pipeline) Sources() []feed.Status {
	out := make([]feed.Status, 0, len(p.sources)+len(p.extra))
	for _, s := range p.sources {
		out = append(out, s.Status())
	}
	for _, x := range p.extra {
		out = append(out, x.Status())
	}
	return out
}
