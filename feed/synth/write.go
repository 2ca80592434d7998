package synth

import (
	"errors"
	"io"
	"time"
)

// DefaultGenRate is the event-time rate of Write when none is given: 2M
// lines span a little over half an hour, like a busy site's log.
const DefaultGenRate = 1000

// writeChunk is how much Write buffers before each write.
const writeChunk = 256 << 10

// Write writes n lines of format to w, the first stamped start and each
// next one 1/rate seconds later (rate <= 0 means DefaultGenRate). Every line
// parses: no malformed lines (see WriteOptions for those).
func Write(w io.Writer, format string, n int, seed int64, start time.Time, rate float64) error {
	return WriteOptions{Format: format, Lines: n, Seed: seed, Start: start, Rate: rate}.Write(w)
}

// WriteOptions is Write with every knob.
type WriteOptions struct {
	Format string
	Lines  int
	Seed   int64
	Start  time.Time
	Rate   float64 // lines per second of event time; <= 0 means DefaultGenRate
	// MalformedOneIn makes about one line in MalformedOneIn malformed; 0
	// means none.
	MalformedOneIn int
}

// Write writes the lines to w.
func (o WriteOptions) Write(w io.Writer) error {
	if o.Lines < 0 {
		return errors.New("synth: negative line count")
	}
	g, err := NewGenerator(o.Format, o.Seed, o.Start)
	if err != nil {
		return err
	}
	g.SetMalformed(o.MalformedOneIn)
	rate := o.Rate
	if rate <= 0 {
		rate = DefaultGenRate
	}
	step := float64(time.Second) / rate
	buf := make([]byte, 0, writeChunk+4096)
	for i := range o.Lines {
		buf = g.Append(buf, o.Start.Add(time.Duration(float64(i)*step)))
		if len(buf) >= writeChunk {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		_, err := w.Write(buf)
		return err
	}
	return nil
}
