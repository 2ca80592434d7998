package parse

import (
	"bytes"
	"testing"
)

func FuzzVPCFlow(f *testing.F) {
	wFuzzSeeds(f, []string{"vpcflow"},
		"${srcaddr} ${dstaddr} ${dstport} ${protocol}\n::1 ::2 65535 255",
		"srcaddr dstaddr action log-status\n- - - -\n\n1.1.1.1 2.2.2.2 REJECT NODATA #x",
		vpcFieldsV8+"\n"+vpcFieldsTGW,
	)
	f.Fuzz(func(t *testing.T, input []byte) {
		p, _ := New("vpcflow", Options{})
		for _, line := range bytes.Split(input, []byte("\n")) {
			checkVPCFast(t, line)
		}
		wFuzzLines(t, p, input, func(t *testing.T, line []byte, ev *Event) {
			if ev.Failure != bytes.Equal(fieldOf(p, ev, "action"), []byte("REJECT")) {
				t.Fatalf("failure %v for %q", ev.Failure, line)
			}
			if !wInside(line, ev.Actor) || !wInside(line, ev.Status) {
				t.Fatal("actor or status outside the line")
			}
		})
	})
}

// fieldOf returns one original field of an event.
func fieldOf(p Parser, ev *Event, name string) []byte {
	var out []byte
	p.Fields(ev, func(n string, v []byte) {
		if n == name {
			out = v
		}
	})
	return out
}
