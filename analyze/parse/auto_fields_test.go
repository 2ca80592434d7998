package parse

import "testing"

// TestAutoFieldsDuringEmit: `tailtop parse` lists an event's format and
// original fields from inside the emit callback, the only time its slices
// are valid. The auto parser must then answer for the parser that is
// emitting, even on the line that makes detection pick (or switch to) it:
// before, the first event of every origin came out with format "" and no
// fields.
func TestAutoFieldsDuringEmit(t *testing.T) {
	lines := []string{
		`199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245`,
		`junk`,
		`199.72.81.55 - - [01/Jul/1995:00:00:02 -0400] "GET /a HTTP/1.0" 200 1`,
	}
	a := NewAuto(Options{})
	for i, line := range lines {
		var host, format string
		events := 0
		a.Parse([]byte(line), func(ev *Event) {
			events++
			format = a.Format()
			a.Fields(ev, func(name string, v []byte) {
				if name == "host" {
					host = string(v)
				}
			})
		})
		if events > 0 && host != "199.72.81.55" {
			t.Errorf("line %d: Fields inside emit gave host %q, want 199.72.81.55", i+1, host)
		}
		if events > 0 && format != "common" {
			t.Errorf("line %d: Format inside emit %q, want common", i+1, format)
		}
	}
}
