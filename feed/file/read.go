package file

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tailtop/tailtop/feed"
)

// readAll reads every file the argument names from its start to its end,
// in name order, as history, and returns.
func (s *Source) readAll(ctx context.Context, emit feed.Emit) error {
	s.book.setState(nil, stateReading)
	paths, err := s.paths()
	if err != nil {
		return err
	}
	b := newBatcher(s.name, emit)
	for _, p := range paths {
		if ctx.Err() != nil {
			return nil
		}
		if s.kind != kindFile {
			fi, err := os.Stat(p)
			if err != nil || !fi.Mode().IsRegular() {
				continue // gone since the listing, or a pipe in a directory
			}
		}
		err := s.readFile(ctx, b, p)
		if errors.Is(err, errStopped) {
			return nil
		}
		if err != nil {
			if s.kind == kindFile {
				return err
			}
			// One bad file in a glob is counted, not fatal.
			s.book.fail(s.book.origin(p), err)
		}
	}
	b.flush() // a consumer gone at the very end changes nothing
	return nil
}

// readFile reads one file to its end into b.
func (s *Source) readFile(ctx context.Context, b *batcher, path string) error {
	o := s.book.origin(path)
	f, err := os.Open(path)
	if err != nil {
		s.book.setState(o, stateError)
		return err
	}
	defer f.Close()
	s.book.setState(o, stateReading)
	c := &cursor{origin: path}
	read := f.Read
	var z *inflater
	if fileIsGzip(f) {
		if z, err = newInflater(f); err != nil {
			s.book.setState(o, stateError)
			return fmt.Errorf("%s: %w", path, err)
		}
		read = z.Read
	}
	for {
		if ctx.Err() != nil {
			return nil
		}
		n, err := b.fill(c, true, readSize, read)
		s.book.publish(o, c)
		if err == io.EOF || (n == 0 && err == nil && z == nil) {
			break
		}
		if err != nil && z != nil && !errors.Is(err, errStopped) {
			// A corrupt or runaway archive: what it held up to there
			// is kept, and the error is the file's, not fatal.
			s.book.fail(o, fmt.Errorf("%s: %w", path, err))
			b.finish(c, true, true)
			s.book.publish(o, c)
			s.book.setState(o, stateError)
			return nil
		}
		if err != nil {
			if !errors.Is(err, errStopped) {
				s.book.setState(o, stateError)
			}
			return err
		}
	}
	ok := b.finish(c, true, false)
	s.book.publish(o, c)
	s.book.setState(o, stateDone)
	if !ok {
		return errStopped
	}
	return nil
}
