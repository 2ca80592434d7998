package cwlogs

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Limits of the CloudWatch Logs APIs, checked before any call so that a
// misuse gets a clear message instead of an InvalidParameterException.
const (
	// groupsPerSession is how many log groups one Live Tail session takes.
	groupsPerSession = 10
	// maxStreamFilters is how many stream names or prefixes Live Tail takes.
	maxStreamFilters = 100
	// maxFilterPattern is the longest filter pattern the APIs take.
	maxFilterPattern = 1024
)

// Modes of a source.
const (
	ModeLive = "live"
	ModePoll = "poll"
)

// Config describes one CloudWatch Logs source.
type Config struct {
	// Groups are log group names, name prefixes ending in '*'
	// ("/aws/lambda/*"), or ARNs, as in cwlogs://GROUP[,GROUP...].
	Groups []string
	// Name is the stream name on screen; default "cwlogs://" + the groups
	// joined by commas.
	Name string
	// Filter is a CloudWatch Logs filter pattern, passed through.
	Filter string
	// Streams are log stream names; StreamPrefixes log stream name
	// prefixes. The API takes either, and only with exactly one log group.
	Streams        []string
	StreamPrefixes []string
	// Mode is ModeLive (default: Live Tail, falling back to polling when
	// Live Tail is not available) or ModePoll (FilterLogEvents).
	Mode string
	// Since loads this much history with FilterLogEvents before going live;
	// those lines are marked History.
	Since time.Duration
	// AWS is the SDK configuration (see feed/awsconf). A custom endpoint
	// (BaseEndpoint, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS)
	// turns off the SDK's "stream-" host prefix for StartLiveTail.
	AWS aws.Config

	// MaxGroups bounds how many log groups names and prefixes may resolve
	// to (each 10 take one Live Tail session, of the 15 an account may have
	// open at once). Default 50.
	MaxGroups int
	// PollInterval is the pause between two polling rounds. Default 2s.
	PollInterval time.Duration
	// PollCallGap is the least time between two FilterLogEvents calls, to
	// stay under the account's request quota. Default 200ms.
	PollCallGap time.Duration
	// PollLookback is how far before the newest event already seen each
	// polling round starts again, to catch events ingested late. Default 5s.
	PollLookback time.Duration
	// DedupMemory is how many recent event ids (or event digests, for Live
	// Tail, whose events have no id) are remembered to drop repeats.
	// Default 131072.
	DedupMemory int
	// StallTimeout restarts a live session that sent nothing for this long
	// (the service sends an update every second). Default 30s.
	StallTimeout time.Duration
	// MinBackoff and MaxBackoff bound the wait before restarting a failed
	// session or retrying a throttled call. Defaults 500ms and 30s.
	MinBackoff, MaxBackoff time.Duration
	// CallTimeout bounds one call that should answer at once
	// (DescribeLogGroups, FilterLogEvents, and StartLiveTail until its
	// stream starts): a request left unanswered is made again. Default 30s.
	CallTimeout time.Duration
	// SampledHold is how long the source stays marked Sampled after the
	// last sampled update, so that counts over the longest window are not
	// shown as exact. Default 1h.
	SampledHold time.Duration
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Name == "" {
		c.Name = "cwlogs://" + strings.Join(c.Groups, ",")
	}
	if c.Mode == "" {
		c.Mode = ModeLive
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.PollInterval, 2*time.Second)
	def(&c.PollCallGap, 200*time.Millisecond)
	def(&c.PollLookback, 5*time.Second)
	def(&c.StallTimeout, 30*time.Second)
	def(&c.MinBackoff, 500*time.Millisecond)
	def(&c.MaxBackoff, 30*time.Second)
	def(&c.SampledHold, time.Hour)
	def(&c.CallTimeout, 30*time.Second)
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = c.MinBackoff
	}
	if c.MaxGroups <= 0 {
		c.MaxGroups = 50
	}
	if c.DedupMemory <= 0 {
		c.DedupMemory = 1 << 17
	}
	return c
}

// validate checks what can be checked without calling AWS.
func (c Config) validate() error {
	if len(c.Groups) == 0 {
		return errors.New("cwlogs: no log group given (cwlogs://GROUP[,GROUP...])")
	}
	for _, g := range c.Groups {
		if err := checkGroupSpec(g); err != nil {
			return err
		}
	}
	if c.Mode != ModeLive && c.Mode != ModePoll {
		return fmt.Errorf("cwlogs: mode=%q: use mode=live or mode=poll", c.Mode)
	}
	if len(c.Streams) > 0 && len(c.StreamPrefixes) > 0 {
		return errors.New("cwlogs: give either streams= or prefixes=, not both (the API takes one kind of log stream filter)")
	}
	if n := len(c.Streams) + len(c.StreamPrefixes); n > 0 {
		if len(c.Groups) != 1 || strings.HasSuffix(c.Groups[0], "*") {
			return fmt.Errorf("cwlogs: log stream names or prefixes need exactly one log group, and %d are given (%s): the API allows stream filters only with a single group",
				len(c.Groups), strings.Join(c.Groups, ","))
		}
		if n > maxStreamFilters {
			return fmt.Errorf("cwlogs: %d log stream names or prefixes, at most %d allowed", n, maxStreamFilters)
		}
		for _, s := range slices.Concat(c.Streams, c.StreamPrefixes) {
			if s == "" || strings.ContainsAny(s, ":*") || len(s) > 512 {
				return fmt.Errorf("cwlogs: log stream name or prefix %q is invalid (1 to 512 characters, no ':' or '*')", s)
			}
		}
	}
	if len(c.Filter) > maxFilterPattern {
		return fmt.Errorf("cwlogs: filter pattern of %d bytes, at most %d allowed", len(c.Filter), maxFilterPattern)
	}
	if c.Since < 0 {
		return errors.New("cwlogs: since must not be negative")
	}
	return nil
}

// checkGroupSpec checks one log group name, prefix ("name*") or ARN.
func checkGroupSpec(g string) error {
	if g == "" {
		return errors.New("cwlogs: empty log group name")
	}
	if strings.HasPrefix(g, "arn:") {
		if _, _, ok := parseGroupARN(g); !ok {
			return fmt.Errorf("cwlogs: %q is not a log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)", g)
		}
		return nil
	}
	name := strings.TrimSuffix(g, "*")
	if name == "" && g != "*" {
		return errors.New("cwlogs: empty log group name")
	}
	if len(name) > 512 || strings.ContainsFunc(name, func(r rune) bool { return !groupNameRune(r) }) {
		return fmt.Errorf("cwlogs: %q is not a log group name (letters, digits, and _-./#, at most 512; a trailing * makes it a prefix)", g)
	}
	return nil
}

func groupNameRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./#", r)
}

// ParseOptions reads the options of a cwlogs:// source URI: filter=,
// streams= and prefixes= (comma-separated), mode=live|poll, since= (a
// duration such as 15m). "format" and "name" belong to the command line and
// are ignored here; anything else is an error, so that a typo is not
// silently dropped.
func ParseOptions(q url.Values) (Config, error) {
	var c Config
	for k, vs := range q {
		v := ""
		if len(vs) > 0 {
			v = vs[len(vs)-1]
		}
		switch k {
		case "filter":
			c.Filter = v
		case "streams":
			c.Streams = splitList(v)
		case "prefixes":
			c.StreamPrefixes = splitList(v)
		case "mode":
			m := strings.ToLower(v)
			if m != ModeLive && m != ModePoll {
				return Config{}, fmt.Errorf("cwlogs: mode=%q: use mode=live or mode=poll", v)
			}
			c.Mode = m
		case "since":
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return Config{}, fmt.Errorf("cwlogs: since=%q: want a duration such as 15m or 2h", v)
			}
			c.Since = d
		case "format", "name":
		default:
			return Config{}, fmt.Errorf("cwlogs: unknown option %q (known: filter, streams, prefixes, mode, since)", k)
		}
	}
	return c, nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
