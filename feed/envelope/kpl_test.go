package envelope_test

import (
	"bytes"
	"crypto/md5"
	"errors"
	"fmt"
	"testing"

	"github.com/tailtop/tailtop/feed/envelope"
	"github.com/tailtop/tailtop/feed/envelope/envelopetest"
	"google.golang.org/protobuf/encoding/protowire"
)

func TestAggregate(t *testing.T) {
	env := envelopetest.DataMessage("grp", "str", 1700000000000, "from cwl 1", "from cwl 2")
	p := envelopetest.Aggregate(
		envelopetest.UserRecord{PartitionKey: "a", Data: []byte("first\nsecond\n")},
		envelopetest.UserRecord{PartitionKey: "b", ExplicitHashKey: "123", Data: []byte("third")},
		envelopetest.UserRecord{PartitionKey: "a", Data: env.Data()},
		envelopetest.UserRecord{PartitionKey: "a", Data: envelopetest.Gzip([]byte("zipped"))},
		envelopetest.UserRecord{PartitionKey: "c", Data: nil},
	)
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []got{
		{Data: "first"}, {Data: "second"}, {Data: "third"},
		{Data: "from cwl 1", Origin: "grp/str"}, {Data: "from cwl 2", Origin: "grp/str"},
		{Data: "zipped"},
	}
	if len(lines) != len(want) {
		t.Fatalf("lines = %+v", lines)
	}
	for i := range want {
		if lines[i].Data != want[i].Data || lines[i].Origin != want[i].Origin {
			t.Errorf("line %d = %+v, want %+v", i, lines[i], want[i])
		}
	}
	if d.Stats.Aggregates != 1 || d.Stats.UserRecords != 5 || d.Stats.Subscriptions != 1 || d.Stats.Gzip != 2 {
		t.Errorf("stats = %+v", d.Stats)
	}
}

func TestAggregateEmpty(t *testing.T) {
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, envelopetest.Aggregate())
	if err != nil || len(lines) != 0 || d.Stats.Aggregates != 1 {
		t.Fatalf("lines %+v err %v stats %+v", lines, err, d.Stats)
	}
}

// frame wraps a protobuf body as an aggregate with a correct MD5.
func frame(body []byte) []byte {
	sum := md5.Sum(body)
	return append(append(append([]byte{}, envelopetest.Magic...), body...), sum[:]...)
}

func TestBadAggregatesPassThrough(t *testing.T) {
	good := envelopetest.Aggregate(envelopetest.UserRecord{PartitionKey: "a", Data: []byte("x")})
	badMD5 := append([]byte{}, good...)
	badMD5[len(badMD5)-1] ^= 1

	var rec []byte
	rec = protowire.AppendTag(rec, 1, protowire.VarintType)
	rec = protowire.AppendVarint(rec, 3) // no such partition key
	rec = protowire.AppendTag(rec, 3, protowire.BytesType)
	rec = protowire.AppendBytes(rec, []byte("x"))
	var badIndex []byte
	badIndex = protowire.AppendTag(badIndex, 1, protowire.BytesType)
	badIndex = protowire.AppendString(badIndex, "pk")
	badIndex = protowire.AppendTag(badIndex, 3, protowire.BytesType)
	badIndex = protowire.AppendBytes(badIndex, rec)

	var noData []byte
	noData = protowire.AppendTag(noData, 1, protowire.BytesType)
	noData = protowire.AppendString(noData, "pk")
	noData = protowire.AppendTag(noData, 3, protowire.BytesType)
	noData = protowire.AppendBytes(noData, protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 0))

	for name, p := range map[string][]byte{
		"bad md5":          badMD5,
		"too short":        append(append([]byte{}, envelopetest.Magic...), 1, 2, 3),
		"truncated proto":  frame([]byte{0x1a, 0x10, 1, 2}),
		"bad wire type":    frame([]byte{0x1f}),
		"key out of range": frame(badIndex),
		"record w/o data":  frame(noData),
	} {
		t.Run(name, func(t *testing.T) {
			d := envelope.NewDecoder(envelope.Limits{})
			lines, err := decode(t, d, p)
			if !errors.Is(err, envelope.ErrBadAggregate) {
				t.Fatalf("err = %v", err)
			}
			// Like the KCL, the record is then taken as it is: as text.
			want := textLines(p)
			if fmt.Sprintf("%q", datas(lines)) != fmt.Sprintf("%q", want) {
				t.Fatalf("lines = %q, want the payload as text %q", datas(lines), want)
			}
			if len(lines) == 0 || d.Stats.BadAggregates != 1 || d.Stats.Aggregates != 0 {
				t.Fatalf("%d lines, stats %+v", len(lines), d.Stats)
			}
		})
	}
}

// textLines is the reference text split: lines at '\n', less a '\r'
// before it, no empty line after a final newline.
func textLines(p []byte) []string {
	var out []string
	for _, l := range bytes.SplitAfter(p, []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		l = bytes.TrimSuffix(l, []byte("\n"))
		l = bytes.TrimSuffix(l, []byte("\r"))
		out = append(out, string(l))
	}
	return out
}

func TestAggregateManyRecords(t *testing.T) {
	var recs []envelopetest.UserRecord
	for i := range 1000 {
		recs = append(recs, envelopetest.UserRecord{PartitionKey: fmt.Sprint(i % 7), Data: fmt.Appendf(nil, "record %d", i)})
	}
	d := envelope.NewDecoder(envelope.Limits{})
	lines, err := decode(t, d, envelopetest.Aggregate(recs...))
	if err != nil || len(lines) != 1000 {
		t.Fatalf("%d lines, err %v", len(lines), err)
	}
	for i, l := range lines {
		if l.Data != fmt.Sprintf("record %d", i) {
			t.Fatalf("line %d = %q", i, l.Data)
		}
	}
}
