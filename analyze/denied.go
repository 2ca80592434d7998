package analyze

import "github.com/tailtop/tailtop/analyze/parse"

// deniedLatest is how many denied events the AccessDenied pane lists.
const deniedLatest = 50

// denials aggregates authorization failures (Denied events) for the
// AccessDenied pane: by principal (the actor), by action (the target, e.g.
// eventSource:eventName), by source IP (the event's SourceIP, else the
// actor), and per minute, all in the same rolling windows as the rest.
type denials struct {
	principal, action, sourceIP *Counter
	mins                        minutes
	latest                      *eventRing
}

func newDenials() *denials {
	return &denials{
		principal: NewCounter(4096),
		action:    NewCounter(4096),
		sourceIP:  NewCounter(4096),
		latest:    newEventRing(deniedLatest),
	}
}

func (d *denials) advance(sec int64) {
	d.principal.Advance(sec)
	d.action.Advance(sec)
	d.sourceIP.Advance(sec)
}

func (d *denials) add(ev *parse.Event, minute int64, seq uint64, s *stream) {
	if len(ev.Actor) > 0 {
		d.principal.Add(ev.Actor, 1)
	}
	if len(ev.Target) > 0 {
		d.action.Add(ev.Target, 1)
	}
	switch {
	case len(ev.SourceIP) > 0:
		d.sourceIP.Add(ev.SourceIP, 1)
	case len(ev.Actor) > 0:
		d.sourceIP.Add(ev.Actor, 1)
	}
	d.mins.add(minute, ev.Status)
	d.latest.add(seq, s.curLine.Arrival, s.curLine.Origin, ev.Raw, ev, ev.Status)
}

func (d *denials) view(w, topN int, from, to int64) DeniedView {
	v := DeniedView{
		PerMinute:   d.mins.list(from, to),
		ByPrincipal: d.principal.Top(w, topN),
		ByAction:    d.action.Top(w, topN),
		BySourceIP:  d.sourceIP.Top(w, topN),
		Latest:      d.latest.query(Query{}),
	}
	if v.PerMinute == nil {
		v.PerMinute = []MinuteCount{}
	}
	return v
}
