package awsconf

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Kinds of trouble, as Trouble names them.
const (
	TroubleThrottled   = "throttled"
	TroubleExpired     = "credentials expired"
	TroubleReset       = "connection reset"
	TroubleTimeout     = "no answer in time"
	TroubleServer      = "server error"
	TroubleMalformed   = "malformed answer"
	troubleUnqualified = "failed"
)

// Trouble names what went wrong with a call in the words of the sources
// pane: "throttled", "credentials expired", "connection reset", "no answer
// in time", "server error (CODE)", "malformed answer"; "" when it is none
// of these (an answer the caller explains itself, such as access denied).
func Trouble(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch {
		case IsExpiredToken(err):
			return TroubleExpired
		case IsThrottle(code):
			return TroubleThrottled
		}
		var re *smithyhttp.ResponseError
		if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
			return TroubleServer + " (" + code + ")"
		}
		return ""
	}
	var ne net.Error
	var de *smithy.DeserializationError
	var se *json.SyntaxError
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return TroubleTimeout
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNABORTED),
		strings.Contains(msg, "connection reset"), strings.Contains(msg, "broken pipe"):
		return TroubleReset
	case errors.As(err, &de), errors.As(err, &se), strings.Contains(msg, "checksum mismatch"),
		strings.Contains(msg, "deserialization failed"):
		return TroubleMalformed
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
		return TroubleServer
	}
	return ""
}

// IsThrottle reports whether an error code is one of the throttling codes
// of the AWS services tailtop calls.
func IsThrottle(code string) bool {
	switch code {
	case "ProvisionedThroughputExceededException", "LimitExceededException", "TooManyRequestsException",
		"RequestLimitExceeded", "SlowDown", "KMSThrottlingException":
		return true
	}
	return strings.Contains(code, "Throttl")
}

// RetryNote says what a feed does about a failed call it will make again
// after wait: "throttled, retrying in 800ms", "credentials expired,
// refreshing", "connection reset, reconnecting in 1s", "server error
// (InternalFailure), retrying in 2s".
func RetryNote(err error, wait time.Duration) string {
	in := ""
	if wait > 0 {
		in = " in " + Round(wait).String()
	}
	switch t := Trouble(err); t {
	case TroubleExpired:
		if in != "" {
			return TroubleExpired + ", refreshing, retrying" + in
		}
		return TroubleExpired + ", refreshing"
	case TroubleReset:
		return TroubleReset + ", reconnecting" + in
	case "":
		return troubleUnqualified + ", retrying" + in
	default:
		return t + ", retrying" + in
	}
}

// Round rounds a wait for display: to the millisecond below a second, to
// the tenth of a second above.
func Round(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// Cause is one line for a failure below the API (a connection, a timeout,
// a body that could not be read): its innermost cause, without the SDK's
// stack of wrappers around it, and with what may be secret cut (Redact).
func Cause(err error) string {
	if err == nil {
		return ""
	}
	root := err
	for u := errors.Unwrap(root); u != nil; u = errors.Unwrap(root) {
		root = u
	}
	return oneLine(Redact(root.Error()))
}
