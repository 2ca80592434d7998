// Package config owns tailtop's configuration file: a TOML file (by default
// $XDG_CONFIG_HOME/tailtop/config.toml) holding the defaults of the command
// line flags, named source sets chosen as @NAME, alert rules, metric
// publishing settings and key bindings. It reads and checks the file and
// reports every problem with its line; it does not apply anything: the
// command line decides what the values mean, and its flags win over them.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is a loaded configuration file. Its zero value is "no file".
type File struct {
	// Path is where the file was read from.
	Path string `toml:"-"`

	Defaults Defaults `toml:"defaults"`
	// AWS are the run-wide AWS settings; a source of a set may override
	// them for itself.
	AWS AWS `toml:"aws"`
	// Sources are the named source sets, chosen on the command line as
	// @NAME.
	Sources map[string][]Source `toml:"sources"`
	// Alerts are alert rules added to the default rule, as --alert adds
	// them.
	Alerts  []Alert `toml:"alerts"`
	Publish Publish `toml:"publish"`
	// Keys remap the screen's key bindings: an action name to the keys
	// that trigger it (replacing its default keys).
	Keys map[string][]string `toml:"keys"`

	set   map[string]bool // keys the file defines, without indexes
	lines lines
}

// Defaults are the defaults of command line flags.
type Defaults struct {
	Theme       string   `toml:"theme"`
	Window      string   `toml:"window"`
	Top         int      `toml:"top"`
	Bell        bool     `toml:"bell"`
	Format      string   `toml:"format"`
	FromStart   bool     `toml:"from_start"`
	SpikeFactor float64  `toml:"spike_factor"`
	Since       string   `toml:"since"`
	ActorField  string   `toml:"actor_field"`
	TargetField string   `toml:"target_field"`
	StatusField string   `toml:"status_field"`
	TimeField   string   `toml:"time_field"`
	Regex       string   `toml:"regex"`
	FieldNames  []string `toml:"field_names"`
	VPCFields   []string `toml:"vpc_fields"`
}

// AWS are AWS SDK settings, as the --profile, --region, --role-arn,
// --external-id and --endpoint-url flags give them.
type AWS struct {
	Profile     string `toml:"profile"`
	Region      string `toml:"region"`
	RoleARN     string `toml:"role_arn"`
	ExternalID  string `toml:"external_id"`
	EndpointURL string `toml:"endpoint_url"`
}

// IsZero reports whether no setting is given.
func (a AWS) IsZero() bool { return a == AWS{} }

// Source is one source of a set: a SOURCE as the command line takes it,
// with its format, its tab's name and its own AWS settings (like a flow of
// the Kinesis Agent's configuration).
type Source struct {
	Source string `toml:"source"`
	Format string `toml:"format"`
	Name   string `toml:"name"`
	AWS
}

// Alert is one alert rule, in the syntax of --alert.
type Alert struct {
	Rule string `toml:"rule"`
}

// Publish are the metric publishing settings of the --publish flags.
type Publish struct {
	Target     string            `toml:"target"`
	Namespace  string            `toml:"namespace"`
	Interval   string            `toml:"interval"`
	Top        int               `toml:"top"`
	Dimensions map[string]string `toml:"dimensions"`
}

// IsSet reports whether the file gives the dotted key ("defaults.top").
func (f *File) IsSet(key string) bool { return f != nil && f.set[key] }

// Line returns the line of a dotted key (indexes allowed:
// "sources.web[1].format"), or of its enclosing table, or 0.
func (f *File) Line(key string) int {
	if f == nil {
		return 0
	}
	return f.lines.line(key)
}

// SetNames returns the names of the source sets, sorted.
func (f *File) SetNames() []string {
	if f == nil {
		return nil
	}
	names := make([]string, 0, len(f.Sources))
	for n := range f.Sources {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Errorf makes an error about a key of the file, at its line: for the
// checks the command line makes after loading.
func (f *File) Errorf(key, format string, args ...any) *Error {
	return &Error{File: f.Path, Line: f.Line(key), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// Checks judge the values the config package cannot judge alone. A nil
// check accepts everything.
type Checks struct {
	// Source checks a SOURCE (the command line's parser does).
	Source func(spec string) error
	// Theme checks a theme name (themes may be files of the user's).
	Theme func(name string) error
	// KeyActions are the action names [keys] may remap (the screen's);
	// nil accepts any name.
	KeyActions []string
	// Keys checks a remapping: each action's alone, then the whole table
	// (keys two actions would share).
	Keys func(map[string][]string) error
}

// Load reads and checks the file at path. A missing file is an error
// wrapping fs.ErrNotExist; problems in the file come as Errors, each with
// its line.
func Load(path string, c Checks) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("config file %s: %w", path, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("config file: %w", err)
	}
	return Parse(path, data, c)
}

// Parse reads and checks a configuration held in memory; name is used in
// messages.
func Parse(name string, data []byte, c Checks) (*File, error) {
	f := &File{Path: name}
	md, err := toml.Decode(string(data), f)
	if err != nil {
		return nil, Errors{decodeError(name, string(data), err)}
	}
	f.lines = locate(string(data))
	f.set = map[string]bool{}
	for _, k := range md.Keys() {
		f.set[strings.Join(k, ".")] = true
	}
	errs := f.unknownKeys(md.Undecoded())
	errs = append(errs, f.check(c)...)
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Line < errs[j].Line })
		return nil, errs
	}
	return f, nil
}

// unknownKeys reports keys the file defines that tailtop does not know:
// most often a typo, which would otherwise be silently ignored.
func (f *File) unknownKeys(keys []toml.Key) Errors {
	var errs Errors
	reported := map[string]bool{}
	for _, k := range keys {
		// A whole unknown table is one problem, not one per key.
		parent := false
		for i := 1; i < len(k); i++ {
			if reported[strings.Join(k[:i], ".")] {
				parent = true
			}
		}
		if parent {
			continue
		}
		key := strings.Join(k, ".")
		reported[key] = true
		msg := "unknown key"
		if hint := knownKeys(k[:len(k)-1]); hint != "" {
			msg += " (known here: " + hint + ")"
		}
		errs = append(errs, &Error{File: f.Path, Line: f.Line(key), Key: key, Msg: msg})
	}
	return errs
}

// knownKeys lists the keys a table may hold, for the message about an
// unknown one.
func knownKeys(table []string) string {
	var v any
	switch {
	case len(table) == 0:
		return "defaults, aws, sources, alerts, publish, keys"
	case len(table) == 1 && table[0] == "defaults":
		v = Defaults{}
	case len(table) == 1 && table[0] == "aws":
		v = AWS{}
	case len(table) == 1 && table[0] == "alerts":
		v = Alert{}
	case len(table) == 1 && table[0] == "publish":
		v = Publish{}
	case len(table) == 2 && table[0] == "sources":
		v = Source{}
	default:
		return ""
	}
	return strings.Join(tomlNames(v), ", ")
}

var (
	// The library's decoding errors: "toml: line 3 (last key "a.b"): ...".
	decodeErrRE = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "(.*)"\): (.*)$`)
	badTypeRE   = regexp.MustCompile(`^incompatible types: TOML value has type (.+); destination has type (.+)$`)
)

// decodeError turns a TOML library error into an Error with a line and a
// message that says what to write instead.
func decodeError(name, data string, err error) *Error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		e := &Error{File: name, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
		if pe.Usage != "" {
			// The library's guidance is a paragraph; its first line is
			// the advice.
			e.Msg += " (" + strings.TrimSpace(strings.SplitN(strings.TrimSpace(pe.Usage), "\n", 2)[0]) + ")"
		}
		if e.Line == 0 {
			e.Line = pe.Line
		}
		return e
	}
	m := decodeErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	key, msg := m[2], m[3]
	// The walker knows the line of keys in arrays of tables too.
	if n := locate(data).line(key); n > 0 {
		line = n
	}
	if t := badTypeRE.FindStringSubmatch(msg); t != nil {
		msg = fmt.Sprintf("want %s, not %s", typeName(t[2]), typeName(t[1]))
		if strings.HasPrefix(key, "sources.") && strings.Count(key, ".") == 1 && t[2] == "slice" {
			msg += fmt.Sprintf(": a source set is a list of sources; write [[%s]] (double brackets) above each source", key)
		}
		if key == "alerts" && t[2] == "slice" {
			msg += ": write [[alerts]] (double brackets) above each rule"
		}
	}
	return &Error{File: name, Line: line, Key: key, Msg: msg}
}

// typeName says a TOML or Go type name in words.
func typeName(t string) string {
	switch {
	case t == "string", t == "primitive (string-like)":
		return "a string"
	case strings.HasPrefix(t, "int"), t == "integer":
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool", t == "boolean":
		return "true or false"
	case t == "slice", strings.HasPrefix(t, "[]"):
		return "a list"
	case t == "map", t == "struct", strings.HasPrefix(t, "map["):
		return "a table"
	}
	return t
}

// DefaultPath is where the configuration file is looked for when
// --config is not given: $XDG_CONFIG_HOME/tailtop/config.toml, or
// ~/.config/tailtop/config.toml (on every system: a terminal tool's
// users look there, macOS included).
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_CONFIG_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "tailtop", "config.toml"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no configuration directory: set XDG_CONFIG_HOME or HOME, or pass --config FILE (%v)", err)
	}
	return filepath.Join(home, ".config", "tailtop", "config.toml"), nil
}
