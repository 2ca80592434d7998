package kinesistest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/smithy-go/eventstream"
)

// Fault is what the proxy does to one request.
type Fault int

const (
	Pass           Fault = iota // forward it untouched
	Throttle                    // 400 ProvisionedThroughputExceededException
	ServerError                 // 500 InternalFailure
	Drop                        // close the connection without an answer
	Truncate                    // forward, but cut the answer's body short
	ExpireIterator              // 400 ExpiredIteratorException
	LimitExceeded               // 400 LimitExceededException
	Denied                      // 400 AccessDeniedException
)

func (f Fault) String() string {
	return [...]string{"pass", "throttle", "500", "drop", "truncate", "expired-iterator", "limit-exceeded", "denied"}[f]
}

// Rule decides the fault for the n-th call (from 1) of an operation
// ("GetRecords", "SubscribeToShard", ...).
type Rule func(op string, n int) Fault

// Proxy is an HTTP proxy in front of an emulator that injects faults
// chosen by a Rule, and can add the initial-response event that
// kinesis-mock leaves out of SubscribeToShard answers (the SDK, like the
// real service, expects it first).
type Proxy struct {
	URL string
	// InitialResponse adds the initial-response event to SubscribeToShard.
	InitialResponse bool
	// EndClosedShards ends a SubscribeToShard stream the way the service
	// does when the shard is closed and read to its end: a last event
	// naming the child shards, without a continuation sequence number.
	// kinesis-mock keeps sending empty events instead.
	EndClosedShards bool

	target *url.URL
	ln     net.Listener
	srv    *http.Server
	tr     *http.Transport

	mu       sync.Mutex
	rule     Rule
	calls    map[string]int
	bodies   map[string][]string
	injected map[Fault]int
}

// NewProxy starts a proxy to the emulator endpoint on a free port.
func NewProxy(endpoint string) (*Proxy, error) {
	target, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		URL:      "http://" + ln.Addr().String(),
		target:   target,
		ln:       ln,
		tr:       &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 64},
		calls:    map[string]int{},
		bodies:   map[string][]string{},
		injected: map[Fault]int{},
	}
	p.srv = &http.Server{Handler: p}
	go p.srv.Serve(ln)
	return p, nil
}

// SetRule replaces the rule; nil passes everything.
func (p *Proxy) SetRule(r Rule) {
	p.mu.Lock()
	p.rule = r
	p.mu.Unlock()
}

// Calls is how many requests of op reached the proxy.
func (p *Proxy) Calls(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[op]
}

// Injected is how many times fault f was injected.
func (p *Proxy) Injected(f Fault) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.injected[f]
}

// Close stops the proxy and closes its connections.
func (p *Proxy) Close() {
	p.srv.Close()
	p.tr.CloseIdleConnections()
}

// Requests returns the bodies of the last requests of op (at most 100).
func (p *Proxy) Requests(op string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.bodies[op]...)
}

func (p *Proxy) decide(op string, body []byte) Fault {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[op]++
	if len(body) <= 4096 {
		b := append(p.bodies[op], string(body))
		if len(b) > 100 {
			b = b[1:]
		}
		p.bodies[op] = b
	}
	f := Pass
	if p.rule != nil {
		f = p.rule(op, p.calls[op])
	}
	if f != Pass {
		p.injected[f]++
	}
	return f
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	op := r.Header.Get("X-Amz-Target")
	if i := strings.LastIndexByte(op, '.'); i >= 0 {
		op = op[i+1:]
	}
	fault := p.decide(op, body)
	switch fault {
	case Throttle:
		apiError(w, 400, "ProvisionedThroughputExceededException", "Rate exceeded for shard (injected).")
		return
	case LimitExceeded:
		apiError(w, 400, "LimitExceededException", "Rate exceeded (injected).")
		return
	case ServerError:
		apiError(w, 500, "InternalFailure", "Injected internal failure.")
		return
	case Denied:
		apiError(w, 400, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/x is not authorized to perform: kinesis:ListShards (injected).")
		return
	case ExpireIterator:
		apiError(w, 400, "ExpiredIteratorException", "Iterator expired (injected).")
		return
	case Drop:
		hijackClose(w)
		return
	}

	out, err := http.NewRequestWithContext(r.Context(), r.Method, p.target.String()+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		hijackClose(w)
		return
	}
	defer resp.Body.Close()

	stream := op == "SubscribeToShard" && resp.StatusCode == 200
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	if stream {
		w.Header().Del("Content-Length")
	}
	if fault == Truncate {
		b, _ := io.ReadAll(resp.Body)
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.WriteHeader(resp.StatusCode)
		w.Write(b[:len(b)/2])
		hijackClose(w)
		return
	}
	w.WriteHeader(resp.StatusCode)
	if stream && p.InitialResponse {
		writeInitialResponse(w)
	}
	if stream && p.EndClosedShards {
		p.relayEvents(w, resp.Body, body)
		return
	}
	copyFlushing(w, resp.Body)
}

// copyFlushing copies an answer, flushing as it goes so that event
// streams reach the client as they are produced.
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

// writeInitialResponse writes the event the real service sends first on
// a SubscribeToShard stream.
func writeInitialResponse(w http.ResponseWriter) {
	var msg eventstream.Message
	msg.Headers.Set(eventstream.MessageTypeHeader, eventstream.StringValue(eventstream.EventMessageType))
	msg.Headers.Set(eventstream.EventTypeHeader, eventstream.StringValue("initial-response"))
	msg.Headers.Set(eventstream.ContentTypeHeader, eventstream.StringValue("application/json"))
	msg.Payload = []byte("{}")
	eventstream.NewEncoder().Encode(w, msg)
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
}

func apiError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
}

// hijackClose ends the connection abruptly: whatever was written so far
// is flushed, the rest never comes.
func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("kinesistest: the proxy's ResponseWriter cannot hijack")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	buf.Flush()
	conn.Close()
}
