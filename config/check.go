package config

import (
	"fmt"
	"io"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/analyze/publish"
)

var (
	setNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	roleARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$`)
	extIDRE   = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// check validates every value the file gives; each problem is one Error at
// its line.
func (f *File) check(c Checks) Errors {
	var errs Errors
	bad := func(key, format string, args ...any) {
		errs = append(errs, f.Errorf(key, format, args...))
	}
	f.checkDefaults(c, bad)
	f.checkAWS("aws", f.AWS, bad)
	for _, name := range f.SetNames() {
		f.checkSet(name, c, bad)
	}
	for i, a := range f.Alerts {
		key := fmt.Sprintf("alerts[%d].rule", i)
		if strings.TrimSpace(a.Rule) == "" {
			bad(fmt.Sprintf("alerts[%d]", i), "no rule: write rule = \"denied >= 1 per 1m\" (the syntax of --alert)")
			continue
		}
		if _, err := analyze.ParseRule(a.Rule); err != nil {
			bad(key, "%v", err)
		}
	}
	f.checkPublish(bad)
	f.checkKeys(c, bad)
	return errs
}

type badFunc func(key, format string, args ...any)

func (f *File) checkDefaults(c Checks, bad badFunc) {
	d := f.Defaults
	if f.IsSet("defaults.theme") {
		switch {
		case strings.TrimSpace(d.Theme) == "":
			bad("defaults.theme", "empty theme name (try dark or light, or remove the line)")
		case c.Theme != nil:
			if err := c.Theme(d.Theme); err != nil {
				bad("defaults.theme", "%v", err)
			}
		}
	}
	if f.IsSet("defaults.window") {
		if w, err := analyze.ParseWindow(d.Window); err != nil || w == 0 {
			bad("defaults.window", "%q: use 1m, 5m, 15m or 1h", d.Window)
		}
	}
	if f.IsSet("defaults.top") && (d.Top < 1 || d.Top > 1000) {
		bad("defaults.top", "%d: give a number from 1 to 1000", d.Top)
	}
	if f.IsSet("defaults.format") {
		if err := checkFormat(d.Format, f.parseOptions()); err != nil {
			key := "defaults.format"
			if d.Format == "regex" && f.IsSet("defaults.regex") {
				key = "defaults.regex" // the format is right, its regex is not
			}
			bad(key, "%v", err)
		}
	}
	if f.IsSet("defaults.spike_factor") && !(d.SpikeFactor > 1 && d.SpikeFactor <= 1000) {
		bad("defaults.spike_factor", "%v: a spike is a rate this many times its baseline; give a number above 1 (3 is the default)", d.SpikeFactor)
	}
	if f.IsSet("defaults.since") {
		if _, err := checkDuration(d.Since, 0); err != nil {
			bad("defaults.since", "%v", err)
		}
	}
	if f.IsSet("defaults.regex") && d.Format != "regex" {
		bad("defaults.regex", "a regex is the custom format: add format = \"regex\" (or pass --format regex)")
	}
	for i, n := range d.FieldNames {
		if strings.TrimSpace(n) == "" {
			bad(fmt.Sprintf("defaults.field_names[%d]", i), "empty field name")
		}
	}
	for i, n := range d.VPCFields {
		if strings.TrimSpace(n) == "" {
			bad(fmt.Sprintf("defaults.vpc_fields[%d]", i), "empty field name")
		}
	}
}

// parseOptions are the parser options the defaults give.
func (f *File) parseOptions() parse.Options {
	d := f.Defaults
	return parse.Options{
		ActorField: d.ActorField, TargetField: d.TargetField, StatusField: d.StatusField, TimeField: d.TimeField,
		Regex: d.Regex, FieldNames: d.FieldNames, VPCFields: d.VPCFields,
	}
}

// checkFormat accepts "auto" and the registered formats; a format that
// needs options (regex) is built, so that a bad regex is caught here.
func checkFormat(name string, o parse.Options) error {
	if name == "auto" {
		return nil
	}
	if _, ok := parse.Lookup(name); !ok {
		_, err := parse.New(name, o)
		if err == nil {
			err = fmt.Errorf("unknown format %q", name)
		}
		return err
	}
	if name == "regex" {
		_, err := parse.New(name, o)
		return err
	}
	return nil
}

// checkDuration reads a duration such as "15m", at least min.
func checkDuration(s string, min time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write e.g. \"30s\", \"15m\" or \"2h\"", s)
	}
	if d < min {
		return 0, fmt.Errorf("%q: must be at least %v", s, min)
	}
	return d, nil
}

func (f *File) checkAWS(key string, a AWS, bad badFunc) {
	k := func(name string) string { return key + "." + name }
	if a.Profile != "" && strings.ContainsAny(a.Profile, " \t[]") {
		bad(k("profile"), "%q is not a profile name (the name in ~/.aws/config, without [profile ])", a.Profile)
	}
	if a.Region != "" && !regionRE.MatchString(a.Region) {
		bad(k("region"), "%q is not an AWS region (e.g. us-east-1, eu-west-2)", a.Region)
	}
	if a.RoleARN != "" && !roleARNRE.MatchString(a.RoleARN) {
		bad(k("role_arn"), "%q is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", a.RoleARN)
	}
	if a.ExternalID != "" {
		if len(a.ExternalID) < 2 || len(a.ExternalID) > 1224 || !extIDRE.MatchString(a.ExternalID) {
			// Not quoted: an external id is a shared secret of sorts.
			bad(k("external_id"), "not an external id (2 to 1224 of letters, digits and +=,.@:/-)")
		}
		if a.RoleARN == "" {
			bad(k("external_id"), "an external id goes with role_arn (it is passed to STS AssumeRole)")
		}
	}
	if a.EndpointURL != "" {
		u, err := url.Parse(a.EndpointURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(k("endpoint_url"), "%q is not an http:// or https:// URL", a.EndpointURL)
		}
	}
}

func (f *File) checkSet(name string, c Checks, bad badFunc) {
	set := f.Sources[name]
	key := "sources." + name
	if !setNameRE.MatchString(name) {
		bad(key, "set name %q: use letters, digits, '_', '.' and '-' (it is typed as @%s)", name, name)
	}
	if len(set) == 0 {
		bad(key, "the set has no source: add [[%s]] tables with source = \"...\"", key)
	}
	for i, s := range set {
		k := fmt.Sprintf("%s[%d]", key, i)
		if strings.TrimSpace(s.Source) == "" {
			bad(k, "no source: write source = \"/var/log/nginx/access.log\" (any SOURCE of the command line: path, glob, kinesis://, cwlogs://, demo://)")
			continue
		}
		if strings.HasPrefix(s.Source, "@") {
			bad(k+".source", "%q: a set cannot name another set", s.Source)
			continue
		}
		if c.Source != nil {
			if err := c.Source(s.Source); err != nil {
				bad(k+".source", "%v", err)
			}
		}
		if s.Format != "" {
			if err := checkFormat(s.Format, f.parseOptions()); err != nil {
				bad(k+".format", "%v", err)
			}
		}
		if !s.AWS.IsZero() && !isAWSSource(s.Source) {
			bad(k, "AWS settings (profile, region, role_arn, external_id, endpoint_url) apply to kinesis:// and cwlogs:// sources only")
		}
		f.checkAWS(k, s.AWS, bad)
	}
}

// isAWSSource reports whether a SOURCE reads from AWS.
func isAWSSource(spec string) bool {
	s := strings.ToLower(spec)
	return strings.HasPrefix(s, "kinesis://") || strings.HasPrefix(s, "cwlogs://") ||
		strings.HasPrefix(s, "arn:aws") && strings.Contains(s, ":kinesis:")
}

// checkPublish checks each publishing setting alone with the publisher's
// own validation, so that a problem is reported at its own line.
func (f *File) checkPublish(bad badFunc) {
	p := f.Publish
	try := func(key string, cfg publish.Config) {
		cfg.DryRun = io.Discard
		if _, err := publish.New(cfg, noCounts{}); err != nil {
			bad(key, "%v", strings.TrimPrefix(err.Error(), "publish: "))
		}
	}
	if f.IsSet("publish.target") && p.Target != "cloudwatch" {
		bad("publish.target", "%q: the only target is \"cloudwatch\"", p.Target)
	}
	if f.IsSet("publish.namespace") {
		try("publish.namespace", publish.Config{Namespace: p.Namespace})
	}
	if f.IsSet("publish.interval") {
		if d, err := checkDuration(p.Interval, time.Second); err != nil {
			bad("publish.interval", "%v", err)
		} else {
			try("publish.interval", publish.Config{Interval: d})
		}
	}
	if f.IsSet("publish.top") {
		if p.Top < 0 {
			bad("publish.top", "%d: give 0 or more top actors to publish per stream", p.Top)
		} else {
			try("publish.top", publish.Config{TopN: p.Top})
		}
	}
	names := make([]string, 0, len(p.Dimensions))
	for k := range p.Dimensions {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		try("publish.dimensions."+k, publish.Config{Dimensions: map[string]string{k: p.Dimensions[k]}})
	}
	if len(names) > 1 {
		try("publish.dimensions", publish.Config{Dimensions: p.Dimensions})
	}
}

// noCounts is the empty count source publish.New needs to validate.
type noCounts struct{}

func (noCounts) Interval(from, to time.Time, topN int) []analyze.IntervalStats { return nil }

func (f *File) checkKeys(c Checks, bad badFunc) {
	if len(f.Keys) == 0 {
		return
	}
	known := map[string]bool{}
	for _, a := range c.KeyActions {
		known[a] = true
	}
	names := make([]string, 0, len(f.Keys))
	for a := range f.Keys {
		names = append(names, a)
	}
	sort.Strings(names)
	ok := true
	for _, a := range names {
		key := "keys." + a
		if c.KeyActions != nil && !known[a] {
			bad(key, "unknown action %q (actions: %s)", a, strings.Join(c.KeyActions, ", "))
			ok = false
			continue
		}
		fine := true
		for i, k := range f.Keys[a] {
			if k == "" || strings.TrimSpace(k) != k || len(k) > 32 || strings.ContainsFunc(k, isControl) {
				bad(fmt.Sprintf("%s[%d]", key, i), "%q is not a key name (e.g. \"q\", \"ctrl+c\", \"space\", \"f1\", \"shift+tab\")", k)
				fine = false
			}
		}
		// Each action alone first, so that its problem is reported at its
		// own line (a key it takes from another action's defaults too).
		if fine && c.Keys != nil {
			if err := c.Keys(map[string][]string{a: f.Keys[a]}); err != nil {
				bad(key, "%v", strings.TrimPrefix(err.Error(), "keys: "))
				fine = false
			}
		}
		ok = ok && fine
	}
	if ok && c.Keys != nil {
		if err := c.Keys(f.Keys); err != nil {
			bad("keys", "%v", strings.TrimPrefix(err.Error(), "keys: "))
		}
	}
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// tomlNames lists the TOML keys of a struct, embedded structs included.
func tomlNames(v any) []string {
	var out []string
	t := reflect.TypeOf(v)
	for i := 0; i < t.NumField(); i++ {
		fl := t.Field(i)
		if fl.Anonymous {
			out = append(out, tomlNames(reflect.Zero(fl.Type).Interface())...)
			continue
		}
		if n, _, _ := strings.Cut(fl.Tag.Get("toml"), ","); n != "" && n != "-" {
			out = append(out, n)
		}
	}
	return out
}
