package file

import (
	"path/filepath"
	"time"
)

// An idle follower should cost nothing: no fstat of every open file every
// tick while nobody writes. Where the system says when a directory changes
// (inotify, wake_linux.go), the follower sleeps until a followed file's
// directory changes, or until the next rescan is due; where it cannot (other
// systems, a network file system whose remote writers it never hears of, a
// directory it could not watch), it polls every tick as before.
//
// A change is read a tick after the last step at the soonest, so a file
// written without pause is still read in batches of a tick, never once per
// write.

// wakeDirs returns the directories whose changes concern the file at path:
// its own directory, and its target's when it is a symbolic link (a write
// to the target is reported in the target's directory, not the link's).
func wakeDirs(path string) []string {
	dirs := []string{filepath.Dir(path)}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if d := filepath.Dir(real); d != dirs[0] {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// wakeWait is how long the follower may sleep after a step: a tick when it
// polls, else until the next rescan is due (sinceRescan is the time since
// the last one), but never less than a tick.
func wakeWait(watching bool, tick, poll, sinceRescan time.Duration) time.Duration {
	if !watching {
		return tick
	}
	return max(poll-sinceRescan, tick)
}

// paceDelay is how long a change waits before it is read: until a tick has
// passed since the last step.
func paceDelay(tick, sinceStep time.Duration) time.Duration {
	return max(tick-sinceStep, 0)
}

// wantedDirs is the set of directories the open files need watched.
func wantedDirs(files []*tracked) map[string]bool {
	want := make(map[string]bool)
	for _, t := range files {
		for _, d := range t.dirs {
			want[d] = true
		}
	}
	return want
}
