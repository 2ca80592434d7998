// Package feedtest holds what the tests of every feed source share.
package feedtest

import (
	"testing"
	"time"
)

// AwaitRun returns the error a source's Run sent on done, and fails the
// test when Run has not returned within limit; what names the run (or the
// step, "after cancel") in that failure.
func AwaitRun(t testing.TB, done <-chan error, limit time.Duration, what string) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("%s: Run did not return within %v", what, limit)
		return nil
	}
}
