package publish

// Request limits of PutMetricData. The API allows 1 MB a request; the
// budget leaves room for the estimate's rounding and for the fields around
// the datums.
const (
	maxBatchDatums = 1000
	maxBatchBytes  = 1_000_000
)

// The estimate below mirrors how the SDK's RPC v2 CBOR serializer writes a
// request (maps and lists indefinite-length, member names as text keys,
// timestamps as a tagged float64, Value as a float64), rounding every
// variable part up; a test checks it bounds the real encoding.

// requestOverhead is the size of a request without its datums.
func requestOverhead(namespace string) int {
	return 1 + // root map
		textSize("MetricData") + 2 + // key, list start and break
		textSize("Namespace") + textSize(namespace) +
		1 // root break
}

// datumSize is an upper bound of one datum's encoded size.
func datumSize(d *Datum) int {
	n := 2 + // map start and break
		textSize("MetricName") + textSize(d.Name) +
		textSize("Dimensions") + 2 +
		textSize("Timestamp") + 1 + 9 + // tag 1, float64
		textSize("Value") + 9 +
		textSize("Unit") + textSize(string(d.Unit)) +
		textSize("StorageResolution") + 5
	for i := range d.Dimensions {
		n += 2 + textSize("Name") + textSize(d.Dimensions[i].Name) +
			textSize("Value") + textSize(d.Dimensions[i].Value)
	}
	return n
}

// textSize is the encoded size of a CBOR text string.
func textSize(s string) int {
	switch n := len(s); {
	case n < 24:
		return 1 + n
	case n < 1<<8:
		return 2 + n
	case n < 1<<16:
		return 3 + n
	default:
		return 5 + n
	}
}
