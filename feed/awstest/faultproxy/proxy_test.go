package faultproxy_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go"
	"go.uber.org/goleak"

	"github.com/tailtop/tailtop/analyze/publish/cwtest"
	"github.com/tailtop/tailtop/feed/awsconf"
	"github.com/tailtop/tailtop/feed/awstest/faultproxy"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// jsonUpstream answers every JSON 1.1 call with a fixed body and counts
// the calls that reached it.
type jsonUpstream struct {
	srv   *httptest.Server
	calls atomic.Int64
}

func newJSONUpstream(t *testing.T) *jsonUpstream {
	u := &jsonUpstream{}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		u.calls.Add(1)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		switch {
		case strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".GetRecords"):
			io.WriteString(w, `{"Records":[{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","Data":"aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=","PartitionKey":"k"}],"NextShardIterator":"it-2","MillisBehindLatest":0}`)
		case strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".FilterLogEvents"):
			io.WriteString(w, `{"events":[{"eventId":"1","logStreamName":"s","message":"a long enough message to cut","timestamp":1,"ingestionTime":2}],"searchedLogStreams":[]}`)
		default:
			io.WriteString(w, `{}`)
		}
	}))
	t.Cleanup(u.srv.Close)
	return u
}

// clientHTTP is an HTTP client with a short wait for answers, so that a
// held request fails fast; its idle connections are closed at cleanup.
func clientHTTP(t *testing.T) *http.Client {
	tr := &http.Transport{ResponseHeaderTimeout: 300 * time.Millisecond}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func testConfig(t *testing.T, endpoint string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDFAULTPROXY", "secret", ""),
		BaseEndpoint: aws.String(endpoint),
		HTTPClient:   clientHTTP(t),
		Retryer:      func() aws.Retryer { return aws.NopRetryer{} },
	}
}

func newProxy(t *testing.T, upstream string) *faultproxy.Proxy {
	p, err := faultproxy.New(upstream)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// TestFaultShapesKinesis: every fault, as the Kinesis SDK client sees it,
// and whether the emulator behind the proxy saw the request.
func TestFaultShapesKinesis(t *testing.T) {
	up := newJSONUpstream(t)
	p := newProxy(t, up.srv.URL)
	client := kinesis.NewFromConfig(testConfig(t, p.URL))
	cases := []struct {
		op      string
		fault   faultproxy.Fault
		code    string // the API error code, if one
		trouble string // awsconf.Trouble of the error
		reached bool   // the upstream saw the request
	}{
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Throttle}, "ProvisionedThroughputExceededException", "throttled", false},
		{"ListShards", faultproxy.Fault{Kind: faultproxy.Throttle}, "LimitExceededException", "throttled", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.ServerError}, "InternalFailure", "server error (InternalFailure)", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.ExpiredToken}, "ExpiredTokenException", "credentials expired", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Timeout}, "", "no answer in time", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Timeout, Forward: true}, "", "no answer in time", true},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Reset}, "", "connection reset", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Reset, Forward: true, AfterBytes: 40}, "", "connection reset", true},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Malformed}, "", "malformed answer", false},
		{"GetRecords", faultproxy.Fault{Kind: faultproxy.Malformed, Forward: true}, "", "malformed answer", true},
	}
	for _, tc := range cases {
		t.Run(tc.op+"/"+tc.fault.String(), func(t *testing.T) {
			before := up.calls.Load()
			p.Queue(tc.op, tc.fault)
			var err error
			switch tc.op {
			case "GetRecords":
				_, err = client.GetRecords(context.Background(), &kinesis.GetRecordsInput{ShardIterator: aws.String("it-1")})
			case "ListShards":
				_, err = client.ListShards(context.Background(), &kinesis.ListShardsInput{StreamName: aws.String("s")})
			}
			if err == nil {
				t.Fatal("the call succeeded through the fault")
			}
			if got := errorCode(err); got != tc.code {
				t.Errorf("error code %q, want %q (%v)", got, tc.code, err)
			}
			if got := awsconf.Trouble(err); got != tc.trouble {
				t.Errorf("Trouble = %q, want %q (%v)", got, tc.trouble, err)
			}
			if reached := up.calls.Load() > before; reached != tc.reached {
				t.Errorf("upstream reached = %v, want %v", reached, tc.reached)
			}
			// The next call passes: a fault applies to one call only.
			if _, err := client.GetRecords(context.Background(), &kinesis.GetRecordsInput{ShardIterator: aws.String("it-1")}); err != nil {
				t.Errorf("the call after the fault: %v", err)
			}
		})
	}
	if p.Injected(faultproxy.Timeout) != 2 || p.InjectedOn("ListShards", faultproxy.Throttle) != 1 {
		t.Errorf("injected: %d timeouts, %d ListShards throttles", p.Injected(faultproxy.Timeout), p.InjectedOn("ListShards", faultproxy.Throttle))
	}
	for _, e := range p.Log() {
		if e.AccessKey != "AKIDFAULTPROXY" {
			t.Fatalf("call %s #%d signed by %q", e.Op, e.N, e.AccessKey)
		}
	}
}

// TestFaultShapesLogs: CloudWatch Logs' throttling and expired-token
// codes, and a malformed FilterLogEvents answer.
func TestFaultShapesLogs(t *testing.T) {
	up := newJSONUpstream(t)
	p := newProxy(t, up.srv.URL)
	client := cloudwatchlogs.NewFromConfig(testConfig(t, p.URL))
	call := func() error {
		_, err := client.FilterLogEvents(context.Background(), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("g")})
		return err
	}
	p.Queue("FilterLogEvents", faultproxy.Fault{Kind: faultproxy.Throttle}, faultproxy.Fault{Kind: faultproxy.ExpiredToken},
		faultproxy.Fault{Kind: faultproxy.Malformed, Forward: true}, faultproxy.Fault{})
	for _, want := range []string{"ThrottlingException", "ExpiredTokenException", ""} {
		err := call()
		if err == nil || errorCode(err) != want {
			t.Errorf("error %v, want code %q", err, want)
		}
		if want == "" && awsconf.Trouble(err) != "malformed answer" {
			t.Errorf("Trouble(%v) = %q", err, awsconf.Trouble(err))
		}
	}
	if err := call(); err != nil {
		t.Errorf("the call after the faults: %v", err)
	}
	if n := p.Calls("FilterLogEvents"); n != 4 {
		t.Errorf("%d calls counted, want 4", n)
	}
}

// TestFaultShapesCloudWatch: PutMetricData through the proxy to the cwtest
// server, whose datums show which requests CloudWatch acted on.
func TestFaultShapesCloudWatch(t *testing.T) {
	srv := cwtest.New()
	t.Cleanup(srv.Close)
	p := newProxy(t, srv.URL)
	cfg := srv.Config()
	cfg.BaseEndpoint = aws.String(p.URL)
	cfg.HTTPClient = clientHTTP(t)
	cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	client := cloudwatch.NewFromConfig(cfg)
	put := func() error {
		_, err := client.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{
			Namespace:  aws.String("Test"),
			MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("Events"), Value: aws.Float64(1)}},
		})
		return err
	}
	cases := []struct {
		fault   faultproxy.Fault
		code    string
		trouble string
		acted   bool // CloudWatch recorded the datum
	}{
		{faultproxy.Fault{Kind: faultproxy.Throttle}, "Throttling", "throttled", false},
		{faultproxy.Fault{Kind: faultproxy.ServerError}, "InternalFailure", "server error (InternalFailure)", false},
		{faultproxy.Fault{Kind: faultproxy.ExpiredToken}, "ExpiredToken", "credentials expired", false},
		{faultproxy.Fault{Kind: faultproxy.Timeout}, "", "no answer in time", false},
		{faultproxy.Fault{Kind: faultproxy.Timeout, Forward: true}, "", "no answer in time", true},
		{faultproxy.Fault{Kind: faultproxy.Reset}, "", "connection reset", false},
		{faultproxy.Fault{Kind: faultproxy.Malformed}, "", "malformed answer", false},
		{faultproxy.Fault{Kind: faultproxy.Malformed, Forward: true}, "", "malformed answer", true},
	}
	for _, tc := range cases {
		t.Run(tc.fault.String(), func(t *testing.T) {
			before := len(srv.Datums())
			p.Queue("PutMetricData", tc.fault)
			err := put()
			if err == nil {
				t.Fatal("the call succeeded through the fault")
			}
			if got := errorCode(err); got != tc.code {
				t.Errorf("error code %q, want %q (%v)", got, tc.code, err)
			}
			if got := awsconf.Trouble(err); got != tc.trouble {
				t.Errorf("Trouble = %q, want %q (%v)", got, tc.trouble, err)
			}
			if acted := len(srv.Datums()) > before; acted != tc.acted {
				t.Errorf("CloudWatch acted = %v, want %v", acted, tc.acted)
			}
		})
	}
}

// TestFaultProxyCloseReleasesHeld: a request held without a time limit
// ends when the proxy closes, and no goroutine of the proxy remains.
func TestFaultProxyCloseReleasesHeld(t *testing.T) {
	up := newJSONUpstream(t)
	p, err := faultproxy.New(up.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.SetRule(faultproxy.Nth("GetRecords", 1, faultproxy.Fault{Kind: faultproxy.Timeout}))
	cfg := testConfig(t, p.URL)
	cfg.HTTPClient = &http.Client{} // no timeout: only Close ends the wait
	done := make(chan error, 1)
	go func() {
		_, err := kinesis.NewFromConfig(cfg).GetRecords(context.Background(), &kinesis.GetRecordsInput{ShardIterator: aws.String("x")})
		done <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for p.Calls("GetRecords") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the proxy")
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a held request succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end the held request")
	}
}
