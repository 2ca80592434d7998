package cwlogs

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/smithy-go"

	"github.com/tailtop/tailtop/feed/awsconf"
)

// errStopped reports that emit returned false: the consumer is gone.
var errStopped = errors.New("cwlogs: consumer gone")

// unavailableError reports that Live Tail cannot be used here, so the
// source polls instead.
type unavailableError struct{ err error }

func (e *unavailableError) Error() string { return "Live Tail not available: " + explain(e.err) }
func (e *unavailableError) Unwrap() error { return e.err }

// errClass is what a failed call means for the caller.
type errClass int

const (
	// transient: retry with backoff.
	transient errClass = iota
	// throttled: the account's request rate is exceeded; slow down.
	throttled
	// quota: too many Live Tail sessions open in the account.
	quota
	// fatal: retrying will not help (no credentials, access denied, no
	// such group, a rejected request) unless something outside changes.
	fatal
	// unavailable: the endpoint does not offer Live Tail.
	unavailable
	// expiredCreds: the service found the credentials expired; the
	// credential cache drops them (awsconf.RefreshExpiredCredentials) and
	// the call is made again with fresh ones.
	expiredCreds
)

func classify(err error) errClass {
	if awsconf.IsExpiredToken(err) {
		return expiredCreds
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		msg := strings.ToLower(ae.ErrorMessage())
		switch {
		case strings.Contains(code, "Throttl"), code == "TooManyRequestsException", code == "RequestLimitExceeded":
			return throttled
		case code == "LimitExceededException":
			return quota
		case strings.Contains(code, "AccessDenied"), strings.Contains(code, "Unauthorized"),
			code == "UnrecognizedClientException", code == "InvalidSignatureException",
			code == "MissingAuthenticationTokenException",
			code == "ResourceNotFoundException", code == "InvalidParameterException",
			code == "ValidationException", code == "SerializationException":
			return fatal
		case strings.Contains(code, "UnknownOperation"), strings.Contains(code, "InvalidAction"),
			strings.Contains(code, "UnsupportedOperation"), code == "InvalidOperationException",
			code == "NotImplemented", strings.Contains(msg, "not yet implemented"), strings.Contains(msg, "not implemented"),
			strings.Contains(msg, "not supported"):
			return unavailable
		}
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		switch re.HTTPStatusCode() {
		case 404, 501:
			return unavailable
		case 401, 403:
			return fatal
		}
	}
	if noCredentials(err) {
		return fatal
	}
	return transient
}

// badToken reports that FilterLogEvents refused a page token ("The
// specified nextToken is invalid."): a token can be used up by an answer
// that was lost on its way.
func badToken(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "InvalidParameterException" &&
		strings.Contains(strings.ToLower(ae.ErrorMessage()), "token")
}

// noHost reports a DNS failure: for StartLiveTail, whose host differs from
// the other calls', it means the region has no Live Tail endpoint.
func noHost(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

func noCredentials(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "get identity: get credentials:") ||
		strings.Contains(msg, "failed to retrieve credentials") ||
		strings.Contains(msg, "failed to refresh cached credentials") ||
		strings.Contains(msg, "no EC2 IMDS role found")
}

// retryText is the status line of a failed call made again after wait:
// "throttled, retrying in 800ms: FilterLogEvents on g: ...".
func retryText(err error, wait time.Duration, call string) string {
	return awsconf.RetryNote(err, wait) + ": " + call + ": " + detail(err)
}

// detail is explain for an answer of the service; for a failure below the
// API (a connection, a timeout, a body that could not be read) it is the
// innermost cause, without the SDK's stack of wrappers around it.
func detail(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) || noCredentials(err) {
		return explain(err)
	}
	return awsconf.Cause(err)
}

// explain is awsconf.Explain with the CloudWatch Logs cases spelled out.
func explain(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "LimitExceededException":
			return fmt.Sprintf("Live Tail quota exceeded (%s): an account may have 15 Live Tail sessions open at once; close other sessions (console, CLI, other tailtops) or follow fewer groups",
				oneLine(awsconf.Redact(ae.ErrorMessage())))
		case "ResourceNotFoundException":
			return "log group not found: " + oneLine(awsconf.Redact(ae.ErrorMessage()))
		}
	}
	var ste *types.SessionTimeoutException
	if errors.As(err, &ste) {
		return "session timed out (SessionTimeoutException, every 3 hours)"
	}
	var sse *types.SessionStreamingException
	if errors.As(err, &sse) {
		return "session failed (SessionStreamingException: " + oneLine(awsconf.Redact(sse.ErrorMessage())) + ")"
	}
	return awsconf.Explain(err)
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
