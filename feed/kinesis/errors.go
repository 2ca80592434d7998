package kinesis

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/tailtop/tailtop/feed/awsconf"
)

// class is what a failed call means for the loop that made it.
type class int

const (
	transient    class = iota // a 5xx, a dropped connection, a timeout: retry
	throttled                 // over a limit: back off, retry
	expired                   // ExpiredIteratorException: new iterator
	notFound                  // ResourceNotFoundException
	inUse                     // ResourceInUseException
	denied                    // credentials or IAM: retry slowly, show it
	invalid                   // a request the service will never accept
	credsExpired              // ExpiredTokenException: refresh the credentials, retry
)

func classify(err error) class {
	var ae smithy.APIError
	if awsconf.IsExpiredToken(err) {
		// The credential cache drops the credentials the service refused
		// (awsconf.RefreshExpiredCredentials): the next call refreshes them.
		return credsExpired
	}
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "ExpiredIteratorException":
			return expired
		case "ProvisionedThroughputExceededException", "LimitExceededException", "ThrottlingException",
			"KMSThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown":
			return throttled
		case "ResourceNotFoundException":
			return notFound
		case "ResourceInUseException":
			return inUse
		case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
			"IncompleteSignature", "MissingAuthenticationToken",
			"KMSAccessDeniedException", "InvalidClientTokenId", "UnauthorizedOperation":
			return denied
		case "InvalidArgumentException", "ValidationException", "SerializationException":
			return invalid
		}
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 400 && re.HTTPStatusCode() < 500 &&
		re.HTTPStatusCode() != 408 && re.HTTPStatusCode() != 429 {
		return invalid
	}
	if errors.As(err, &re) && re.HTTPStatusCode() == 429 {
		return throttled
	}
	return transient
}

// fatalAtStart reports whether an error of the first calls (listing the
// shards, registering the consumer) should end Run: the user must act.
func fatalAtStart(err error) bool {
	switch classify(err) {
	case notFound, denied, invalid:
		return true
	}
	// No credentials at all is not an API error.
	return isNoCredentials(err)
}

func isNoCredentials(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"failed to retrieve credentials", "no EC2 IMDS role found", "failed to refresh cached credentials"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// backoff is exponential with full jitter between min and max.
type backoff struct {
	min, max time.Duration
	n        int
}

func (b *backoff) next() time.Duration {
	d := b.min << min(b.n, 16)
	if d > b.max || d <= 0 {
		d = b.max
	}
	b.n++
	// Half fixed, half random: never zero, still spread out.
	return d/2 + rand.N(d/2+1)
}

func (b *backoff) reset() { b.n = 0 }

// sleep waits d or until ctx is done; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// retryText is the status line of a failed call made again after wait.
func retryText(err error, wait time.Duration) string {
	return awsconf.RetryNote(err, wait) + ": " + explain(err)
}

// explain is awsconf.Explain, plus one short line for a call that failed
// below the API (a connection refused, dropped or cut short), where the
// SDK's text is a stack of wrappers.
func explain(err error) string {
	var ae smithy.APIError
	var oe *smithy.OperationError
	if errors.As(err, &ae) || isNoCredentials(err) || !errors.As(err, &oe) {
		return awsconf.Explain(err)
	}
	root := err
	for {
		u := errors.Unwrap(root)
		if u == nil {
			break
		}
		root = u
	}
	var ne net.Error
	var ue *url.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return oe.Operation() + ": no answer in time"
	case errors.As(err, &ne), errors.As(err, &ue), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return oe.Operation() + ": connection failed (" + awsconf.Explain(root) + ")"
	}
	return oe.Operation() + ": " + awsconf.Explain(root)
}
