package publish

import (
	"context"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// jsonSink prints each datum as one JSON object, with the members of the
// API's MetricDatum (and the namespace), in a fixed order:
//
//	{"Namespace":"LogMetrics","MetricName":"Events","Dimensions":[{"Name":"Stream","Value":"web"}],"Timestamp":"2033-05-18T03:33:00Z","Value":3,"Unit":"Count","StorageResolution":60}
type jsonSink struct {
	w         io.Writer
	namespace string
	scratch   []byte
}

// A dry run writes whatever is queued in one go: a line per datum has no
// request limit, and an interval's lines stay together.
func (s *jsonSink) limits() (int, int) { return 0, 0 }

func (s *jsonSink) put(_ context.Context, batch []Datum) (int, error) {
	b := s.scratch[:0]
	for i := range batch {
		d := &batch[i]
		b = append(b, `{"Namespace":`...)
		b = appendString(b, s.namespace)
		b = append(b, `,"MetricName":`...)
		b = appendString(b, d.Name)
		b = append(b, `,"Dimensions":[`...)
		for j, dim := range d.Dimensions {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"Name":`...)
			b = appendString(b, dim.Name)
			b = append(b, `,"Value":`...)
			b = appendString(b, dim.Value)
			b = append(b, '}')
		}
		b = append(b, `],"Timestamp":"`...)
		b = d.Time.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","Value":`...)
		b = appendNumber(b, d.Value)
		b = append(b, `,"Unit":`...)
		b = appendString(b, string(d.Unit))
		b = append(b, `,"StorageResolution":`...)
		b = strconv.AppendInt(b, int64(d.Resolution), 10)
		b = append(b, "}\n"...)
	}
	return write(s.w, &s.scratch, b)
}

// emfSink prints CloudWatch Embedded Metric Format lines, which the
// CloudWatch agent (or Logs, for a Lambda) turns into the same metrics: one
// line per run of datums that share their time and dimensions (a stream's
// metrics of an interval; a top actor's count).
//
//	{"_aws":{"Timestamp":1999999980000,"CloudWatchMetrics":[{"Namespace":"LogMetrics","Dimensions":[["Stream"]],"Metrics":[{"Name":"Events","Unit":"Count"}]}]},"Stream":"web","Events":3}
type emfSink struct {
	w         io.Writer
	namespace string
	scratch   []byte
}

func (s *emfSink) limits() (int, int) { return 0, 0 }

// maxEMFMetrics is the most metrics one EMF directive may declare.
const maxEMFMetrics = 100

func (s *emfSink) put(_ context.Context, batch []Datum) (int, error) {
	b := s.scratch[:0]
	for i := 0; i < len(batch); {
		j := i + 1
		for j < len(batch) && j-i < maxEMFMetrics && sameGroup(batch[i:j], &batch[j]) {
			j++
		}
		b = s.appendLine(b, batch[i:j])
		i = j
	}
	return write(s.w, &s.scratch, b)
}

// sameGroup reports whether d can join the EMF line of group: same time,
// resolution and dimensions, and a metric name not yet in it.
func sameGroup(group []Datum, d *Datum) bool {
	g := &group[0]
	if !g.Time.Equal(d.Time) || g.Resolution != d.Resolution || len(g.Dimensions) != len(d.Dimensions) {
		return false
	}
	for k := range g.Dimensions {
		if g.Dimensions[k] != d.Dimensions[k] {
			return false
		}
	}
	for k := range group {
		if group[k].Name == d.Name {
			return false
		}
	}
	return true
}

func (s *emfSink) appendLine(b []byte, group []Datum) []byte {
	g := &group[0]
	b = append(b, `{"_aws":{"Timestamp":`...)
	b = strconv.AppendInt(b, g.Time.UnixMilli(), 10)
	b = append(b, `,"CloudWatchMetrics":[{"Namespace":`...)
	b = appendString(b, s.namespace)
	b = append(b, `,"Dimensions":[[`...)
	for k, dim := range g.Dimensions {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendString(b, dim.Name)
	}
	b = append(b, `]],"Metrics":[`...)
	for k := range group {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Name":`...)
		b = appendString(b, group[k].Name)
		b = append(b, `,"Unit":`...)
		b = appendString(b, string(group[k].Unit))
		if group[k].Resolution == 1 {
			b = append(b, `,"StorageResolution":1`...)
		}
		b = append(b, '}')
	}
	b = append(b, `]}]}`...)
	for _, dim := range g.Dimensions {
		b = append(b, ',')
		b = appendString(b, dim.Name)
		b = append(b, ':')
		b = appendString(b, dim.Value)
	}
	for k := range group {
		b = append(b, ',')
		b = appendString(b, group[k].Name)
		b = append(b, ':')
		b = appendNumber(b, group[k].Value)
	}
	return append(b, "}\n"...)
}

// write writes b in one call, so that the lines of a batch are not
// interleaved with another writer's, and keeps b for the next batch
// unless it grew large.
func write(w io.Writer, scratch *[]byte, b []byte) (int, error) {
	n, err := w.Write(b)
	*scratch = nil
	if cap(b) <= 1<<20 {
		*scratch = b[:0]
	}
	if err != nil {
		return n, &writeError{err}
	}
	return n, nil
}

// writeError is a dry run's failed write: writing the same lines again
// would fail the same way (a closed pipe), so the batch is dropped.
type writeError struct{ err error }

func (e *writeError) Error() string { return "dry-run output: " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// appendNumber writes v as a JSON number (counts print as integers).
func appendNumber(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendString writes s as a JSON string. Names and values are already
// printable ASCII; anything else is escaped all the same.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
			i++
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(b, '"')
}
