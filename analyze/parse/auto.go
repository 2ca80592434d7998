package parse

import (
	"slices"
	"sort"
)

// Auto detects the format of one origin from its lines. Until a format is
// settled every candidate sees each line and the first (by priority) that
// understands it produces the events, so nothing waits for detection. A
// format is settled after settleAfter lines in a row that it understood; a
// settled format that fails resettleAfter lines in a row is dropped and
// detection starts again (a file rotated to another format, a header change).
type Auto struct {
	opts       Options
	candidates []Parser
	current    Parser
	// emitting is the parser running while its emit callback runs, so
	// that Fields called from inside emit asks the parser that produced
	// the event, even on the line that makes it the current guess.
	emitting Parser
	streak   int
	misses   int
}

const (
	settleAfter   = 4
	resettleAfter = 64
)

// NewAuto returns an auto-detecting parser over every detectable format.
func NewAuto(opts Options) *Auto { return newAutoExcept(opts) }

// newAutoExcept returns an auto-detecting parser over every detectable
// format but those named: a format that parses the messages it wraps
// (syslog, CloudWatch Logs payloads) detects them without itself.
func newAutoExcept(opts Options, except ...string) *Auto {
	a := &Auto{opts: opts}
	fs := Formats()
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Priority > fs[j].Priority })
	for _, f := range fs {
		if !f.Detectable || slices.Contains(except, f.Name) {
			continue
		}
		p, err := f.New(opts)
		if err != nil {
			continue
		}
		a.candidates = append(a.candidates, p)
	}
	return a
}

// Format is the detected format, "" until a line was understood. Inside
// emit it is the format of the event being emitted.
func (a *Auto) Format() string {
	if a.emitting != nil {
		return a.emitting.Format()
	}
	if a.current == nil {
		return ""
	}
	return a.current.Format()
}

// Settled reports whether detection has settled on a format.
func (a *Auto) Settled() bool { return a.current != nil && a.streak >= settleAfter }

// Parse implements Parser.
func (a *Auto) Parse(line []byte, emit func(*Event)) Result {
	if a.Settled() {
		r := a.run(a.current, line, emit)
		if r != Unparsed {
			a.misses = 0
			return r
		}
		a.misses++
		if a.misses < resettleAfter {
			return Unparsed
		}
		a.streak, a.misses = 0, 0
		return Unparsed
	}
	// Detecting: the current guess first, so a run of one format is cheap.
	if a.current != nil {
		if r := a.run(a.current, line, emit); r != Unparsed {
			a.streak++
			a.shareMeta(r, line)
			return r
		}
	}
	for _, p := range a.candidates {
		if p == a.current {
			continue
		}
		if r := a.run(p, line, emit); r != Unparsed {
			a.current, a.streak = p, 1
			a.shareMeta(r, line)
			return r
		}
	}
	a.streak = 0
	return Unparsed
}

// shareMeta gives a Meta line (a header, the first lines of a JSON document
// spread over many lines) that the current guess took to every other
// candidate too, while detecting: several formats may understand the same
// header or opening brace, and the one that turns out right needs to have
// seen it when the guess moves on. Their events and results are discarded:
// the line is already counted.
func (a *Auto) shareMeta(r Result, line []byte) {
	if r != Meta {
		return
	}
	for _, p := range a.candidates {
		if p != a.current {
			p.Parse(line, discardEvent)
		}
	}
}

func discardEvent(*Event) {}

// run parses line with p, marking p as the one emitting.
func (a *Auto) run(p Parser, line []byte, emit func(*Event)) Result {
	a.emitting = p
	r := p.Parse(line, emit)
	a.emitting = nil
	return r
}

// Fields implements Parser by asking the parser that produced the event:
// the emitting one when called from inside emit, else the current guess.
func (a *Auto) Fields(ev *Event, fn func(name string, value []byte)) {
	p := a.emitting
	if p == nil {
		p = a.current
	}
	if p != nil {
		p.Fields(ev, fn)
	}
}
