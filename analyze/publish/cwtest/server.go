package cwtest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Region is the region Config names.
const Region = "us-east-1"

// pathPrefix is where RPC v2 operations of CloudWatch are posted.
const pathPrefix = "/service/GraniteServiceVersion20100801/operation/"

// maxReadBytes bounds what the server reads of one request, compressed or
// not, so that a runaway client cannot exhaust the test's memory.
const maxReadBytes = 8 << 20

// Request is one request as the server saw it.
type Request struct {
	Operation string
	// Gzip is true when the body was gzip-compressed.
	Gzip bool
	// WireBytes is the body size as sent; Bytes the CBOR payload size.
	WireBytes, Bytes int
	// Datums are the datums the request carried, accepted or not.
	Datums []Datum
	// Fault is the injected fault that answered it (None if none).
	Fault Fault
	// Status is the HTTP status answered (0 while the request is held).
	Status int
	// Error is why the request was refused, if it was.
	Error string
}

// Server is a CloudWatch metrics endpoint for tests. Its zero value is not
// usable: call New.
type Server struct {
	// URL is the endpoint to give the SDK as BaseEndpoint.
	URL string

	ts        *httptest.Server
	transport *http.Transport

	mu       sync.Mutex
	requests []Request
	datums   []Datum
	next     []Fault       // faults for the next requests, in order
	down     Fault         // the fault for every request after next
	held     chan struct{} // non-nil while requests are held; closed to release
	changed  chan struct{} // closed and replaced on every change
}

// New starts a server. Close it when done.
func New() *Server {
	s := &Server{changed: make(chan struct{})}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.ts.URL
	s.transport = &http.Transport{}
	return s
}

// Close releases held requests, stops the server and closes the idle
// connections of the client Config made.
func (s *Server) Close() {
	s.Release()
	s.ts.Close()
	s.transport.CloseIdleConnections()
}

// Config is an aws.Config for the server: static credentials, Region, the
// server's URL as BaseEndpoint, the SDK's default compression threshold
// (10 KiB, as config.LoadDefaultConfig sets it) and an HTTP client whose
// idle connections Close closes.
func (s *Server) Config() aws.Config {
	return aws.Config{
		Region:                      Region,
		Credentials:                 credentials.NewStaticCredentialsProvider("AKIDTEST", "SECRETTEST", ""),
		BaseEndpoint:                aws.String(s.URL),
		HTTPClient:                  &http.Client{Transport: s.transport},
		RequestMinCompressSizeBytes: 10240,
	}
}

// Inject makes the next len(faults) requests answer these faults, in
// order (None answers normally).
func (s *Server) Inject(faults ...Fault) {
	s.mu.Lock()
	s.next = append(s.next, faults...)
	s.mu.Unlock()
}

// SetDown makes every request (after the injected ones) answer f, until
// SetDown(None).
func (s *Server) SetDown(f Fault) {
	s.mu.Lock()
	s.down = f
	s.mu.Unlock()
}

// Hold makes requests wait, unanswered, until Release (or until the client
// gives up): a CloudWatch that does not answer.
func (s *Server) Hold() {
	s.mu.Lock()
	if s.held == nil {
		s.held = make(chan struct{})
	}
	s.mu.Unlock()
}

// Release answers the held requests and stops holding.
func (s *Server) Release() {
	s.mu.Lock()
	if s.held != nil {
		close(s.held)
		s.held = nil
	}
	s.mu.Unlock()
}

// Datums returns a copy of every accepted datum, in the order received.
func (s *Server) Datums() []Datum {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Datum(nil), s.datums...)
}

// Requests returns a copy of every request seen, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// WaitDatums waits until at least n datums were accepted, or ctx ends.
func (s *Server) WaitDatums(ctx context.Context, n int) error {
	return s.wait(ctx, func() bool { return len(s.datums) >= n }, fmt.Sprintf("%d datums", n))
}

// WaitRequests waits until at least n requests arrived, or ctx ends.
func (s *Server) WaitRequests(ctx context.Context, n int) error {
	return s.wait(ctx, func() bool { return len(s.requests) >= n }, fmt.Sprintf("%d requests", n))
}

// WaitAnswered waits until at least n requests were answered, or ctx ends.
func (s *Server) WaitAnswered(ctx context.Context, n int) error {
	return s.wait(ctx, func() bool {
		k := 0
		for _, r := range s.requests {
			if r.Status != 0 {
				k++
			}
		}
		return k >= n
	}, fmt.Sprintf("%d answered requests", n))
}

func (s *Server) wait(ctx context.Context, done func() bool, what string) error {
	for {
		s.mu.Lock()
		ok, ch := done(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("cwtest: waiting for %s: %w", what, ctx.Err())
		}
	}
}

// notifyLocked wakes the waiters; s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.URL.Path, pathPrefix)
	switch {
	case r.Method != http.MethodPost || !ok:
		writeError(w, answer{http.StatusNotFound, "UnknownOperationException", ""}, "no operation at "+r.URL.Path)
		return
	case r.Header.Get("Smithy-Protocol") != "rpc-v2-cbor":
		writeError(w, answer{http.StatusBadRequest, "SerializationException", ""}, "missing Smithy-Protocol: rpc-v2-cbor")
		return
	case !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 "):
		writeError(w, answer{http.StatusForbidden, "MissingAuthenticationTokenException", "MissingAuthenticationToken;Sender"},
			"request is not signed with SigV4")
		return
	}
	req := Request{Operation: op}
	payload, err := s.readBody(r, &req)
	if err != nil {
		s.finish(w, req, answer{http.StatusRequestEntityTooLarge, "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue;Sender"}, err.Error())
		return
	}
	var in *putMetricData
	if op == "PutMetricData" {
		if ct := r.Header.Get("Content-Type"); ct != "application/cbor" {
			err = fmt.Errorf("Content-Type %q, want application/cbor", ct)
		} else if in, err = decodePut(payload); err == nil {
			req.Datums = in.Datums
			for i := range req.Datums {
				req.Datums[i].Request = -1 // set when recorded
			}
		}
	}

	s.mu.Lock()
	idx := len(s.requests)
	for i := range req.Datums {
		req.Datums[i].Request = idx
	}
	fault := s.down
	if len(s.next) > 0 {
		fault, s.next = s.next[0], s.next[1:]
	}
	req.Fault = fault
	s.requests = append(s.requests, req)
	held := s.held
	s.notifyLocked()
	s.mu.Unlock()

	if held != nil {
		select {
		case <-held:
		case <-r.Context().Done():
			s.answered(idx, 0, "client gave up while held")
			return
		}
	}
	switch {
	case op != "PutMetricData":
		s.reply(w, idx, answer{http.StatusBadRequest, "UnknownOperationException", ""}, "cwtest serves PutMetricData only, not "+op)
	case err != nil:
		s.reply(w, idx, answer{http.StatusBadRequest, "SerializationException", ""}, err.Error())
	case fault != None:
		s.reply(w, idx, fault.answer(), "injected "+fault.String())
	case len(payload) > MaxPayloadBytes:
		s.reply(w, idx, Invalid.answer(), fmt.Sprintf("request size %d exceeds %d bytes", len(payload), MaxPayloadBytes))
	default:
		if err := validate(in); err != nil {
			s.reply(w, idx, Invalid.answer(), err.Error())
			return
		}
		s.mu.Lock()
		s.datums = append(s.datums, req.Datums...)
		s.requests[idx].Status = http.StatusOK
		s.notifyLocked()
		s.mu.Unlock()
		writeOK(w)
	}
}

// readBody reads the request body, bounded, and gunzips it when the
// Content-Encoding says so.
func (s *Server) readBody(r *http.Request, req *Request) ([]byte, error) {
	wire, err := io.ReadAll(io.LimitReader(r.Body, maxReadBytes+1))
	if err != nil {
		return nil, err
	}
	req.WireBytes = len(wire)
	if len(wire) > maxReadBytes {
		return nil, fmt.Errorf("request body over %d bytes", maxReadBytes)
	}
	payload := wire
	if strings.Contains(r.Header.Get("Content-Encoding"), "gzip") {
		req.Gzip = true
		zr, err := gzip.NewReader(bytes.NewReader(wire))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		payload, err = io.ReadAll(io.LimitReader(zr, maxReadBytes+1))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		if len(payload) > maxReadBytes {
			return nil, fmt.Errorf("decompressed body over %d bytes", maxReadBytes)
		}
	}
	req.Bytes = len(payload)
	return payload, nil
}

// finish records a request refused before decoding and answers it.
func (s *Server) finish(w http.ResponseWriter, req Request, a answer, msg string) {
	s.mu.Lock()
	req.Status, req.Error = a.status, msg
	s.requests = append(s.requests, req)
	s.notifyLocked()
	s.mu.Unlock()
	writeError(w, a, msg)
}

// reply records the answer of request idx and writes it.
func (s *Server) reply(w http.ResponseWriter, idx int, a answer, msg string) {
	s.answered(idx, a.status, msg)
	writeError(w, a, msg)
}

func (s *Server) answered(idx, status int, msg string) {
	s.mu.Lock()
	s.requests[idx].Status, s.requests[idx].Error = status, msg
	s.notifyLocked()
	s.mu.Unlock()
}
