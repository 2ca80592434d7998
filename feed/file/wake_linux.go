package file

import (
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// maxWakeDirs bounds the directories watched for one source; past it the
// follower polls (a glob over thousands of directories would use up the
// user's inotify watches, which other programs need too).
const maxWakeDirs = 256

// waker tells the follower when a watched directory changed (see wake.go).
// The nil *waker is valid: it never wakes and always polls.
type waker struct {
	w      *fsnotify.Watcher
	c      chan struct{}
	dirs   map[string]bool // watched now
	remote bool            // a wanted directory is one inotify cannot see into
	failed bool            // a wanted directory could not be watched
}

// newWaker starts watching, or returns nil when the system will not (no
// inotify instance left): the follower then polls.
func newWaker() *waker {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil
	}
	k := &waker{w: w, c: make(chan struct{}, 1), dirs: make(map[string]bool)}
	go k.forward()
	return k
}

// forward turns every event, and every error (a lost event: the queue
// overflowed), into one pending wake-up.
func (k *waker) forward() {
	for {
		select {
		case _, ok := <-k.w.Events:
			if !ok {
				return
			}
		case _, ok := <-k.w.Errors:
			if !ok {
				return
			}
		}
		select {
		case k.c <- struct{}{}:
		default: // one pending wake-up is enough
		}
	}
}

// C receives when something changed; nil (never) for the nil waker.
func (k *waker) C() <-chan struct{} {
	if k == nil {
		return nil
	}
	return k.c
}

// watching reports whether every wanted directory is watched, so that the
// follower may sleep between changes.
func (k *waker) watching() bool {
	return k != nil && !k.remote && !k.failed
}

// sync watches the directories of the open files and stops watching the
// others.
func (k *waker) sync(files []*tracked) {
	if k == nil {
		return
	}
	want := wantedDirs(files)
	for d := range k.dirs {
		if !want[d] {
			_ = k.w.Remove(d) // gone already is fine: it is not watched
			delete(k.dirs, d)
		}
	}
	k.remote, k.failed = false, len(want) > maxWakeDirs
	if k.failed {
		return
	}
	for d := range want {
		if remoteFS(d) {
			k.remote = true
		}
		if k.dirs[d] {
			continue
		}
		if err := k.w.Add(d); err != nil {
			k.failed = true // out of watches, or no permission: poll
			continue
		}
		k.dirs[d] = true
	}
}

func (k *waker) close() {
	if k != nil {
		k.w.Close()
	}
}

// remoteFS reports whether dir is on a file system where inotify does not
// hear of every write: writes made by other machines (NFS, SMB, Ceph...) or
// by a user-space server (FUSE) are not reported.
func remoteFS(dir string) bool {
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil {
		return true // unknown: poll rather than miss
	}
	switch uint32(st.Type) {
	case 0x6969, // NFS
		0x517b,     // SMB
		0xff534d42, // CIFS
		0xfe534d42, // SMB2
		0x65735546, // FUSE
		0x01021997, // 9P
		0x00c36400, // Ceph
		0x5346414f, // AFS
		0x01161970, // GFS2
		0x7461636f, // OCFS2
		0x0bd00bd0: // Lustre
		return true
	}
	return false
}
