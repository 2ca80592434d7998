package parse

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// vpcCorpus is every sample of the vpcflow corpus folder.
var vpcCorpus = []wCorpusFile{
	{"vpcflow", "awsdocs_natgw_custom_with_header.log", "vpcflow", nil, 6},
	// Line 3 is a literal "..." from the documentation.
	{"vpcflow", "awsdocs_tgw_custom_with_header.log", "vpcflow", []int{3}, 4},
	{"vpcflow", "awsdocs_v2_default_examples.log", "vpcflow", nil, 7},
	{"vpcflow", "awsdocs_v3_tcpflags_custom_with_header.log", "vpcflow", nil, 8},
	{"vpcflow", "awsdocs_v5_custom_order_with_header.log", "vpcflow", nil, 2},
	{"vpcflow", "beats_accept-reject-traffic.log", "vpcflow", nil, 4},
	// Not a flow log at all.
	{"vpcflow", "beats_bad.log", "", []int{1}, 0},
	{"vpcflow", "beats_custom-nat-gateway.log", "vpcflow", nil, 2},
	// A custom format without a header: the AWS documentation's
	// transit gateway example format, recognised by the record's shapes.
	{"vpcflow", "beats_custom-transit-gateway.log", "vpcflow", nil, 1},
	{"vpcflow", "beats_ipv6.log", "vpcflow", nil, 1},
	{"vpcflow", "beats_no-data-skip-data.log", "vpcflow", nil, 2},
	{"vpcflow", "beats_tcp-flag-sequence-skip-data.log", "vpcflow", nil, 2},
	{"vpcflow", "beats_tcp-flag-sequence.log", "vpcflow", nil, 1},
	{"vpcflow", "integrations_extra-samples_no-final-newline.log", "vpcflow", nil, 7},
	// The transit gateway default format, without a header.
	{"vpcflow", "integrations_transit-gateway-flowlogs.log", "vpcflow", nil, 10},
	// All fields up to v5, then up to v8, without a header.
	{"vpcflow", "integrations_v5-all-fields.log", "vpcflow", nil, 1},
	{"vpcflow", "integrations_v8-ecs-fields.log", "vpcflow", nil, 1},
	{"vpcflow", "loki_s3_vpcflow_with_header.log.gz", "vpcflow", nil, 3},
}

func TestVPCFlowCorpusComplete(t *testing.T) { wCorpusComplete(t, "vpcflow", vpcCorpus) }

func TestVPCFlowCorpus(t *testing.T) {
	for _, c := range vpcCorpus {
		t.Run(c.file, func(t *testing.T) {
			for i, pl := range wCheckCorpus(t, c, func(f string) bool { return f == "vpcflow" }) {
				if pl.res == Parsed {
					checkVPCEvent(t, i+1, pl)
				}
			}
		})
	}
	wShare(t, "vpcflow", vpcCorpus)
}

// checkVPCEvent holds an event to its record's fields.
func checkVPCEvent(t *testing.T, n int, pl wParsedLine) {
	t.Helper()
	f, ev := pl.fields, pl.ev
	if wStr(ev.Actor) != f["srcaddr"] && !(ev.Actor == nil && f["srcaddr"] == "") {
		t.Errorf("line %d: actor %s, srcaddr %s", n, wStr(ev.Actor), f["srcaddr"])
	}
	if dst := f["dstaddr"]; dst != "<nil>" && dst != "" && !strings.Contains(wStr(ev.Target), dst) {
		t.Errorf("line %d: target %s, dstaddr %s", n, wStr(ev.Target), dst)
	}
	if b := f["bytes"]; b != "" && b != "<nil>" && strconv.FormatInt(ev.Bytes, 10) != b {
		t.Errorf("line %d: bytes %d, field %s", n, ev.Bytes, b)
	}
	if a := f["action"]; (a == "REJECT") != ev.Failure {
		t.Errorf("line %d: failure %v, action %s", n, ev.Failure, a)
	}
	switch st := f["log-status"]; {
	case st == "NODATA" || st == "SKIPDATA":
		if wStr(ev.Status) != st {
			t.Errorf("line %d: status %s, log-status %s", n, wStr(ev.Status), st)
		}
	case f["action"] != "" && f["action"] != "<nil>":
		if wStr(ev.Status) != f["action"] {
			t.Errorf("line %d: status %s, action %s", n, wStr(ev.Status), f["action"])
		}
	}
	if end := f["end"]; end != "" && end != "<nil>" {
		secs, _ := strconv.ParseInt(end, 10, 64)
		if !ev.Time.Equal(time.Unix(secs, 0)) {
			t.Errorf("line %d: time %v, end %s", n, ev.Time, end)
		}
	}
}

// TestVPCFlowCorpusExpected compares with the Filebeat and Elastic
// integration pipelines' output for the same records.
func TestVPCFlowCorpusExpected(t *testing.T) {
	for _, file := range []string{"beats_custom-transit-gateway.log", "beats_no-data-skip-data.log", "integrations_v5-all-fields.log", "integrations_v8-ecs-fields.log"} {
		t.Run(file, func(t *testing.T) {
			raw, err := os.ReadFile(corpus.Path(t, "vpcflow", file+".expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			var docs []map[string]any
			if err := json.Unmarshal(raw, &docs); err != nil {
				var wrapped struct{ Expected []map[string]any }
				if err := json.Unmarshal(raw, &wrapped); err != nil {
					t.Fatal(err)
				}
				docs = wrapped.Expected
			}
			p, _ := New("vpcflow", Options{})
			var got []wParsedLine
			for _, pl := range wParseAll(p, wCorpusLines(t, "vpcflow", file)) {
				if pl.res == Parsed {
					got = append(got, pl)
				}
			}
			if len(got) != len(docs) {
				t.Fatalf("%d events, %d documents", len(got), len(docs))
			}
			for i, doc := range docs {
				checkVPCExpected(t, i+1, got[i], flattenJSON("", doc, map[string]any{}))
			}
		})
	}
}

// flattenJSON turns nested objects into dotted keys, as the older
// expected files write them.
func flattenJSON(prefix string, v any, out map[string]any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flattenJSON(key, x, out)
		}
		return out
	}
	out[prefix] = v
	return out
}

func checkVPCExpected(t *testing.T, n int, pl wParsedLine, doc map[string]any) {
	t.Helper()
	ev, f := pl.ev, pl.fields
	str := func(k string) (string, bool) {
		switch v := doc[k].(type) {
		case string:
			return v, true
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64), true
		}
		return "", false
	}
	checks := []struct{ key, got string }{
		{"source.ip", wStr(ev.Actor)},
		{"source.port", f["srcport"]},
		{"destination.ip", f["dstaddr"]},
		{"destination.port", f["dstport"]},
		{"network.iana_number", f["protocol"]},
		{"aws.vpcflow.action", f["action"]},
		{"aws.vpcflow.log_status", f["log-status"]},
		{"aws.vpcflow.interface_id", f["interface-id"]},
		{"aws.vpcflow.account_id", f["account-id"]},
		{"aws.vpcflow.pkt_srcaddr", f["pkt-srcaddr"]},
		{"aws.vpcflow.ecs_task_id", f["ecs-task-id"]},
		{"source.bytes", strconv.FormatInt(ev.Bytes, 10)},
		{"network.bytes", strconv.FormatInt(ev.Bytes, 10)},
	}
	compared := 0
	for _, c := range checks {
		want, ok := str(c.key)
		if !ok {
			continue
		}
		compared++
		if want == "-" {
			want = "<nil>"
		}
		if c.got != want {
			t.Errorf("record %d: %s = %q, want %q", n, c.key, c.got, want)
		}
	}
	if dst, ok := str("destination.ip"); ok && !strings.Contains(wStr(ev.Target), dst) {
		t.Errorf("record %d: target %s lacks %s", n, wStr(ev.Target), dst)
	}
	if tr, ok := str("network.transport"); ok && !strings.HasSuffix(wStr(ev.Target), "/"+tr) {
		t.Errorf("record %d: target %s, transport %s", n, wStr(ev.Target), tr)
	}
	if ts, ok := str("@timestamp"); ok {
		compared++
		if want, err := time.Parse(time.RFC3339, ts); err != nil || !ev.Time.Equal(want) {
			t.Errorf("record %d: time %v, @timestamp %s", n, ev.Time, ts)
		}
	}
	if outcome, ok := str("event.outcome"); ok {
		compared++
		if (outcome == "failure") != ev.Failure {
			t.Errorf("record %d: failure %v, outcome %s", n, ev.Failure, outcome)
		}
	}
	if compared < 3 {
		t.Errorf("record %d: only %d values compared", n, compared)
	}
}
