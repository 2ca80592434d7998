package file

import (
	"context"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/internal/crash"
)

// chunk is one read handed from the reading goroutine to Run.
type chunk struct {
	buf []byte
	err error
}

// deadliner is a reader whose blocked Read can be interrupted.
type deadliner interface {
	SetReadDeadline(time.Time) error
}

// streamReader runs the blocking reads of stdin or a named pipe on its own
// goroutine, so that Run can return when ctx is done.
type streamReader struct {
	open   func() (io.Reader, io.Closer, error)
	chunks chan chunk
	free   chan []byte
	done   chan struct{}
	exited chan struct{}

	mu      sync.Mutex
	r       io.Reader // set once opened
	stopped bool
}

// newStreamReader starts reading r, or what open opens when r is nil.
func newStreamReader(r io.Reader, open func() (io.Reader, io.Closer, error)) *streamReader {
	sr := &streamReader{
		r:      r,
		open:   open,
		chunks: make(chan chunk),
		free:   make(chan []byte, 2),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	// Two buffers: one being read into while Run splits the other.
	sr.free <- make([]byte, readSize)
	sr.free <- make([]byte, readSize)
	go sr.run()
	return sr
}

func (sr *streamReader) run() {
	defer crash.Recover("file reader")
	defer close(sr.exited)
	sr.mu.Lock()
	r := sr.r
	sr.mu.Unlock()
	if r == nil {
		opened, closer, err := sr.open()
		if err != nil {
			sr.send(chunk{err: err})
			return
		}
		defer closer.Close()
		sr.mu.Lock()
		if sr.stopped {
			sr.mu.Unlock()
			return
		}
		sr.r, r = opened, opened
		sr.mu.Unlock()
	}
	// Compressed input is inflated here, on the reading goroutine; the
	// deadline that interrupts a read still goes to the raw reader.
	src, err := maybeInflate(r)
	if err != nil {
		sr.send(chunk{err: err})
		return
	}
	for {
		var buf []byte
		select {
		case buf = <-sr.free:
		case <-sr.done:
			return
		}
		n, err := src.Read(buf)
		if n == 0 && err == nil {
			sr.free <- buf
			continue
		}
		if !sr.send(chunk{buf: buf[:n], err: err}) || err != nil {
			return
		}
	}
}

func (sr *streamReader) send(c chunk) bool {
	select {
	case sr.chunks <- c:
		return true
	case <-sr.done:
		return false
	}
}

// stop ends the reading goroutine. A read blocked in a reader that takes a
// deadline is interrupted and waited for; any other blocked read (a
// blocking stdin, a fifo still waiting for its writer) is left to end with
// the process.
func (sr *streamReader) stop() {
	sr.mu.Lock()
	sr.stopped = true
	close(sr.done)
	wait := false
	if d, ok := sr.r.(deadliner); ok {
		wait = d.SetReadDeadline(time.Now()) == nil
	}
	sr.mu.Unlock()
	if wait {
		<-sr.exited
	}
}

// readStream reads stdin or a named pipe to its end. Read to the end
// (report, parse) its lines are history, windowed by their own time; followed
// (the TUI: `tail -f x | tailtop -`) they are live traffic, windowed by
// arrival.
func (s *Source) readStream(ctx context.Context, emit feed.Emit) error {
	history := !s.cfg.Follow
	origin := s.cfg.Path
	var r io.Reader
	if s.kind == kindStdin {
		origin = StdinOrigin
		r = s.stdin
		if r == nil {
			r = os.Stdin
		}
	}
	path := s.cfg.Path
	open := func() (io.Reader, io.Closer, error) {
		f, err := os.Open(path) // blocks until a fifo has a writer
		return f, f, err
	}
	o := s.book.origin(origin)
	s.book.setState(nil, stateReading)
	s.book.setState(o, stateReading)
	sr := newStreamReader(r, open)
	b := newBatcher(s.name, emit)
	c := &cursor{origin: origin}

	var ch chunk
	for {
		// Input that never pauses (cat /dev/zero | tailtop -) must not
		// keep ctrl-c waiting: the context is checked on every chunk,
		// and what was read is handed over.
		if ctx.Err() != nil {
			sr.stop()
			if !b.flush() {
				return errStopped
			}
			return nil
		}
		select {
		case ch = <-sr.chunks:
		default:
			// Nothing more right now: hand over what was read.
			if !b.flush() {
				sr.stop()
				return errStopped
			}
			select {
			case ch = <-sr.chunks:
			case <-ctx.Done():
				sr.stop()
				return nil
			}
		}
		if len(ch.buf) > 0 {
			data := ch.buf
			_, err := b.fill(c, history, len(data), func(p []byte) (int, error) {
				return copy(p, data), nil
			})
			s.book.publish(o, c)
			sr.free <- data[:cap(data)]
			if err != nil {
				sr.stop()
				return err
			}
		}
		if ch.err == nil {
			continue
		}
		<-sr.exited // it returns right after sending an error
		if ch.err != io.EOF {
			b.flush()
			s.book.setState(o, stateError)
			return ch.err
		}
		ok := b.finish(c, history, false)
		s.book.publish(o, c)
		s.book.setState(o, stateDone)
		if !ok || !b.flush() {
			return errStopped
		}
		return nil
	}
}
