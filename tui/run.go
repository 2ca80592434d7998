package tui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/internal/crash"
)

// Run runs the screen on the terminal (in the alternate screen, which the
// View asks for) until the user quits or ctx is cancelled; either way the
// terminal is restored and nil returned. Other errors (no terminal) are
// returned. The caller cancels ctx on the signals that should stop it.
func Run(ctx context.Context, p Provider, opts Options) error {
	return run(ctx, p, opts)
}

// frameRate caps how often the renderer looks for a changed frame. Data
// changes at most every refresh interval; 30 a second keeps typing
// immediate while halving bubbletea's idle wake-ups (its default is 60).
const frameRate = 30

// run is Run with extra program options, for tests.
func run(ctx context.Context, p Provider, opts Options, progOpts ...tea.ProgramOption) error {
	// Signals are the caller's: it cancels ctx on SIGINT, SIGTERM and
	// SIGHUP. Bubbletea's own handler would race it: on a signal both
	// see, the handler's unguarded send of its quit message blocks once
	// ctx has stopped the event loop, and the shutdown, which waits for
	// the handler, hangs with the terminal still raw.
	prog := tea.NewProgram(guarded{New(p, opts)},
		append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithoutCatchPanics(), tea.WithoutSignalHandler(), tea.WithFPS(frameRate)}, progOpts...)...)
	// A panic anywhere kills the program, which restores the terminal,
	// before the crash report (crash.go).
	remove := crash.OnCrash(prog.Kill)
	_, err := prog.Run()
	remove()
	crash.Hold() // killed by the crash handler: it reports and exits
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		// Cancelled from outside: a normal way to stop.
		return nil
	case errors.Is(err, tea.ErrInterrupted):
		// SIGINT: the user quitting from outside the program.
		return nil
	}
	return err
}
