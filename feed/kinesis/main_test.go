package kinesis_test

import (
	"os"
	"sync"
	"testing"

	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// The kinesis-mock emulator shared by the package's tests: started by the
// first test that needs it (so that listing tests or running the unit
// tests alone starts nothing), stopped by TestMain after all of them.
var (
	mockOnce sync.Once
	mock     *kinesistest.Emulator
	mockErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if mock != nil {
		mock.Stop()
	}
	os.Exit(code)
}

// needMock returns the emulator, starting it on first use, or skips the
// test: fails it when the emulators are required (TAILTOP_E2E=require, as
// scripts/test sets).
func needMock(t testing.TB) *kinesistest.Emulator {
	t.Helper()
	mockOnce.Do(func() { mock, mockErr = kinesistest.StartMock() })
	if mock == nil {
		if kinesistest.Required() {
			t.Fatalf("kinesis-mock is required (TAILTOP_E2E=require) but did not start: %v", mockErr)
		}
		t.Skipf("kinesis-mock not available (set TAILTOP_E2E=require to fail instead): %v", mockErr)
	}
	return mock
}
