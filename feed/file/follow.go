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
}

// follow runs the stat loop until ctx is done or the consumer is gone.
func (s *Source) follow(ctx context.Context, emit feed.Emit) error {
	fl := &follower{
		s:      s,
		b:      newBatcher(s.name, emit),
		byPath: make(map[string]*tracked),
		poll:   s.cfg.Poll,
	}
	defer fl.closeAll()
	tick := min(fl.poll, maxFollowTick)
	ticker := time.NewTicker(tick)
	defer ticker.Stop()

	fl.rescan(true)
	due := false
	for {
		if err := fl.step(ctx, due); err != nil || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		due = time.Since(fl.last) >= fl.poll-tick/2
	}
}

// step is one tick: rescan if due, read every open file to its end, and
// hand over what was read, since nothing more is available right now.
func (fl *follower) step(ctx context.Context, rescan bool) error {
	if rescan {
		fl.rescan(false)
	}
	if err := fl.readAll(ctx); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil
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
	if err != nil && !os.IsNotExist(err) {
		fl.s.book.fail(nil, err)
	}
	byPath := make(map[string]*tracked, len(paths))
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			if !os.IsNotExist(err) {
				fl.s.book.fail(fl.s.book.origin(p), err)
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
		t.seen = fl.scan
		t.gone = false
		byPath[p] = t
	}
	for _, t := range fl.files {
		if t.seen != fl.scan {
			t.gone = true
		}
	}
	fl.byPath = byPath
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
	o := fl.s.book.origin(path)
	if len(fl.files) >= maxOpenFiles {
		fl.s.book.fail(o, fmt.Errorf("not followed: more than %d open files", maxOpenFiles))
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		if !os.IsNotExist(err) {
			fl.s.book.fail(o, err)
		}
		return nil
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		fl.s.book.fail(o, err)
		return nil
	}
	// The path may have changed hands between the stat and the open.
	if t := fl.find(fi); t != nil {
		f.Close()
		return t
	}
	t := &tracked{f: f, fi: fi, c: &cursor{origin: path}, o: o, size: fi.Size(), mod: fi.ModTime()}
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
		if !fl.b.finish(t.c, t.history) {
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
		if t.gone && !got {
			ok := fl.b.finish(t.c, t.history)
			fl.s.book.publish(t.o, t.c)
			fl.s.book.setState(t.o, stateDone)
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
	fi, err := t.f.Stat()
	if err != nil {
		fl.s.book.fail(t.o, err)
		return false, nil
	}
	size := fi.Size()
	changed := size != t.size || !fi.ModTime().Equal(t.mod)
	t.size, t.mod = size, fi.ModTime()
	if size < t.off || (changed && !t.sameTail()) {
		// Truncated, or truncated and written again: start over. An
		// incomplete line ends here; its rest (if any) went to the copy.
		if !fl.b.finish(t.c, t.history) {
			return false, errStopped
		}
		t.off, t.tailN = 0, 0
	}
	got := false
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
		if err != nil && err != io.EOF {
			fl.s.book.fail(t.o, err)
			break
		}
		if n == 0 {
			break // shrank since the fstat; the next tick sees it
		}
	}
	if t.history && t.off >= size {
		// First end of file: what follows is live.
		t.history = false
		fl.s.book.setState(t.o, stateFollowing)
	}
	return got, nil
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
	fl.s.book.setState(nil, state)
}

func (fl *follower) closeAll() {
	for _, t := range fl.files {
		t.f.Close()
	}
	fl.files = nil
}
