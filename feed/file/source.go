package file

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Config describes one local source: one command-line argument.
type Config struct {
	// Path is one argument: a file, a glob, a directory, or "-" for stdin.
	Path string
	// Name is the stream name shown on screen; default: Path.
	Name string
	// FromStart reads existing content first (as history); by default
	// following starts at the end, like tail -F.
	FromStart bool
	// Follow keeps following (TUI, report --for); false reads to the end
	// and returns (report, parse).
	Follow bool
	// Poll is the rescan interval for globs and directories (new files)
	// and for rotation checks; default 1s. Open files are read within 50 ms
	// (or Poll, if shorter) of a change the system reports (wake.go), and
	// every Poll at the latest; where it reports none, every 50 ms.
	Poll time.Duration
}

// DefaultPoll is the rescan interval when Config.Poll is zero.
const DefaultPoll = time.Second

// maxFollowTick bounds how long new lines of an open file wait to be read:
// an fstat per open file every 50 ms costs next to nothing and keeps the
// line-to-screen latency well under the 300 ms an operator notices.
const maxFollowTick = 50 * time.Millisecond

// StdinOrigin is the Origin of lines read from stdin.
const StdinOrigin = "stdin"

// kind is what Path names.
type kind int

const (
	kindFile   kind = iota // one regular file (perhaps not there yet)
	kindGlob               // a pattern of files
	kindDir                // the regular files directly inside a directory
	kindStdin              // "-"
	kindStream             // a named pipe or device: read once, like stdin
)

// Source reads one local argument. It implements feed.Source.
type Source struct {
	cfg  Config
	name string
	kind kind

	// stdin replaces os.Stdin in tests.
	stdin io.Reader
	// scans counts the follower's rescans, steps its steps (reads of
	// every open file), for tests to wait on.
	scans, steps atomic.Int64

	book statusBook
}

var _ feed.Source = (*Source)(nil)

// New checks cfg and returns its source. Without Follow, a path that does
// not exist (or a glob that matches nothing) is an error naming it; with
// Follow it is waited for.
func New(cfg Config) (*Source, error) {
	if cfg.Path == "" {
		return nil, errors.New("file source: empty path")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	s := &Source{cfg: cfg, name: cfg.Name}
	if s.name == "" {
		s.name = cfg.Path
	}
	k, err := classify(cfg.Path, cfg.Follow)
	if err != nil {
		return nil, err
	}
	s.kind = k
	statusKind := "file"
	if k == kindStdin {
		statusKind = "stdin"
	}
	s.book.init(s.name, statusKind, stateWaiting)
	return s, nil
}

// classify decides what path names. A path that exists is taken
// literally, even if it contains glob characters.
func classify(path string, follow bool) (kind, error) {
	if path == "-" {
		return kindStdin, nil
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return kindDir, nil
	case err == nil && fi.Mode().IsRegular():
		if !follow {
			// Catch an unreadable file now, with its path in the message.
			f, err := os.Open(path)
			if err != nil {
				return 0, err
			}
			f.Close()
		}
		return kindFile, nil
	case err == nil:
		return kindStream, nil
	}
	if isGlob(path) {
		if _, perr := filepath.Match(path, ""); perr != nil {
			return 0, fmt.Errorf("file source: bad pattern %q: %w", path, perr)
		}
		if !follow {
			m, _ := filepath.Glob(path)
			if len(m) == 0 {
				return 0, fmt.Errorf("file source: no files match %q", path)
			}
		}
		return kindGlob, nil
	}
	if !follow {
		return 0, err // "stat /x: no such file or directory"
	}
	return kindFile, nil
}

func isGlob(path string) bool { return strings.ContainsAny(path, "*?[") }

// Name is the stream name.
func (s *Source) Name() string { return s.name }

// Status is a snapshot of the source's health; globs and directories list
// their files in Origins.
func (s *Source) Status() feed.Status {
	return s.book.snapshot(s.kind == kindGlob || s.kind == kindDir)
}

// Run reads until ctx is done, the input ends (Follow off, or stdin), or
// the consumer is gone. It returns nil in all those cases.
func (s *Source) Run(ctx context.Context, emit feed.Emit) error {
	var err error
	switch {
	case s.kind == kindStdin || s.kind == kindStream:
		err = s.readStream(ctx, emit)
	case s.cfg.Follow:
		err = s.follow(ctx, emit)
	default:
		err = s.readAll(ctx, emit)
	}
	if errors.Is(err, errStopped) {
		err = nil
	}
	if err != nil {
		s.book.fail(nil, err)
		s.book.setState(nil, stateError)
		return err
	}
	s.book.setState(nil, stateDone)
	return nil
}

// paths resolves the argument to the files it names now, sorted by name.
// Entries that are not regular files are skipped later, by stat.
func (s *Source) paths() ([]string, error) {
	switch s.kind {
	case kindGlob:
		return filepath.Glob(s.cfg.Path)
	case kindDir:
		entries, err := os.ReadDir(s.cfg.Path)
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(entries))
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			out = append(out, filepath.Join(s.cfg.Path, e.Name()))
		}
		sort.Strings(out) // ReadDir sorts already; keep the promise explicit
		return out, nil
	default:
		return []string{s.cfg.Path}, nil
	}
}
