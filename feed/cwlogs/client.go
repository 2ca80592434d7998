package cwlogs

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ownHTTPClient gives the source an HTTP client it can close idle
// connections of when Run returns, unless the configuration brought one of
// its own kind. The SDK's buildable client cannot close its connections, so
// it is replaced by a plain client with the same transport settings. There
// is no overall timeout: a Live Tail response lasts three hours.
func ownHTTPClient(hc any) *http.Client {
	var tr *http.Transport
	switch c := hc.(type) {
	case nil:
		tr = awshttp.NewBuildableClient().GetTransport()
	case *awshttp.BuildableClient:
		tr = c.GetTransport()
	default:
		return nil
	}
	return &http.Client{
		Transport: tr,
		// The SDK does not follow redirects either.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// maxDetachedBody bounds the request bodies detachBodies copies; the
// requests of this package are a few hundred bytes of JSON.
const maxDetachedBody = 1 << 20

// detachBodies gives the transport its own copy of each request body.
//
// The SDK closes the body it built as soon as the client returns the
// response, but net/http may still be finishing the write of that request
// (the server may answer before the client has read the body to its end and
// closed it). The write then fails, and the transport closes the connection
// under the response being read: a Live Tail stream from a nearby server
// (LocalStack, a test server) dies within milliseconds of starting. A copy
// the SDK does not know about cannot be closed under the transport.
type detachBodies struct{ next aws.HTTPClient }

func (d detachBodies) Do(req *http.Request) (*http.Response, error) {
	if req.Body == nil || req.Body == http.NoBody || req.ContentLength <= 0 || req.ContentLength > maxDetachedBody {
		return d.next.Do(req)
	}
	b, err := io.ReadAll(io.LimitReader(req.Body, req.ContentLength))
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return d.next.Do(r)
}

// newClient builds a CloudWatch Logs client. Each Live Tail stream needs
// its own: the SDK's event stream decoder (and its buffer) is kept per
// client and is not safe for two streams at once.
//
// With a custom endpoint (a flag, AWS_ENDPOINT_URL or
// AWS_ENDPOINT_URL_CLOUDWATCH_LOGS), StartLiveTail would dial
// "stream-<host>", which does not exist for LocalStack, a proxy or a test
// server: the host prefix is turned off for such endpoints.
func (s *Source) newClient() *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(s.awsCfg, func(o *cloudwatchlogs.Options) {
		if o.BaseEndpoint != nil || o.EndpointResolver != nil {
			// Copy: APIOptions may share its array with the aws.Config.
			o.APIOptions = append(slices.Clip(o.APIOptions), keepEndpointHost)
		}
	})
}

func keepEndpointHost(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("tailtopKeepEndpointHost",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(smithyhttp.DisableEndpointHostPrefix(ctx, true), in)
		}), middleware.Before)
}

// noRetry leaves retries of a call to the source's own loops, which back
// off, count and report them.
func noRetry(o *cloudwatchlogs.Options) { o.RetryMaxAttempts = 1 }
