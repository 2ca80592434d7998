package kinesis

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
)

func TestSeqAfter(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"2", "1", true},
		{"1", "2", false},
		{"1", "1", false},
		{"10", "9", true},
		{"9", "10", false},
		{"1", "", true},
		{"", "", false},
		{"49680443380828678264252375068901384962638120428173787154", "49680443380828678264252375068901384962638120428173787153", true},
		{"49680443380806377519053844445759849244365472066667806722", "49680443380828678264252375068901384962638120428173787154", false},
	} {
		if got := seqAfter(tc.a, tc.b); got != tc.want {
			t.Errorf("seqAfter(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		q      string
		from   string
		shards []string
		efo    string
		err    string
	}{
		{q: ""},
		{q: "from=latest", from: "latest"},
		{q: "from=trim&efo=tailtop", from: "trim", efo: "tailtop"},
		{q: "from=2024-07-02T15:04:05Z", from: "2024-07-02T15:04:05Z"},
		{q: "from=2024-07-02T15:04:05.123%2B02:00", from: "2024-07-02T15:04:05.123+02:00"},
		{q: "shards=0,shardId-000000000007&shards=12,0", shards: []string{"shardId-000000000000", "shardId-000000000007", "shardId-000000000012"}},
		{q: "from=yesterday", err: "from="},
		{q: "from=latest&from=trim", err: "more than once"},
		{q: "shards=a/b", err: "not a shard id"},
		{q: "shards=,", err: "names no shard"},
		{q: "efo=bad name", err: "consumer name"},
		{q: "efo=a&efo=b", err: "consumer name"},
		{q: "format=clf&from=trim", from: "trim"}, // other keys are the caller's
	} {
		q, err := url.ParseQuery(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		from, shards, efo, err := ParseOptions(q)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v, want %q", tc.q, err, tc.err)
			}
			continue
		}
		if err != nil || from != tc.from || fmt.Sprint(shards) != fmt.Sprint(tc.shards) || efo != tc.efo {
			t.Errorf("%q: %q %q %q %v", tc.q, from, shards, efo, err)
		}
	}
}

func TestParseStream(t *testing.T) {
	for _, tc := range []struct {
		in, name, arn, region, err string
	}{
		{in: "logs", name: "logs"},
		{in: "kinesis://logs", name: "logs"},
		{in: "kinesis://logs?from=trim", name: "logs"},
		{in: "arn:aws:kinesis:eu-west-1:123456789012:stream/logs", name: "logs", arn: "arn:aws:kinesis:eu-west-1:123456789012:stream/logs", region: "eu-west-1"},
		{in: "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/x.y", name: "x.y", arn: "arn:aws-cn:kinesis:cn-north-1:123456789012:stream/x.y", region: "cn-north-1"},
		{in: "arn:aws:sqs:eu-west-1:123456789012:queue", err: "not a stream ARN"},
		{in: "kinesis://", err: "not a stream name"},
		{in: "a b", err: "not a stream name"},
	} {
		st, err := parseStream(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err %v", tc.in, err)
			}
			continue
		}
		if err != nil || st != (stream{tc.name, tc.arn, tc.region}) {
			t.Errorf("%q: %+v %v", tc.in, st, err)
		}
	}
}

func TestNewChecksConfig(t *testing.T) {
	good := Config{Stream: "s", AWS: aws.Config{Region: "us-east-1"}}
	for _, tc := range []struct {
		mod func(*Config)
		err string
	}{
		{func(c *Config) { c.From = "soon" }, "from="},
		{func(c *Config) { c.Shards = []string{"a b"} }, "not a shard id"},
		{func(c *Config) { c.EFO = "x y" }, "consumer name"},
		{func(c *Config) { c.AWS.Region = "" }, "no AWS region"},
		{func(c *Config) { c.AWS.Region = ""; c.Stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/s" }, ""},
	} {
		c := good
		tc.mod(&c)
		_, err := New(c)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%+v: err %v, want %q", c, err, tc.err)
		}
	}
	s, err := New(Config{Stream: "kinesis://s", AWS: aws.Config{Region: "us-east-1"}})
	if err != nil || s.Name() != "kinesis://s" {
		t.Fatalf("%v %v", s, err)
	}
	if st := s.Status(); st.Kind != "kinesis" || st.State != "waiting" || st.Name != "kinesis://s" {
		t.Errorf("status before Run: %+v", st)
	}
}

// lin builds a lineage from "id<-parent,adjacent" descriptions.
func lin(subset []string, specs ...string) *lineage {
	l := newLineage(subset)
	for _, s := range specs {
		id, ps, _ := strings.Cut(s, "<-")
		sh := &shardInfo{id: id}
		if ps != "" {
			sh.parents = strings.Split(ps, ",")
		}
		l.add(sh)
	}
	return l
}

func ids(shards []*shardInfo) string {
	var s []string
	for _, sh := range shards {
		s = append(s, sh.id)
	}
	return strings.Join(s, " ")
}

func TestLineage(t *testing.T) {
	// 0 split into 2 and 3; 3 merged with 1 into 4.
	l := lin(nil, "0", "1", "2<-0", "3<-0", "4<-3,1")
	if got := ids(l.startable()); got != "0 1" {
		t.Fatalf("startable %q, want the roots", got)
	}
	l.shards["0"].state, l.shards["1"].state = running, running
	l.shards["0"].state = done
	if got := ids(l.startable()); got != "2 3" {
		t.Fatalf("after 0: %q", got)
	}
	l.shards["2"].state, l.shards["3"].state = running, done
	if got := ids(l.startable()); got != "" {
		t.Fatalf("4 must wait for its second parent: %q", got)
	}
	l.shards["1"].state = done
	if got := ids(l.startable()); got != "4" {
		t.Fatalf("after 1: %q", got)
	}

	// A parent past retention (not listed) does not hold its child back.
	l = lin(nil, "5<-gone")
	if got := ids(l.startable()); got != "5" {
		t.Fatalf("orphan: %q", got)
	}

	// A subset follows its shard's children, and a merge child only when
	// its first parent is in the subset; it does not wait for a parent
	// that someone else reads.
	l = lin([]string{"1"}, "0", "1", "2<-0", "3<-0", "4<-3,1", "5<-1,2")
	if got := ids(l.startable()); got != "1" {
		t.Fatalf("subset: %q", got)
	}
	l.shards["1"].state = done
	if got := ids(l.startable()); got != "5" {
		t.Fatalf("subset after 1: %q (4's first parent is 3, not ours)", got)
	}

	// A cycle (only a broken server sends one) is never wanted, never hangs.
	l = lin([]string{"z"}, "a<-b", "b<-a")
	if got := ids(l.startable()); got != "" {
		t.Fatalf("cycle: %q", got)
	}
}

func TestFoundShardsInheritHistory(t *testing.T) {
	l := lin(nil, "0")
	l.shards["0"].history = true
	l.add(&shardInfo{id: "1", parents: []string{"0"}, found: true})
	l.shards["0"].state = done
	if sh := l.startable(); len(sh) != 1 || !sh[0].history {
		t.Fatalf("child of a shard still catching up must be History: %+v", sh)
	}
	l.shards["1"].state = done
	l.shards["1"].history = false
	l.add(&shardInfo{id: "2", parents: []string{"1"}, found: true, history: true})
	if sh := l.startable(); len(sh) != 1 || sh[0].history {
		t.Fatalf("child of a caught-up shard must be live: %+v", sh)
	}
}

func TestStartingPosition(t *testing.T) {
	s := &Source{cfg: Config{}.withDefaults(), book: newStatusBook("x")}
	r := s.newReader("shardId-0", position{kind: FromLatest}, false)
	if p := r.startingPosition(); p.Type != types.ShardIteratorTypeLatest {
		t.Fatalf("first: %v", p.Type)
	}
	// Lost before any record: from when LATEST was taken, not a new LATEST.
	if p := r.startingPosition(); p.Type != types.ShardIteratorTypeAtTimestamp || !p.Timestamp.Equal(r.latestAt) {
		t.Fatalf("again: %+v", p)
	}
	r.lastSeq = "100"
	if p := r.startingPosition(); p.Type != types.ShardIteratorTypeAfterSequenceNumber || *p.SequenceNumber != "100" {
		t.Fatalf("after a record: %+v", p)
	}
	r.resume = "105" // a fan-out continuation past the last record
	if p := r.startingPosition(); *p.SequenceNumber != "105" {
		t.Fatalf("continuation: %+v", p)
	}
	at := time.Date(2024, 7, 2, 0, 0, 0, 0, time.UTC)
	r = s.newReader("shardId-1", position{kind: "time", at: at}, true)
	if p := r.startingPosition(); p.Type != types.ShardIteratorTypeAtTimestamp || !p.Timestamp.Equal(at) {
		t.Fatalf("time: %+v", p)
	}
	r = s.newReader("shardId-2", position{kind: FromTrim}, true)
	if p := r.startingPosition(); p.Type != types.ShardIteratorTypeTrimHorizon {
		t.Fatalf("trim: %+v", p)
	}
}

// fakeSource is a Source whose emit collects batches, for tests that need
// no AWS.
func fakeSource(cfg Config) (*Source, *[]*feed.Batch) {
	var got []*feed.Batch
	s := &Source{cfg: cfg.withDefaults(), name: "kinesis://x", book: newStatusBook("kinesis://x")}
	s.emitFn = func(b *feed.Batch) bool { got = append(got, b); return true }
	s.cancel = func() {}
	return s, &got
}

func rec(seq string, data string) types.Record {
	return types.Record{SequenceNumber: aws.String(seq), Data: []byte(data), ApproximateArrivalTimestamp: aws.Time(time.UnixMilli(1700000000000))}
}

func TestRecordsExactlyOnceAndHistory(t *testing.T) {
	s, got := fakeSource(Config{HistoryLag: 5 * time.Second})
	r := s.newReader("shardId-0", position{kind: FromTrim}, true)
	lag := int64(60000)
	if err := r.records([]types.Record{rec("1", "a"), rec("2", "b\nc")}, &lag); err != nil {
		t.Fatal(err)
	}
	// A server resending 2 (and 1) must not make the consumer count them
	// twice; 3 is new.
	lag = 100
	if err := r.records([]types.Record{rec("1", "a"), rec("2", "b\nc"), rec("3", "d")}, &lag); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range *got {
		for _, l := range b.Lines {
			lines = append(lines, fmt.Sprintf("%s:%v", l.Data, b.History))
			if l.Origin != "shardId-0" || !l.EventTime.Equal(time.UnixMilli(1700000000000)) || l.Arrival.IsZero() {
				t.Errorf("line %+v", l)
			}
		}
	}
	if strings.Join(lines, " ") != "a:true b:true c:true d:false" {
		t.Fatalf("lines %v", lines)
	}
	if r.lastSeq != "3" {
		t.Errorf("checkpoint %q", r.lastSeq)
	}
	st := s.Status()
	if st.Lines != 4 || st.Bytes != 5 || st.Origins[0].Lag != 100*time.Millisecond {
		t.Errorf("status %+v", st)
	}
}

func TestRecordsBatchBounds(t *testing.T) {
	s, got := fakeSource(Config{})
	r := s.newReader("shardId-0", position{kind: FromTrim}, false)
	var recs []types.Record
	big := strings.Repeat("x", 60<<10)
	for i := range 3000 {
		d := "small"
		if i%100 == 0 {
			d = big
		}
		recs = append(recs, rec(fmt.Sprint(i+1), d))
	}
	if err := r.records(recs, nil); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, b := range *got {
		n := 0
		for _, l := range b.Lines {
			n += len(l.Data)
		}
		if len(b.Lines) > batchLines || n > batchBytes+(64<<10) {
			t.Fatalf("batch of %d lines, %d bytes", len(b.Lines), n)
		}
		total += len(b.Lines)
	}
	if total != 3000 || len(*got) < 3 {
		t.Fatalf("%d lines in %d batches", total, len(*got))
	}
}

func TestRecordsStopWhenConsumerGone(t *testing.T) {
	s, _ := fakeSource(Config{})
	calls := 0
	s.emitFn = func(*feed.Batch) bool { calls++; return false }
	r := s.newReader("shardId-0", position{kind: FromTrim}, false)
	var recs []types.Record
	for i := range 5000 {
		recs = append(recs, rec(fmt.Sprint(i+1), "line"))
	}
	if err := r.records(recs, nil); !errors.Is(err, errStopped) {
		t.Fatalf("err %v", err)
	}
	if calls != 1 || r.lastSeq != "" {
		t.Fatalf("%d emits, checkpoint %q", calls, r.lastSeq)
	}
}

func TestPayloadErrorsInStatus(t *testing.T) {
	s, _ := fakeSource(Config{})
	r := s.newReader("shardId-0", position{kind: FromTrim}, false)
	bad := envelopetest.Gzip([]byte("x"))
	r.records([]types.Record{rec("1", string(bad[:5])), rec("2", "ok"), rec("3", string(bad[:6]))}, nil)
	st := s.Status()
	if st.Errors != 2 || st.Lines != 1 || !strings.Contains(st.LastError, "gzip") {
		t.Fatalf("status %+v", st)
	}
}

func TestClassify(t *testing.T) {
	api := func(code string) error {
		return &smithy.OperationError{ServiceID: "Kinesis", OperationName: "GetRecords", Err: &smithy.GenericAPIError{Code: code, Message: "m"}}
	}
	for code, want := range map[string]class{
		"ExpiredIteratorException":               expired,
		"ProvisionedThroughputExceededException": throttled,
		"LimitExceededException":                 throttled,
		"ResourceNotFoundException":              notFound,
		"ResourceInUseException":                 inUse,
		"AccessDeniedException":                  denied,
		"InvalidArgumentException":               invalid,
		"InternalFailure":                        transient,
	} {
		if got := classify(api(code)); got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
	netErr := &smithy.OperationError{ServiceID: "Kinesis", OperationName: "GetRecords", Err: &url.Error{Op: "Post", URL: "http://x/?X-Amz-Signature=secret", Err: errors.New("EOF")}}
	if classify(netErr) != transient {
		t.Error("network error not transient")
	}
	if msg := explain(netErr); msg != "GetRecords: connection failed (EOF)" {
		t.Errorf("explain = %q", msg)
	}
	if !fatalAtStart(api("ResourceNotFoundException")) || fatalAtStart(api("InternalFailure")) {
		t.Error("fatalAtStart")
	}
}

func TestBackoff(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: time.Second}
	for i := range 40 {
		d := b.next()
		if d <= 0 || d > time.Second {
			t.Fatalf("step %d: %v", i, d)
		}
	}
	b.reset()
	if d := b.next(); d > 100*time.Millisecond || d < 50*time.Millisecond {
		t.Fatalf("after reset: %v", d)
	}
}

func TestStatusKeepsFinishedBounded(t *testing.T) {
	b := newStatusBook("s")
	for i := range keepFinished + 10 {
		st := b.shard(fmt.Sprint("shard-", i))
		b.update(st, func(s *feed.Status) { s.Lines = 10; s.Errors = 1 })
		b.finish(st, stateDone)
	}
	live := b.shard("live")
	b.update(live, func(s *feed.Status) { s.Lines = 5; s.Lag = time.Second })
	st := b.snapshot()
	if len(st.Origins) != keepFinished+1 || st.Lines != int64(10*(keepFinished+10)+5) || st.Errors != keepFinished+10 || st.Lag != time.Second {
		t.Fatalf("origins %d lines %d errors %d lag %v", len(st.Origins), st.Lines, st.Errors, st.Lag)
	}
}
