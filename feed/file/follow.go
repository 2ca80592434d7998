package file

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// maxOpenFiles bounds the files followed at once by one source.
const maxOpenFiles = 1024

// goneGrace is how long a file renamed away or deleted stays open at the
// least: its writer may not have reopened yet (a logger reopens on the
// signal logrotate sends after the rename), and a line it writes late must
// still be read. Past it the file is closed once a read finds nothing.
const goneGrace = time.Second

// follower follows the files of one source across rotation: see the
// package comment for the rules.
type follower struct {
	s      *Source
	b      *batcher
	files  []*tracked          // open files, in the order they were found
	byPath map[string]*tracked // where each open file was last seen
	scan   int                 // rescan generation
	poll   time.Duration       // rescan interval
	last   time.Time           // last rescan
	// failing holds the paths that could not be opened (or stat'ed), with
	// the message recorded: an error is counted once per episode, not once
	// per rescan, and its origin shows "error" until the path is readable
	// again or gone.
	failing map[string]string
	scratch []byte        // read buffer shared by the files (tracked.read)
	grace   time.Duration // goneGrace; zero in the tick-by-tick tests
	closed  []closedFile  // where reading stopped in closed files (closed.go)
}

// follow runs the stat loop until ctx is done or the consumer is gone.
func (s *Source) follow(ctx context.Context, emit feed.Emit) error {
	fl := &follower{
		s:      s,
		b:      newBatcher(s.name, emit),
		byPath: make(map[string]*tracked),
		poll:   s.cfg.Poll,
		grace:  goneGrace,
	}
	defer fl.closeAll()
	tick := min(fl.poll, maxFollowTick)
	timer := time.NewTimer(tick)
	defer timer.Stop()
	wake := newWaker() // nil: poll every tick
	defer wake.close()

	fl.rescan(true)
	wake.sync(fl.files)
	due := false
	for {
		// A cancelled step still hands over what it read: lines read
		// are counted, up to the moment following stops.
		if err := fl.step(ctx, due); err != nil || ctx.Err() != nil {
			return err
		}
		stepped := time.Now()
		if due {
			wake.sync(fl.files) // the rescan may have opened or closed files
		}
		timer.Reset(wakeWait(wake.watching(), tick, fl.poll, stepped.Sub(fl.last)))
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case <-wake.C():
			if d := paceDelay(tick, time.Since(stepped)); d > 0 {
				timer.Reset(d)
				select {
				case <-ctx.Done():
					return nil
				case <-timer.C:
				}
			}
		}
		due = time.Since(fl.last) >= fl.poll-tick/2
	}
}

// step is one tick: rescan if due, read every open file to its end, and
// hand over what was read, since nothing more is available right now.
func (fl *follower) step(ctx context.Context, rescan bool) error {
	fl.s.steps.Add(1)
	if rescan {
		fl.rescan(false)
	}
	if err := fl.readAll(ctx); err != nil {
		return err
	}
	if !fl.b.flush() {
		return errStopped
	}
	fl.updateState()
	return nil
}

// rescan resolves the argument again. Files found under a matched path are
// kept (by identity, whatever their path now) or opened; open files no
// longer found are marked gone, to be read to their end and closed.
func (fl *follower) rescan(initial bool) {
	fl.last = time.Now()
	fl.scan++
	defer fl.s.scans.Add(1)
	paths, err := fl.s.paths()
	switch {
	case err != nil && !os.IsNotExist(err):
		// The directory cannot be listed (permission lost): what is
		// there is unknown, so nothing is taken for gone; the open
		// files are read on, and nothing is read twice once it can
		// be listed again.
		fl.problem("", err)
		return
	case err == nil:
		fl.recovered("")
	}
	byPath := make(map[string]*tracked, len(paths))
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			if !os.IsNotExist(err) {
				fl.problem(p, err)
				// Unknown, not gone: its open file is kept (see above).
				if t := fl.byPath[p]; t != nil {
					t.seen = fl.scan
					byPath[p] = t
				}
			} else {
				fl.forget(p)
			}
			continue
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		t := fl.byPath[p]
		if t == nil || !os.SameFile(t.fi, fi) {
			t = fl.find(fi)
		}
		if t == nil {
			t = fl.open(p, initial)
		}
		if t == nil {
			continue
		}
		fl.cleared(p, t)
		t.seen = fl.scan
		t.gone = false
		byPath[p] = t
	}
	var unknown []string
	for _, t := range fl.files {
		if t.seen != fl.scan && !t.gone {
			// A glob does not say why it matched nothing: a path that
			// cannot be looked at is unknown, not gone.
			if _, err := os.Stat(t.c.origin); err != nil && !os.IsNotExist(err) {
				fl.problem(t.c.origin, err)
				unknown = append(unknown, t.c.origin)
				continue
			}
			t.gone, t.goneAt = true, fl.last
		}
	}
	if len(fl.failing) > 0 {
		listed := make(map[string]bool, len(paths)+len(unknown))
		for _, p := range append(paths, unknown...) {
			listed[p] = true
		}
		for p := range fl.failing {
			if p != "" && !listed[p] {
				fl.forget(p)
			}
		}
	}
	fl.byPath = byPath
}

// problem records err against path ("": the argument itself) once per
// episode: a file left unreadable for an hour is one error, not 3600.
func (fl *follower) problem(path string, err error) {
	msg := oneLine(err.Error())
	if m, ok := fl.failing[path]; ok && m == msg {
		return
	}
	if fl.failing == nil {
		fl.failing = make(map[string]string)
	}
	fl.failing[path] = msg
	var o *feed.Status
	if path != "" {
		o = fl.s.book.origin(path)
		fl.s.book.setState(o, stateError)
	}
	fl.s.book.fail(o, err)
}

// cleared ends the error episode of the path of open file t: it can be
// looked at again.
func (fl *follower) cleared(path string, t *tracked) {
	if _, ok := fl.failing[path]; !ok {
		return
	}
	delete(fl.failing, path)
	state := stateFollowing
	if t.history {
		state = stateReading
	}
	fl.s.book.setState(t.o, state)
}

// recovered ends path's error episode: it was opened (or listed).
func (fl *follower) recovered(path string) { delete(fl.failing, path) }

// forget ends the error episode of a path that is gone.
func (fl *follower) forget(path string) {
	if _, ok := fl.failing[path]; !ok {
		return
	}
	delete(fl.failing, path)
	fl.s.book.setState(fl.s.book.origin(path), stateDone)
}

// find returns the open file that fi is, if any.
func (fl *follower) find(fi os.FileInfo) *tracked {
	for _, t := range fl.files {
		if os.SameFile(t.fi, fi) {
			return t
		}
	}
	return nil
}

// open starts following the file at path: from its end if it existed when
// following began (unless FromStart), else from its start, as new data.
func (fl *follower) open(path string, initial bool) *tracked {
	if len(fl.files) >= maxOpenFiles {
		fl.problem(path, fmt.Errorf("not followed: more than %d open files", maxOpenFiles))
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		if !os.IsNotExist(err) {
			fl.problem(path, err) // permission denied: shown until it is readable
		} else {
			fl.forget(path)
		}
		return nil
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		fl.problem(path, err)
		return nil
	}
	fl.recovered(path)
	o := fl.s.book.origin(path)
	// The path may have changed hands between the stat and the open.
	if t := fl.find(fi); t != nil {
		f.Close()
		return t
	}
	t := &tracked{f: f, fi: fi, c: &cursor{origin: path}, o: o, size: fi.Size(), mod: fi.ModTime(), scratch: fl.readBuf(), dirs: wakeDirs(path)}
	t.readFn = t.read
	switch {
	case fileIsGzip(f) || !initial && isGzipName(path):
		// A .gz appearing later may still be empty or partly written
		// (logrotate compressing): by its name it is a compressed
		// rotation all the same.
		fl.openGzip(t, initial)
	case initial && fl.s.cfg.FromStart:
		t.history = true
	case initial:
		t.startAtEnd()
	default:
		fl.resume(t)
	}
	fl.files = append(fl.files, t)
	switch {
	case t.history:
		fl.s.book.setState(o, stateReading)
	case t.gzipDone:
		fl.s.book.setState(o, stateDone)
	default:
		fl.s.book.setState(o, stateFollowing)
	}
	return t
}

// readBuf is the read buffer of tracked.read, made on first use.
func (fl *follower) readBuf() []byte {
	if fl.scratch == nil {
		fl.scratch = make([]byte, readSize+tailLen)
	}
	return fl.scratch
}

// openGzip prepares a compressed file: read once as history when it was
// there at start and history was asked for; otherwise it is a compressed
// rotation of lines already read (or, at start without FromStart, of lines
// before the end where following begins), kept open for its identity only.
func (fl *follower) openGzip(t *tracked, initial bool) {
	t.gzip, t.gzipDone = true, true
	if !initial || !fl.s.cfg.FromStart {
		return
	}
	z, err := newInflater(t.f)
	if err != nil {
		fl.s.book.fail(t.o, fmt.Errorf("%s: %w", t.c.origin, err))
		return
	}
	t.readFn = z.Read
	t.history, t.gzipDone = true, false
}

// readGzip reads a compressed file to its end, once.
func (fl *follower) readGzip(ctx context.Context, t *tracked) (bool, error) {
	if t.gzipDone {
		return false, nil
	}
	got := false
	for ctx.Err() == nil {
		n, err := fl.b.fill(t.c, t.history, readSize, t.readFn)
		fl.s.book.publish(t.o, t.c)
		if n > 0 {
			got = true
		}
		if errors.Is(err, errStopped) {
			return got, err
		}
		if err == nil {
			continue
		}
		state := stateDone
		if err != io.EOF {
			fl.s.book.fail(t.o, fmt.Errorf("%s: %w", t.c.origin, err))
			state = stateError
		}
		if !fl.b.finish(t.c, t.history, err != io.EOF) {
			return got, errStopped
		}
		fl.s.book.publish(t.o, t.c)
		t.gzipDone, t.history = true, false
		fl.s.book.setState(t.o, state)
		break
	}
	return got, nil
}

// readAll reads every open file to its end and closes the gone ones that
// had nothing more.
func (fl *follower) readAll(ctx context.Context) error {
	kept := fl.files[:0]
	for i, t := range fl.files {
		got, err := fl.readFile(ctx, t)
		if err != nil {
			fl.files = append(kept, fl.files[i:]...) // keep every open file for closeAll
			return err
		}
		if t.gone && !got && time.Since(t.goneAt) >= fl.grace {
			ok := fl.b.finish(t.c, t.history, false)
			fl.s.book.publish(t.o, t.c)
			if !fl.originOpen(t) {
				fl.s.book.setState(t.o, stateDone)
			}
			fl.rememberClosed(t)
			t.f.Close()
			if !ok {
				return errStopped
			}
			continue
		}
		kept = append(kept, t)
	}
	clear(fl.files[len(kept):])
	fl.files = kept
	return nil
}

// readFile reads t from its offset to the size fstat reports, after
// checking it was not truncated. It reports whether any bytes came.
func (fl *follower) readFile(ctx context.Context, t *tracked) (bool, error) {
	if t.gzip {
		return fl.readGzip(ctx, t)
	}
	got := false
	// A rewind restarts at offset zero with a fresh fstat; more than two
	// in one tick means a file truncated faster than it is read, which
	// the next tick takes up.
	for range 3 {
		fi, err := t.f.Stat()
		if err != nil {
			fl.s.book.fail(t.o, err)
			return got, nil
		}
		size := fi.Size()
		changed := size != t.size || !fi.ModTime().Equal(t.mod)
		t.size, t.mod = size, fi.ModTime()
		// Truncated, or truncated and written again to exactly the old
		// size: start over. Written past the old size, the read itself
		// notices (tracked.read).
		if size < t.off || (changed && size == t.off && !t.sameTail()) {
			if err := fl.rewind(t); err != nil {
				return got, err
			}
		}
		rewound := false
		for t.off < size {
			if ctx.Err() != nil {
				return got, nil
			}
			n, err := fl.b.fill(t.c, t.history, int(min(size-t.off, readSize)), t.readFn)
			fl.s.book.publish(t.o, t.c)
			if n > 0 {
				got = true
			}
			if errors.Is(err, errStopped) {
				return got, err
			}
			if errors.Is(err, errRewound) {
				if err := fl.rewind(t); err != nil {
					return got, err
				}
				rewound = true
				break
			}
			if err != nil && err != io.EOF {
				fl.s.book.fail(t.o, err)
				break
			}
			if n == 0 {
				break // shrank since the fstat; the next tick sees it
			}
		}
		if !rewound {
			break
		}
	}
	if t.history && t.off >= t.size {
		// First end of file: what follows is live.
		t.history = false
		fl.s.book.setState(t.o, stateFollowing)
	}
	return got, nil
}

// rewind restarts t at offset zero after a truncation in place. An
// incomplete line read before it ends there, marked cut: its rest went to
// the copy. The rewind is counted: lines written between the last read
// and the truncation went to the copy only.
func (fl *follower) rewind(t *tracked) error {
	ok := fl.b.finish(t.c, t.history, true)
	fl.s.book.publish(t.o, t.c)
	fl.s.book.rewound(t.o)
	t.off, t.tailN = 0, 0
	if !ok {
		return errStopped
	}
	return nil
}

// originOpen reports whether another open file, not gone, was opened as
// t's path (the file that replaced t after a rotation).
func (fl *follower) originOpen(t *tracked) bool {
	for _, u := range fl.files {
		if u != t && u.o == t.o && !u.gone {
			return true
		}
	}
	return false
}

// updateState sets the source state from its files.
func (fl *follower) updateState() {
	state := stateWaiting
	for _, t := range fl.files {
		if t.history {
			state = stateReading
			break
		}
		if !t.gone {
			state = stateFollowing
		}
	}
	// Its one file unreadable, or its directory: the source is in error
	// while it lasts.
	_, fileFails := fl.failing[fl.s.cfg.Path]
	_, dirFails := fl.failing[""]
	if (fileFails && fl.s.kind == kindFile || dirFails) && state != stateReading {
		state = stateError
	}
	fl.s.book.setState(nil, state)
}

func (fl *follower) closeAll() {
	for _, t := range fl.files {
		t.f.Close()
	}
	fl.files = nil
}
