package kinesis_test

import (
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// TestKinesaliteBasicRead runs the basic read against the second
// emulator, kinesalite (no fan-out, no ChildShards): every record once.
func TestKinesaliteBasicRead(t *testing.T) {
	em, err := kinesistest.StartKinesalite()
	if err != nil {
		if kinesistest.Required() {
			t.Fatalf("kinesalite is required (TAILTOP_E2E=require) but did not start: %v", err)
		}
		t.Skipf("kinesalite not available: %v", err)
	}
	t.Cleanup(em.Stop)
	e := newEnv(t, em, true)
	stream := e.createStream(2)
	want := e.putLines(stream, "a", 1000)
	r := e.run(kinesis.Config{Stream: stream, From: "trim"})
	r.waitLines(t, 300, 30*time.Second)
	want = append(want, e.putLines(stream, "b", 1000)...)
	r.waitLines(t, len(want), 30*time.Second)
	e.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	r.col.exactlyOnce(t, want)
	if st := r.src.Status(); len(st.Origins) != 2 || st.Errors != 0 {
		t.Errorf("status %+v", st)
	}
}
