package publish

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
)

// accessLine is a combined-format line from client ip.
func accessLine(ip string, bytes int) string {
	return ip + ` - - [18/May/2033:03:33:05 +0000] "GET / HTTP/1.1" 200 ` + strconv.Itoa(bytes) + ` "-" "-"`
}

// ips returns n distinct client addresses.
func ips(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	return out
}

// onlyAt keeps the datums of the interval starting at t0+d.
func onlyAt(ds []cwtest.Datum, d time.Duration) []cwtest.Datum {
	var out []cwtest.Datum
	for _, x := range ds {
		if x.Timestamp.Equal(at(d)) {
			out = append(out, x)
		}
	}
	return out
}

// More than 1000 datums in an interval go out in several requests of at
// most 1000, every datum once.
func TestBatchesAboveAThousandMetrics(t *testing.T) {
	h := newHarness(t, Config{TopN: 1000})
	h.engine.AddStream("web", "combined")
	h.engine.AddStream("api", "combined")
	h.start()
	var lines []string
	for i, ip := range ips(1200) {
		// The first 1000 twice, so that the top 1000 is not a tie-break.
		lines = append(lines, accessLine(ip, 1))
		if i < 1000 {
			lines = append(lines, accessLine(ip, 1))
		}
	}
	h.ingest("web", at(5*time.Second), lines...)
	h.ingest("api", at(5*time.Second), lines[:30]...)
	h.tick(at(time.Minute))
	// web: 7 + 1000 top actors; api: 7 + its 15 actors.
	const want = 7 + 1000 + 7 + 15
	if err := h.srv.WaitDatums(wait(t), want); err != nil {
		t.Fatal(err)
	}
	h.stop(at(time.Minute))

	got := onlyAt(h.srv.Datums(), 0)
	if len(got) != want {
		t.Fatalf("datums of the first minute: %d, want %d", len(got), want)
	}
	noDuplicates(t, h.srv.Datums())
	top := 0
	for _, d := range got {
		if s, _ := d.Dim("Stream"); s == "web" && d.MetricName == "TopActorCount" {
			top++
			if d.Value != 2 {
				t.Errorf("a top-1000 actor of web with count %v: 1000 actors have 2", d.Value)
			}
		}
	}
	if top != 1000 {
		t.Errorf("web top actors published: %d", top)
	}
	var sizes []int
	for _, r := range h.srv.Requests() {
		if r.Status != 200 {
			t.Errorf("request refused: %d %s", r.Status, r.Error)
		}
		if len(r.Datums) > 1000 {
			t.Errorf("request of %d datums", len(r.Datums))
		}
		sizes = append(sizes, len(r.Datums))
	}
	// The first interval: 1000, then the remaining 29; then the final
	// flush's 14 zero datums.
	if fmt.Sprint(sizes) != "[1000 29 14]" {
		t.Errorf("request sizes %v, want [1000 29 14]", sizes)
	}
}

// Datums with many long dimensions hit the 1 MB request bound before the
// 1000-metric one; the size estimate must bound the real encoding.
func TestBatchesWithinOneMegabyte(t *testing.T) {
	dims := map[string]string{}
	for i := range 28 {
		dims[fmt.Sprintf("dim%02d", i)] = strings.Repeat(string(rune('a'+i%26)), 1024)
	}
	h := newHarness(t, Config{TopN: 100, Dimensions: dims})
	long := strings.Repeat("s", 2000) // cut to 1024 with a hash
	h.engine.AddStream(long, "combined")
	h.start()
	var lines []string
	for _, ip := range ips(100) {
		lines = append(lines, accessLine(ip, 1))
	}
	h.ingest(long, at(5*time.Second), lines...)
	h.tick(at(time.Minute))
	if err := h.srv.WaitDatums(wait(t), 107); err != nil {
		t.Fatal(err)
	}
	h.stop(at(time.Minute))
	reqs := h.srv.Requests()
	if len(reqs) < 4 {
		t.Fatalf("%d requests: ~30 KB datums need at least 4 requests of 1 MB for 107", len(reqs))
	}
	gzipped := 0
	for i, r := range reqs {
		if r.Status != 200 {
			t.Fatalf("request %d refused: %s", i, r.Error)
		}
		if r.Bytes > 1_000_000 {
			t.Errorf("request %d is %d bytes", i, r.Bytes)
		}
		est := requestOverhead("LogMetrics")
		for _, d := range r.Datums {
			est += datumSize(datumOf(d))
		}
		if est < r.Bytes || est > r.Bytes+r.Bytes/50 {
			t.Errorf("request %d: estimate %d for %d bytes encoded (must bound it, closely)", i, est, r.Bytes)
		}
		if r.Gzip {
			gzipped++
		}
	}
	if gzipped == 0 {
		t.Error("large requests should arrive gzip-compressed")
	}
	s, _ := h.srv.Datums()[0].Dim("Stream")
	if len(s) != 1024 || !strings.HasPrefix(s, strings.Repeat("s", 1015)+"~") {
		t.Errorf("long stream name as dimension: %d bytes, %q…", len(s), s[1010:])
	}
}

// datumOf converts a recorded datum back, for the size estimate.
func datumOf(d cwtest.Datum) *Datum {
	out := &Datum{Name: d.MetricName, Time: d.Timestamp, Value: d.Value, Unit: types.StandardUnit(d.Unit), Resolution: int32(d.StorageResolution)}
	for _, x := range d.Dimensions {
		out.Dimensions = append(out.Dimensions, Dimension{x.Name, x.Value})
	}
	return out
}
