package parse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// trailLine builds a one-line CloudTrail event with the given members
// (JSON text without braces) after a realistic prefix.
func trailLine(members string) string {
	return `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},` +
		`"eventTime":"2024-05-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9"` +
		members + `}`
}

func TestCloudTrailSingleEvents(t *testing.T) {
	tests := []struct {
		name                          string
		line                          string
		actor, target, status, ip     string
		failure, denied, unauthorized bool
		bytes                         int64
	}{
		{name: "ok", line: trailLine(""), actor: "arn:aws:iam::111122223333:user/alice", target: "ec2.amazonaws.com:RunInstances", status: "OK", ip: "203.0.113.9"},
		{name: "AccessDenied", line: trailLine(`,"errorCode":"AccessDenied","errorMessage":"no"`), status: "AccessDenied", failure: true, denied: true},
		{name: "AccessDeniedException", line: trailLine(`,"errorCode":"AccessDeniedException"`), status: "AccessDeniedException", failure: true, denied: true},
		{name: "Client.UnauthorizedOperation", line: trailLine(`,"errorCode":"Client.UnauthorizedOperation"`), status: "Client.UnauthorizedOperation", failure: true, denied: true},
		{name: "UnauthorizedOperation", line: trailLine(`,"errorCode":"UnauthorizedOperation"`), status: "UnauthorizedOperation", failure: true, denied: true},
		{name: "other error", line: trailLine(`,"errorCode":"ThrottlingException"`), status: "ThrottlingException", failure: true},
		{name: "not quite denied", line: trailLine(`,"errorCode":"NotAccessDenied"`), status: "NotAccessDenied", failure: true},
		{name: "authentication", line: trailLine(`,"errorCode":"InvalidClientTokenId"`), status: "InvalidClientTokenId", failure: true, unauthorized: true},
		{name: "empty errorCode", line: trailLine(`,"errorCode":""`), status: "OK"},
		{name: "null errorCode", line: trailLine(`,"errorCode":null`), status: "OK"},
		{name: "console failure", line: trailLine(`,"errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"}`), status: "Failure", failure: true, unauthorized: true},
		{name: "console success", line: trailLine(`,"responseElements":{"ConsoleLogin":"Success"}`), status: "OK"},
		{name: "s3 bytes", line: trailLine(`,"additionalEventData":{"bytesTransferredIn":10,"bytesTransferredOut":224,"x":[1]}`), status: "OK", bytes: 234},
		{name: "escapes", line: `{"eventVersion":"1.05","userIdentity":{"arn":"arn:aws:iam::1:user\/b\u00e9a"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"Get\u004fbject","errorCode":"Access\u0044enied"}`,
			actor: "arn:aws:iam::1:user/béa", target: "s3.amazonaws.com:GetObject", status: "AccessDenied", failure: true, denied: true},
		{name: "actor userName", line: `{"eventVersion":"1.05","userIdentity":{"type":"IAMUser","userName":"bob","principalId":"AIDA"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b"}`, actor: "bob", target: "a:b", status: "OK"},
		{name: "actor principalId", line: `{"eventVersion":"1.05","userIdentity":{"type":"AssumedRole","principalId":"AROA:x"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b"}`, actor: "AROA:x", target: "a:b", status: "OK"},
		{name: "actor invokedBy", line: `{"eventVersion":"1.05","userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b"}`, actor: "ec2.amazonaws.com", target: "a:b", status: "OK"},
		{name: "actor account", line: `{"eventVersion":"1.05","userIdentity":{"type":"AWSAccount","accountId":"999"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b"}`, actor: "999", target: "a:b", status: "OK"},
		{name: "no identity", line: `{"eventVersion":"1.05","userIdentity":null,"eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b"}`, target: "a:b", status: "OK"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newCloudTrail()
			res, evs := run(p, lines(tc.line), false)
			if res[0] != Parsed || len(evs) != 1 {
				t.Fatalf("result %v with %d events", res[0], len(evs))
			}
			ev := evs[0]
			if tc.actor == "" && !strings.Contains(tc.line, `"userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE"`) {
				tc.actor = ev.actor // the case is not about the actor
			}
			if tc.actor == "" {
				tc.actor = "arn:aws:iam::111122223333:user/alice"
			}
			if tc.target == "" {
				tc.target = "ec2.amazonaws.com:RunInstances"
			}
			if tc.name == "no identity" {
				tc.actor = ""
			}
			if ev.actor != tc.actor || ev.target != tc.target || ev.status != tc.status {
				t.Errorf("actor/target/status = %q %q %q, want %q %q %q", ev.actor, ev.target, ev.status, tc.actor, tc.target, tc.status)
			}
			if ev.failure != tc.failure || ev.denied != tc.denied || ev.unauthorized != tc.unauthorized {
				t.Errorf("failure/denied/unauthorized = %v %v %v, want %v %v %v", ev.failure, ev.denied, ev.unauthorized, tc.failure, tc.denied, tc.unauthorized)
			}
			if tc.ip != "" && ev.sourceIP != tc.ip {
				t.Errorf("source IP %q, want %q", ev.sourceIP, tc.ip)
			}
			if ev.bytes != tc.bytes {
				t.Errorf("bytes %d, want %d", ev.bytes, tc.bytes)
			}
			if want := mustTime(t, "2024-05-01T10:00:00Z"); !ev.time.Equal(want) {
				t.Errorf("time %v, want %v", ev.time, want)
			}
			if !ev.rawIsLine {
				t.Errorf("Raw is not the line")
			}
		})
	}
}

func TestCloudTrailNotCloudTrail(t *testing.T) {
	for _, line := range []string{
		``,
		`   `,
		`not json`,
		`{"level":"info","msg":"hello"}`,
		`{"eventSource":"a","eventName":"b"}`, // no time: not an event
		`{"eventVersion":"1.05","eventTime":"2024-05-01T10:00:00Z","eventSource":"a"}`,
		trailLine("") + ` trailing`,
		trailLine("") + `}`,
		`[` + trailLine("") + `]`,
		`{"eventVersion":"1.05","eventTime":"2024-05-01T10:00:00Z","eventSource":"a","eventName":"b",}`,
		// a one-line event cut short: nothing will complete it
		trailLine("")[:120],
		`{"Records":`, // no bracket or comma at its end either... but see below
	} {
		p := newCloudTrail()
		res, evs := run(p, lines(line), false)
		if line == `{"Records":` {
			// A Records document may well go on on the next line.
			if res[0] != Meta || !p.doc.open() {
				t.Errorf("%q: %v, want Meta and a document open", line, res[0])
			}
			continue
		}
		if res[0] != Unparsed || len(evs) != 0 || p.doc.open() {
			t.Errorf("%q: %v with %d events (document open %v), want Unparsed", line, res[0], len(evs), p.doc.open())
		}
	}
}

func TestCloudTrailInsightsAndDigestsAreNotAPICalls(t *testing.T) {
	insight := `{"eventVersion":"1.07","eventTime":"2020-09-09T23:00:00Z","awsRegion":"us-east-1","eventID":"x","eventType":"AwsCloudTrailInsight","recipientAccountId":"1","insightDetails":{"state":"End","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy"},"eventCategory":"Insight"}`
	digest := `{"awsAccountId":"1","digestStartTime":"2020-09-11T18:36:49Z","digestEndTime":"2020-09-11T19:36:49Z","logFiles":[{"s3Object":"x"}]}`
	p := newCloudTrail()
	res, evs := run(p, lines(insight, digest, `{"Records":[`+insight+`,`+trailLine("")+`]}`), false)
	if res[0] != Meta || res[1] != Meta || res[2] != Parsed {
		t.Fatalf("results %v, want [meta meta parsed]", res)
	}
	if len(evs) != 1 || evs[0].target != "ec2.amazonaws.com:RunInstances" {
		t.Fatalf("events %+v, want only the API call", evs)
	}
}

// A Records document on one line: one event per record, each with its
// record as Raw, in place (no copy).
func TestCloudTrailRecordsOneLine(t *testing.T) {
	doc := `{"Records":[` + trailLine(`,"errorCode":"AccessDenied"`) + `, ` + trailLine("") + `,{"bad":` + "\x01" + `},` + trailLine(`,"eventName":"Again"`) + `]}`
	p := newCloudTrail()
	res, evs := run(p, lines(doc), false)
	if res[0] != Parsed || len(evs) != 3 || p.doc.open() {
		t.Fatalf("%v with %d events (open %v), want Parsed with 3", res[0], len(evs), p.doc.open())
	}
	if !evs[0].denied || evs[1].status != "OK" || !strings.HasPrefix(evs[0].raw, `{"eventVersion"`) || !strings.HasSuffix(evs[0].raw, `}`) {
		t.Errorf("events %+v", evs)
	}
	if !strings.Contains(doc, evs[2].raw) || strings.Contains(evs[2].raw, "Records") {
		t.Errorf("Raw of record 3 %q is not the record", evs[2].raw)
	}
}

// A pretty-printed Records file: events come out on the lines that close
// their records; the lines in between are Meta; a record that does not
// decode (a control character inside a string, as a published AWS sample
// has) makes its closing line Unparsed and costs only itself.
func TestCloudTrailRecordsPretty(t *testing.T) {
	in := textLines(`
{
  "Records": [
    {
      "eventVersion": "1.05",
      "userIdentity": {"arn": "arn:aws:iam::1:user/a"},
      "eventTime": "2024-05-01T10:00:00Z",
      "eventSource": "iam.amazonaws.com",
      "eventName": "CreateUser"
    },
    {
      "eventVersion": "1.05",
      "eventTime": "2024-05-01T10:00:01Z",
      "eventSource": "iam.amazonaws.com",
      "eventName": "CreateRole",
      "requestParameters": {"policy": "line one
line two"}
    },
    {"eventVersion": "1.05", "eventTime": "2024-05-01T10:00:02Z", "eventSource": "s3.amazonaws.com", "eventName": "A"}, {"eventVersion": "1.05", "eventTime": "2024-05-01T10:00:03Z", "eventSource": "s3.amazonaws.com", "eventName": "B"}
  ]
}
`)
	p := newCloudTrail()
	res, evs := run(p, in, false)
	want := make([]Result, len(in))
	for i := range want {
		want[i] = Meta
	}
	want[8] = Parsed    // closes CreateUser
	want[16] = Unparsed // closes the record with a raw newline in a string
	want[17] = Parsed   // A and B
	if fmt.Sprint(res) != fmt.Sprint(want) {
		t.Fatalf("results\n%v, want\n%v", res, want)
	}
	var got []string
	for _, e := range evs {
		got = append(got, fmt.Sprintf("%d:%s", e.line, e.target))
	}
	if strings.Join(got, " ") != "9:iam.amazonaws.com:CreateUser 18:s3.amazonaws.com:A 18:s3.amazonaws.com:B" {
		t.Fatalf("events %v", got)
	}
	if !strings.Contains(evs[0].raw, "\n") || !strings.HasPrefix(evs[0].raw, "{") {
		t.Errorf("Raw of a pretty-printed record %q: want the record's lines", evs[0].raw)
	}
	if p.doc.open() {
		t.Errorf("document still open after its last line")
	}
	// And the parser reads the next file's single events as before.
	res, evs = run(p, lines(trailLine("")), false)
	if res[0] != Parsed || len(evs) != 1 {
		t.Fatalf("after the document: %v with %d events", res[0], len(evs))
	}
}

// A pretty-printed single event (as the documentation shows them) and one
// that is not valid JSON: lines are Meta until the end, the end is Parsed
// or Unparsed.
func TestCloudTrailPrettySingleEvent(t *testing.T) {
	good := textLines(`
{
    "eventVersion": "1.05",
    "userIdentity": {
        "type": "IAMUser",
        "arn": "arn:aws:iam::1:user/a"
    },
    "eventTime": "2024-05-01T10:00:00Z",
    "eventSource": "sts.amazonaws.com",
    "eventName": "AssumeRole",
    "errorCode": "AccessDenied"
}`)
	bad := bytes.Split(bytes.ReplaceAll(bytes.Join(good, []byte("\n")), []byte(`"eventTime"`), []byte(`"eventTime" "x",`)), []byte("\n"))
	p := newCloudTrail()
	res, evs := run(p, append(append([][]byte{}, good...), bad...), false)
	parsed, meta, unparsed := tally(res)
	if parsed != 1 || unparsed != 1 || meta != len(good)+len(bad)-2 || len(evs) != 1 || !evs[0].denied {
		t.Fatalf("results %v events %+v", res, evs)
	}
	if res[len(good)-1] != Parsed || res[len(res)-1] != Unparsed {
		t.Fatalf("results %v: want the closing lines Parsed then Unparsed", res)
	}
}

// A document that never ends well: text where JSON must be ends it (the
// text is Unparsed), and the lines after are read afresh.
func TestCloudTrailDocumentEndedByText(t *testing.T) {
	in := append(textLines(`
{
  "Records": [
    {
      "eventVersion": "1.05",`), lines(
		"Mar 24 14:02:50 host app: a syslog line",
		"another text line",
		trailLine(""),
	)...)
	p := newCloudTrail()
	res, evs := run(p, in, false)
	want := []Result{Meta, Meta, Meta, Meta, Unparsed, Unparsed, Parsed}
	if fmt.Sprint(res) != fmt.Sprint(want) || len(evs) != 1 {
		t.Fatalf("results %v (%d events), want %v", res, len(evs), want)
	}
}

// A document cut short (a truncated file, a line cut at the feed's limit)
// followed by a new document: the new one starts afresh.
func TestCloudTrailRestartAfterCut(t *testing.T) {
	cut := trailLine("")[:150]
	in := [][]byte{
		[]byte(`{"Records": [`),
		[]byte(cut), // a record cut mid-way
		[]byte(trailLine(`,"eventName":"Next"`)),
		[]byte(`{"Records":[` + trailLine(`,"eventName":"InDoc"`)), // a one-line document cut short
		[]byte(trailLine(`,"eventName":"After"`)),
	}
	p := newCloudTrail()
	res, evs := run(p, in, false)
	var got []string
	for _, e := range evs {
		got = append(got, fmt.Sprintf("%d:%s", e.line, strings.TrimPrefix(e.target, "ec2.amazonaws.com:")))
	}
	if strings.Join(got, " ") != "3:Next 4:InDoc 5:After" {
		t.Fatalf("events %v, results %v", got, res)
	}
	if res[0] != Meta || res[1] != Meta || res[2] != Parsed || res[3] != Parsed || res[4] != Parsed {
		t.Fatalf("results %v", res)
	}
}

// The document cap: a record larger than the limit is dropped, its lines
// past the limit are Unparsed, and the next record is read.
func TestCloudTrailDocumentCap(t *testing.T) {
	p := newCloudTrail()
	p.doc.limit = 300
	big := textLines(`
{"Records": [
  {
    "eventVersion": "1.05",
    "eventTime": "2024-05-01T10:00:00Z",
    "eventSource": "s3.amazonaws.com",
    "eventName": "PutObject",
    "requestParameters": {
      "a": "` + strings.Repeat("x", 100) + `",
      "b": "` + strings.Repeat("y", 100) + `",
      "c": "` + strings.Repeat("z", 100) + `"
    }
  },
  {"eventVersion": "1.05", "eventTime": "2024-05-01T10:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "Small"}
]}`)
	res, evs := run(p, big, false)
	if len(evs) != 1 || evs[0].target != "s3.amazonaws.com:Small" {
		t.Fatalf("events %+v", evs)
	}
	parsed, _, unparsed := tally(res)
	if parsed != 1 || unparsed < 2 {
		t.Fatalf("results %v: want the lines past the cap unparsed and the small record parsed", res)
	}
	if res[7] != Meta || res[8] != Unparsed || res[11] != Unparsed || res[12] != Parsed || res[13] != Meta {
		t.Fatalf("results %v", res)
	}
	if len(p.doc.buf) > p.doc.limit {
		t.Fatalf("buffer of %d bytes past the cap of %d", len(p.doc.buf), p.doc.limit)
	}
}

func TestCloudTrailSingleEventDoesNotAllocate(t *testing.T) {
	p := newCloudTrail()
	line := []byte(trailLine(`,"errorCode":"AccessDenied","requestParameters":{"instancesSet":{"items":[{"instanceId":"i-1"}]}},"userAgent":"aws-cli/2.0 \"quoted\""`))
	n := 0
	emit := func(*Event) { n++ }
	p.Parse(line, emit)
	allocs := testing.AllocsPerRun(200, func() { p.Parse(line, emit) })
	if allocs != 0 || n < 201 {
		t.Fatalf("%.1f allocations per line (%d events)", allocs, n)
	}
	doc := []byte(`{"Records":[` + string(line) + `,` + string(line) + `]}`)
	p.Parse(doc, emit)
	if allocs := testing.AllocsPerRun(200, func() { p.Parse(doc, emit) }); allocs != 0 {
		t.Fatalf("%.1f allocations per one-line Records document", allocs)
	}
}

func TestCloudTrailFields(t *testing.T) {
	p := newCloudTrail()
	_, evs := run(p, lines(trailLine(`,"errorCode":"AccessDenied","requestParameters":null,"resources":[{"ARN":"x"}]`)), true)
	f := evs[0].fields
	for k, v := range map[string]string{
		"eventVersion":          "1.08",
		"userIdentity.arn":      "arn:aws:iam::111122223333:user/alice",
		"userIdentity.userName": "alice",
		"eventName":             "RunInstances",
		"errorCode":             "AccessDenied",
		"resources":             `[{"ARN":"x"}]`,
	} {
		if f[k] != v {
			t.Errorf("field %s = %q, want %q", k, f[k], v)
		}
	}
	if !evs[0].nilFields["requestParameters"] {
		t.Errorf("requestParameters null is not nil")
	}
	if evs[0].fieldOrder[0] != "eventVersion" || evs[0].fieldOrder[1] != "userIdentity.type" {
		t.Errorf("field order %v", evs[0].fieldOrder)
	}
}
