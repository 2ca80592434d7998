package file

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestWakeWaitAndPace(t *testing.T) {
	const tick, poll = 50 * time.Millisecond, time.Second
	for _, c := range []struct {
		watching    bool
		sinceRescan time.Duration
		want        time.Duration
	}{
		{false, 0, tick},                      // polling: every tick
		{false, 900 * time.Millisecond, tick}, //
		{true, 0, poll},                       // watching: until the rescan is due
		{true, 300 * time.Millisecond, 700 * time.Millisecond}, //
		{true, 990 * time.Millisecond, tick},                   // but never less than a tick
		{true, 5 * time.Second, tick},                          //
	} {
		if got := wakeWait(c.watching, tick, poll, c.sinceRescan); got != c.want {
			t.Errorf("wakeWait(%v, since rescan %v) = %v, want %v", c.watching, c.sinceRescan, got, c.want)
		}
	}
	for since, want := range map[time.Duration]time.Duration{0: tick, 20 * time.Millisecond: 30 * time.Millisecond, tick: 0, time.Second: 0} {
		if got := paceDelay(tick, since); got != want {
			t.Errorf("paceDelay(%v since the step) = %v, want %v", since, got, want)
		}
	}
}

// A link's target's directory is watched too: writes are reported where
// the file is, not where the link is.
func TestWakeDirsFollowLinks(t *testing.T) {
	logs, app := t.TempDir(), t.TempDir()
	target := filepath.Join(app, "blue.log")
	writeFile(t, target, "")
	link := filepath.Join(logs, "current.log")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	real := func(p string) string {
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	got := wakeDirs(link)
	if len(got) != 2 || got[0] != logs || real(got[1]) != real(app) {
		t.Errorf("wakeDirs(link) = %q, want [%s %s]", got, logs, app)
	}
	if got := wakeDirs(target); !slices.Equal(got, []string{app}) {
		t.Errorf("wakeDirs(file) = %q, want [%s]", got, app)
	}
}
