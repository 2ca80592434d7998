package analyze

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// refMinute is the per-minute class split written plainly: a list searched
// with string comparison, capped at maxClassesPerMinute, further classes
// counted under "other" (which takes the last place when it has none).
type refMinute struct {
	count   int64
	classes []classCount
}

func (r *refMinute) add(class string) {
	r.count++
	if class == "" {
		return
	}
	for i := range r.classes {
		if r.classes[i].class == class {
			r.classes[i].n++
			return
		}
	}
	if len(r.classes) < maxClassesPerMinute {
		r.classes = append(r.classes, classCount{class, 1})
		return
	}
	for i := range r.classes {
		if r.classes[i].class == "other" {
			r.classes[i].n++
			return
		}
	}
	r.classes[len(r.classes)-1] = classCount{"other", r.classes[len(r.classes)-1].n + 1}
}

// The minutes' class counts (with the last-hit shortcut and the short
// comparison) equal the plain list's, over runs of one class, mixes,
// more classes than a minute holds, classes that share a prefix or differ
// only in length, and long ones.
func TestMinutesClassesMatchPlainList(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pool := []string{"2xx", "3xx", "4xx", "5xx", "1xx", "200", "20", "2000", "", "other",
		"ACCEPT", "REJECT", strings.Repeat("x", 17), strings.Repeat("x", 16) + "y", strings.Repeat("x", 40)}
	for i := range 20 {
		pool = append(pool, "status-"+strconv.Itoa(i))
	}
	var m minutes
	ref := map[int64]*refMinute{}
	for minute := int64(100); minute < 160; minute++ {
		ref[minute] = &refMinute{}
		kinds := 3 + rng.Intn(len(pool)-3)
		for range 2000 {
			c := pool[rng.Intn(kinds)]
			if rng.Intn(3) == 0 {
				c = pool[0] // runs of the usual class
			}
			m.add(minute, []byte(c))
			ref[minute].add(c)
		}
	}
	got := m.list(100, 159)
	if len(got) != 60 {
		t.Fatalf("%d minutes listed, want 60", len(got))
	}
	for _, mc := range got {
		r := ref[mc.Minute.Unix()/60]
		if mc.Count != r.count {
			t.Errorf("%v: count %d, want %d", mc.Minute, mc.Count, r.count)
		}
		want := map[string]int64{}
		for _, c := range r.classes {
			want[c.class] += c.n
		}
		if len(want) != len(mc.Classes) {
			t.Errorf("%v: %d classes, want %d", mc.Minute, len(mc.Classes), len(want))
		}
		for k, v := range want {
			if mc.Classes[k] != v {
				t.Errorf("%v: class %q = %d, want %d", mc.Minute, k, mc.Classes[k], v)
			}
		}
	}
}
