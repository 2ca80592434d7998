// Package crash owns what happens when tailtop panics, in any goroutine:
// every goroutine body defers Recover (or is started with Go), so that a
// panic reaches one handler, which puts the terminal back (through the
// restorers the screen registers with OnCrash), writes the full trace to a
// private file, prints a short report to stderr and exits with status 2.
//
// The report never holds the panic's value: a value made from a log line
// (a parser indexing past the end of a hostile line, an error that quotes
// it) would print that line, escapes and all, on a terminal just restored.
// Only runtime errors, whose text the Go runtime writes, are shown; any
// other value is reduced to its type.
package crash

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ExitCode is the status of a process that crashed.
const ExitCode = 2

// restoreTimeout bounds the wait for the restorers: a report with the
// terminal still raw is better than a hang.
const restoreTimeout = 3 * time.Second

var (
	// exitMu is held by the handler from the first panic on, and by Exit
	// while it ends the process: one of them decides the exit status.
	exitMu    sync.Mutex
	crashing  atomic.Bool
	installed atomic.Bool

	mu        sync.Mutex
	version             = "unknown"
	stderr    io.Writer = os.Stderr
	traceDir            = ""
	exit                = os.Exit
	restorers           = map[int]func(){}
	nextID    int
)

// Configure turns the handler on, with the version named in reports and
// where they go. The command does it first thing; until then (in a
// package's tests) Recover panics again, so that a test's failure shows
// the panic as Go prints it.
func Configure(v string, w io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	version, stderr = v, w
	installed.Store(true)
}

// OnCrash registers restore to run before the report is printed (the
// screen's: leave the alternate screen, show the cursor, leave raw mode).
// It returns a function that removes it.
func OnCrash(restore func()) (remove func()) {
	mu.Lock()
	defer mu.Unlock()
	id := nextID
	nextID++
	restorers[id] = restore
	return func() {
		mu.Lock()
		defer mu.Unlock()
		delete(restorers, id)
	}
}

// Go runs fn in a new goroutine whose panics reach the handler; name says
// which goroutine it was in the report ("feed", "parse").
func Go(name string, fn func()) {
	go func() {
		defer Recover(name)
		fn()
	}()
}

// Recover, deferred at the top of a goroutine, hands a panic to the
// handler; it never returns then. It must be called by defer directly.
func Recover(name string) {
	if r := recover(); r != nil {
		if !installed.Load() {
			panic(r)
		}
		handle(name, r, debug.Stack())
	}
}

// Crashing reports whether a panic is being handled.
func Crashing() bool { return crashing.Load() }

// Hold blocks for good while a panic is being handled (the handler ends
// the process); otherwise it returns at once. A goroutine that sees the
// screen stop because the handler stopped it calls Hold rather than
// report an error of its own.
func Hold() {
	if crashing.Load() {
		select {}
	}
}

// Exit ends the process with code, unless a panic is being handled: then
// the handler's status wins.
func Exit(code int) {
	exitMu.Lock()
	exit(code)
}

// handle is the one handler: restore, write the trace, report, exit.
func handle(name string, r any, stack []byte) {
	if !crashing.CompareAndSwap(false, true) {
		// Another goroutine is already reporting; it ends the process.
		select {}
	}
	exitMu.Lock()
	mu.Lock()
	fns := make([]func(), 0, len(restorers))
	for _, f := range restorers {
		fns = append(fns, f)
	}
	v, w, dir, exitFn := version, stderr, traceDir, exit
	mu.Unlock()

	restore(fns)
	what := Describe(r)
	path, err := writeTrace(dir, name, v, what, stack)
	fmt.Fprintf(w, "tailtop crashed: %s, in the %s goroutine (tailtop %s)\n", what, clean(name), v)
	if err != nil {
		fmt.Fprintf(w, "tailtop: could not write the trace: %v\n", err)
	} else {
		fmt.Fprintf(w, "the full trace is in %s; please attach it to a bug report\n", path)
	}
	exitFn(ExitCode)
}

// restore runs the restorers, each at most once, within restoreTimeout
// together.
func restore(fns []func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { _ = recover() }() // a restorer's panic must not hide the first one
		for _, f := range fns {
			f()
		}
	}()
	select {
	case <-done:
	case <-time.After(restoreTimeout):
	}
}

// Describe says what was panicked without the value: a runtime error's
// text (which the runtime writes: "index out of range [5] with length 3"),
// cleaned and cut; for anything else only the type.
func Describe(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return clean(re.Error())
	}
	if _, ok := r.(error); ok {
		return fmt.Sprintf("panic with an error of type %T (its text is not shown: it may quote a log line)", r)
	}
	return fmt.Sprintf("panic with a value of type %T (not shown: it may hold log text)", r)
}

// clean keeps printable ASCII and cuts at 160 bytes.
func clean(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 160; i++ {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			b.WriteByte('?')
		}
	}
	return b.String()
}

// writeTrace writes the trace to a new file readable by the user only:
// what panicked (as Describe says it), where, and every goroutine's stack.
// Stacks hold function names, files and argument words, not log text.
func writeTrace(dir, name, v, what string, stack []byte) (string, error) {
	f, err := os.CreateTemp(dir, "tailtop-crash-*.txt") // mode 0600
	if err != nil {
		return "", err
	}
	all := make([]byte, 1<<20)
	all = all[:runtime.Stack(all, true)]
	_, err = fmt.Fprintf(f, "tailtop %s crashed at %s\ngoroutine: %s\npanic: %s\ngo: %s %s/%s\n\nthe panicking goroutine:\n%s\nall goroutines:\n%s",
		v, time.Now().UTC().Format(time.RFC3339), clean(name), what, runtime.Version(), runtime.GOOS, runtime.GOARCH, stack, all)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}
