package faultproxy

import (
	"fmt"
	"time"
)

// Kind is a kind of fault.
type Kind int

const (
	Pass         Kind = iota // forward the request untouched
	Throttle                 // the service's throttling error, 400
	ServerError              // 500 InternalFailure
	Timeout                  // hold the request unanswered
	Reset                    // close the TCP connection abruptly
	Malformed                // answer 200 with a body that cannot be decoded
	ExpiredToken             // 400 ExpiredTokenException / ExpiredToken
)

// Kinds lists every fault kind but Pass, for tests that go through them all.
var Kinds = []Kind{Throttle, ServerError, Timeout, Reset, Malformed, ExpiredToken}

func (k Kind) String() string {
	switch k {
	case Pass:
		return "pass"
	case Throttle:
		return "throttle"
	case ServerError:
		return "500"
	case Timeout:
		return "timeout"
	case Reset:
		return "reset"
	case Malformed:
		return "malformed"
	case ExpiredToken:
		return "expired-token"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Fault is what the proxy does to one request.
type Fault struct {
	Kind Kind
	// Forward makes the request reach the service before the fault is
	// applied to its answer: Timeout holds the service's answer, Reset cuts
	// it after AfterBytes of its body, Malformed corrupts it. Without it
	// the service never sees the request (Reset then closes the connection
	// as soon as the request is read). Throttle, ServerError and
	// ExpiredToken never forward.
	Forward bool
	// AfterBytes is how many bytes of the service's answer body pass
	// before a forwarded Reset closes the connection, or before a
	// forwarded Malformed corrupts an event stream (the frame that crosses
	// the mark is the corrupted one; whole frames before it pass).
	AfterBytes int
	// Hold is how long Timeout holds the request before it goes on as if
	// nothing happened (a slow answer); zero holds until the client gives
	// up or the proxy closes.
	Hold time.Duration
	// Code replaces the error code of Throttle (for example
	// "LimitExceededException") or of ServerError.
	Code string
}

func (f Fault) String() string {
	s := f.Kind.String()
	if f.Forward {
		s += "+forward"
	}
	if f.AfterBytes > 0 {
		s += fmt.Sprintf("@%d", f.AfterBytes)
	}
	return s
}

// Call is one request as the schedule sees it.
type Call struct {
	// Op is the operation: "GetRecords", "StartLiveTail", "PutMetricData".
	Op string
	// N is the number of this call of Op, from 1.
	N int
	// AccessKey is the access key id the request was signed with.
	AccessKey string
	// Body is the request body (do not modify).
	Body []byte
}

// Rule chooses the fault of a call; it is called with the proxy's lock
// held, one call at a time.
type Rule func(c Call) Fault

// Nth is a rule that injects f on the n-th call of op (every op when op is
// "").
func Nth(op string, n int, f Fault) Rule {
	return func(c Call) Fault {
		if (op == "" || c.Op == op) && c.N == n {
			return f
		}
		return Fault{}
	}
}

// First is a rule that injects faults, in order, on the first calls of op
// and passes the others.
func First(op string, faults ...Fault) Rule {
	return func(c Call) Fault {
		if c.Op == op && c.N <= len(faults) {
			return faults[c.N-1]
		}
		return Fault{}
	}
}

// Every is a rule that injects f on every k-th call of op (the k-th, the
// 2k-th, ...).
func Every(op string, k int, f Fault) Rule {
	return func(c Call) Fault {
		if c.Op == op && k > 0 && c.N%k == 0 {
			return f
		}
		return Fault{}
	}
}

// Cycle is a rule that injects the faults in turn on the calls of op,
// the i-th call (from 1) getting faults[(i-1) % len(faults)]; a zero Fault
// in the list passes its call.
func Cycle(op string, faults ...Fault) Rule {
	return func(c Call) Fault {
		if c.Op != op || len(faults) == 0 {
			return Fault{}
		}
		return faults[(c.N-1)%len(faults)]
	}
}

// Says is what the sources pane must say while a fault of kind k is being
// recovered from: the words every feed uses for it.
func Says(k Kind) string {
	switch k {
	case Throttle:
		return "throttled, retrying in"
	case ServerError:
		return "server error"
	case Timeout:
		return "no answer in time"
	case Reset:
		return "connection reset, reconnecting"
	case Malformed:
		return "malformed answer"
	case ExpiredToken:
		return "credentials expired, refreshing"
	}
	return ""
}
