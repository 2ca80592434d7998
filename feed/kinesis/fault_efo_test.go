package kinesis_test

import (
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/kinesis"
)

// TestFaultSubscribeToShard injects every fault kind on SubscribeToShard:
// refused subscriptions, held ones, and streams cut or corrupted in the
// middle (after their first events have delivered records). The reader
// subscribes again after its checkpoint: every record exactly once, and
// the status said what happened.
func TestFaultSubscribeToShard(t *testing.T) {
	g := newFaultRig(t, newEnv(t, needMock(t), true))
	stream := g.createStream(2)
	want := g.putLines(stream, "a", 400)
	// The cut falls inside the events that carry the records: kinesis-mock
	// sends up to its batch of records in the first events of a
	// subscription.
	faults := allKinds(600)
	g.schedule(faultproxy.Cycle("SubscribeToShard", faults...))
	r := g.start(kinesis.Config{Stream: stream, From: "trim", EFO: "faulty-efo", Deregister: true, RenewInterval: 3 * time.Second})
	w := faultproxy.Watch(2*time.Millisecond, r.src.Status)
	defer w.Stop()
	r.waitLines(t, 200, faultWait)
	want = append(want, g.putLines(stream, "b", 400)...)
	r.waitLines(t, len(want), faultWait)
	waitFor(t, faultWait, "a round of faults", func() bool { return g.fp.Calls("SubscribeToShard") >= len(faults) })
	g.fp.SetRule(nil)
	// Two more subscriptions, resuming from the checkpoint: a duplicate
	// would show by then.
	g.settle("SubscribeToShard", 2)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	w.Stop()
	r.col.exactlyOnce(t, want)
	g.checkFaults(t, w, "SubscribeToShard", faultproxy.Kinds)
	g.expectKeys(t)
	if st := r.src.Status(); st.Reconnects == 0 {
		t.Errorf("no reconnection counted: %+v", st)
	}
}
