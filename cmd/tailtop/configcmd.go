package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tailtop/tailtop/config"
)

// cmdConfig checks, locates and starts the configuration file:
//
//	tailtop config check [PATH]   every problem, with its line
//	tailtop config path           where the file is looked for
//	tailtop config example        a file that explains every key
//	tailtop config sets [PATH]    the source sets, as @NAME (for completions)
func cmdConfig(args []string, stdout, stderr io.Writer) error {
	fset, flagPath := newConfigFlags(stderr)
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return usageError{"config needs a subcommand: check [PATH], path, example or sets"}
	}
	sub, rest := fset.Arg(0), fset.Args()[1:]
	path := *flagPath
	switch sub {
	case "check", "sets":
		if len(rest) > 1 {
			return usageError{fmt.Sprintf("config %s takes at most one PATH (got %d arguments)", sub, len(rest))}
		}
		if len(rest) == 1 {
			path = rest[0]
		}
	case "path", "example":
		if len(rest) > 0 {
			return usageError{fmt.Sprintf("config %s takes no arguments (got %q)", sub, rest[0])}
		}
	default:
		return usageError{fmt.Sprintf("config %q: the subcommands are check [PATH], path, example and sets", sub)}
	}
	switch sub {
	case "path":
		return configPath(path, stdout, stderr)
	case "example":
		_, err := io.WriteString(stdout, config.Example)
		return err
	case "sets":
		f, _, err := loadConfig(path)
		if err != nil {
			return err
		}
		for _, n := range f.SetNames() {
			fmt.Fprintf(stdout, "@%s\n", n)
		}
		return nil
	}
	return configCheck(path, stdout)
}

// configPath prints the file in effect, and says on stderr when it does
// not exist yet.
func configPath(path string, stdout, stderr io.Writer) error {
	if path == "" {
		p, err := config.DefaultPath()
		if err != nil {
			return err
		}
		path = p
	}
	fmt.Fprintln(stdout, path)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "(it does not exist yet: start it with 'tailtop config example > %s')\n", path)
	}
	return nil
}

// configCheck loads the file with every check and prints a summary, or
// every problem with its line.
func configCheck(path string, stdout io.Writer) error {
	explicit := path != ""
	if !explicit {
		p, err := config.DefaultPath()
		if err != nil {
			return err
		}
		path = p
	}
	f, err := config.Load(path, configChecks())
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file (start one with 'tailtop config example > %s')", path, path)
	}
	var es config.Errors
	if errors.As(err, &es) {
		// One line per problem, "FILE:LINE: ...", as compilers print them.
		return fmt.Errorf("%d problem(s) in the configuration file:\n%v", len(es), es)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok: %d source set(s)", path, len(f.Sources))
	for i, n := range f.SetNames() {
		sep := ", "
		if i == 0 {
			sep = " ("
		}
		fmt.Fprintf(stdout, "%s@%s", sep, n)
	}
	if len(f.Sources) > 0 {
		fmt.Fprint(stdout, ")")
	}
	fmt.Fprintf(stdout, ", %d alert rule(s), %d key binding(s)", len(f.Alerts), len(f.Keys))
	if f.Publish.Target != "" {
		fmt.Fprintf(stdout, ", publishing to %s", f.Publish.Target)
	}
	fmt.Fprintln(stdout)
	return nil
}
