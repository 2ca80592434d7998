package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// What a selected row stands for: the filters of a drill-down. A row gives
// one or more levels (a denied principal gives "denied" then
// "actor=X"), so that esc in the drill-down widens one step at a time.

// drillLevel is one step of a drill-down: at most one filter and,
// optionally, a range of arrival times (a spike's).
type drillLevel struct {
	// filter is the condition; a zero Dim means none (every line).
	filter analyze.Filter
	// from and to bound the arrival time (zero: unbounded).
	from, to time.Time
	// name is what the title shows for a level that is no plain filter
	// ("spike 15:09:01–15:09:10", "all lines").
	name string
}

// drillTarget is the levels a row opens.
type drillTarget struct {
	levels []drillLevel
}

// filterLevel is the level of one filter.
func filterLevel(d analyze.Dim, value string) drillLevel {
	return drillLevel{filter: analyze.Filter{Dim: d, Value: value}}
}

// target is a drillTarget of plain filter levels.
func target(levels ...drillLevel) (drillTarget, bool) {
	return drillTarget{levels: levels}, true
}

// flagDim reports whether d matches flagged events and ignores its value.
func flagDim(d analyze.Dim) bool {
	return d == analyze.DimDenied || d == analyze.DimFailure || d == analyze.DimUnauthorized
}

// maxLabelValue bounds a filter value in the title.
const maxLabelValue = 40

// label is what the drill-down title shows for the level: "actor=203.0.113.9",
// "denied", "spike 15:09:01–15:09:10". Values are sanitized and cut.
func (l drillLevel) label() string {
	switch {
	case l.name != "":
		return l.name
	case l.filter.Dim == "":
		return "all lines"
	case flagDim(l.filter.Dim):
		return string(l.filter.Dim)
	}
	v := keyText(l.filter.Value, maxLabelValue)
	if l.filter.Value == "" {
		v = "(empty)"
	}
	return string(l.filter.Dim) + "=" + v
}

// chainLabel joins the levels' labels: "actor=203.0.113.9 › class=5xx".
func chainLabel(levels []drillLevel) string {
	parts := make([]string, len(levels))
	for i, l := range levels {
		parts[i] = l.label()
	}
	return strings.Join(parts, " › ")
}

// query builds the Provider query of a stack of levels: every filter, and
// the narrowest time range any level sets.
func query(stream string, levels []drillLevel, after uint64, limit int) analyze.Query {
	q := analyze.Query{Stream: stream, After: after, Limit: limit}
	for _, l := range levels {
		if l.filter.Dim != "" {
			q.Filters = append(q.Filters, l.filter)
		}
		if !l.from.IsZero() && (q.From.IsZero() || l.from.After(q.From)) {
			q.From = l.from
		}
		if !l.to.IsZero() && (q.To.IsZero() || l.to.Before(q.To)) {
			q.To = l.to
		}
	}
	return q
}

// spikeTarget is a spike's drill-down: its time range (and the flag of its
// kind: failures, denials), then its top actor.
func spikeTarget(sp analyze.Spike) drillTarget {
	end := "now"
	if !sp.End.IsZero() {
		end = sp.End.Format("15:04:05")
	}
	rng := drillLevel{from: sp.Start, to: sp.End, name: "spike " + sp.Start.Format("15:04:05") + "–" + end}
	switch sp.Kind {
	case "errors":
		rng.filter = analyze.Filter{Dim: analyze.DimFailure}
	case "denials":
		rng.filter = analyze.Filter{Dim: analyze.DimDenied}
	}
	if rng.filter.Dim != "" {
		rng.name += " " + string(rng.filter.Dim)
	}
	t := drillTarget{levels: []drillLevel{rng}}
	if len(sp.Attribution.Actor) > 0 {
		t.levels = append(t.levels, filterLevel(analyze.DimActor, sp.Attribution.Actor[0].Key))
	}
	return t
}

// alertTarget is a rule's drill-down, read from the rule's words: "denied
// >= 1 per 1m" gives the denied lines, "status:5xx > 5% per 5m" the 5xx,
// "actor:* > 1000 per 1m" the actor that fired; a rule on the overall rate
// gives every line.
func alertTarget(a analyze.Alert) drillTarget {
	rule := strings.ToLower(strings.TrimSpace(a.Rule))
	head, _, _ := strings.Cut(rule, " ")
	dim, arg, _ := strings.Cut(head, ":")
	if arg == "*" {
		arg = ""
	}
	if a.Key != "" {
		arg = a.Key
	}
	var lv drillLevel
	switch dim {
	case "denied", "accessdenied":
		lv = filterLevel(analyze.DimDenied, "")
	case "unauthorized":
		lv = filterLevel(analyze.DimUnauthorized, "")
	case "failures", "failure", "errors", "fail":
		lv = filterLevel(analyze.DimFailure, "")
	case "status", "class":
		if arg != "" {
			lv = filterLevel(analyze.DimClass, arg)
		}
	case "actor", "target":
		if arg != "" {
			lv = filterLevel(analyze.Dim(dim), arg)
		}
	}
	if lv.filter.Dim == "" {
		lv.name = "alert " + ansi.Truncate(safe.Text(a.Rule), maxLabelValue, "…")
	}
	return drillTarget{levels: []drillLevel{lv}}
}

// alertPane is the pane a rule concerns, to highlight while it fires.
func alertPane(rule string) paneID {
	r := strings.ToLower(strings.TrimSpace(rule))
	head, _, _ := strings.Cut(r, " ")
	dim, _, _ := strings.Cut(head, ":")
	switch dim {
	case "denied", "accessdenied", "unauthorized":
		return paneDenied
	case "status", "class", "failures", "failure", "errors", "fail":
		return paneStatus
	case "actor":
		return paneActor
	case "target":
		return paneTarget
	}
	return paneSpikes
}
