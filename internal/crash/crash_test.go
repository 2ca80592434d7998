package crash

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer for writers on several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// crashIn runs fn in a goroutine started with Go and returns the exit code
// the handler asked for and what it printed. The handler's exit ends only
// that goroutine here.
func crashIn(t *testing.T, name string, fn func(), restore func(w *syncBuffer)) (int, string) {
	t.Helper()
	var out syncBuffer
	codes := make(chan int, 1)
	mu.Lock()
	version, stderr, traceDir = "v-test", &out, t.TempDir()
	exit = func(code int) {
		codes <- code
		runtime.Goexit()
	}
	mu.Unlock()
	installed.Store(true)
	t.Cleanup(func() {
		installed.Store(false)
		mu.Lock()
		exit = os.Exit
		stderr = os.Stderr
		traceDir = ""
		mu.Unlock()
		crashing.Store(false)
		exitMu.Unlock()
	})
	if restore != nil {
		remove := OnCrash(func() { restore(&out) })
		t.Cleanup(remove)
	}
	Go(name, fn)
	return <-codes, out.String()
}

const logText = "GET /\x1b]2;PWNED\x07 secret-line-content"

func TestPanicValueNeverReported(t *testing.T) {
	code, out := crashIn(t, "feed", func() {
		panic("parse failed on " + logText)
	}, func(w *syncBuffer) { w.Write([]byte("RESTORED\n")) })
	if code != ExitCode {
		t.Errorf("exit code %d, want %d", code, ExitCode)
	}
	if !strings.HasPrefix(out, "RESTORED\n") {
		t.Errorf("the terminal was not restored before the report:\n%s", out)
	}
	for _, want := range []string{"tailtop crashed: panic with a value of type string", "feed goroutine", "v-test"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret-line-content") || strings.Contains(out, "\x1b") {
		t.Errorf("the report holds the panic value:\n%q", out)
	}
	path := regexp.MustCompile(`trace is in (\S+);`).FindStringSubmatch(out)
	if path == nil {
		t.Fatalf("no trace file named:\n%s", out)
	}
	fi, err := os.Stat(path[1])
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("trace file mode %v, want 0600", fi.Mode().Perm())
	}
	trace, _ := os.ReadFile(path[1])
	if bytes.Contains(trace, []byte("secret-line-content")) {
		t.Errorf("the trace holds the panic value")
	}
	if !bytes.Contains(trace, []byte("TestPanicValueNeverReported")) || !bytes.Contains(trace, []byte("goroutine ")) {
		t.Errorf("the trace lacks the stacks:\n%s", trace)
	}
}

func TestErrorPanicReducedToType(t *testing.T) {
	_, out := crashIn(t, "parse", func() {
		panic(os.ErrNotExist)
	}, nil)
	if !strings.Contains(out, "error of type *errors.errorString") || strings.Contains(out, os.ErrNotExist.Error()) {
		t.Errorf("report:\n%s", out)
	}
}

func TestRuntimeErrorShown(t *testing.T) {
	_, out := crashIn(t, "ui", func() {
		var s []int
		i := len(logText)
		_ = s[i]
	}, nil)
	want := fmt.Sprintf("runtime error: index out of range [%d] with length 0", len(logText))
	if !strings.Contains(out, want) || !strings.Contains(out, "ui goroutine") {
		t.Errorf("report:\n%s", out)
	}
}

func TestHangingRestorerDoesNotHideTheReport(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the restore timeout")
	}
	block := make(chan struct{})
	defer close(block)
	code, out := crashIn(t, "ui", func() { panic(1) }, func(*syncBuffer) { <-block })
	if code != ExitCode || !strings.Contains(out, "value of type int") {
		t.Errorf("code %d, report:\n%s", code, out)
	}
}

// Before Configure, a panic is Go's own: a package's tests show it.
func TestRecoverRepanicsUntilConfigured(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want the panic again", r)
		}
	}()
	func() {
		defer Recover("test")
		panic("boom")
	}()
}

func TestHoldReturnsWhenNotCrashing(t *testing.T) {
	Hold() // must not block
	if Crashing() {
		t.Fatal("crashing without a panic")
	}
}

func TestDescribeCleansRuntimeErrors(t *testing.T) {
	var r any
	func() {
		defer func() { r = recover() }()
		var m map[string]int
		m["a"] = 1
	}()
	if got := Describe(r); got != "assignment to entry in nil map" {
		t.Errorf("Describe = %q", got)
	}
	if got := clean("a\x1b[2J\u009bb" + strings.Repeat("x", 300)); strings.ContainsAny(got, "\x1b\u009b") || len(got) != 160 {
		t.Errorf("clean = %q (%d bytes)", got, len(got))
	}
}
