package awsconf

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// refreshID names the middleware RefreshExpiredCredentials adds.
const refreshID = "tailtopRefreshExpiredCredentials"

// IsExpiredToken reports whether a call failed because the service found
// its credentials expired (ExpiredTokenException, or ExpiredToken as
// CloudWatch and STS name it).
func IsExpiredToken(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && strings.HasPrefix(ae.ErrorCode(), "ExpiredToken")
}

// RefreshExpiredCredentials makes the clients built from cfg drop cached
// credentials the service has found expired, so that the next call
// fetches new ones (through the role provider, for --role-arn).
//
// The SDK's credential cache refreshes credentials only when their own
// expiry time has passed by the local clock: a session the service ends
// early, or a clock running behind, leaves it handing out the same
// expired credentials forever. Only the credentials that signed the
// refused request are dropped: when several readers are refused at once,
// the first drops them, the next calls fetch new ones once, and the other
// refusals (signed before the refresh) leave the new ones alone.
func RefreshExpiredCredentials(cfg *aws.Config) {
	cache, ok := cfg.Credentials.(*aws.CredentialsCache)
	if !ok {
		return // nothing cached, nothing to drop
	}
	mw := middleware.DeserializeMiddlewareFunc(refreshID, func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if err != nil && IsExpiredToken(err) {
			if req, ok := in.Request.(*smithyhttp.Request); ok {
				dropIfSigned(ctx, cache, accessKeyOf(req.Header.Get("Authorization")))
			}
		}
		return out, md, err
	})
	// A copy: APIOptions may share its array with other configurations.
	opts := make([]func(*middleware.Stack) error, 0, len(cfg.APIOptions)+1)
	cfg.APIOptions = append(append(opts, cfg.APIOptions...), func(st *middleware.Stack) error {
		if _, ok := st.Deserialize.Get(refreshID); ok {
			return nil // added already, by an earlier call on this config
		}
		return st.Deserialize.Add(mw, middleware.Before)
	})
}

// dropIfSigned invalidates the cache when it still holds the credentials
// of key.
func dropIfSigned(ctx context.Context, cache *aws.CredentialsCache, key string) {
	if key == "" {
		return
	}
	cur, err := cache.Retrieve(context.WithoutCancel(ctx))
	if err == nil && cur.AccessKeyID == key {
		cache.Invalidate()
	}
}

// accessKeyOf is the access key id of a SigV4 Authorization header
// ("AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...").
func accessKeyOf(auth string) string {
	_, rest, ok := strings.Cut(auth, "Credential=")
	if !ok {
		return ""
	}
	key, _, _ := strings.Cut(rest, "/")
	return key
}
