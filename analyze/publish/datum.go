package publish

import (
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/tailtop/tailtop/analyze"
)

// The dimensions tailtop sets itself.
const (
	dimStream = "Stream"
	dimActor  = "Actor"
)

// Metric names. AuthorizationFailureCount is the name the classic
// CloudTrail metric filter for authorization failures uses, so existing
// alarms and dashboards read it unchanged.
const (
	MetricEvents        = "Events"
	MetricFailures      = "Failures"
	MetricAuthFailures  = "AuthorizationFailureCount"
	MetricBytes         = "Bytes"
	MetricUnparsed      = "UnparsedLines"
	MetricActiveSpikes  = "ActiveSpikes"
	MetricFiringAlerts  = "FiringAlerts"
	MetricTopActorCount = "TopActorCount"
)

func isMetricName(s string) bool {
	switch s {
	case MetricEvents, MetricFailures, MetricAuthFailures, MetricBytes, MetricUnparsed,
		MetricActiveSpikes, MetricFiringAlerts, MetricTopActorCount:
		return true
	}
	return false
}

// Dimension is one name/value pair of a datum.
type Dimension struct {
	Name, Value string
}

// Datum is one metric value, as it will be sent (or printed).
type Datum struct {
	Name       string
	Dimensions []Dimension
	Time       time.Time // the start of its interval
	Value      float64
	Unit       types.StandardUnit
	Resolution int32 // StorageResolution: 1 or 60
}

// builder turns interval counts into datums.
type builder struct {
	extra      []Dimension // sorted by name
	topN       int
	resolution int32
}

func newBuilder(c Config) builder {
	b := builder{topN: c.TopN, resolution: 60}
	if c.Interval < time.Minute {
		b.resolution = 1
	}
	for name, v := range c.Dimensions {
		b.extra = append(b.extra, Dimension{name, v})
	}
	sortDims(b.extra)
	return b
}

func sortDims(d []Dimension) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && d[j].Name < d[j-1].Name; j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}

// build appends the datums of one interval to out: for each stream, its
// stream metrics in a fixed order, then its top actors by rank. Zeros are
// published too: an alarm on a quiet stream must see 0, not missing data.
func (b builder) build(out []Datum, stats []analyze.IntervalStats) []Datum {
	for i := range stats {
		st := &stats[i]
		at := st.From.UTC()
		dims := make([]Dimension, 0, 1+len(b.extra))
		dims = append(dims, Dimension{dimStream, dimensionValue(st.Stream)})
		dims = append(dims, b.extra...)
		add := func(name string, v int64, unit types.StandardUnit) {
			if !finite(float64(v)) {
				return
			}
			out = append(out, Datum{Name: name, Dimensions: dims, Time: at, Value: float64(v), Unit: unit, Resolution: b.resolution})
		}
		add(MetricEvents, st.Events, types.StandardUnitCount)
		add(MetricFailures, st.Failures, types.StandardUnitCount)
		add(MetricAuthFailures, st.Denied, types.StandardUnitCount)
		add(MetricBytes, st.Bytes, types.StandardUnitBytes)
		add(MetricUnparsed, st.Unparsed, types.StandardUnitCount)
		add(MetricActiveSpikes, int64(st.ActiveSpikes), types.StandardUnitCount)
		add(MetricFiringAlerts, int64(st.FiringAlerts), types.StandardUnitCount)
		for rank, kc := range st.TopActors {
			if rank == b.topN {
				break
			}
			if kc.Count <= 0 || !finite(float64(kc.Count)) {
				continue
			}
			ad := make([]Dimension, 0, 2+len(b.extra))
			ad = append(ad, dims[0], Dimension{dimActor, dimensionValue(kc.Key)})
			ad = append(ad, b.extra...)
			out = append(out, Datum{Name: MetricTopActorCount, Dimensions: ad, Time: at, Value: float64(kc.Count),
				Unit: types.StandardUnitCount, Resolution: b.resolution})
		}
	}
	return out
}

// finite reports whether CloudWatch accepts v: no NaN, no infinity, and a
// magnitude within the API's range. Counts always are; the check guards
// the wire against a future float metric.
func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= 0x1p360
}

// sdkDatums converts datums to the SDK's type.
func sdkDatums(in []Datum) []types.MetricDatum {
	out := make([]types.MetricDatum, len(in))
	for i := range in {
		d := &in[i]
		dims := make([]types.Dimension, len(d.Dimensions))
		for j := range d.Dimensions {
			dims[j] = types.Dimension{Name: aws.String(d.Dimensions[j].Name), Value: aws.String(d.Dimensions[j].Value)}
		}
		out[i] = types.MetricDatum{
			MetricName:        aws.String(d.Name),
			Dimensions:        dims,
			Timestamp:         aws.Time(d.Time),
			Value:             aws.Float64(d.Value),
			Unit:              d.Unit,
			StorageResolution: aws.Int32(d.Resolution),
		}
	}
	return out
}
