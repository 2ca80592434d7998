package cwtest

import (
	"net/http"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Fault is an error answer the server can be told to give.
type Fault int

const (
	// None answers normally.
	None Fault = iota
	// Throttle answers 400 Throttling, as CloudWatch does when the
	// account's request rate is exceeded.
	Throttle
	// InternalError answers 500 InternalServiceFault.
	InternalError
	// Unavailable answers 503 ServiceUnavailable.
	Unavailable
	// AccessDenied answers 403 AccessDenied (no cloudwatch:PutMetricData).
	AccessDenied
	// Invalid answers 400 InvalidParameterValue whatever the request.
	Invalid
)

func (f Fault) String() string {
	switch f {
	case None:
		return "none"
	case Throttle:
		return "throttle"
	case InternalError:
		return "internal error"
	case Unavailable:
		return "unavailable"
	case AccessDenied:
		return "access denied"
	case Invalid:
		return "invalid"
	}
	return "unknown fault"
}

// answer is one error answer on the wire.
type answer struct {
	status int
	typ    string // __type in the body
	query  string // X-Amzn-Query-Error
}

func (f Fault) answer() answer {
	switch f {
	case Throttle:
		return answer{http.StatusBadRequest, "com.amazon.coral.availability#ThrottlingException", "Throttling;Sender"}
	case InternalError:
		return answer{http.StatusInternalServerError, "com.amazonaws.cloudwatch#InternalServiceFault", "InternalServiceError;Receiver"}
	case Unavailable:
		return answer{http.StatusServiceUnavailable, "com.amazon.coral.availability#ServiceUnavailableException", "ServiceUnavailable;Receiver"}
	case AccessDenied:
		return answer{http.StatusForbidden, "com.amazon.coral.service#AccessDeniedException", "AccessDenied;Sender"}
	default:
		return answer{http.StatusBadRequest, "com.amazonaws.cloudwatch#InvalidParameterValueException", "InvalidParameterValue;Sender"}
	}
}

// writeError writes an RPC v2 CBOR error answer.
func writeError(w http.ResponseWriter, a answer, message string) {
	h := w.Header()
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("Content-Type", "application/cbor")
	if a.query != "" {
		h.Set("X-Amzn-Query-Error", a.query)
	}
	w.WriteHeader(a.status)
	w.Write(cbor.Encode(cbor.Map{"__type": cbor.String(a.typ), "message": cbor.String(message)}))
}

// writeOK writes the empty PutMetricData output.
func writeOK(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("Content-Type", "application/cbor")
	w.WriteHeader(http.StatusOK)
	w.Write(cbor.Encode(cbor.Map{}))
}
