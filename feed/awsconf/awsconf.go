// Package awsconf builds the AWS SDK configuration shared by every AWS feed
// and by metric publishing, following the SDK's own conventions: the default
// credential chain, a named profile, a region, AWS_ENDPOINT_URL and the
// per-service AWS_ENDPOINT_URL_<SERVICE> variables, an explicit endpoint, and
// STS AssumeRole (with an external id) for reading across accounts.
package awsconf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// Settings are the command-line AWS settings.
type Settings struct {
	Profile    string
	Region     string
	RoleARN    string
	ExternalID string
	// EndpointURL overrides the endpoint of every AWS service used (the
	// per-service environment variables override it in turn, as in the SDK).
	EndpointURL string
}

// Load returns an aws.Config for the settings. AssumeRole credentials are
// cached and refreshed by the SDK before they expire, and again when a
// service refuses them as expired (see RefreshExpiredCredentials).
func Load(ctx context.Context, s Settings) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if s.Region != "" {
		opts = append(opts, config.WithRegion(s.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("AWS configuration: %s", Explain(err))
	}
	if s.EndpointURL != "" {
		cfg.BaseEndpoint = aws.String(s.EndpointURL)
	}
	if s.RoleARN != "" {
		stsClient := sts.NewFromConfig(cfg)
		prov := stscreds.NewAssumeRoleProvider(stsClient, s.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "tailtop"
			if s.ExternalID != "" {
				o.ExternalID = aws.String(s.ExternalID)
			}
		})
		cfg.Credentials = aws.NewCredentialsCache(prov)
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile")
	}
	RefreshExpiredCredentials(&cfg)
	return cfg, nil
}

// Explain turns an SDK error into one line a user can act on, without the
// stack of wrapped SDK text and never with a secret (SDK errors carry no
// credentials, but request URLs may carry signatures: those are cut).
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch {
		case strings.Contains(code, "AccessDenied"), strings.Contains(code, "UnauthorizedOperation"),
			code == "UnrecognizedClientException", code == "InvalidSignatureException":
			return fmt.Sprintf("access denied (%s): check the credentials and the IAM policy (see README, IAM)", code)
		case code == "ResourceNotFoundException":
			return fmt.Sprintf("not found: %s", oneLine(Redact(ae.ErrorMessage())))
		case code == "ExpiredTokenException", code == "ExpiredToken":
			return "the AWS session token has expired: refresh your credentials"
		}
		return fmt.Sprintf("%s: %s", code, oneLine(Redact(ae.ErrorMessage())))
	}
	msg := err.Error()
	if strings.Contains(msg, "failed to retrieve credentials") || strings.Contains(msg, "no EC2 IMDS role found") ||
		strings.Contains(msg, "failed to refresh cached credentials") {
		return "no AWS credentials found: set AWS_PROFILE / --profile, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run on a host with a role"
	}
	return oneLine(stripQuery(msg))
}

// Redact cuts what may be secret from a message that a service, or a proxy
// on the way, wrote: URL query strings (a presigned URL's signature and
// token), echoed signing headers and parameters (Authorization,
// Credential=, Signature=, X-Amz-Security-Token), and the secret key and
// session token of the environment, wherever they appear.
func Redact(s string) string {
	s = secretParam.ReplaceAllString(stripQuery(s), "$1…")
	for _, k := range []string{"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if v := os.Getenv(k); len(v) >= 8 {
			s = strings.ReplaceAll(s, v, "…")
		}
	}
	return s
}

// secretParam is a signing header or parameter and its value.
var secretParam = regexp.MustCompile(`(?i)((?:x-amz-security-token|x-amz-signature|x-amz-credential|authorization|signature|credential|security-token|session-?token|secret-?access-?key)\s*[:=]\s*)[^\s,;&"']+`)

// stripQuery removes URL query strings (which can hold signatures) from a
// message.
func stripQuery(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "http")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexAny(s[i:], " \"'")
		if j < 0 {
			j = len(s) - i
		}
		u := s[i : i+j]
		if q := strings.IndexByte(u, '?'); q >= 0 {
			u = u[:q] + "?…"
		}
		b.WriteString(s[:i])
		b.WriteString(u)
		s = s[i+j:]
	}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
