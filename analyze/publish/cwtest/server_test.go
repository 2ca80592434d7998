package cwtest

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// client is the real SDK client pointed at s, without SDK retries so that
// each call is one request.
func client(s *Server) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(s.Config(), func(o *cloudwatch.Options) { o.Retryer = aws.NopRetryer{} })
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestDecodesEveryMemberTheSDKSends(t *testing.T) {
	s := New()
	defer s.Close()
	ts := time.Date(2033, 5, 18, 3, 33, 0, 250e6, time.UTC)
	_, err := client(s).PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{
		Namespace: aws.String("LogMetrics"),
		MetricData: []types.MetricDatum{
			{
				MetricName: aws.String("Events"),
				Dimensions: []types.Dimension{{Name: aws.String("Stream"), Value: aws.String("web")}, {Name: aws.String("env"), Value: aws.String("prod")}},
				Timestamp:  aws.Time(ts), Value: aws.Float64(0), Unit: types.StandardUnitCount, StorageResolution: aws.Int32(1),
			},
			{
				MetricName: aws.String("Latency"), Values: []float64{1.5, 2}, Counts: []float64{3, 1},
				Unit: types.StandardUnitMilliseconds,
			},
			{
				MetricName:      aws.String("Sizes"),
				StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(4), Sum: aws.Float64(10), Minimum: aws.Float64(1), Maximum: aws.Float64(4)},
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Gzip || reqs[0].Status != http.StatusOK || reqs[0].Operation != "PutMetricData" {
		t.Fatalf("requests: %+v", reqs)
	}
	d := s.Datums()
	if len(d) != 3 {
		t.Fatalf("datums: %+v", d)
	}
	if d[0].Namespace != "LogMetrics" || d[0].MetricName != "Events" || !d[0].HasValue || d[0].Value != 0 ||
		!d[0].Timestamp.Equal(ts) || d[0].Unit != "Count" || d[0].StorageResolution != 1 ||
		len(d[0].Dimensions) != 2 || d[0].Dimensions[1] != (Dimension{"env", "prod"}) {
		t.Errorf("datum 0: %+v", d[0])
	}
	if v, ok := d[0].Dim("Stream"); !ok || v != "web" {
		t.Errorf("Dim(Stream) = %q, %v", v, ok)
	}
	if d[1].HasValue || len(d[1].Values) != 2 || d[1].Values[0] != 1.5 || d[1].Counts[0] != 3 || !d[1].Timestamp.IsZero() || d[1].StorageResolution != 0 {
		t.Errorf("datum 1: %+v", d[1])
	}
	if d[2].Stats == nil || *d[2].Stats != (StatisticSet{4, 10, 1, 4}) {
		t.Errorf("datum 2: %+v", d[2])
	}
}

// Requests over the SDK's threshold arrive gzip-compressed; the server
// must decode them the same.
func TestDecodesGzipBodies(t *testing.T) {
	s := New()
	defer s.Close()
	var data []types.MetricDatum
	for i := range 400 {
		data = append(data, types.MetricDatum{
			MetricName: aws.String("TopActorCount"),
			Dimensions: []types.Dimension{{Name: aws.String("Actor"), Value: aws.String("10.0.0." + strconv.Itoa(i))}},
			Value:      aws.Float64(float64(i)),
		})
	}
	if _, err := client(s).PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("N"), MetricData: data}); err != nil {
		t.Fatal(err)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || !reqs[0].Gzip || reqs[0].Bytes <= 10240 || reqs[0].WireBytes >= reqs[0].Bytes {
		t.Fatalf("expected one gzip request over 10 KiB: %+v", reqs[0].Gzip)
	}
	d := s.Datums()
	if len(d) != 400 || d[399].Value != 399 || d[399].Dimensions[0].Value != "10.0.0.399" {
		t.Fatalf("datums: %d, last %+v", len(d), d[len(d)-1])
	}
}

// The injected faults reach the SDK as the error codes and statuses the
// real service gives, which is what a client's retry decision reads.
func TestFaultsReachTheSDKAsCloudWatchErrors(t *testing.T) {
	s := New()
	defer s.Close()
	tests := []struct {
		fault  Fault
		code   string
		status int
	}{
		{Throttle, "Throttling", 400},
		{InternalError, "InternalServiceError", 500},
		{Unavailable, "ServiceUnavailable", 503},
		{AccessDenied, "AccessDenied", 403},
		{Invalid, "InvalidParameterValue", 400},
	}
	c := client(s)
	in := &cloudwatch.PutMetricDataInput{Namespace: aws.String("N"), MetricData: []types.MetricDatum{{MetricName: aws.String("M"), Value: aws.Float64(1)}}}
	for _, tc := range tests {
		s.Inject(tc.fault)
		_, err := c.PutMetricData(ctx(t), in)
		var ae smithy.APIError
		var re *awshttp.ResponseError
		if !errors.As(err, &ae) || ae.ErrorCode() != tc.code || !errors.As(err, &re) || re.HTTPStatusCode() != tc.status {
			t.Errorf("%v: got %v", tc.fault, err)
		}
	}
	var isf *types.InternalServiceFault
	s.Inject(InternalError)
	if _, err := c.PutMetricData(ctx(t), in); !errors.As(err, &isf) {
		t.Errorf("internal error should decode as the modeled InternalServiceFault: %T %v", err, err)
	}
	if len(s.Datums()) != 0 {
		t.Fatalf("faulted requests must record no datum: %d", len(s.Datums()))
	}
	// Down until told otherwise, then normal again.
	s.SetDown(Unavailable)
	for range 2 {
		if _, err := c.PutMetricData(ctx(t), in); err == nil {
			t.Fatal("expected unavailable")
		}
	}
	s.SetDown(None)
	if _, err := c.PutMetricData(ctx(t), in); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Datums()); n != 1 {
		t.Fatalf("datums after recovery: %d", n)
	}
}

// The server enforces the API limits, so that a client that breaks them
// fails its tests.
func TestRejectsWhatCloudWatchRejects(t *testing.T) {
	s := New()
	defer s.Close()
	c := client(s)
	datum := func(mut func(*types.MetricDatum)) []types.MetricDatum {
		d := types.MetricDatum{MetricName: aws.String("M"), Value: aws.Float64(1),
			Dimensions: []types.Dimension{{Name: aws.String("Stream"), Value: aws.String("web")}}}
		mut(&d)
		return []types.MetricDatum{d}
	}
	many := func(n int) []types.Dimension {
		var out []types.Dimension
		for i := range n {
			out = append(out, types.Dimension{Name: aws.String("d" + strconv.Itoa(i)), Value: aws.String("v")})
		}
		return out
	}
	tests := map[string][]types.MetricDatum{
		"NaN":                  datum(func(d *types.MetricDatum) { d.Value = aws.Float64(nanValue()) }),
		"31 dimensions":        datum(func(d *types.MetricDatum) { d.Dimensions = many(31) }),
		"empty value":          datum(func(d *types.MetricDatum) { d.Dimensions[0].Value = aws.String("") }),
		"blank value":          datum(func(d *types.MetricDatum) { d.Dimensions[0].Value = aws.String("  ") }),
		"value over 1024":      datum(func(d *types.MetricDatum) { d.Dimensions[0].Value = aws.String(strings.Repeat("x", 1025)) }),
		"non-ASCII value":      datum(func(d *types.MetricDatum) { d.Dimensions[0].Value = aws.String("béa") }),
		"control in value":     datum(func(d *types.MetricDatum) { d.Dimensions[0].Value = aws.String("a\nb") }),
		"resolution 5":         datum(func(d *types.MetricDatum) { d.StorageResolution = aws.Int32(5) }),
		"1001 datums":          make([]types.MetricDatum, 1001),
		"over 1 MiB":           bigRequest(),
		"duplicated dimension": datum(func(d *types.MetricDatum) { d.Dimensions = append(d.Dimensions, d.Dimensions[0]) }),
	}
	for i := range tests["1001 datums"] {
		tests["1001 datums"][i] = datum(func(*types.MetricDatum) {})[0]
	}
	for name, data := range tests {
		_, err := c.PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("N"), MetricData: data})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidParameterValue" {
			t.Errorf("%s: want InvalidParameterValue, got %v", name, err)
		}
	}
	// The limits themselves pass.
	ok := datum(func(d *types.MetricDatum) {
		d.Dimensions = many(30)
		d.Dimensions[0].Value = aws.String(strings.Repeat("x", 1024))
	})
	if _, err := c.PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("N"), MetricData: ok}); err != nil {
		t.Errorf("30 dimensions, a 1024-character value: %v", err)
	}
	if _, err := c.PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/EC2"), MetricData: ok}); err == nil {
		t.Error("AWS/ namespaces are reserved")
	}
	if len(s.Datums()) != 1 {
		t.Fatalf("only the valid request is recorded: %d datums", len(s.Datums()))
	}
}

func nanValue() float64 {
	var zero float64
	return zero / zero
}

// bigRequest is under 1000 datums but over 1 MiB.
func bigRequest() []types.MetricDatum {
	long := strings.Repeat("v", 1024)
	var dims []types.Dimension
	for i := range 30 {
		dims = append(dims, types.Dimension{Name: aws.String("dim" + strconv.Itoa(i)), Value: aws.String(long)})
	}
	var out []types.MetricDatum
	for range 40 { // 40 × 30 KiB
		out = append(out, types.MetricDatum{MetricName: aws.String("M"), Value: aws.Float64(1), Dimensions: dims})
	}
	return out
}

// A held request waits until released; the waiters see it arrive.
func TestHoldAndRelease(t *testing.T) {
	s := New()
	defer s.Close()
	s.Hold()
	done := make(chan error, 1)
	go func() {
		_, err := client(s).PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("N"),
			MetricData: []types.MetricDatum{{MetricName: aws.String("M"), Value: aws.Float64(1)}}})
		done <- err
	}()
	if err := s.WaitRequests(ctx(t), 1); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("held request answered: %v", err)
	default:
	}
	if r := s.Requests(); r[0].Status != 0 || len(r[0].Datums) != 1 {
		t.Fatalf("held request: %+v", r[0])
	}
	s.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.WaitDatums(ctx(t), 1); err != nil {
		t.Fatal(err)
	}
}
