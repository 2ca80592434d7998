package awsconf_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/cwlogs"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
	"github.com/tailtop/tailtop/feed/feedtest"
)

// fakeSTS is an STS endpoint on loopback that answers AssumeRole with
// short-lived credentials, and says which keys the services must refuse
// as expired: past their expiry, or revoked early (a session the service
// ends before the time it announced, or a clock running behind).
type fakeSTS struct {
	srv      *httptest.Server
	lifetime time.Duration // the Expiration announced

	mu      sync.Mutex
	forms   []url.Values
	signers []string // the access keys AssumeRole calls were signed with
	expires map[string]time.Time
	revoked map[string]bool
}

func newFakeSTS(t *testing.T, lifetime time.Duration) *fakeSTS {
	s := &fakeSTS{lifetime: lifetime, expires: map[string]time.Time{}, revoked: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("Action") != "AssumeRole" {
		http.Error(w, "not AssumeRole", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	n := len(s.forms) + 1
	s.forms = append(s.forms, r.PostForm)
	s.signers = append(s.signers, accessKey(r.Header.Get("Authorization")))
	key := fmt.Sprintf("ASIAROLE%08d", n)
	exp := time.Now().Add(s.lifetime)
	s.expires[key] = exp
	s.mu.Unlock()
	type creds struct {
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	type user struct{ Arn, AssumedRoleId string }
	type result struct {
		Credentials     creds
		AssumedRoleUser user
	}
	type response struct {
		XMLName          xml.Name `xml:"https://sts.amazonaws.com/doc/2011-06-15/ AssumeRoleResponse"`
		AssumeRoleResult result
		ResponseMetadata struct{ RequestId string }
	}
	var out response
	out.AssumeRoleResult = result{
		Credentials: creds{AccessKeyId: key, SecretAccessKey: "secret-" + key, SessionToken: "token-" + key,
			Expiration: exp.UTC().Format(time.RFC3339Nano)},
		AssumedRoleUser: user{Arn: "arn:aws:sts::123456789012:assumed-role/reader/tailtop", AssumedRoleId: "AROATEST:tailtop"},
	}
	out.ResponseMetadata.RequestId = fmt.Sprint("req-", n)
	w.Header().Set("Content-Type", "text/xml")
	xml.NewEncoder(w).Encode(out)
}

// calls is how many AssumeRole calls were answered.
func (s *fakeSTS) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.forms)
}

// refused reports whether a service must refuse key as expired.
func (s *fakeSTS) refused(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.expires[key]
	return ok && (s.revoked[key] || time.Now().After(exp))
}

// issued reports whether STS issued key.
func (s *fakeSTS) issued(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.expires[key]
	return ok
}

// revokeAll ends every session issued so far.
func (s *fakeSTS) revokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.expires {
		s.revoked[k] = true
	}
}

func accessKey(auth string) string {
	_, rest, _ := strings.Cut(auth, "Credential=")
	key, _, _ := strings.Cut(rest, "/")
	return key
}

// roleEnv isolates the SDK from the machine's AWS settings: base
// credentials from the environment, no profile files, no instance
// metadata, STS at the fake endpoint.
func roleEnv(t *testing.T, sts *fakeSTS) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "AKIDBASE",
		"AWS_SECRET_ACCESS_KEY":       "base-secret",
		"AWS_REGION":                  "us-east-1",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ENDPOINT_URL_STS":        sts.srv.URL,
	} {
		t.Setenv(k, v)
	}
	for _, k := range []string{"AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ROLE_ARN",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"} {
		t.Setenv(k, "") // restored at the end of the test
		os.Unsetenv(k)
	}
}

// roleRun is a CloudWatch Logs source in poll mode (exact: the server
// holds every event) reading through a fault proxy that refuses the keys
// the fake STS says are expired, with the configuration from Load.
type roleRun struct {
	srv   *cwlogstest.Server
	fp    *faultproxy.Proxy
	src   *cwlogs.Source
	lines chan string
	w     *faultproxy.Watcher
	stop  func() error

	mu   sync.Mutex
	keys map[string]int // calls by the key that signed them
}

func startRoleRun(t *testing.T, sts *fakeSTS) *roleRun {
	t.Helper()
	rr := &roleRun{srv: cwlogstest.New(), lines: make(chan string, 10000), keys: map[string]int{}}
	t.Cleanup(rr.srv.Close)
	rr.srv.AddGroups("g")
	fp, err := faultproxy.New(rr.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fp.Close)
	rr.fp = fp
	fp.SetRule(func(c faultproxy.Call) faultproxy.Fault {
		rr.mu.Lock()
		rr.keys[c.AccessKey]++
		rr.mu.Unlock()
		if sts.refused(c.AccessKey) {
			return faultproxy.Fault{Kind: faultproxy.ExpiredToken}
		}
		return faultproxy.Fault{}
	})
	cfg, err := awsconf.Load(context.Background(), awsconf.Settings{
		Region: "us-east-1", RoleARN: "arn:aws:iam::123456789012:role/reader", ExternalID: "ext-42", EndpointURL: fp.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	rr.src, err = cwlogs.New(cwlogs.Config{
		Groups: []string{"g"}, Mode: cwlogs.ModePoll, Since: time.Minute, AWS: cfg,
		PollInterval: 20 * time.Millisecond, PollCallGap: time.Millisecond,
		MinBackoff: 100 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- rr.src.Run(ctx, func(b *feed.Batch) bool {
			for _, l := range b.Lines {
				rr.lines <- string(l.Data)
			}
			return true
		})
	}()
	rr.w = faultproxy.Watch(time.Millisecond, rr.src.Status)
	var once sync.Once
	var runErr error
	rr.stop = func() error {
		once.Do(func() {
			cancel()
			runErr = feedtest.AwaitRun(t, done, 20*time.Second, "after cancel")
			rr.w.Stop()
		})
		return runErr
	}
	t.Cleanup(func() { rr.stop() })
	return rr
}

// collect receives lines until every one of want arrived (or the limit
// passes) and returns how many times each line arrived.
func (rr *roleRun) collect(t *testing.T, got map[string]int, want []string) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		missing := 0
		for _, w := range want {
			if got[w] == 0 {
				missing++
			}
		}
		if missing == 0 {
			return
		}
		select {
		case l := <-rr.lines:
			got[l]++
		case <-deadline:
			t.Fatalf("%d of %d lines missing; status %+v", missing, len(want), rr.src.Status())
		}
	}
}

func (rr *roleRun) put(prefix string, n int) []string {
	var want []string
	for i := range n {
		msg := fmt.Sprintf("%s %d", prefix, i)
		rr.srv.Put(cwlogstest.Event{Group: "g", Stream: "s", Message: msg})
		want = append(want, msg)
	}
	return want
}

// checkAll checks that every line arrived once, and that every call the
// services saw was signed with a key STS issued (never the base key).
func (rr *roleRun) checkAll(t *testing.T, sts *fakeSTS, got map[string]int, want []string) {
	t.Helper()
	// The source goes on polling; a duplicate would arrive by the time of
	// a few more rounds.
	calls := rr.fp.Calls("FilterLogEvents")
	deadline := time.Now().Add(10 * time.Second)
	for rr.fp.Calls("FilterLogEvents") < calls+5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := rr.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	for len(rr.lines) > 0 {
		got[<-rr.lines]++
	}
	for _, w := range want {
		if got[w] != 1 {
			t.Errorf("%q arrived %d times", w, got[w])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d distinct lines, want %d", len(got), len(want))
	}
	rr.mu.Lock()
	defer rr.mu.Unlock()
	for key, n := range rr.keys {
		if !sts.issued(key) {
			t.Errorf("%d calls signed with %q, which STS did not issue", n, key)
		}
	}
	sts.mu.Lock()
	defer sts.mu.Unlock()
	for i, f := range sts.forms {
		if f.Get("RoleArn") != "arn:aws:iam::123456789012:role/reader" || f.Get("ExternalId") != "ext-42" ||
			f.Get("RoleSessionName") != "tailtop" || sts.signers[i] != "AKIDBASE" {
			t.Errorf("AssumeRole call %d: %v signed by %q", i+1, f, sts.signers[i])
		}
	}
}

// TestRoleRefreshAfterExpiredToken: the services end the role's sessions
// long before the expiry STS announced (an hour). The SDK's cache alone
// would keep handing out the refused credentials; the feed's calls drop
// them (awsconf.RefreshExpiredCredentials), the role provider assumes the
// role again, once per ended session, and the feed goes on without losing
// or repeating an event.
func TestRoleRefreshAfterExpiredToken(t *testing.T) {
	sts := newFakeSTS(t, time.Hour)
	roleEnv(t, sts)
	rr := startRoleRun(t, sts)
	got := map[string]int{}
	var want []string
	for round := range 4 {
		if round > 0 {
			before := sts.calls()
			sts.revokeAll()
			deadline := time.Now().Add(20 * time.Second)
			for sts.calls() == before {
				if time.Now().After(deadline) {
					t.Fatalf("round %d: the role was never assumed again; status %+v", round, rr.src.Status())
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		batch := rr.put(fmt.Sprintf("round %d", round), 50)
		want = append(want, batch...)
		rr.collect(t, got, want)
	}
	rr.checkAll(t, sts, got, want)
	if n := sts.calls(); n != 4 {
		t.Errorf("%d AssumeRole calls, want 4: the first, and one per ended session", n)
	}
	if !rr.w.Seen(faultproxy.Says(faultproxy.ExpiredToken)) {
		t.Errorf("the status never said %q: %q", faultproxy.Says(faultproxy.ExpiredToken), rr.w.Texts())
	}
}

// TestRoleRefreshBeforeExpiry: STS issues credentials that last 1.5 s and
// the services refuse them past that. The cache refreshes them through the
// role provider as they expire (a call signed just before the expiry and
// refused just after is made again), and no event is lost or repeated.
func TestRoleRefreshBeforeExpiry(t *testing.T) {
	sts := newFakeSTS(t, 1500*time.Millisecond)
	roleEnv(t, sts)
	rr := startRoleRun(t, sts)
	got := map[string]int{}
	var want []string
	start := time.Now()
	for round := 0; time.Since(start) < 5*time.Second; round++ {
		want = append(want, rr.put(fmt.Sprintf("round %d", round), 20)...)
		rr.collect(t, got, want)
		time.Sleep(250 * time.Millisecond)
	}
	elapsed := time.Since(start)
	rr.checkAll(t, sts, got, want)
	// One AssumeRole per lifetime elapsed, give or take the first and the
	// last.
	if n, most := sts.calls(), int(elapsed/(1500*time.Millisecond))+3; n < 3 || n > most {
		t.Errorf("%d AssumeRole calls in %v of 1.5 s credentials, want 3 to %d", n, elapsed.Round(time.Millisecond), most)
	}
}
