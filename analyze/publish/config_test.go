package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/analyze/publish/cwtest"
	"github.com/tailtop/tailtop/feed/awsconf"
)

func TestNewRejectsBadConfigs(t *testing.T) {
	manyDims := map[string]string{}
	for i := range 29 {
		manyDims[fmt.Sprint("d", i)] = "v"
	}
	var out bytes.Buffer
	tests := map[string]Config{
		"reserved namespace":     {Namespace: "AWS/EC2", DryRun: &out},
		"non-ASCII namespace":    {Namespace: "Métriques", DryRun: &out},
		"fractional interval":    {Interval: 1500 * time.Millisecond, DryRun: &out},
		"interval over an hour":  {Interval: 2 * time.Hour, DryRun: &out},
		"TopN over 1000":         {TopN: 1001, DryRun: &out},
		"29 extra dimensions":    {Dimensions: manyDims, DryRun: &out},
		"dimension named Stream": {Dimensions: map[string]string{"Stream": "x"}, DryRun: &out},
		"dimension named Events": {Dimensions: map[string]string{"Events": "x"}, DryRun: &out},
		"empty dimension value":  {Dimensions: map[string]string{"env": ""}, DryRun: &out},
		"non-ASCII value":        {Dimensions: map[string]string{"env": "prød"}, DryRun: &out},
		"colon dimension name":   {Dimensions: map[string]string{":x": "y"}, DryRun: &out},
		"EMF without dry run":    {EMF: true},
		"no region":              {},
	}
	e := analyze.NewEngine(analyze.Config{})
	for name, cfg := range tests {
		if _, err := New(cfg, e); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := New(Config{DryRun: &out}, nil); err == nil {
		t.Error("nil source accepted")
	}
	p, err := New(Config{Dimensions: map[string]string{"env": "prod", "team": "sre"}, DryRun: &out}, e)
	if err != nil {
		t.Fatal(err)
	}
	c := p.cfg
	if c.Namespace != "LogMetrics" || c.Interval != time.Minute || c.TopN != 1 || c.QueueIntervals != 60 || p.build.resolution != 60 {
		t.Errorf("defaults: %+v", c)
	}
	if st := p.Status(); st.State != "starting" || st.Kind != "publish" || len(st.Origins) != 3 {
		t.Errorf("status before Run: %+v", st)
	}
}

func TestRunTwiceIsRefused(t *testing.T) {
	h := newHarness(t, Config{})
	h.start()
	if err := h.pub.Run(context.Background()); !errors.Is(err, errRunning) {
		t.Errorf("second Run: %v", err)
	}
	h.stop(at(time.Second))
}

// Without Ticks, Run closes intervals on its own timer, aligned to the
// interval. (One real second: the timer path itself is under test.)
func TestRunPublishesOnItsOwnTimer(t *testing.T) {
	srv := cwtest.New()
	defer srv.Close()
	e := analyze.NewEngine(analyze.Config{})
	e.AddStream("web", "combined")
	p, err := New(Config{Interval: time.Second, AWS: srv.Config(), MinBackoff: time.Millisecond}, e)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	if err := srv.WaitDatums(wait(t), 7); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, d := range srv.Datums() {
		if d.Timestamp.Nanosecond() != 0 || d.StorageResolution != 1 {
			t.Errorf("datum at %v resolution %d: whole seconds, high resolution", d.Timestamp, d.StorageResolution)
		}
	}
	noDuplicates(t, srv.Datums())
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want outcome
	}{
		{"throttling", &smithy.GenericAPIError{Code: "Throttling"}, retry},
		{"throttling exception", &smithy.GenericAPIError{Code: "ThrottlingException"}, retry},
		{"access denied", &smithy.GenericAPIError{Code: "AccessDenied"}, retry},
		{"expired token", &smithy.GenericAPIError{Code: "ExpiredTokenException"}, retry},
		{"network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, retry},
		{"timeout", context.DeadlineExceeded, retry},
		{"dry-run write", &writeError{errors.New("broken pipe")}, reject},
	}
	for _, tc := range tests {
		if got := classify(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// The statuses the real SDK reports, through the test server: 4xx other
// than throttling and permissions are refusals; 5xx are retried.
func TestClassifySDKErrors(t *testing.T) {
	srv := cwtest.New()
	defer srv.Close()
	c := newCloudWatch(Config{AWS: srv.Config(), Namespace: "N", RequestTimeout: 10 * time.Second})
	batch := []Datum{{Name: "M", Time: t0, Value: 1, Unit: "Count", Resolution: 60}}
	for _, tc := range []struct {
		fault cwtest.Fault
		want  outcome
	}{
		{cwtest.Throttle, retry}, {cwtest.InternalError, retry}, {cwtest.Unavailable, retry},
		{cwtest.AccessDenied, retry}, {cwtest.Invalid, reject},
	} {
		srv.Inject(tc.fault)
		_, err := c.put(wait(t), batch)
		if err == nil || classify(err) != tc.want {
			t.Errorf("%v: %v classified %v", tc.fault, err, classify(err))
		}
	}
}

// The size estimate bounds the SDK's real encoding around the CBOR
// length boundaries (23/24 and 255/256 bytes).
func TestSizeEstimateBoundsTheEncoding(t *testing.T) {
	srv := cwtest.New()
	defer srv.Close()
	c := newCloudWatch(Config{AWS: srv.Config(), Namespace: "LogMetrics", RequestTimeout: 10 * time.Second})
	for _, n := range []int{1, 23, 24, 255, 256, 1024} {
		v := strings.Repeat("v", n)
		batch := []Datum{{Name: "TopActorCount", Dimensions: []Dimension{{"Stream", v}, {"Actor", v}, {strings.Repeat("n", min(n, 255)), v}},
			Time: t0, Value: 12345, Unit: "Count", Resolution: 1}}
		if _, err := c.put(wait(t), batch); err != nil {
			t.Fatal(err)
		}
		reqs := srv.Requests()
		got := reqs[len(reqs)-1].Bytes
		est := requestOverhead("LogMetrics") + datumSize(&batch[0])
		if est < got || est > got+16 {
			t.Errorf("length %d: estimate %d, encoded %d", n, est, got)
		}
	}
}

func TestBackoffDoublesWithJitterUpToMax(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: 700 * time.Millisecond}
	for i, nominal := range []time.Duration{100, 200, 400, 700, 700} {
		nominal *= time.Millisecond
		d := b.next()
		if d > nominal || d < nominal*3/4 {
			t.Errorf("attempt %d: %v, want within [%v, %v]", i, d, nominal*3/4, nominal)
		}
	}
}

func TestFinite(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0x1p361} {
		if finite(v) {
			t.Errorf("%v accepted", v)
		}
	}
	if !finite(0) || !finite(math.MaxInt64) {
		t.Error("counts refused")
	}
}

// The endpoint comes from the SDK's per-service variable, as for the
// feeds: AWS_ENDPOINT_URL_CLOUDWATCH through awsconf.Load.
func TestEndpointFromTheServiceVariable(t *testing.T) {
	srv := cwtest.New()
	defer srv.Close()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1") // the service variable wins
	t.Setenv("AWS_ENDPOINT_URL_CLOUDWATCH", srv.URL)
	cfg, err := awsconf.Load(context.Background(), awsconf.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTPClient = srv.Config().HTTPClient // so that Close closes its connections
	c := newCloudWatch(Config{AWS: cfg, Namespace: "LogMetrics", RequestTimeout: 10 * time.Second})
	if _, err := c.put(wait(t), []Datum{{Name: "Events", Time: t0, Value: 1, Unit: "Count", Resolution: 60}}); err != nil {
		t.Fatal(err)
	}
	if d := srv.Datums(); len(d) != 1 || d[0].MetricName != "Events" {
		t.Fatalf("datums: %+v", d)
	}
}
