package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// cloudTrailCorpus is every sample of the cloudtrail folder and what must
// become of it. The key values of every event are checked against an
// independent reading of the sample with encoding/json (trailOracle).
var cloudTrailCorpus = []struct {
	file string
	// events is the number of API-call events; unparsed the lines that
	// must be Unparsed (1-based); blank trailing lines are Unparsed too.
	events   int
	unparsed []int
	// invalid: the sample is not valid JSON as published (a documented
	// negative): no event, and the line where that shows Unparsed (the
	// last, unless unparsed says otherwise).
	invalid bool
	note    string
}{
	{file: "awsdocs-iam_iam-get-user-policy.json", events: 1, note: "pretty-printed single event"},
	{file: "awsdocs-iam_s3-delete-bucket_invoked-by-service.json", events: 1},
	{file: "awsdocs-iam_signin-console-login-failed-auth.json", events: 1, note: "failed sign-in without errorCode"},
	{file: "awsdocs-iam_signin-console-login-no-username.json", events: 1},
	{file: "awsdocs-iam_signin-console-login-success_INVALID-JSON.json", invalid: true},
	{file: "awsdocs-iam_sts-assume-role-with-saml_INVALID-JSON.json", invalid: true},
	{file: "awsdocs-iam_sts-assume-role-with-web-identity_INVALID-JSON.json", invalid: true},
	{file: "awsdocs-iam_sts-assume-role_caller-account.json", events: 1},
	{file: "awsdocs-iam_sts-assume-role_role-account.json", events: 1},
	{file: "awsdocs-iam_sts-assume-role_session-tags-sourceidentity.json", events: 1},
	{file: "awsdocs_ec2-create-key-pair.json", events: 1, note: `{"Records": [{ on the first line`},
	{file: "awsdocs_ec2-start-instances.json", events: 1},
	{file: "awsdocs_ec2-stop-instances.json", events: 1},
	{file: "awsdocs_iam-add-user-to-group.json", events: 1},
	{file: "awsdocs_iam-create-role_invalid-json-control-char.json", invalid: true, unparsed: []int{33},
		note: "raw newlines inside a string: the line closing that record is Unparsed"},
	{file: "awsdocs_iam-create-user.json", events: 1},
	{file: "awsdocs_insights-start-end.json", events: 0, note: "Insights events: Meta, no API call"},
	{file: "awsdocs_update-trail_error-TrailNotFoundException.json", events: 1},
	{file: "beats_assume-role-json.log", events: 1},
	{file: "beats_cloudtrail-digest-json.log", events: 0, note: "digest file: Meta"},
	{file: "beats_console-login-json.log", events: 2},
	{file: "beats_create-key-pair-json.log", events: 1},
	{file: "beats_insight-json.log", events: 0},
	{file: "integrations_console-login-json.log", events: 3},
	{file: "integrations_copy-object-data-event.log", events: 1, unparsed: []int{2}, note: "trailing blank line"},
	{file: "loki_cloudtrail_records_pretty.json.gz", events: 2},
	{file: "trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z.json", events: 2},
	{file: "trailscraper_111111111111_CloudTrail_eu-central-1_20171211T1505Z.json.gz", events: 2},
	{file: "trailscraper_events-for-smoke-test.json", events: 3},
}

func TestCloudTrailCorpusComplete(t *testing.T) {
	ents, err := os.ReadDir(corpus.Path(t, "cloudtrail"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !slices.ContainsFunc(cloudTrailCorpus, func(c struct {
			file     string
			events   int
			unparsed []int
			invalid  bool
			note     string
		}) bool {
			return c.file == e.Name()
		}) {
			t.Errorf("cloudtrail/%s is not in cloudTrailCorpus", e.Name())
		}
	}
}

func TestCloudTrailCorpus(t *testing.T) {
	for _, c := range cloudTrailCorpus {
		t.Run(c.file, func(t *testing.T) {
			in := sample(t, "cloudtrail", c.file)
			// Detection over every format, and the named parser.
			for _, p := range []Parser{NewAuto(Options{}), mustParser(t, "cloudtrail", Options{})} {
				res, evs := run(p, in, true)
				if got := p.Format(); got != "cloudtrail" {
					t.Errorf("format %q, want cloudtrail", got)
				}
				for i, r := range res {
					wantBad := slices.Contains(c.unparsed, i+1) || c.invalid && c.unparsed == nil && i == len(res)-1
					if wantBad != (r == Unparsed) {
						t.Errorf("line %d: %v (want unparsed: %v): %.80q", i+1, r, wantBad, in[i])
					}
				}
				if len(evs) != c.events {
					t.Fatalf("%d events, want %d", len(evs), c.events)
				}
				if c.invalid {
					return
				}
				want := trailOracle(t, in)
				if len(want) != len(evs) {
					t.Fatalf("oracle finds %d API calls, parser %d", len(want), len(evs))
				}
				for i, ev := range evs {
					w := want[i]
					if ev.actor != w.actor || ev.target != w.target || ev.status != w.status || ev.sourceIP != w.sourceIP ||
						!ev.time.Equal(w.time) || ev.denied != w.denied || ev.failure != w.failure {
						t.Errorf("event %d (line %d):\n got  %q %q %q %q %v denied=%v failure=%v\n want %q %q %q %q %v denied=%v failure=%v",
							i+1, ev.line, ev.actor, ev.target, ev.status, ev.sourceIP, ev.time, ev.denied, ev.failure,
							w.actor, w.target, w.status, w.sourceIP, w.time, w.denied, w.failure)
					}
					if ev.fields["eventName"] == "" || ev.fields["eventTime"] == "" {
						t.Errorf("event %d: Fields lack eventName or eventTime: %v", i+1, ev.fieldOrder)
					}
					if !json.Valid([]byte(ev.raw)) {
						t.Errorf("event %d: Raw is not the record's JSON: %.80q", i+1, ev.raw)
					}
				}
			}
		})
	}
}

// trailWant is what an event must be, as read by the oracle.
type trailWant struct {
	actor, target, status, sourceIP string
	time                            time.Time
	denied, failure                 bool
}

// trailOracle reads a valid sample with encoding/json, independently of the
// parser: a Records document (the whole sample), or one event per line, or
// one pretty-printed event; Insights events and digests are no API calls.
func trailOracle(t *testing.T, in [][]byte) []trailWant {
	t.Helper()
	type identity struct {
		Type, Arn, UserName, PrincipalID, InvokedBy, AccountID string
	}
	type record struct {
		EventTime, EventSource, EventName, SourceIPAddress string
		ErrorCode, ErrorMessage, EventType, EventCategory  string
		UserIdentity                                       *identity
		ResponseElements                                   json.RawMessage
		Records                                            []json.RawMessage
	}
	var docs [][]byte
	whole := bytes.Join(in, []byte("\n"))
	if json.Valid(whole) {
		docs = append(docs, whole)
	} else {
		for _, l := range in {
			if len(bytes.TrimSpace(l)) > 0 {
				docs = append(docs, l)
			}
		}
	}
	var out []trailWant
	var add func(raw []byte)
	add = func(raw []byte) {
		var r record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("oracle: %v", err)
		}
		if r.Records != nil {
			for _, rec := range r.Records {
				add(rec)
			}
			return
		}
		if r.EventType == "AwsCloudTrailInsight" || r.EventCategory == "Insight" || r.EventSource == "" {
			return
		}
		w := trailWant{target: r.EventSource + ":" + r.EventName, status: "OK", sourceIP: r.SourceIPAddress}
		if u := r.UserIdentity; u != nil {
			for _, a := range []string{u.Arn, u.UserName, u.PrincipalID, u.InvokedBy, u.AccountID, u.Type} {
				if a != "" {
					w.actor = a
					break
				}
			}
		}
		var resp struct{ ConsoleLogin string }
		_ = json.Unmarshal(r.ResponseElements, &resp)
		switch {
		case r.ErrorCode != "":
			w.status, w.failure = r.ErrorCode, true
			w.denied = strings.HasPrefix(r.ErrorCode, "AccessDenied") || strings.HasSuffix(r.ErrorCode, "UnauthorizedOperation")
		case resp.ConsoleLogin != "" && resp.ConsoleLogin != "Success":
			w.status, w.failure = resp.ConsoleLogin, true
		}
		w.time, _ = time.Parse(time.RFC3339, r.EventTime)
		out = append(out, w)
	}
	for _, d := range docs {
		add(d)
	}
	return out
}
