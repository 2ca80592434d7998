package kinesis

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Config describes one Kinesis source: one command-line argument.
type Config struct {
	// Stream is a stream name or ARN, bare or as kinesis://STREAM.
	Stream string
	// Name is the stream name shown on screen; default "kinesis://"+Stream.
	Name string
	// From is where reading starts on the shards open at the start:
	// "latest" (default), "trim" (the oldest record kept), or an RFC 3339
	// time.
	From string
	// Shards limits reading to these shards and their descendants.
	Shards []string
	// EFO names an enhanced fan-out consumer; "" polls GetRecords.
	EFO string
	// Deregister deregisters the EFO consumer on exit if this run
	// registered it.
	Deregister bool
	// AWS is the SDK configuration, from awsconf.Load.
	AWS aws.Config

	// PollInterval is the pause between GetRecords calls on a shard that
	// is caught up (DefaultPollInterval). Calls on one shard are never
	// closer than 200 ms: 5 a second is the service limit.
	PollInterval time.Duration
	// RelistInterval is how often shards are listed again to find new
	// ones (DefaultRelistInterval).
	RelistInterval time.Duration
	// RenewInterval is how long a fan-out subscription is kept before it is
	// renewed (DefaultRenewInterval; the service ends it at 5 minutes).
	RenewInterval time.Duration
	// HistoryLag is how far behind a shard started at "trim" or a time may
	// be and still count as catching up (DefaultHistoryLag): its lines are
	// History, windowed by event time, until its MillisBehindLatest first
	// falls to this.
	HistoryLag time.Duration
	// RecordsLimit is the most records one GetRecords call asks for
	// (default and maximum 10000).
	RecordsLimit int
	// MaxInflated caps what one gzip payload may inflate to
	// (envelope.DefaultMaxInflated).
	MaxInflated int
}

// Defaults for the zero fields of Config.
const (
	DefaultPollInterval   = time.Second
	DefaultRelistInterval = time.Minute
	DefaultRenewInterval  = 5 * time.Minute
	DefaultHistoryLag     = 5 * time.Second
)

// maxRecordsLimit is the most records GetRecords returns in one call.
const maxRecordsLimit = 10000

// minCallInterval keeps a shard under 5 GetRecords calls a second.
const minCallInterval = 200 * time.Millisecond

// Start positions.
const (
	FromLatest = "latest"
	FromTrim   = "trim"
)

// position is a parsed From.
type position struct {
	kind string    // FromLatest, FromTrim, or "time"
	at   time.Time // for "time"
}

func parseFrom(s string) (position, error) {
	switch strings.ToLower(s) {
	case "", FromLatest:
		return position{kind: FromLatest}, nil
	case FromTrim, "trim_horizon", "trim-horizon":
		return position{kind: FromTrim}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return position{}, fmt.Errorf("from=%q: want latest, trim, or an RFC 3339 time such as 2024-07-02T15:04:05Z", s)
	}
	return position{kind: "time", at: t}, nil
}

// stream names one stream: by name, or by ARN (then name is its last part).
type stream struct {
	name, arn, region string
}

var (
	nameRE  = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)
	arnRE   = regexp.MustCompile(`^arn:aws[a-zA-Z-]*:kinesis:([a-z0-9-]+):([0-9]{12}):stream/([a-zA-Z0-9_.-]{1,128})$`)
	shardRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,128}$`)
)

func parseStream(s string) (stream, error) {
	s = strings.TrimPrefix(s, "kinesis://")
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, "/")
	if strings.HasPrefix(s, "arn:") {
		m := arnRE.FindStringSubmatch(s)
		if m == nil {
			return stream{}, fmt.Errorf("kinesis: %q is not a stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)", s)
		}
		return stream{name: m[3], arn: s, region: m[1]}, nil
	}
	if !nameRE.MatchString(s) {
		return stream{}, fmt.Errorf("kinesis: %q is not a stream name (1-128 of a-z A-Z 0-9 _ . -)", s)
	}
	return stream{name: s}, nil
}

// ParseOptions validates the options of a kinesis:// URI: from=latest|
// trim|RFC3339, shards=ID,ID (a bare number N stands for shardId-N, zero
// padded), efo=CONSUMER. Other keys are left to the caller.
func ParseOptions(q url.Values) (from string, shards []string, efo string, err error) {
	if v, ok := q["from"]; ok {
		if len(v) != 1 {
			return "", nil, "", errors.New("kinesis: from= given more than once")
		}
		if _, err := parseFrom(v[0]); err != nil {
			return "", nil, "", fmt.Errorf("kinesis: %w", err)
		}
		from = v[0]
	}
	seen := map[string]bool{}
	for _, v := range q["shards"] {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			if isDigits(id) && len(id) <= 12 {
				id = "shardId-" + strings.Repeat("0", 12-len(id)) + id
			}
			if !shardRE.MatchString(id) {
				return "", nil, "", fmt.Errorf("kinesis: shards=: %q is not a shard id", id)
			}
			if !seen[id] {
				seen[id] = true
				shards = append(shards, id)
			}
		}
	}
	if _, ok := q["shards"]; ok && len(shards) == 0 {
		return "", nil, "", errors.New("kinesis: shards= names no shard")
	}
	if v, ok := q["efo"]; ok {
		if len(v) != 1 || !nameRE.MatchString(v[0]) {
			return "", nil, "", fmt.Errorf("kinesis: efo=%q: want one consumer name (1-128 of a-z A-Z 0-9 _ . -)", strings.Join(v, ","))
		}
		efo = v[0]
	}
	return from, shards, efo, nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPollInterval
	}
	c.PollInterval = max(c.PollInterval, minCallInterval)
	if c.RelistInterval <= 0 {
		c.RelistInterval = DefaultRelistInterval
	}
	if c.RenewInterval <= 0 {
		c.RenewInterval = DefaultRenewInterval
	}
	if c.RecordsLimit <= 0 || c.RecordsLimit > maxRecordsLimit {
		c.RecordsLimit = maxRecordsLimit
	}
	if c.HistoryLag <= 0 {
		c.HistoryLag = DefaultHistoryLag
	}
	return c
}
