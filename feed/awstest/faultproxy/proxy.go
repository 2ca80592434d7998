package faultproxy

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxRequestBytes bounds the request body the proxy reads and forwards.
const maxRequestBytes = 64 << 20

// keepBodies is how many request bodies per operation Requests keeps.
const keepBodies = 100

// Entry is one call as the proxy handled it, for a test's log.
type Entry struct {
	Call
	Fault Fault
	At    time.Time
}

// Proxy is a fault-injecting reverse proxy on 127.0.0.1. Its zero value is
// not usable: call New.
type Proxy struct {
	// URL is the proxy's endpoint, to give the SDK as BaseEndpoint.
	URL string

	target  *url.URL
	srv     *http.Server
	tr      *http.Transport
	closing chan struct{}
	closed  sync.Once
	active  sync.WaitGroup // handlers running

	mu       sync.Mutex
	rule     Rule
	queued   map[string][]Fault
	calls    map[string]int
	injected map[Kind]int
	byOp     map[string]map[Kind]int
	bodies   map[string][]string
	log      []Entry
}

// New starts a proxy to upstream (an http:// endpoint) on a free port of
// 127.0.0.1. Close it when done.
func New(upstream string) (*Proxy, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		URL:    "http://" + ln.Addr().String(),
		target: target,
		// No compression: the proxy must see (and may cut) the bytes the
		// service sends, and relays them as they are.
		tr:       &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64},
		closing:  make(chan struct{}),
		queued:   map[string][]Fault{},
		calls:    map[string]int{},
		injected: map[Kind]int{},
		byOp:     map[string]map[Kind]int{},
		bodies:   map[string][]string{},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// Close stops the proxy: it releases held requests, closes every
// connection, waits for its handlers and closes its idle connections to
// the upstream. It is safe to call twice.
func (p *Proxy) Close() {
	p.closed.Do(func() {
		close(p.closing)
		p.srv.Close()
		p.active.Wait()
		p.tr.CloseIdleConnections()
	})
}

// SetRule replaces the schedule's rule; nil passes every call the queue
// does not fault.
func (p *Proxy) SetRule(r Rule) {
	p.mu.Lock()
	p.rule = r
	p.mu.Unlock()
}

// Queue makes the next len(faults) calls of op answer these faults, in
// order, before the rule is asked (a zero Fault passes its call).
func (p *Proxy) Queue(op string, faults ...Fault) {
	p.mu.Lock()
	p.queued[op] = append(p.queued[op], faults...)
	p.mu.Unlock()
}

// Calls is how many requests of op reached the proxy.
func (p *Proxy) Calls(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[op]
}

// Injected is how many times faults of kind k were injected, on any
// operation.
func (p *Proxy) Injected(k Kind) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.injected[k]
}

// InjectedOn is how many faults of kind k were injected on op.
func (p *Proxy) InjectedOn(op string, k Kind) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.byOp[op][k]
}

// Requests returns the bodies of the last requests of op (at most 100,
// each at most 4 KiB; longer ones are left out).
func (p *Proxy) Requests(op string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.bodies[op]...)
}

// Log returns every call handled so far, in order.
func (p *Proxy) Log() []Entry {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Entry(nil), p.log...)
}

// decide counts the call and chooses its fault.
func (p *Proxy) decide(c Call) Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[c.Op]++
	c.N = p.calls[c.Op]
	if len(c.Body) <= 4096 {
		b := append(p.bodies[c.Op], string(c.Body))
		if len(b) > keepBodies {
			b = b[1:]
		}
		p.bodies[c.Op] = b
	}
	return c
}

func (p *Proxy) choose(c Call) Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	var f Fault
	if q := p.queued[c.Op]; len(q) > 0 {
		f, p.queued[c.Op] = q[0], q[1:]
	} else if p.rule != nil {
		f = p.rule(c)
	}
	if f.Kind != Pass {
		p.injected[f.Kind]++
		if p.byOp[c.Op] == nil {
			p.byOp[c.Op] = map[Kind]int{}
		}
		p.byOp[c.Op][f.Kind]++
	}
	p.log = append(p.log, Entry{Call: Call{Op: c.Op, N: c.N, AccessKey: c.AccessKey}, Fault: f, At: time.Now()})
	return f
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.active.Add(1)
	defer p.active.Done()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req := identify(r)
	c := p.decide(Call{Op: req.op, AccessKey: accessKey(r.Header.Get("Authorization")), Body: body})
	f := p.choose(c)

	switch f.Kind {
	case Throttle:
		req.throttle(w, f.Code)
		return
	case ServerError:
		req.serverError(w, f.Code)
		return
	case ExpiredToken:
		req.expiredToken(w)
		return
	case Reset:
		if !f.Forward {
			resetConn(w)
			return
		}
	case Malformed:
		if !f.Forward {
			req.malformed(w)
			return
		}
	case Timeout:
		if !f.Forward {
			if !p.hold(r, f.Hold) {
				resetConn(w) // never an answer, not even an empty one
				return
			}
			f = Fault{} // held long enough: a slow answer
		}
	}

	resp, err := p.forward(r, body)
	if err != nil {
		resetConn(w)
		return
	}
	defer resp.Body.Close()
	if f.Kind == Timeout && !p.hold(r, f.Hold) {
		resetConn(w) // the service acted; its answer never comes
		return
	}
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	stream := isEventStream(resp.Header)
	switch {
	case f.Kind == Reset && stream:
		w.Header().Del("Content-Length")
		w.WriteHeader(resp.StatusCode)
		copyN(w, resp.Body, f.AfterBytes)
		resetConn(w)
	case f.Kind == Reset:
		b, _ := io.ReadAll(resp.Body)
		n := f.AfterBytes
		if n <= 0 || n >= len(b) {
			n = len(b) / 2 // always cut before the end
		}
		w.WriteHeader(resp.StatusCode)
		w.Write(b[:n])
		resetConn(w)
	case f.Kind == Malformed && stream:
		w.Header().Del("Content-Length")
		w.WriteHeader(resp.StatusCode)
		corruptStream(w, resp.Body, f.AfterBytes)
	case f.Kind == Malformed:
		b, _ := io.ReadAll(resp.Body)
		b = req.corrupt(b)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(resp.StatusCode)
		w.Write(b)
	default:
		if stream {
			w.Header().Del("Content-Length")
		}
		w.WriteHeader(resp.StatusCode)
		copyFlushing(w, resp.Body)
	}
}

// forward sends the request to the upstream and returns its answer
// (headers read, body not yet).
func (p *Proxy) forward(r *http.Request, body []byte) (*http.Response, error) {
	out, err := http.NewRequestWithContext(r.Context(), r.Method, p.target.String()+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	// Identity bodies, so that cutting or corrupting them means what the
	// fault says; the client accepts an uncompressed answer.
	out.Header.Del("Accept-Encoding")
	out.Host = r.Host
	return p.tr.RoundTrip(out)
}

// hold waits d (forever when zero) unless the client gives up or the
// proxy closes first; it reports whether d passed.
func (p *Proxy) hold(r *http.Request, d time.Duration) bool {
	var after <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		after = t.C
	}
	select {
	case <-after:
		return true
	case <-r.Context().Done():
	case <-p.closing:
	}
	return false
}

// resetConn flushes what was written and closes the connection with an
// RST, as a dropped connection or a failing middlebox does.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("faultproxy: the ResponseWriter cannot hijack")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// copyFlushing copies an answer, flushing as it goes so that event streams
// reach the client as they are produced.
func copyFlushing(w http.ResponseWriter, r io.Reader) {
	fl, _ := w.(http.Flusher)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return
			}
			if fl != nil {
				fl.Flush()
			}
		}
		if err != nil {
			return
		}
	}
}

// copyN copies n bytes of an answer (fewer if it ends first), flushing as
// it goes.
func copyN(w http.ResponseWriter, r io.Reader, n int) {
	copyFlushing(w, io.LimitReader(r, int64(n)))
}

// accessKey is the access key id of a SigV4 Authorization header.
func accessKey(auth string) string {
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return key
}

func isEventStream(h http.Header) bool {
	return strings.HasPrefix(h.Get("Content-Type"), "application/vnd.amazon.eventstream")
}
