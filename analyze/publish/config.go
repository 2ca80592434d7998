package publish

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Config sets up a Publisher. Zero values take the defaults.
type Config struct {
	// Namespace is the CloudWatch namespace (default "LogMetrics").
	Namespace string
	// Interval is the publishing period, whole seconds from 1 s to 1 h
	// (default 60 s). Below 60 s datums are high resolution
	// (StorageResolution 1).
	Interval time.Duration
	// TopN is how many top actors are published per stream and interval
	// as TopActorCount (0: the default, 1; negative: none; at most 1000).
	TopN int
	// Dimensions are extra dimensions added to every datum (at most 28:
	// Stream and Actor take two of the 30).
	Dimensions map[string]string
	// DryRun, when set, receives what would be sent instead of CloudWatch:
	// one JSON object per datum, or EMF lines when EMF is set.
	DryRun io.Writer
	EMF    bool
	// AWS is the SDK configuration (unused in a dry run). Its endpoint
	// settings apply (AWS_ENDPOINT_URL_CLOUDWATCH, BaseEndpoint).
	AWS aws.Config

	// QueueIntervals bounds the intervals waiting to be sent (default: an
	// hour's worth, at least 10); QueueDatums bounds their datums (default
	// 100000). Past either bound the oldest intervals are dropped.
	QueueIntervals int
	QueueDatums    int
	// MinBackoff and MaxBackoff bound the delay between attempts to send a
	// failed batch (defaults 1 s and 1 min); it doubles from the first to
	// the second, with jitter.
	MinBackoff, MaxBackoff time.Duration
	// RequestTimeout bounds one PutMetricData call (default 30 s).
	RequestTimeout time.Duration
	// FlushTimeout bounds the final flush when Run's context ends
	// (default 10 s).
	FlushTimeout time.Duration

	// Now is the clock (default time.Now). Ticks, when set, replaces the
	// interval timer: each value received closes the intervals that ended
	// at or before it (tests send them; a value that closes nothing is a
	// no-op).
	Now   func() time.Time
	Ticks <-chan time.Time
}

// Metric-name and dimension limits of PutMetricData.
const (
	maxDimensions  = 30
	maxNameLen     = 255
	maxDimValueLen = 1024
	maxTopN        = 1000
	// builtinDimensions are Stream and Actor.
	builtinDimensions = 2
)

// withDefaults validates c and fills in the defaults.
func (c Config) withDefaults() (Config, error) {
	if c.Namespace == "" {
		c.Namespace = "LogMetrics"
	}
	if err := checkName("namespace", c.Namespace); err != nil {
		return c, err
	}
	if len(c.Namespace) >= 4 && c.Namespace[:4] == "AWS/" {
		return c, fmt.Errorf("namespace %q: namespaces starting with AWS/ are reserved for AWS services", c.Namespace)
	}
	if c.Interval == 0 {
		c.Interval = time.Minute
	}
	if c.Interval < time.Second || c.Interval > time.Hour || c.Interval%time.Second != 0 {
		return c, fmt.Errorf("metric interval %v: give whole seconds from 1s to 1h", c.Interval)
	}
	switch {
	case c.TopN == 0:
		c.TopN = 1
	case c.TopN < 0:
		c.TopN = 0
	case c.TopN > maxTopN:
		return c, fmt.Errorf("top actors to publish: %d is over %d (each is a metric of its own)", c.TopN, maxTopN)
	}
	if len(c.Dimensions) > maxDimensions-builtinDimensions {
		return c, fmt.Errorf("%d extra dimensions: at most %d (CloudWatch allows %d, Stream and Actor take two)",
			len(c.Dimensions), maxDimensions-builtinDimensions, maxDimensions)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Dimensions)) {
		if err := checkDimension(k, c.Dimensions[k]); err != nil {
			return c, err
		}
	}
	if c.QueueIntervals <= 0 {
		c.QueueIntervals = max(int(time.Hour/c.Interval), 10)
	}
	if c.QueueDatums <= 0 {
		c.QueueDatums = 100000
	}
	if c.MinBackoff <= 0 {
		c.MinBackoff = time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = time.Minute
	}
	c.MaxBackoff = max(c.MaxBackoff, c.MinBackoff)
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.FlushTimeout <= 0 {
		c.FlushTimeout = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// checkDimension checks an extra dimension from the command line: names
// must not clash with the built-in dimensions (nor, in EMF, with metric
// names), and CloudWatch's character rules apply.
func checkDimension(name, value string) error {
	if err := checkName("dimension name", name); err != nil {
		return err
	}
	if name[0] == ':' {
		return fmt.Errorf("dimension name %q: must not start with ':'", name)
	}
	if name == dimStream || name == dimActor || name == "_aws" || isMetricName(name) {
		return fmt.Errorf("dimension name %q is taken by tailtop's own metrics and dimensions", name)
	}
	if value == "" || len(value) > maxDimValueLen || !printableASCII(value) || blank(value) {
		return fmt.Errorf("dimension %s=%q: the value must be 1 to %d printable ASCII characters, not all spaces", name, value, maxDimValueLen)
	}
	return nil
}

func checkName(what, s string) error {
	if s == "" || len(s) > maxNameLen || !printableASCII(s) || blank(s) {
		return fmt.Errorf("%s %q: must be 1 to %d printable ASCII characters, not all spaces", what, s, maxNameLen)
	}
	return nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			return false
		}
	}
	return true
}

// errRunning reports a second concurrent Run.
var errRunning = errors.New("publish: Run called while already running")
