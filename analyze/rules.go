package analyze

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DefaultRules are the alert rules used when none are given: any
// authorization failure in a minute, as the classic CloudTrail metric
// filter alarm counts them.
var DefaultRules = []string{"denied >= 1 per 1m"}

// Rule is a parsed alert rule:
//
//	METRIC OP VALUE [per WINDOW]        denied >= 1 per 1m, failures > 100 per 5m
//	METRIC OP PERCENT% [per WINDOW]     status:5xx > 5% per 5m (share of events)
//	METRIC > Nx baseline                rate > 3x baseline (last 10 s vs the learned baseline)
//
// METRIC is events (or rate), failures, denied, unauthorized, bytes,
// unparsed, lines, status:CLASS-OR-VALUE, actor:KEY, target:KEY, where KEY *
// means "any single key".
type Rule struct {
	Text     string
	Metric   string // events, failures, denied, unauthorized, bytes, unparsed, lines, status, actor, target
	Key      string // for status/actor/target
	Op       string
	Value    float64
	Percent  bool
	Baseline bool
	Window   time.Duration
}

// ParseRule reads a rule; errors say what is wrong and show the grammar.
func ParseRule(text string) (Rule, error) {
	r := Rule{Text: strings.Join(strings.Fields(text), " "), Window: time.Minute}
	f := strings.Fields(strings.ToLower(text))
	bad := func(why string) (Rule, error) {
		return Rule{}, fmt.Errorf("alert rule %q: %s (write e.g. 'denied >= 1 per 1m', 'status:5xx > 5%% per 5m', 'rate > 3x baseline', 'actor:* > 1000 per 1m')", text, why)
	}
	if len(f) < 3 {
		return bad("too short")
	}
	metric := f[0]
	if i := strings.IndexByte(metric, ':'); i >= 0 {
		r.Metric, r.Key = metric[:i], strings.Fields(text)[0][i+1:]
		if r.Key == "" {
			return bad("empty key after ':'")
		}
	} else {
		r.Metric = metric
	}
	switch r.Metric {
	case "rate":
		r.Metric = "events"
	case "errors":
		r.Metric = "failures"
	case "events", "failures", "denied", "unauthorized", "bytes", "unparsed", "lines":
		if r.Key != "" {
			return bad(r.Metric + " takes no key")
		}
	case "status", "actor", "target":
		if r.Key == "" {
			return bad(r.Metric + " needs a key, e.g. " + r.Metric + ":*")
		}
	default:
		return bad("unknown metric " + strconv.Quote(r.Metric))
	}
	switch f[1] {
	case ">", ">=", "<", "<=":
		r.Op = f[1]
	default:
		return bad("the operator must be >, >=, < or <=")
	}
	v := f[2]
	switch {
	case strings.HasSuffix(v, "%"):
		r.Percent, v = true, strings.TrimSuffix(v, "%")
	case strings.HasSuffix(v, "x"):
		r.Baseline, v = true, strings.TrimSuffix(v, "x")
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return bad("the value must be a non-negative number")
	}
	r.Value = n
	rest := f[3:]
	if r.Baseline {
		if len(rest) != 1 || rest[0] != "baseline" {
			return bad("a value in x compares with the baseline: 'rate > 3x baseline'")
		}
		if r.Key != "" || r.Metric == "unparsed" || r.Metric == "lines" || r.Metric == "unauthorized" {
			return bad("baseline rules work on events, failures, denied and bytes")
		}
		return r, nil
	}
	if len(rest) > 0 {
		if len(rest) != 2 || rest[0] != "per" {
			return bad("expected 'per WINDOW' after the value")
		}
		w, err := ParseWindow(rest[1])
		if err != nil || w == 0 {
			return bad("the window must be 1m, 5m, 15m or 1h")
		}
		r.Window = w
	}
	if r.Percent && r.Metric == "events" {
		return bad("a percentage is a share of events: use it with failures, denied, status:..., actor:..., target:...")
	}
	return r, nil
}

// ruleState is one rule's evaluation state in one stream.
type ruleState struct {
	rule    Rule
	w       int // window index
	step    int64
	firing  bool
	value   float64
	key     string
	since   time.Time
	cleared time.Time
	fired   int64
}

func newRuleStates(rules []Rule) []*ruleState {
	out := make([]*ruleState, len(rules))
	for i, r := range rules {
		w := windowIndex(r.Window)
		if w < 0 {
			w = 0
		}
		step := int64(r.Window.Seconds()) / 60
		if r.Baseline || step < 1 {
			step = 1
		}
		out[i] = &ruleState{rule: r, w: w, step: step}
	}
	return out
}

// evaluateRules checks the rules due at completed second sec. Window sums are
// taken from the per-second ring; a rule on a window of W is evaluated
// every W/60 seconds, so the cost per second is the same for every window.
func (s *stream) evaluateRules(sec int64) {
	for _, rs := range s.rules {
		if sec%rs.step == 0 {
			s.evaluateRules1(rs, sec)
		}
	}
}

// evaluateRules1 evaluates one rule at second sec and records a change of
// state (fired, cleared) at that second.
func (s *stream) evaluateRules1(rs *ruleState, sec int64) {
	v, key := s.ruleValue(rs, sec)
	rs.value, rs.key = v, key
	on := compare(v, rs.rule.Op, rs.rule.Value)
	at := time.Unix(sec, 0).UTC()
	switch {
	case on && !rs.firing:
		rs.firing, rs.since, rs.cleared = true, at, time.Time{}
		rs.fired++
	case !on && rs.firing:
		rs.firing, rs.cleared = false, at
	}
}

func compare(v float64, op string, t float64) bool {
	switch op {
	case ">":
		return v > t
	case ">=":
		return v >= t
	case "<":
		return v < t
	}
	return v <= t
}

func (s *stream) ruleValue(rs *ruleState, sec int64) (float64, string) {
	r := rs.rule
	if r.Baseline {
		kind := map[string]int{"events": 0, "failures": 1, "denied": 2, "bytes": 3}[r.Metric]
		t := s.sec.sum(sec, 10)
		vals := [...]float64{float64(t.events), float64(t.failures), float64(t.denied), float64(t.bytes)}
		det := &s.spikes.det[kind]
		if det.n < spikeWarmup {
			return 0, ""
		}
		return round2(vals[kind] / 10 / math.Max(det.mean, spikeMinBase)), ""
	}
	t := s.sec.sum(sec, int64(r.Window.Seconds()))
	var n float64
	key := ""
	switch r.Metric {
	case "events":
		n = float64(t.events)
	case "failures":
		n = float64(t.failures)
	case "denied":
		n = float64(t.denied)
	case "unauthorized":
		n = float64(t.unauth)
	case "bytes":
		n = float64(t.bytes)
	case "unparsed":
		n = float64(t.unparsed)
	case "lines":
		n = float64(t.lines)
	case "status":
		s.status.Each(rs.w, func(k string, c int64) {
			if k == r.Key || classOf(k) == r.Key || r.Key == "*" {
				n += float64(c)
			}
		})
	case "actor", "target":
		c := s.actor
		if r.Metric == "target" {
			c = s.target
		}
		if r.Key == "*" {
			if top := c.Top(rs.w, 1); len(top) > 0 {
				n, key = float64(top[0].Count), top[0].Key
			}
		} else {
			n, key = float64(c.WindowCount(r.Key, rs.w)), r.Key
		}
	}
	if r.Percent {
		if t.events == 0 {
			return 0, key
		}
		return round2(100 * n / float64(t.events)), key
	}
	return n, key
}

func (s *stream) alerts() []Alert {
	out := make([]Alert, 0, len(s.rules))
	for _, rs := range s.rules {
		out = append(out, Alert{
			Rule: rs.rule.Text, Firing: rs.firing, Value: rs.value, Threshold: rs.rule.Value,
			Key: rs.key, Since: rs.since, Cleared: rs.cleared, Fired: rs.fired,
		})
	}
	return out
}
