package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/config"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui"
)

// The configuration file on the command line: loading it (--config, else
// the default file when it exists), giving every flag the command line
// left unset its value from the file, and opening @SET source sets.

// configChecks are the checks of the values only the command line can
// judge: SOURCE syntax, theme names, key bindings.
func configChecks() config.Checks {
	return config.Checks{Source: checkSourceSpec, Theme: checkTheme, KeyActions: tui.KeyActions(), Keys: checkKeys}
}

// checkTheme resolves a theme name as the screen will (a built-in, or a
// user theme file).
func checkTheme(name string) error {
	_, err := themes.Resolve(name, themes.Env{})
	return err
}

// checkKeys remaps the default key map as the screen will.
func checkKeys(m map[string][]string) error {
	k := tui.DefaultKeyMap()
	return k.Remap(m)
}

// keyMap is the screen's key map with the file's [keys] applied, or nil
// for the defaults.
func (c *commonFlags) keyMap() (*tui.KeyMap, error) {
	if c.cfg == nil || len(c.cfg.Keys) == 0 {
		return nil, nil
	}
	k := tui.DefaultKeyMap()
	if err := k.Remap(c.cfg.Keys); err != nil {
		return nil, c.cfg.Errorf("keys", "%v", err)
	}
	return &k, nil
}

// checkSourceSpec checks a SOURCE the way the command line opens it, with
// no I/O but a stat: a placeholder AWS configuration stands in, and files
// that do not exist yet are accepted (they are waited for).
func checkSourceSpec(spec string) error {
	sp, err := parseSource(spec)
	if err != nil {
		return err
	}
	if f := sp.opts.Get("format"); f != "" && f != "auto" {
		if _, ok := parse.Lookup(f); !ok {
			_, err := parse.New(f, parse.Options{})
			return err
		}
	}
	o := openOptions{follow: true, demoRate: 1, awsConfig: func() (aws.Config, error) {
		return aws.Config{Region: "us-east-1"}, nil
	}}
	_, err = openSource(sp, o)
	return err
}

// loadConfig loads the file at path, or the default file when path is "".
// A missing default file is no configuration (nil, no error); a missing
// --config file is an error. It returns the path looked at either way.
func loadConfig(path string) (*config.File, string, error) {
	explicit := path != ""
	if !explicit {
		p, err := config.DefaultPath()
		if err != nil {
			return nil, "", nil // no home directory: no default file
		}
		path = p
	}
	f, err := config.Load(path, configChecks())
	var es config.Errors
	switch {
	case err == nil:
		return f, path, nil
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return nil, path, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, path, usageError{fmt.Sprintf("--config %s: no such file (start one with 'tailtop config example > %s')", path, path)}
	case errors.As(err, &es):
		return nil, path, fmt.Errorf("the configuration file has problems:\n%v\nfix them (check again with 'tailtop config check %s'), or pass --config FILE", err, path)
	}
	return nil, path, err
}

// configFlag ties a key of the file to the flag it gives a default to.
type configFlag struct {
	key, flag string
	value     func(f *config.File) string
	// skip, when set, says the key does not apply to this command line.
	skip func(fs *flag.FlagSet) bool
}

var configFlags = []configFlag{
	{key: "defaults.theme", flag: "theme", value: func(f *config.File) string { return f.Defaults.Theme }},
	// The report's --window is a window of event time over history, not
	// the screen's initial window: the file's window is the screen's.
	{key: "defaults.window", flag: "window", value: func(f *config.File) string { return f.Defaults.Window },
		skip: func(fs *flag.FlagSet) bool { return fs.Name() == "report" }},
	{key: "defaults.top", flag: "top", value: func(f *config.File) string { return strconv.Itoa(f.Defaults.Top) }},
	{key: "defaults.bell", flag: "bell", value: func(f *config.File) string { return strconv.FormatBool(f.Defaults.Bell) }},
	{key: "defaults.format", flag: "format", value: func(f *config.File) string { return f.Defaults.Format }},
	{key: "defaults.from_start", flag: "from-start", value: func(f *config.File) string { return strconv.FormatBool(f.Defaults.FromStart) }},
	{key: "defaults.spike_factor", flag: "spike-factor", value: func(f *config.File) string {
		return strconv.FormatFloat(f.Defaults.SpikeFactor, 'g', -1, 64)
	}},
	{key: "defaults.since", flag: "since", value: func(f *config.File) string { return f.Defaults.Since }},
	{key: "defaults.actor_field", flag: "actor-field", value: func(f *config.File) string { return f.Defaults.ActorField }},
	{key: "defaults.target_field", flag: "target-field", value: func(f *config.File) string { return f.Defaults.TargetField }},
	{key: "defaults.status_field", flag: "status-field", value: func(f *config.File) string { return f.Defaults.StatusField }},
	{key: "defaults.time_field", flag: "time-field", value: func(f *config.File) string { return f.Defaults.TimeField }},
	{key: "defaults.regex", flag: "regex", value: func(f *config.File) string { return f.Defaults.Regex }},
	{key: "defaults.field_names", flag: "field-names", value: func(f *config.File) string { return strings.Join(f.Defaults.FieldNames, ",") }},
	{key: "defaults.vpc_fields", flag: "fields", value: func(f *config.File) string { return strings.Join(f.Defaults.VPCFields, " ") }},
	{key: "aws.profile", flag: "profile", value: func(f *config.File) string { return f.AWS.Profile }},
	{key: "aws.region", flag: "region", value: func(f *config.File) string { return f.AWS.Region }},
	{key: "aws.role_arn", flag: "role-arn", value: func(f *config.File) string { return f.AWS.RoleARN }},
	{key: "aws.external_id", flag: "external-id", value: func(f *config.File) string { return f.AWS.ExternalID }},
	{key: "aws.endpoint_url", flag: "endpoint-url", value: func(f *config.File) string { return f.AWS.EndpointURL }},
	// Publishing from the file applies where there is live traffic to
	// publish: not to a report of history (report without --for).
	{key: "publish.target", flag: "publish", value: func(f *config.File) string { return f.Publish.Target },
		skip: func(fs *flag.FlagSet) bool { fl := fs.Lookup("for"); return fl != nil && fl.Value.String() == "0s" }},
	{key: "publish.namespace", flag: "namespace", value: func(f *config.File) string { return f.Publish.Namespace }},
	{key: "publish.interval", flag: "metric-interval", value: func(f *config.File) string { return f.Publish.Interval }},
	{key: "publish.top", flag: "publish-top", value: func(f *config.File) string { return strconv.Itoa(f.Publish.Top) }},
}

// configure loads the configuration file and gives every flag of fs that
// the command line did not set its value from the file. Alert rules and
// metric dimensions add up: the file's come first, and a dimension the
// command line names again takes the command line's value.
func (c *commonFlags) configure(fs *flag.FlagSet) error {
	f, path, err := loadConfig(c.configPath)
	if err != nil {
		return err
	}
	c.cfg, c.cfgPath = f, path
	if f == nil {
		return nil
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, m := range configFlags {
		if fs.Lookup(m.flag) == nil || given[m.flag] || !f.IsSet(m.key) || (m.skip != nil && m.skip(fs)) {
			continue
		}
		if err := fs.Set(m.flag, m.value(f)); err != nil {
			return f.Errorf(m.key, "%v", err)
		}
	}
	if l := repeatable(fs, "alert"); l != nil && len(f.Alerts) > 0 {
		rules := make(stringList, 0, len(f.Alerts)+len(*l))
		for _, a := range f.Alerts {
			rules = append(rules, a.Rule)
		}
		*l = append(rules, *l...)
	}
	if l := repeatable(fs, "metric-dimension"); l != nil && len(f.Publish.Dimensions) > 0 {
		named := map[string]bool{}
		for _, d := range *l {
			k, _, _ := strings.Cut(d, "=")
			named[k] = true
		}
		var dims stringList
		for _, k := range slices.Sorted(maps.Keys(f.Publish.Dimensions)) {
			if !named[k] {
				dims = append(dims, k+"="+f.Publish.Dimensions[k])
			}
		}
		*l = append(dims, *l...)
	}
	return nil
}

// repeatable returns the values of a repeatable flag of fs, or nil.
func repeatable(fs *flag.FlagSet, name string) *stringList {
	if fl := fs.Lookup(name); fl != nil {
		if l, ok := fl.Value.(*stringList); ok {
			return l
		}
	}
	return nil
}

// sourceInput is one source to open: its parsed SOURCE and the options to
// open it with (a source of a set may bring its own AWS settings).
type sourceInput struct {
	spec sourceSpec
	open openOptions
}

// sourceInputs turns SOURCE arguments into sources to open, expanding
// @SET into the sources of the configuration file's set. A source of a set
// takes its own AWS settings over the run-wide ones, field by field;
// sources with the same settings share one AWS configuration.
func (c *commonFlags) sourceInputs(ctx context.Context, args []string, o openOptions) ([]sourceInput, error) {
	loaders := map[awsconf.Settings]func() (aws.Config, error){c.aws: o.awsConfig}
	var out []sourceInput
	for _, a := range args {
		name, isSet := strings.CutPrefix(a, "@")
		if !isSet || name == "" {
			sp, err := parseSource(a)
			if err != nil {
				return nil, usageError{err.Error()}
			}
			out = append(out, sourceInput{spec: sp, open: o})
			continue
		}
		set, err := c.sourceSet(name)
		if err != nil {
			return nil, err
		}
		for _, s := range set {
			sp, err := parseSource(s.Source)
			if err != nil {
				return nil, usageError{fmt.Sprintf("@%s: %v", name, err)}
			}
			if s.Format != "" && sp.opts.Get("format") == "" {
				sp.opts.Set("format", s.Format)
			}
			if s.Name != "" && sp.opts.Get("name") == "" {
				sp.opts.Set("name", s.Name)
			}
			so := o
			st := mergeAWS(c.aws, s.AWS)
			if _, ok := loaders[st]; !ok {
				loaders[st] = lazyAWS(ctx, st)
			}
			so.awsConfig = loaders[st]
			out = append(out, sourceInput{spec: sp, open: so})
		}
	}
	return out, nil
}

// sourceSet returns a set of the configuration file, or an error that
// says where sets come from and which there are.
func (c *commonFlags) sourceSet(name string) ([]config.Source, error) {
	where := c.cfgPath
	if where == "" {
		where = "$XDG_CONFIG_HOME/tailtop/config.toml"
	}
	if c.cfg == nil {
		return nil, usageError{fmt.Sprintf("source @%s: source sets come from the configuration file, and there is none at %s: "+
			"start one with 'tailtop config example > %s', or pass --config FILE", name, where, where)}
	}
	if set, ok := c.cfg.Sources[name]; ok {
		return set, nil
	}
	names := c.cfg.SetNames()
	if len(names) == 0 {
		return nil, usageError{fmt.Sprintf("source @%s: %s defines no source set: add [[sources.%s]] tables (see 'tailtop config example')", name, where, name)}
	}
	return nil, usageError{fmt.Sprintf("source @%s: no set %q in %s (its sets: @%s)", name, name, where, strings.Join(names, ", @"))}
}

// mergeAWS gives a source's own AWS settings precedence over the run-wide
// ones, field by field.
func mergeAWS(run awsconf.Settings, own config.AWS) awsconf.Settings {
	pick := func(own, run string) string {
		if own != "" {
			return own
		}
		return run
	}
	s := awsconf.Settings{
		Profile:     pick(own.Profile, run.Profile),
		Region:      pick(own.Region, run.Region),
		RoleARN:     pick(own.RoleARN, run.RoleARN),
		ExternalID:  pick(own.ExternalID, run.ExternalID),
		EndpointURL: pick(own.EndpointURL, run.EndpointURL),
	}
	if own.RoleARN != "" && own.ExternalID == "" {
		s.ExternalID = "" // the run-wide external id belongs to the run-wide role
	}
	return s
}
