package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is stamped by the release build:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/tailtop
//
// Without it the version comes from the build information: the module
// version for `go install ...@v1.2.0`, the commit for a build in a clone.
var version = ""

// buildInfo is debug.ReadBuildInfo, replaced in tests.
var buildInfo = debug.ReadBuildInfo

// versionString is the one-line version: "v1.2.0 (commit 0123abcd4567,
// go1.26.8 linux/amd64)".
func versionString() string {
	v, rev, dirty := version, "", false
	if bi, ok := buildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	var extra string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		extra = "commit " + rev + ", "
	}
	return fmt.Sprintf("%s (%s%s %s/%s)", v, extra, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// cmdVersion prints the version: `tailtop version`, `tailtop --version`.
func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := newPlainFlags("version", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("version takes no arguments (got %q)", fs.Arg(0))}
	}
	_, err := fmt.Fprintf(stdout, "tailtop %s\n", versionString())
	return err
}
