package kinesis_test

import (
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
	"github.com/tailtop/tailtop/feed/kinesis"
	"github.com/tailtop/tailtop/feed/kinesis/kinesistest"
)

// TestFaultGetRecords injects every fault kind on GetRecords, over two
// shards, while records are written: every record (each one unique line)
// arrives exactly once, each fault is counted once, each expired key is
// refreshed once, and the status said what happened during each fault.
func TestFaultGetRecords(t *testing.T) {
	g := newFaultRig(t, newEnv(t, needMock(t), true))
	stream := g.createStream(2)
	want := g.putLines(stream, "a", 600)
	faults := allKinds(300)
	g.schedule(faultproxy.Cycle("GetRecords", faults...))
	// Small answers: many calls carry records, so faults fall between
	// answers that move the checkpoint.
	r := g.start(kinesis.Config{Stream: stream, From: "trim", RecordsLimit: 40})
	w := faultproxy.Watch(2*time.Millisecond, r.src.Status)
	defer w.Stop()
	r.waitLines(t, 300, faultWait)
	want = append(want, g.putLines(stream, "b", 600)...)
	r.waitLines(t, len(want), faultWait)
	// A full round of the cycle: every kind has hit a shard that still had
	// records to give, or was idle and asked again.
	waitFor(t, faultWait, "a round of faults", func() bool { return g.fp.Calls("GetRecords") >= len(faults) })
	g.fp.SetRule(nil)
	injected := func() int {
		n := 0
		for _, k := range faultproxy.Kinds {
			n += g.fp.Injected(k)
		}
		return n
	}
	// Every fault is counted once its call has failed (a held one fails
	// when the client gives up); a slow emulator may add timeouts of its
	// own, never fewer errors.
	waitFor(t, faultWait, "every fault counted", func() bool { return r.src.Status().Errors >= int64(injected()) })
	g.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	w.Stop()
	r.col.exactlyOnce(t, want)
	g.checkFaults(t, w, "GetRecords", faultproxy.Kinds)
	g.expectKeys(t)
	if st := r.src.Status(); st.Errors < int64(injected()) {
		t.Errorf("%d errors counted for %d faults injected (%s)", st.Errors, injected(), describe(faults))
	}
}

// TestFaultGetShardIterator: iterators are taken at the start of each
// shard and again after each expired iterator (which the emulator-side
// proxy injects on every third GetRecords); every fault kind on
// GetShardIterator is retried from the checkpoint, never skipping or
// repeating a record.
func TestFaultGetShardIterator(t *testing.T) {
	g := newFaultRig(t, newEnv(t, needMock(t), true))
	stream := g.createStream(2)
	want := g.putLines(stream, "a", 400)
	g.proxy.SetRule(func(op string, n int) kinesistest.Fault {
		if op == "GetRecords" && n%3 == 0 {
			return kinesistest.ExpireIterator
		}
		return kinesistest.Pass
	})
	faults := allKinds(20)[2:] // the first call faults at once
	g.schedule(faultproxy.Cycle("GetShardIterator", faults...))
	r := g.start(kinesis.Config{Stream: stream, From: "trim", RecordsLimit: 40})
	w := faultproxy.Watch(2*time.Millisecond, r.src.Status)
	defer w.Stop()
	r.waitLines(t, 200, faultWait)
	want = append(want, g.putLines(stream, "b", 400)...)
	r.waitLines(t, len(want), faultWait)
	waitFor(t, faultWait, "a round of faults", func() bool { return g.fp.Calls("GetShardIterator") >= len(faults) })
	g.fp.SetRule(nil)
	g.proxy.SetRule(nil)
	g.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	w.Stop()
	r.col.exactlyOnce(t, want)
	g.checkFaults(t, w, "GetShardIterator", faultproxy.Kinds)
	g.expectKeys(t)
}

// TestFaultListShards: the first listing fails with every kind in turn
// (the source waits, retrying, before reading anything), and the listings
// made every 300 ms while reading fail too; reading is not disturbed.
func TestFaultListShards(t *testing.T) {
	g := newFaultRig(t, newEnv(t, needMock(t), true))
	stream := g.createStream(2)
	want := g.putLines(stream, "a", 300)
	faults := allKinds(100)
	// The first listing meets six faults in a row before it gets through.
	g.fp.Queue("ListShards", faults[2], faults[5], faults[8], faults[11], faults[14], faults[17])
	g.schedule(faultproxy.Cycle("ListShards", faults...))
	r := g.start(kinesis.Config{Stream: stream, From: "trim", RelistInterval: 300 * time.Millisecond})
	w := faultproxy.Watch(2*time.Millisecond, r.src.Status)
	defer w.Stop()
	r.waitLines(t, len(want), faultWait)
	want = append(want, g.putLines(stream, "b", 300)...)
	r.waitLines(t, len(want), faultWait)
	waitFor(t, faultWait, "a round of faults", func() bool { return g.fp.Calls("ListShards") >= 6+len(faults) })
	g.fp.SetRule(nil)
	g.settle("GetRecords", 4)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	w.Stop()
	r.col.exactlyOnce(t, want)
	g.checkFaults(t, w, "ListShards", faultproxy.Kinds)
	if st := r.src.Status(); len(st.Origins) != 2 {
		t.Errorf("%d shards after the faulty listings, want 2", len(st.Origins))
	}
}
