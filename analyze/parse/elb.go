package parse

// AWS Elastic Load Balancing access logs, every kind in one parser (a
// bucket or a Kinesis stream often mixes them):
//
//	ALB:     http 2018-07-02T22:23:00.186641Z app/lb/50dc… 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://host:80/ HTTP/1.1" "curl/7.46.0" - - arn:… "Root=…" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" …
//	         (type http, https, h2, grpcs, ws, wss; -1 timings and "-" when no target answered)
//	Classic: 2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://host:80/ HTTP/1.1" "curl/7.38.0" - -
//	         (a TCP or SSL listener logs "- - - " as request and "-" as statuses)
//	NLB:     tls 2.0 2018-12-20T02:59:40 net/lb/c6e7… g3d4… 192.168.131.39:2817 10.0.0.1:80 5 2 98 246 - arn:… - ECDHE-RSA-AES128-SHA tlsv12 - host …
//	ALB connection log (mTLS): 2024-10-04T17:05:15.514108Z 192.168.131.39 36280 443 TLSv1.2 ECDHE-… 4.036 "CN=…" NotBefore=…;NotAfter=… FEF2… Success
//
// Event mapping: actor is the client address (without its port); for HTTP
// the target is the request path and the status the load balancer's status
// code (5xx failures, 401/403 unauthorized), bytes the bytes sent to the
// client; a TCP/SSL listener's target is the backend address. For NLB the
// target is the listener's destination and the status "OK", or
// "handshake-failed" (a failure) when the TLS handshake did not complete.
// For a connection log the target is the listener port and the status the
// client certificate verdict (a failure, and unauthorized, unless Success).
type elbParser struct {
	name  string
	line  elbLine
	kind  elbKind
	clock isoClock
	ev    Event
}

type elbKind uint8

const (
	elbNone elbKind = iota
	elbALB
	elbClassic
	elbNLB
	elbConn
)

var elbLabels = Labels{Actor: "clients", Target: "paths", Status: "statuses"}

func init() {
	// One parser reads them all; "alb" and "nlb" are names for --format.
	Register(&Format{
		Name:       "elb",
		Labels:     elbLabels,
		New:        func(Options) (Parser, error) { return &elbParser{name: "elb"}, nil },
		Detectable: true,
		Priority:   40,
	})
	for _, name := range []string{"alb", "nlb"} {
		Register(&Format{
			Name:   name,
			Labels: elbLabels,
			New:    func(Options) (Parser, error) { return &elbParser{name: name}, nil },
		})
	}
}

// Format implements Parser.
func (p *elbParser) Format() string { return p.name }

var (
	statusHandshakeFailed = []byte("handshake-failed")
	statusSuccess         = []byte("Success")
)

// Parse implements Parser. It allocates nothing.
func (p *elbParser) Parse(line []byte, emit func(*Event)) Result {
	l := &p.line
	if len(line) < 20 || !splitELB(line, l) {
		return Unparsed
	}
	p.kind = elbKindOf(line, l)
	ev := &p.ev
	ev.Reset()
	ev.Raw = line
	var ok bool
	switch p.kind {
	case elbALB:
		ok = p.http(line, 1, 3, 4)
	case elbClassic:
		ok = p.http(line, 0, 2, 3)
	case elbNLB:
		ok = p.nlb(line)
	case elbConn:
		ok = p.conn(line)
	}
	if !ok {
		return Unparsed
	}
	emit(ev)
	return Parsed
}

// elbKindOf tells the kind of line by its first fields.
func elbKindOf(line []byte, l *elbLine) elbKind {
	first := l.get(line, 0)
	switch string(first) {
	case "http", "https", "h2", "grpcs", "ws", "wss":
		return elbALB
	case "tls":
		return elbNLB
	}
	if len(first) < isoSecondsLen || first[4] != '-' {
		return elbNone
	}
	if _, _, ok := elbHostPort(l.get(line, 2)); ok {
		return elbClassic
	}
	if elbAddress(l.get(line, 1)) && elbDigits(l.get(line, 2)) {
		return elbConn
	}
	return elbNone
}

// http reads an ALB or classic line; t, c and b are the indexes of the
// time, client and backend fields (the rest follow backend in the same
// order in both).
func (p *elbParser) http(line []byte, t, c, b int) bool {
	l, ev := &p.line, &p.ev
	if l.n < b+9 { // up to and including the request
		return false
	}
	tm, ok := p.clock.parse(l.get(line, t))
	if !ok {
		return false
	}
	host, _, ok := elbHostPort(l.get(line, c))
	if !ok {
		return false
	}
	backend := l.get(line, b)
	if !(len(backend) == 1 && backend[0] == '-') {
		if _, _, ok := elbHostPort(backend); !ok {
			return false
		}
	}
	for i := b + 1; i <= b+3; i++ {
		if !elbTiming(l.get(line, i)) {
			return false
		}
	}
	code, ok1 := elbStatus(l.get(line, b+4))
	_, ok2 := elbStatus(l.get(line, b+5))
	_, ok3 := elbCount(l.get(line, b+6))
	sent, ok4 := elbCount(l.get(line, b+7))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return false
	}
	ev.Time = tm
	ev.Actor = host
	ev.Bytes = sent
	ev.Target = elbRequestPath(l.get(line, b+8))
	if code > 0 {
		ev.Status = l.get(line, b+4)
		ev.Code = code
		ev.Failure = code >= 500
		ev.Unauthorized = code == 401 || code == 403
	} else if ev.Target == nil && !(len(backend) == 1 && backend[0] == '-') {
		ev.Target = backend // a TCP or SSL listener: where the connection went
	}
	return true
}

// nlb reads a Network Load Balancer TLS line.
func (p *elbParser) nlb(line []byte) bool {
	l, ev := &p.line, &p.ev
	if l.n < 11 {
		return false
	}
	tm, ok := p.clock.parse(l.get(line, 2))
	if !ok {
		return false
	}
	host, _, ok := elbHostPort(l.get(line, 5))
	if !ok {
		return false
	}
	dest := l.get(line, 6)
	if _, _, ok := elbHostPort(dest); !ok {
		return false
	}
	_, ok1 := elbCount(l.get(line, 7))
	hs := l.get(line, 8)
	_, ok2 := elbCount(hs)
	_, ok3 := elbCount(l.get(line, 9))
	sent, ok4 := elbCount(l.get(line, 10))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return false
	}
	ev.Time = tm
	ev.Actor = host
	ev.Target = dest
	ev.Bytes = sent
	if len(hs) == 1 && hs[0] == '-' {
		ev.Status = statusHandshakeFailed
		ev.Failure = true
	} else {
		ev.Status = statusOK
	}
	return true
}

// conn reads an ALB connection log line.
func (p *elbParser) conn(line []byte) bool {
	l, ev := &p.line, &p.ev
	if l.n < 11 {
		return false
	}
	tm, ok := p.clock.parse(l.get(line, 0))
	if !ok || !elbDigits(l.get(line, 3)) {
		return false
	}
	ev.Time = tm
	ev.Actor = l.get(line, 1)
	ev.Target = l.get(line, 3)
	ev.Status = l.get(line, 10)
	if len(ev.Status) == 1 && ev.Status[0] == '-' {
		ev.Status = nil // no TLS: a plain HTTP listener's connection
	} else if string(ev.Status) != string(statusSuccess) {
		ev.Failure = true
		ev.Unauthorized = true
	}
	return true
}
