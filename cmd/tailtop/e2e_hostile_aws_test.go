package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

// hostileGroup is a log group name no console would let one create, but
// that a server (or a man in the middle) can answer DescribeLogGroups with.
const hostileGroup = "/hostile/\x1b]2;PWNED-group\x07\u009b2J\u202egrp\x1b[?1049l"

// hostileErrorServer is the CloudWatch Logs test server behind a proxy
// that answers every FilterLogEvents with an error whose code and message
// are hostile; the other operations (DescribeLogGroups, which names the
// hostile group) pass through.
func hostileErrorServer(t *testing.T) string {
	t.Helper()
	srv := cwlogstest.New()
	t.Cleanup(srv.Close)
	srv.AddGroups(hostileGroup, "/hostile/ok")
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".FilterLogEvents") {
			proxy.ServeHTTP(w, r)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		body, _ := json.Marshal(map[string]string{
			"__type":  "com.amazonaws.logs#Evil\x1b]0;PWNED-code\x07Exception",
			"message": "denied \x1b]52;c;UFdORUQ=\x07\x1b[2J\x1b]8;;http://evil.example/\x07click\u009b6n\u202eright-to-left PWNED-message",
		})
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(body)
	}))
	t.Cleanup(front.Close)
	return front.URL
}

func fakeAWSEnv(endpoint string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + endpoint, "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7FAKEKEY", "AWS_SECRET_ACCESS_KEY=" + fakeSecret,
		"AWS_SESSION_TOKEN=FAKESESSIONTOKEN0123456789", "AWS_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}

// AWS fields that land on screen are as untrusted as log lines: a log
// group name from DescribeLogGroups and an error code and message from a
// failing call, shown in the sources view, in the status line and in the
// report, have no effect on the terminal and keep every pane's width.
func TestE2EHostileAWSFields(t *testing.T) {
	bin := binary(t)
	env := fakeAWSEnv(hostileErrorServer(t))
	source := "cwlogs:///hostile/*?mode=poll"
	s := startRawTmux(t, t.TempDir(), append([]string{"NO_COLOR=1", "TERM=xterm-256color"}, env...), bin, "--window", "1h", source)
	// The first failed call shows in the status line: by then the
	// screen has long been taking keys.
	s.settle("the source failing", func(sc string) bool { return strings.Contains(sc, "cwlogs:///hostile/* reconnecting ✗") })
	sc := s.press("the sources view with the error", func(sc string) bool {
		return strings.Contains(sc, "━ sources ") && strings.Contains(sc, "last error: ") && strings.Contains(sc, "PWNED-group")
	}, "s")
	if !strings.Contains(sc, "␛]2;PWNED-group␇") {
		t.Errorf("the hostile group name is not shown, made inert:\n%s", sc)
	}
	s.check("sources view", "")
	s.press("the panes", func(sc string) bool { return !strings.Contains(sc, "━ sources ") }, "s")
	s.check("panes", "")
	s.quitChecked()

	// The same fields in the text report and its JSON.
	for _, args := range [][]string{{"report", "--for", "3s", source}, {"report", "--json", "--for", "3s", source}} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(cmd.Environ(), env...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		_ = cmd.Run() // the source's errors may fail the report; its output is what is judged
		out := stdout.String() + stderr.String()
		if !strings.Contains(out, "PWNED-group") || !strings.Contains(out, "PWNED-code") {
			t.Errorf("%v does not show the hostile group and error:\n%s", args, out)
		}
		for _, v := range textViolations(stdout.Bytes(), args[1] != "--json") {
			t.Errorf("%v stdout: %s", args, v)
		}
		for _, v := range textViolations(stderr.Bytes(), true) {
			t.Errorf("%v stderr: %s", args, v)
		}
	}
}
