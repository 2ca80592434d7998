package parse

import (
	"bytes"
	"time"
)

// JSON lines: one JSON object per line (application logs from bunyan, pino,
// zap, logstash/ECS encoders, journalctl -o json, Cloudflare, nginx JSON
// access logs). The actor, target, status and time are taken from fields
// named by Options (--actor-field user.name, dotted paths), and guessed
// from common field names otherwise (client_ip, user.name, hostname for the
// actor; path, url, logger, msg for the target; status, level for the
// status; time, timestamp, @timestamp, ts for the time; bytes, size for the
// bytes). A dotted path finds nested members ({"user":{"name":…}}) and
// members whose names hold dots ({"user.name":…}, as ECS writes) alike.
//
// Every line is validated as JSON while it is read; a line that is not one
// JSON object (a prefix before the brace, a cut line) is Unparsed.
type jsonLines struct {
	fields jsonFieldTable
	scan   jsonScan
	clock  isoClock
	ev     Event
	path   []byte // the dotted path of the member being read
	found  [jsonDims]jsonFound
	// scratch holds unescaped values; reserved per line so that slices
	// handed out stay valid.
	scratch []byte
}

// The dimensions a JSON line is searched for.
const (
	dimActor = iota
	dimTarget
	dimStatus
	dimTime
	dimBytes
	dimError
	jsonDims
)

// jsonFound is the best value found for a dimension in the current line.
type jsonFound struct {
	rank  int // lower is better; 0 means nothing found
	text  []byte
	kind  byte // as jsonScan.value reports
	esc   bool
	level levelScale // found under a log-level name
}

// jsonRole says what a member at a path means.
type jsonRole struct {
	dim   int
	rank  int // 1 is best
	level levelScale
}

// jsonFieldTable maps dotted paths to roles, and knows which paths lead to
// one (so that only those objects are walked into).
type jsonFieldTable struct {
	roles    map[string]jsonRole
	prefixes map[string]bool
}

// jsonGuesses are the field names tried for each dimension when none is
// named, best first. Level names are marked: their numbers are log levels,
// not HTTP statuses.
var jsonGuesses = [jsonDims][]string{
	dimActor: {"client_ip", "clientip", "ClientIP", "client.ip", "client.address", "source.ip", "source.address",
		"src_ip", "srcaddr", "remote_addr", "remote_ip", "remoteAddr", "remote_host", "ip",
		"user.name", "user", "username", "userName", "user_id", "userId", "principal", "@fields.user",
		"hostname", "host.name", "_HOSTNAME", "host", "service.name", "name"},
	dimTarget: {"path", "url.path", "uri", "request.uri", "request_uri", "requestURI", "request.path", "url",
		"request.url", "url.original", "ClientRequestURI", "endpoint", "route",
		"event.action", "action", "operation", "event",
		"msg", "message", "MESSAGE", "@message", "@fields.msg", "@fields.message",
		"logger", "log.logger", "logger_name", "SYSLOG_IDENTIFIER", "component", "module"},
	dimStatus: {"status", "status_code", "statusCode", "http.response.status_code", "response.status",
		"EdgeResponseStatus", "http_status", "response_code",
		"level", "log.level", "lvl", "severity", "severityText", "levelname", "loglevel", "PRIORITY",
		"@fields.level", "@fields.lvl"},
	dimTime: {"time", "timestamp", "@timestamp", "ts", "date", "datetime", "eventTime", "EdgeStartTimestamp",
		"started_at", "__REALTIME_TIMESTAMP", "timeUnixNano", "Timestamp", "log.timestamp"},
	dimBytes: {"bytes", "bytes_sent", "body_bytes_sent", "size", "response.size", "response_size",
		"http.response.body.bytes", "EdgeResponseBytes", "resp_bytes", "content_length"},
	dimError: {"error", "err", "errorCode", "error.code", "error_code", "error.message", "exception"},
}

// levelNames are the status names whose values are log levels, not HTTP
// statuses: how their numbers read.
var levelNames = map[string]levelScale{
	"level": pinoScale, "log.level": pinoScale, "lvl": plainLevel, "severity": plainLevel,
	"severityText": plainLevel, "levelname": plainLevel, "loglevel": plainLevel, "PRIORITY": syslogScale,
	"@fields.level": plainLevel, "@fields.lvl": plainLevel,
}

// levelScale says how a numeric log level is named.
type levelScale uint8

const (
	notLevel    levelScale = iota
	plainLevel             // a level whose numbers mean nothing known: kept as written
	pinoScale              // bunyan and pino: 10 trace ... 60 fatal
	syslogScale            // syslog and journald priorities: 0 emerg ... 7 debug
)

func init() {
	Register(&Format{
		Name:       "json",
		Labels:     Labels{Actor: "actors", Target: "targets", Status: "statuses"},
		New:        func(o Options) (Parser, error) { return newJSONLines(o), nil },
		Detectable: true,
		Priority:   1,
	})
}

func newJSONLines(o Options) *jsonLines {
	named := [jsonDims]string{dimActor: o.ActorField, dimTarget: o.TargetField, dimStatus: o.StatusField, dimTime: o.TimeField}
	t := jsonFieldTable{roles: map[string]jsonRole{}, prefixes: map[string]bool{}}
	for dim := range jsonDims {
		if named[dim] != "" {
			t.add(named[dim], jsonRole{dim: dim, rank: 1, level: levelNames[named[dim]]})
			continue
		}
		for i, name := range jsonGuesses[dim] {
			t.add(name, jsonRole{dim: dim, rank: i + 1, level: levelNames[name]})
		}
	}
	return &jsonLines{fields: t}
}

func (t *jsonFieldTable) add(path string, r jsonRole) {
	if old, ok := t.roles[path]; ok && old.rank <= r.rank && old.dim != r.dim {
		return // a name claimed by an earlier dimension keeps it
	}
	t.roles[path] = r
	for i := 0; i < len(path); i++ {
		if path[i] == '.' {
			t.prefixes[path[:i]] = true
		}
	}
}

// Format implements Parser.
func (p *jsonLines) Format() string { return "json" }

// Parse implements Parser.
func (p *jsonLines) Parse(line []byte, emit func(*Event)) Result {
	t := trimLeftJSONSpace(line)
	if len(t) == 0 || t[0] != '{' {
		return Unparsed
	}
	p.found = [jsonDims]jsonFound{}
	s := &p.scan
	s.reset(t)
	s.open()
	p.path = p.path[:0]
	if !p.walk(s) || s.rest() {
		return Unparsed
	}
	p.fill(t)
	emit(&p.ev)
	return Parsed
}

// walk reads the members of the object at the cursor (its brace consumed),
// noting those with a role and walking into objects on a path to one.
func (p *jsonLines) walk(s *jsonScan) bool {
	base := len(p.path)
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			p.path = p.path[:base]
			return !s.failed()
		}
		p.path = p.path[:base]
		if base > 0 {
			p.path = append(p.path, '.')
		}
		p.path = append(p.path, key...)
		if s.peek() == '{' && p.fields.prefixes[string(p.path)] {
			// On the way to a wanted member ({"user":{"name":…}}), even
			// when the object's own name is wanted too ("user").
			if !s.open() || !p.walk(s) {
				return false
			}
			continue
		}
		if role, ok := p.fields.roles[string(p.path)]; ok {
			f := &p.found[role.dim]
			text, kind, esc, ok := s.value()
			if !ok {
				return false
			}
			if kind != 'n' && kind != '{' && kind != '[' && (f.rank == 0 || role.rank < f.rank) {
				*f = jsonFound{rank: role.rank, text: text, kind: kind, esc: esc, level: role.level}
			}
			continue
		}
		if !s.skip() {
			return false
		}
	}
}

// fill maps what was found onto p.ev.
func (p *jsonLines) fill(raw []byte) {
	need := 0
	for i := range p.found {
		if p.found[i].esc {
			need += len(p.found[i].text)
		}
	}
	if cap(p.scratch) < need {
		p.scratch = make([]byte, 0, 2*need)
	}
	p.scratch = p.scratch[:0]

	ev := &p.ev
	ev.Reset()
	ev.Raw = raw
	if f := &p.found[dimActor]; f.rank > 0 {
		ev.Actor = p.text(f)
	}
	if f := &p.found[dimTarget]; f.rank > 0 {
		ev.Target = p.text(f)
	}
	if f := &p.found[dimTime]; f.rank > 0 {
		ev.Time = p.time(f)
	}
	if f := &p.found[dimBytes]; f.rank > 0 {
		if n, ok := jsonInt(f.text); ok && n > 0 {
			ev.Bytes = n
		}
	}
	if f := &p.found[dimStatus]; f.rank > 0 {
		p.status(f)
	}
	if f := &p.found[dimError]; f.rank > 0 && len(f.text) > 0 && f.kind != 'f' && !(f.kind == '0' && string(f.text) == "0") {
		ev.Failure = true
		if f.kind == '"' && deniedErrorCode(p.text(f)) {
			ev.Denied = true
		}
	}
}

func (p *jsonLines) text(f *jsonFound) []byte {
	if !f.esc {
		return f.text
	}
	start := len(p.scratch)
	p.scratch = appendJSONUnescaped(p.scratch, f.text)
	f.text, f.esc = p.scratch[start:len(p.scratch):len(p.scratch)], false
	return f.text
}

func (p *jsonLines) time(f *jsonFound) time.Time {
	b := p.text(f)
	if f.kind == '0' || jsonDigits(b) || len(b) > 0 && b[0] >= '0' && b[0] <= '9' && bytes.IndexByte(b, '-') < 0 {
		t, _ := epochTime(b)
		return t
	}
	t, _ := p.clock.parse(b)
	return t
}

// status sets the status of p.ev from f: an HTTP status when it is a number
// from 100 to 599 under a status name, a log level otherwise (numeric
// bunyan/pino and syslog levels named). Failure for 5xx and for levels and
// outcomes that say something failed.
func (p *jsonLines) status(f *jsonFound) {
	ev := &p.ev
	b := p.text(f)
	if f.kind == '0' || jsonDigits(b) {
		n, _ := jsonInt(b)
		if f.level != notLevel {
			if name := numericLevel(f.level, n); name != nil {
				b = name
			}
		} else if n >= 100 && n <= 599 {
			ev.Code = int(n)
			ev.Failure = n >= 500
			ev.Unauthorized = n == 401 || n == 403
		}
	}
	ev.Status = b
	if !ev.Failure {
		ev.Failure = failureWord(b)
	}
	ev.Denied = deniedErrorCode(b)
}

func jsonDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// numericLevel names a numeric log level on its scale, nil when it has no
// name there.
func numericLevel(scale levelScale, n int64) []byte {
	switch {
	case scale == pinoScale && n >= 10 && n <= 60 && n%10 == 0:
		return pinoLevels[n/10-1]
	case scale == syslogScale && n >= 0 && n <= 7:
		return syslogSeverities[n]
	}
	return nil
}

var (
	pinoLevels       = byteStrings("trace", "debug", "info", "warn", "error", "fatal")
	syslogSeverities = byteStrings("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug")
)

func byteStrings(s ...string) [][]byte {
	out := make([][]byte, len(s))
	for i, x := range s {
		out[i] = []byte(x)
	}
	return out
}

// failureWord reports a level or outcome word that means something failed.
func failureWord(b []byte) bool {
	if len(b) > 16 {
		return false
	}
	var buf [16]byte
	l := buf[:len(b)]
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	switch string(l) {
	case "error", "err", "fatal", "critical", "crit", "alert", "emerg", "emergency", "panic", "severe",
		"failure", "failed", "fail", "dpanic":
		return true
	}
	return false
}

// Fields implements Parser: every member, nested objects flattened to
// dotted names, arrays as their JSON text.
func (p *jsonLines) Fields(ev *Event, fn func(name string, value []byte)) {
	jsonFields(ev.Raw, fn)
}
