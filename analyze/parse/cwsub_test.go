package parse

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

func subPayload(msgType string, events ...string) string {
	return `{"messageType":"` + msgType + `","owner":"123456789012","logGroup":"/aws/lambda/checkout","logStream":"2024/05/01/[$LATEST]abc",` +
		`"subscriptionFilters":["f"],"logEvents":[` + strings.Join(events, ",") + `]}`
}

func subEvent(id string, ts int64, message string) string {
	m, _ := json.Marshal(message)
	return fmt.Sprintf(`{"id":%q,"timestamp":%d,"message":%s}`, id, ts, m)
}

func TestCWSubMessagesAreParsedByTheirFormat(t *testing.T) {
	trail := trailLine(`,"errorCode":"AccessDenied"`)
	line := subPayload("DATA_MESSAGE",
		subEvent("1", 1714557600123, trail),
		subEvent("2", 1714557600456, `{"level":"error","msg":"charge failed","user":"u1"}`+"\n"),
		subEvent("3", 1714557600789, "START RequestId: 7c95 Version: $LATEST\n"),
	)
	p := newCWSub(Options{})
	res, evs := run(p, lines(line), true)
	if res[0] != Parsed || len(evs) != 3 {
		t.Fatalf("%v with %d events", res[0], len(evs))
	}
	if e := evs[0]; e.actor != "arn:aws:iam::111122223333:user/alice" || !e.denied || !e.time.Equal(mustTime(t, "2024-05-01T10:00:00Z")) || e.raw != trail {
		t.Errorf("CloudTrail message: %+v", e)
	}
	if e := evs[1]; e.actor != "u1" || e.status != "error" || !e.failure || !e.time.Equal(mustTime(t, "2024-05-01T10:00:00.456Z")) {
		t.Errorf("JSON message (time from the log event): %+v", e)
	}
	if e := evs[2]; e.actor != "/aws/lambda/checkout" || e.target != "2024/05/01/[$LATEST]abc" || e.raw != "START RequestId: 7c95 Version: $LATEST" ||
		!e.time.Equal(mustTime(t, "2024-05-01T10:00:00.789Z")) {
		t.Errorf("plain message: %+v", e)
	}
	for i, e := range evs {
		if e.fields["logGroup"] != "/aws/lambda/checkout" || e.fields["id"] != fmt.Sprint(i+1) || e.fields["timestamp"] == "" {
			t.Errorf("event %d fields %v", i+1, e.fields)
		}
	}
	if evs[0].fields["userIdentity.arn"] == "" || evs[2].fields["message"] != "START RequestId: 7c95 Version: $LATEST" {
		t.Errorf("message fields: %v / %v", evs[0].fieldOrder, evs[2].fields)
	}
}

func TestCWSubControlAndMalformed(t *testing.T) {
	p := newCWSub(Options{})
	res, evs := run(p, lines(
		subPayload("CONTROL_MESSAGE", subEvent("1", 1, "CWL CONTROL MESSAGE: Checking health of destination Firehose.")),
		subPayload("DATA_MESSAGE", `{"id":"1","timestamp":1,"message":[1,"x"]}`),
		subPayload("DATA_MESSAGE", `{"id":"1","timestamp":1}`),
		`{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":"x"}`, // cut
		`{"not":"a payload"}`,
		`text`,
	), false)
	want := []Result{Meta, Unparsed, Unparsed, Parsed, Unparsed, Unparsed}
	if fmt.Sprint(res) != fmt.Sprint(want) || len(evs) != 1 {
		t.Fatalf("results %v with %d events, want %v with 1", res, len(evs), want)
	}
}

func awslogsLine(t *testing.T, payload string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(payload))
	zw.Close()
	return `{"awslogs":{"data":"` + base64.StdEncoding.EncodeToString(buf.Bytes()) + `"}}`
}

func TestCWSubAWSLogsWrapper(t *testing.T) {
	p := newCWSub(Options{})
	wrapped := awslogsLine(t, subPayload("DATA_MESSAGE", subEvent("1", 1714557600000, "hello"), subEvent("2", 1714557600000, "world")))
	res, evs := run(p, lines(
		wrapped,
		`{"awslogs":{"data":"not base64!"}}`,
		`{"awslogs":{"data":"aGVsbG8="}}`, // base64 of "hello": not gzip
		awslogsLine(t, awslogsLine(t, subPayload("DATA_MESSAGE", subEvent("1", 1, "nested")))),
		wrapped,
	), false)
	want := []Result{Parsed, Unparsed, Unparsed, Unparsed, Parsed}
	if fmt.Sprint(res) != fmt.Sprint(want) || len(evs) != 4 || evs[1].raw != "world" || evs[0].actor != "/aws/lambda/checkout" {
		t.Fatalf("results %v, events %+v", res, evs)
	}
}

// A pretty-printed payload and a pretty-printed CloudTrail file both open
// with a lone brace: detection must end up with the right format for each,
// which needs the brace shared with every candidate (Auto.shareMeta).
func TestCWSubAndCloudTrailDetectedWhenPretty(t *testing.T) {
	pretty := func(v any) [][]byte {
		b, _ := json.MarshalIndent(v, "", "  ")
		return splitLines(b)
	}
	var payload, trail any
	json.Unmarshal([]byte(subPayload("DATA_MESSAGE", subEvent("1", 1, "a"), subEvent("2", 2, "b"))), &payload)
	json.Unmarshal([]byte(`{"Records":[`+trailLine("")+`,`+trailLine("")+`]}`), &trail)
	for _, tc := range []struct {
		in     [][]byte
		format string
	}{{pretty(payload), "cwsub"}, {pretty(trail), "cloudtrail"}} {
		a := NewAuto(Options{})
		res, evs := run(a, tc.in, false)
		_, _, unparsed := tally(res)
		if a.Format() != tc.format || len(evs) != 2 || unparsed != 0 {
			t.Errorf("%s: detected %q, %d events, %d unparsed lines", tc.format, a.Format(), len(evs), unparsed)
		}
	}
}

func TestCWSubCorpus(t *testing.T) {
	ents, err := os.ReadDir(corpus.Path(t, "cwlogs-subscription"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Run(e.Name(), func(t *testing.T) {
			in := sample(t, "cwlogs-subscription", e.Name())
			a := NewAuto(Options{})
			res, evs := run(a, in, true)
			if a.Format() != "cwsub" {
				t.Errorf("detected %q, want cwsub", a.Format())
			}
			want := cwsubOracle(t, bytes.Join(in, []byte("\n")))
			_, _, unparsed := tally(res)
			if want == nil { // message is not a string: the payload is malformed
				if len(evs) != 0 || unparsed != 1 {
					t.Fatalf("%d events, %d unparsed lines: want none and one", len(evs), unparsed)
				}
				return
			}
			blank := 0
			for _, l := range in {
				if len(bytes.TrimSpace(l)) == 0 {
					blank++
				}
			}
			if unparsed != blank {
				t.Errorf("%d unparsed lines, want %d (the blank ones)", unparsed, blank)
			}
			if len(evs) != len(want.events) {
				t.Fatalf("%d events, want %d", len(evs), len(want.events))
			}
			for i, ev := range evs {
				w := want.events[i]
				if ev.raw != w.message || ev.fields["logGroup"] != want.group || ev.fields["logStream"] != want.stream || ev.fields["id"] != w.id {
					t.Errorf("event %d: raw %.60q group %q stream %q id %q; want %.60q %q %q %q", i+1,
						ev.raw, ev.fields["logGroup"], ev.fields["logStream"], ev.fields["id"], w.message, want.group, want.stream, w.id)
				}
				if ev.actor == want.group && !ev.time.Equal(w.time) {
					t.Errorf("event %d: time %v, want the log event's %v", i+1, ev.time, w.time)
				}
			}
		})
	}
}

type cwsubWant struct {
	group, stream string
	events        []struct {
		id, message string
		time        time.Time
	}
}

// cwsubOracle reads a payload (or the awslogs wrapper) with encoding/json.
func cwsubOracle(t *testing.T, doc []byte) *cwsubWant {
	t.Helper()
	var wrapper struct{ Awslogs struct{ Data string } }
	if json.Unmarshal(doc, &wrapper) == nil && wrapper.Awslogs.Data != "" {
		z, _ := base64.StdEncoding.DecodeString(wrapper.Awslogs.Data)
		zr, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(zr)
		doc = buf.Bytes()
	}
	var p struct {
		LogGroup, LogStream string
		LogEvents           []struct {
			ID        string
			Timestamp int64
			Message   json.RawMessage
		}
	}
	if err := json.Unmarshal(doc, &p); err != nil {
		t.Fatal(err)
	}
	w := &cwsubWant{group: p.LogGroup, stream: p.LogStream}
	for _, le := range p.LogEvents {
		var msg string
		if json.Unmarshal(le.Message, &msg) != nil {
			return nil
		}
		tm, _ := epochTime([]byte(fmt.Sprint(le.Timestamp)))
		w.events = append(w.events, struct {
			id, message string
			time        time.Time
		}{le.ID, strings.TrimRight(msg, "\r\n"), tm})
	}
	return w
}

// The parser never writes into the line: an unescaped message after one
// that needed no unescaping goes to the parser's own buffer.
func TestCWSubLeavesTheLineAlone(t *testing.T) {
	line := []byte(subPayload("DATA_MESSAGE", subEvent("1", 1, "plain"), subEvent("2", 2, "esc\"aped\tmessage that is long"), subEvent("3", 3, "plain again")))
	orig := string(line)
	p := newCWSub(Options{})
	var raws []string
	for range 3 {
		raws = raws[:0]
		p.Parse(line, func(ev *Event) { raws = append(raws, string(ev.Raw)) })
	}
	if string(line) != orig {
		t.Fatalf("line changed:\n%s\n%s", orig, line)
	}
	if strings.Join(raws, "|") != "plain|esc\"aped\tmessage that is long|plain again" {
		t.Fatalf("messages %q", raws)
	}
}
