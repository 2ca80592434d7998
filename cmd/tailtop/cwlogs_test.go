package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

const fakeSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKESECRET"

func fakeAWS(t *testing.T, endpoint string) {
	t.Setenv("AWS_ENDPOINT_URL", endpoint)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7FAKEKEY")
	t.Setenv("AWS_SECRET_ACCESS_KEY", fakeSecret)
	t.Setenv("AWS_SESSION_TOKEN", "FAKESESSIONTOKEN0123456789")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
}

// `report --for` on a CloudWatch Logs group through the real client and the
// wire-level test server: every event counted once, parsed by the detected
// format, and no credential in any output.
func TestReportCloudWatchLogsHeadless(t *testing.T) {
	srv := cwlogstest.New()
	defer srv.Close()
	srv.AddGroups("/app/web")
	now := time.Now()
	var evs []cwlogstest.Event
	for i := 0; i < 40; i++ {
		ts := now.Add(-time.Minute + time.Duration(i)*time.Second)
		evs = append(evs, cwlogstest.Event{Group: "/app/web", Stream: "i-1", Timestamp: ts,
			Message: fmt.Sprintf(`10.0.0.%d - - [%s] "GET /x HTTP/1.1" 200 5 "-" "t"`, i%4, ts.UTC().Format("02/Jan/2006:15:04:05 -0700"))})
	}
	srv.Put(evs...)
	fakeAWS(t, srv.URL)
	out, errs, code := runCmd(t, "report", "--json", "--for", "3s", "--since", "10m", "cwlogs:///app/web?mode=poll")
	if code != 0 {
		t.Fatalf("report exited %d: %s", code, errs)
	}
	for _, secret := range []string{fakeSecret, "FAKESESSIONTOKEN", "AKIAIOSFODNN7FAKEKEY"} {
		if strings.Contains(out+errs, secret) {
			t.Fatalf("a credential appeared in the output")
		}
	}
	snap := reportJSON(t, "--for", "2s", "--since", "10m", "cwlogs:///app/web?mode=poll")
	s := snap.Streams[0]
	if s.Name != "cwlogs:///app/web" || s.Lines != 40 || s.Parsed != 40 || s.Format != "combined" || s.Top.Actor[0].Count != 10 {
		t.Fatalf("cwlogs report: name=%s lines=%d parsed=%d format=%s top=%v", s.Name, s.Lines, s.Parsed, s.Format, s.Top.Actor)
	}
}

func TestCloudWatchLogsBadUsageIsClear(t *testing.T) {
	srv := cwlogstest.New()
	defer srv.Close()
	fakeAWS(t, srv.URL)
	_, errs, code := runCmd(t, "report", "--for", "1s", "cwlogs://a,b?streams=x")
	if code == 0 || !strings.Contains(errs, "one") {
		t.Fatalf("streams with two groups: code %d, stderr %q", code, errs)
	}
	_, errs, code = runCmd(t, "report", "--for", "1s", "cwlogs://g?bogus=1")
	if code != 2 || !strings.Contains(errs, "bogus") {
		t.Fatalf("unknown option: code %d, stderr %q", code, errs)
	}
}
