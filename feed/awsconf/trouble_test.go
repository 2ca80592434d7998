package awsconf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

// TestExpiredAndOtherRetryNotes: the words the sources pane shows for
// each kind of failed call, with the wait rounded for reading.
func TestExpiredAndOtherRetryNotes(t *testing.T) {
	op := func(err error) error {
		return &smithy.OperationError{ServiceID: "Kinesis", OperationName: "GetRecords", Err: err}
	}
	for _, tc := range []struct {
		err  error
		wait time.Duration
		want string
	}{
		{&smithy.GenericAPIError{Code: "ProvisionedThroughputExceededException"}, 812345 * time.Microsecond, "throttled, retrying in 812ms"},
		{&smithy.GenericAPIError{Code: "ThrottlingException"}, 1234 * time.Millisecond, "throttled, retrying in 1.2s"},
		{&smithy.GenericAPIError{Code: "ExpiredTokenException"}, 0, "credentials expired, refreshing"},
		{op(&smithy.GenericAPIError{Code: "ExpiredToken"}), time.Second, "credentials expired, refreshing, retrying in 1s"},
		{op(fmt.Errorf("read: %w", syscall.ECONNRESET)), 250 * time.Millisecond, "connection reset, reconnecting in 250ms"},
		{op(io.ErrUnexpectedEOF), 0, "connection reset, reconnecting"},
		{op(context.DeadlineExceeded), time.Second, "no answer in time, retrying in 1s"},
		{op(&smithy.DeserializationError{Err: errors.New("invalid character")}), time.Second, "malformed answer, retrying in 1s"},
		{&smithy.GenericAPIError{Code: "AccessDeniedException"}, 30 * time.Second, "failed, retrying in 30s"},
	} {
		if got := RetryNote(tc.err, tc.wait); got != tc.want {
			t.Errorf("RetryNote(%v, %v) = %q, want %q", tc.err, tc.wait, got, tc.want)
		}
	}
	if !IsExpiredToken(op(&smithy.GenericAPIError{Code: "ExpiredTokenException"})) || IsExpiredToken(&smithy.GenericAPIError{Code: "ExpiredIteratorException"}) {
		t.Error("IsExpiredToken mistakes an expired iterator for expired credentials, or misses expired ones")
	}
	if got := Cause(op(fmt.Errorf("Post \"http://h/?X-Amz-Signature=abc\": %w", errors.New("dial tcp: refused")))); got != "dial tcp: refused" {
		t.Errorf("Cause = %q", got)
	}
}
