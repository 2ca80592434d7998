package cwtest

import (
	"fmt"
	"math"
	"strings"
)

// The PutMetricData limits the server enforces, as documented for the API.
const (
	MaxPayloadBytes   = 1 << 20 // 1 MiB of uncompressed request
	MaxDatums         = 1000
	MaxDimensions     = 30
	MaxNameLen        = 255
	MaxDimValueLen    = 1024
	MaxNamespaceLen   = 255
	maxValueMagnitude = 0x1p360 // CloudWatch rejects larger magnitudes
)

var units = map[string]bool{
	"Seconds": true, "Microseconds": true, "Milliseconds": true, "Bytes": true, "Kilobytes": true,
	"Megabytes": true, "Gigabytes": true, "Terabytes": true, "Bits": true, "Kilobits": true,
	"Megabits": true, "Gigabits": true, "Terabits": true, "Percent": true, "Count": true,
	"Bytes/Second": true, "Kilobytes/Second": true, "Megabytes/Second": true, "Gigabytes/Second": true,
	"Terabytes/Second": true, "Bits/Second": true, "Kilobits/Second": true, "Megabits/Second": true,
	"Gigabits/Second": true, "Terabits/Second": true, "Count/Second": true, "None": true,
}

// validate checks a decoded request against the API limits; the error
// text is the InvalidParameterValue message.
func validate(in *putMetricData) error {
	switch {
	case in.Namespace == "":
		return fmt.Errorf("the parameter Namespace is required")
	case len(in.Namespace) > MaxNamespaceLen || !printableASCII(in.Namespace):
		return fmt.Errorf("the value for parameter Namespace is not valid")
	case strings.HasPrefix(in.Namespace, "AWS/"):
		return fmt.Errorf("the value AWS/ for parameter Namespace is invalid: namespaces starting with AWS/ are reserved")
	case len(in.Datums) == 0 && !in.Entity:
		return fmt.Errorf("the parameter MetricData is required")
	case len(in.Datums) > MaxDatums:
		return fmt.Errorf("the collection MetricData must not have a size greater than %d", MaxDatums)
	}
	for i, d := range in.Datums {
		if err := validateDatum(d); err != nil {
			return fmt.Errorf("MetricData.member.%d: %w", i+1, err)
		}
	}
	return nil
}

func validateDatum(d Datum) error {
	if d.MetricName == "" || len(d.MetricName) > MaxNameLen || !printableASCII(d.MetricName) {
		return fmt.Errorf("the value %q for parameter MetricName is not valid", d.MetricName)
	}
	if len(d.Dimensions) > MaxDimensions {
		return fmt.Errorf("the collection Dimensions must not have a size greater than %d", MaxDimensions)
	}
	seen := map[string]bool{}
	for _, dim := range d.Dimensions {
		switch {
		case dim.Name == "" || len(dim.Name) > MaxNameLen || !printableASCII(dim.Name) || dim.Name[0] == ':':
			return fmt.Errorf("the value %q for parameter Dimensions.Name is not valid", dim.Name)
		case seen[dim.Name]:
			return fmt.Errorf("the dimension %q is given twice", dim.Name)
		case dim.Value == "" || len(dim.Value) > MaxDimValueLen || !printableASCII(dim.Value) ||
			strings.TrimSpace(dim.Value) == "":
			return fmt.Errorf("the value %q for parameter Dimensions.Value is not valid", dim.Value)
		}
		seen[dim.Name] = true
	}
	if d.HasValue && !validValue(d.Value) {
		return fmt.Errorf("the value %v for parameter Value is not valid", d.Value)
	}
	for _, v := range d.Values {
		if !validValue(v) {
			return fmt.Errorf("the value %v in parameter Values is not valid", v)
		}
	}
	if d.HasValue && (d.Values != nil || d.Stats != nil) {
		return fmt.Errorf("the parameters Value, Values and StatisticValues are mutually exclusive")
	}
	if d.Unit != "" && !units[d.Unit] {
		return fmt.Errorf("the value %q for parameter Unit is not valid", d.Unit)
	}
	if r := d.StorageResolution; r != 0 && r != 1 && r != 60 {
		return fmt.Errorf("the value %d for parameter StorageResolution is not valid: 1 or 60", r)
	}
	return nil
}

func validValue(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= maxValueMagnitude
}

// printableASCII is the character rule for names and dimension values:
// ASCII, no control characters.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
