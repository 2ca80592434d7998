package cwtest

import (
	"errors"
	"fmt"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Dimension is one name/value pair of a datum.
type Dimension struct {
	Name, Value string
}

// StatisticSet is a datum's pre-aggregated statistics.
type StatisticSet struct {
	SampleCount, Sum, Minimum, Maximum float64
}

// Datum is one metric datum as the server decoded it.
type Datum struct {
	Namespace  string
	MetricName string
	Dimensions []Dimension // in the order sent
	// Timestamp is zero when the datum carried none.
	Timestamp time.Time
	// HasValue tells a sent Value of 0 from an absent one.
	HasValue bool
	Value    float64
	Values   []float64
	Counts   []float64
	Stats    *StatisticSet
	Unit     string
	// StorageResolution is 0 when absent (CloudWatch then uses 60).
	StorageResolution int64
	// Request is the index (in Requests) of the request that carried it.
	Request int
}

// Dim returns the value of the named dimension and whether it is present.
func (d Datum) Dim(name string) (string, bool) {
	for _, x := range d.Dimensions {
		if x.Name == name {
			return x.Value, true
		}
	}
	return "", false
}

// putMetricData is the decoded input of a PutMetricData request.
type putMetricData struct {
	Namespace string
	Datums    []Datum
	// Entity is true when the request used EntityMetricData, which this
	// server records but does not unfold.
	Entity bool
}

// decodePut decodes a PutMetricData CBOR payload.
func decodePut(payload []byte) (*putMetricData, error) {
	v, err := cbor.Decode(payload)
	if err != nil {
		return nil, fmt.Errorf("CBOR: %w", err)
	}
	root, ok := v.(cbor.Map)
	if !ok {
		return nil, fmt.Errorf("input is a %T, not a map", v)
	}
	in := &putMetricData{}
	if ns, ok := root["Namespace"]; ok {
		s, ok := ns.(cbor.String)
		if !ok {
			return nil, fmt.Errorf("Namespace is a %T", ns)
		}
		in.Namespace = string(s)
	}
	_, in.Entity = root["EntityMetricData"]
	md, ok := root["MetricData"]
	if !ok {
		return in, nil
	}
	list, ok := md.(cbor.List)
	if !ok {
		return nil, fmt.Errorf("MetricData is a %T", md)
	}
	for i, item := range list {
		m, ok := item.(cbor.Map)
		if !ok {
			return nil, fmt.Errorf("MetricData[%d] is a %T", i, item)
		}
		d, err := decodeDatum(m)
		if err != nil {
			return nil, fmt.Errorf("MetricData[%d]: %w", i, err)
		}
		d.Namespace = in.Namespace
		in.Datums = append(in.Datums, d)
	}
	return in, nil
}

func decodeDatum(m cbor.Map) (Datum, error) {
	var d Datum
	for key, v := range m {
		var err error
		switch key {
		case "MetricName":
			d.MetricName, err = asString(v)
		case "Unit":
			d.Unit, err = asString(v)
		case "Value":
			d.HasValue = true
			d.Value, err = cbor.AsFloat64(v)
		case "Values":
			d.Values, err = asFloats(v)
		case "Counts":
			d.Counts, err = asFloats(v)
		case "Timestamp":
			d.Timestamp, err = cbor.AsTime(v)
			d.Timestamp = d.Timestamp.UTC()
		case "StorageResolution":
			d.StorageResolution, err = cbor.AsInt64(v)
		case "Dimensions":
			d.Dimensions, err = asDimensions(v)
		case "StatisticValues":
			d.Stats, err = asStats(v)
		default:
			err = errors.New("unknown member")
		}
		if err != nil {
			return d, fmt.Errorf("%s: %w", key, err)
		}
	}
	return d, nil
}

func asString(v cbor.Value) (string, error) {
	s, ok := v.(cbor.String)
	if !ok {
		return "", fmt.Errorf("a %T, not a string", v)
	}
	return string(s), nil
}

func asFloats(v cbor.Value) ([]float64, error) {
	l, ok := v.(cbor.List)
	if !ok {
		return nil, fmt.Errorf("a %T, not a list", v)
	}
	out := make([]float64, 0, len(l))
	for _, x := range l {
		f, err := cbor.AsFloat64(x)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func asDimensions(v cbor.Value) ([]Dimension, error) {
	l, ok := v.(cbor.List)
	if !ok {
		return nil, fmt.Errorf("a %T, not a list", v)
	}
	out := make([]Dimension, 0, len(l))
	for i, x := range l {
		m, ok := x.(cbor.Map)
		if !ok {
			return nil, fmt.Errorf("[%d] is a %T", i, x)
		}
		var d Dimension
		var err error
		for key, mv := range m {
			switch key {
			case "Name":
				d.Name, err = asString(mv)
			case "Value":
				d.Value, err = asString(mv)
			default:
				err = errors.New("unknown member " + key)
			}
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func asStats(v cbor.Value) (*StatisticSet, error) {
	m, ok := v.(cbor.Map)
	if !ok {
		return nil, fmt.Errorf("a %T, not a map", v)
	}
	s := &StatisticSet{}
	for key, mv := range m {
		f, err := cbor.AsFloat64(mv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		switch key {
		case "SampleCount":
			s.SampleCount = f
		case "Sum":
			s.Sum = f
		case "Minimum":
			s.Minimum = f
		case "Maximum":
			s.Maximum = f
		default:
			return nil, errors.New("unknown member " + key)
		}
	}
	return s, nil
}
