package publish

import (
	"context"
	"errors"
	"fmt"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/tailtop/tailtop/feed/awsconf"
)

// outcome is what a failed put means for its batch.
type outcome int

const (
	// retry: throttling, a 5xx, the network, a timeout, credentials or
	// permissions (which an operator can fix while tailtop runs): send the
	// same batch again after a backoff.
	retry outcome = iota
	// reject: CloudWatch refused the request itself (a 4xx such as
	// InvalidParameterValue): the same batch would be refused again, so it
	// is dropped and counted.
	reject
)

// classify decides between retry and reject.
func classify(err error) outcome {
	var we *writeError
	if errors.As(err, &we) {
		return reject
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch {
		case strings.Contains(code, "Throttl"), code == "TooManyRequestsException", code == "RequestLimitExceeded",
			code == "LimitExceededException", code == "SlowDown":
			return retry
		case strings.Contains(code, "AccessDenied"), strings.Contains(code, "Unauthorized"),
			code == "UnrecognizedClientException", code == "InvalidClientTokenId", code == "InvalidSignatureException",
			code == "SignatureDoesNotMatch", code == "MissingAuthenticationToken", code == "MissingAuthenticationTokenException",
			strings.HasPrefix(code, "ExpiredToken"), code == "RequestExpired":
			return retry
		}
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		switch s := re.HTTPStatusCode(); {
		case s == 429 || s == 408 || s >= 500:
			return retry
		case s >= 400:
			return reject
		}
	}
	return retry
}

// explain is one line for the sources pane, credential-free.
func explain(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch {
		case strings.Contains(code, "Throttl"):
			return "CloudWatch throttled the request (" + code + ")"
		case strings.Contains(code, "AccessDenied"):
			return fmt.Sprintf("access denied (%s): the credentials need cloudwatch:PutMetricData (see README, IAM)", code)
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "CloudWatch did not answer in time"
	}
	msg := awsconf.Explain(err)
	var oe *smithy.OperationError
	if errors.As(err, &oe) && !errors.As(err, &ae) && !strings.HasPrefix(msg, "no AWS credentials") {
		// Below the API (a connection, a body that could not be read):
		// the SDK's text around the cause is a stack of wrappers.
		return awsconf.Cause(err)
	}
	return msg
}
