package synth

import "time"

// incidentKind is a kind of trouble the live feed stages.
type incidentKind uint8

const (
	// flood: one address hammers a login with failed attempts (401s).
	flood incidentKind = iota
	// outage: an upstream fails; pages and API calls answer 5xx and
	// clients retry one broken endpoint.
	outage
	// scan: one address probes for files that do not exist (404s).
	scan
)

func (k incidentKind) String() string {
	switch k {
	case flood:
		return "flood"
	case outage:
		return "outage"
	}
	return "scan"
}

// incident is one staged episode of trouble in the live feed.
type incident struct {
	kind       incidentKind
	start, end time.Duration // since the feed started
	// extra is the incident's own traffic in units of the base rate: 4
	// makes a flood five times the usual volume.
	extra float64
	// Filled by the format (maker.prepare).
	actor     client
	target    target
	failShare float64
}

func (in *incident) active(at time.Duration) bool { return at >= in.start && at < in.end }
