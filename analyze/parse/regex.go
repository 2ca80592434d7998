package parse

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Custom formats: a regular expression (RE2 syntax; Java's (?<name>…) is
// accepted) with named groups, or with positional groups named by
// FieldNames, as the Kinesis Agent's matchPattern and customFieldNames.
// The actor, target, status and time are the groups named by ActorField,
// TargetField, StatusField and TimeField, guessed from the group names
// otherwise (client/host/ip, path/request/uri, status/response/level,
// time/timestamp/datetime, bytes/size). A request line ("GET /p HTTP/1.1")
// as target gives its path. A line the expression does not match is
// Unparsed.
//
// Not detectable, and the one parser that uses a regular expression per
// line (and allocates per line, as regexp's submatch API does): the user
// asked for it.
type regexParser struct {
	re    *regexp.Regexp
	names []string // of groups 1..n; "" for an unnamed group
	dims  [jsonDims]int
	iso   isoClock
	clf   clfClock
	ev    Event
}

func init() {
	Register(&Format{
		Name:   "regex",
		Labels: Labels{Actor: "actors", Target: "targets", Status: "statuses"},
		New:    func(o Options) (Parser, error) { return newRegexParser(o) },
	})
}

func newRegexParser(o Options) (*regexParser, error) {
	if o.Regex == "" {
		return nil, errors.New("the regex format needs a regular expression")
	}
	re, err := regexp.Compile(o.Regex)
	if err != nil {
		return nil, fmt.Errorf("regex: %w", err)
	}
	p := &regexParser{re: re, names: re.SubexpNames()[1:]}
	if len(o.FieldNames) > 0 {
		if len(o.FieldNames) > len(p.names) {
			return nil, fmt.Errorf("regex: %d field names for %d groups", len(o.FieldNames), len(p.names))
		}
		for i, n := range o.FieldNames {
			if p.names[i] == "" {
				p.names[i] = n
			}
		}
	}
	named := [jsonDims]string{dimActor: o.ActorField, dimTarget: o.TargetField, dimStatus: o.StatusField, dimTime: o.TimeField}
	for dim := range jsonDims {
		p.dims[dim] = -1
		if named[dim] != "" {
			i := p.group(named[dim])
			if i < 0 {
				return nil, fmt.Errorf("regex: no group named %q (groups: %s)", named[dim], strings.Join(p.names, ", "))
			}
			p.dims[dim] = i
			continue
		}
		for _, g := range regexGuesses[dim] {
			if i := p.group(g); i >= 0 {
				p.dims[dim] = i
				break
			}
		}
	}
	return p, nil
}

// regexGuesses are the group names tried for each dimension, best first:
// the JSON guesses and the names of the Kinesis Agent's built-in patterns.
var regexGuesses = func() (g [jsonDims][]string) {
	extra := [jsonDims][]string{
		dimActor:  {"client", "clientip", "host", "remote_host"},
		dimTarget: {"request", "request_path"},
		dimStatus: {"response", "status"},
		dimTime:   {"datetime", "timestamp", "time"},
		dimBytes:  {"bytes"},
	}
	for d := range g {
		g[d] = append(append([]string{}, jsonGuesses[d]...), extra[d]...)
	}
	return g
}()

func (p *regexParser) group(name string) int {
	for i, n := range p.names {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}

// Format implements Parser.
func (p *regexParser) Format() string { return "regex" }

// Parse implements Parser.
func (p *regexParser) Parse(line []byte, emit func(*Event)) Result {
	idx := p.re.FindSubmatchIndex(line)
	if idx == nil {
		return Unparsed
	}
	val := func(dim int) []byte {
		g := p.dims[dim]
		if g < 0 || idx[2*g+2] < 0 {
			return nil
		}
		return dashNil(line[idx[2*g+2]:idx[2*g+3]])
	}
	ev := &p.ev
	ev.Reset()
	ev.Raw = line
	ev.Actor = val(dimActor)
	if t := val(dimTarget); t != nil {
		if path := elbRequestPath(t); path != nil && isHTTPMethod(t) {
			t = path
		}
		ev.Target = t
	}
	if st := val(dimStatus); st != nil {
		ev.Status = st
		if len(st) == 3 {
			if code, ok := elbStatus(st); ok && code >= 100 {
				ev.Code = code
				ev.Failure = code >= 500
				ev.Unauthorized = code == 401 || code == 403
			}
		}
		if ev.Code == 0 {
			ev.Failure = failureWord(st)
			ev.Denied = deniedErrorCode(st)
		}
	}
	if b := val(dimBytes); b != nil {
		if n, ok := jsonInt(b); ok && n > 0 {
			ev.Bytes = n
		}
	}
	if t := val(dimTime); t != nil {
		ev.Time = p.time(t)
	}
	emit(ev)
	return Parsed
}

// isHTTPMethod reports whether a request line starts with a method.
func isHTTPMethod(req []byte) bool {
	for i, c := range req {
		if c == ' ' {
			return i > 0
		}
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return false
}

// time reads an ISO 8601, Common Log Format (with or without brackets) or
// epoch time.
func (p *regexParser) time(b []byte) time.Time {
	if len(b) > 2 && b[0] == '[' && b[len(b)-1] == ']' {
		b = b[1 : len(b)-1]
	}
	if tm, ok := p.iso.parse(b); ok {
		return tm
	}
	if tm, ok := p.clf.parse(b); ok {
		return tm
	}
	tm, _ := epochTime(b)
	return tm
}

// Fields implements Parser: the groups by name (group1, group2... for
// unnamed ones), "-" as nil.
func (p *regexParser) Fields(ev *Event, fn func(name string, value []byte)) {
	idx := p.re.FindSubmatchIndex(ev.Raw)
	if idx == nil {
		return
	}
	for i, name := range p.names {
		if name == "" {
			name = "group" + strconv.Itoa(i+1)
		}
		var v []byte
		if idx[2*i+2] >= 0 {
			v = dashNil(ev.Raw[idx[2*i+2]:idx[2*i+3]])
		}
		fn(name, v)
	}
}
