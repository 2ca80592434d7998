package main

import (
	"os"

	"github.com/tailtop/tailtop/internal/crash"
	"github.com/tailtop/tailtop/tui"
)

// installCrashHandler turns on tailtop's crash handling (internal/crash):
// from here on a panic in any goroutine (the screen, a feed, the parse and
// aggregate pipeline, publishing) puts the terminal back, writes the full
// trace to a private file under the temporary directory, prints a short
// report without the panic's value (it may hold log text) and exits with
// status 2.
func installCrashHandler() {
	crash.Configure(versionString(), os.Stderr)
}

// crashTest is set only in builds with the crashtest tag
// (crash_hook_crashtest.go), which make tailtop panic on purpose where a
// test asks; it is nil in every other build.
var crashTest func(p *pipeline) tui.Provider

// uiProvider is what the screen reads: the pipeline, or in a crashtest
// build the pipeline rigged to panic. It is called before the sources
// start.
func uiProvider(p *pipeline) tui.Provider {
	if crashTest != nil {
		return crashTest(p)
	}
	return p
}
