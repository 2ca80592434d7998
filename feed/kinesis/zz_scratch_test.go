package kinesis_test

import (
	"testing"
	"time"

	"github.com/tailtop/tailtop/feed/kinesis"
)

func TestScratch(t *testing.T) {
	g := newFaultRig(t, newEnv(t, needMock(t), true))
	stream := g.createStream(2)
	want := g.putLines(stream, "a", 100)
	r := g.env.run(kinesis.Config{Stream: stream, From: "trim", EFO: "faulty-efo", Deregister: true, RenewInterval: 3 * time.Second})
	r.waitLines(t, len(want), faultWait)
	r.stop()
	t.Fail()
}
