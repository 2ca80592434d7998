package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Credentials, session tokens and signed URLs never appear in tailtop's
// output, its errors, its screen or any file it writes: the commands run
// with fake credentials and an endpoint whose URL carries a presigned-
// looking query, against an endpoint that refuses connections, and
// against one that answers every call with an error quoting a signed URL
// and echoing the request's signature headers. Everything they print,
// everything the terminal received, and every file left in their
// temporary and home directories is searched for the secrets. (tailtop
// has no debug log to search.)

// The secrets: the credentials of the environment, and the parts of a
// signed URL (signature, token, credential).
var secretValues = []string{
	"AKIAIOSFODNN7FAKEKEY", fakeSecret, "FAKESESSIONTOKEN0123456789",
	"deadbeefSIGNATURE0123456789abcdef", "PRESIGNEDSESSIONTOKENvalue", "AKIAPRESIGNEDCRED",
}

// signedQuery is a presigned-looking query string.
const signedQuery = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAPRESIGNEDCRED%2F20260301%2Fus-east-1%2Fs3%2Faws4_request" +
	"&X-Amz-Security-Token=PRESIGNEDSESSIONTOKENvalue&X-Amz-Signature=deadbeefSIGNATURE0123456789abcdef"

// refusedEndpoint is an address nothing listens on, with a signed query.
func refusedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/?" + signedQuery
}

// leakyEndpoint answers every call with an error whose message quotes a
// signed URL and echoes the request's Authorization and session token
// headers, as a careless proxy might.
func leakyEndpoint(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		tok := r.Header.Get("X-Amz-Security-Token")
		msg := "denied token " + tok + " X-Amz-Security-Token: " + tok +
			" see https://bucket.s3.amazonaws.com/report.csv?" + signedQuery +
			" you sent Authorization: " + r.Header.Get("Authorization")
		body, _ := json.Marshal(map[string]string{"__type": "ValidationException", "message": msg})
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// secretEnv is the environment of a run: fake credentials, the endpoint,
// and private temporary and home directories, made in dir, whose files are
// searched afterwards.
func secretEnv(t *testing.T, endpoint, dir string) []string {
	t.Helper()
	for _, d := range []string{"tmp", "home"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env := fakeAWSEnv(endpoint)
	for i, e := range env {
		if strings.HasPrefix(e, "AWS_ENDPOINT_URL=") {
			env[i] = "AWS_ENDPOINT_URL=" + endpoint
		}
	}
	return append(env, "TMPDIR="+filepath.Join(dir, "tmp"), "HOME="+filepath.Join(dir, "home"), "XDG_CONFIG_HOME="+filepath.Join(dir, "home", ".config"))
}

// assertNoSecret fails t when a secret is in out.
func assertNoSecret(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range secretValues {
		if strings.Contains(out, s) {
			i := strings.Index(out, s)
			t.Errorf("%s holds the secret %q: …%s…", what, s, out[max(i-120, 0):min(i+len(s)+40, len(out))])
		}
	}
}

// assertNoSecretFiles searches every file under dir.
func assertNoSecretFiles(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil {
			assertNoSecret(t, "the file "+path, string(b))
		}
		return nil
	})
}

// runSecretCmd runs tailtop with env until it exits, or until stop holds
// for its output and it is sent SIGINT; it returns stdout and stderr.
func runSecretCmd(t *testing.T, bin string, env []string, stop func(out string) bool, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if stop != nil {
		deadline := time.Now().Add(60 * time.Second)
		for !stop(out.String()) && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond) // polling interval, not synchronization
		}
		_ = cmd.Process.Signal(syscall.SIGINT)
	}
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatalf("%v did not end:\n%s", args, out.String())
	}
	return out.String()
}

// lockedBuffer is a bytes.Buffer written by a process's two pipes and read
// by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSecretsNeverInHeadlessOutput(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "access.log")
	appendLines(t, log, accessLines("203.0.113.50", "/x", 200, 20)...)
	for name, endpoint := range map[string]string{"refused": refusedEndpoint(t), "leaky": leakyEndpoint(t)} {
		t.Run(name, func(t *testing.T) {
			run := t.TempDir()
			env := secretEnv(t, endpoint, run)
			for _, args := range [][]string{
				{"report", "--for", "3s", "kinesis://web"},
				{"report", "--json", "--for", "3s", "cwlogs://app?mode=poll"},
				{"report", "--for", "3s", "cwlogs://app"},
				{"report", "--for", "3s", "--role-arn", "arn:aws:iam::111122223333:role/reader", "kinesis://web"},
				{"report", "--publish", "cloudwatch", "--metric-interval", "1s", log},
				{"parse", "--for", "3s", "kinesis://web"},
			} {
				out := runSecretCmd(t, bin, env, nil, args...)
				if out == "" && args[0] == "report" {
					t.Errorf("%v printed nothing", args)
				}
				assertNoSecret(t, strings.Join(args, " "), out)
			}
			// watch runs until stopped: once it has printed its health
			// line (one per interval) twice.
			twice := func(out string) bool { return strings.Count(out, "tailtop: ") >= 2 }
			out := runSecretCmd(t, bin, env, twice, "watch", "--no-tui", "--publish-dry-run", "--metric-interval", "1s", "--from-start", log)
			assertNoSecret(t, "watch --no-tui --publish-dry-run", out)
			out = runSecretCmd(t, bin, env, twice, "watch", "--no-tui", "--publish", "cloudwatch", "--metric-interval", "1s", "--from-start", log)
			assertNoSecret(t, "watch --no-tui --publish cloudwatch", out)
			assertNoSecretFiles(t, run)
		})
	}
}

// The screen: the sources' errors in the sources view and the status
// line, and every byte the terminal received.
func TestSecretsNeverOnScreen(t *testing.T) {
	bin := binary(t)
	for name, endpoint := range map[string]string{"refused": refusedEndpoint(t), "leaky": leakyEndpoint(t)} {
		t.Run(name, func(t *testing.T) {
			run := t.TempDir()
			s := startRawTmux(t, run, append([]string{"TERM=xterm-256color"}, secretEnv(t, endpoint, run)...),
				bin, "--publish", "cloudwatch", "--metric-interval", "1s", "kinesis://web", "cwlogs://app?mode=poll")
			s.settle("the sources failing", func(sc string) bool { return strings.Count(sc, "✗") >= 2 })
			s.press("the sources view", func(sc string) bool {
				return strings.Contains(sc, "━ sources ") && strings.Count(sc, "last error:") >= 2
			}, "s")
			assertNoSecret(t, "the sources view", s.run("capture-pane", "-p", "-J", "-S", "-"))
			s.keys("q")
			if code := s.waitExit(); code != "0" && code != "1" {
				t.Errorf("tailtop exited with %s", code)
			}
			assertNoSecret(t, "the screen after exit", s.run("capture-pane", "-p", "-J", "-S", "-"))
			assertNoSecret(t, "the terminal's input", string(s.rawBytes()))
			assertNoSecretFiles(t, run)
		})
	}
}
