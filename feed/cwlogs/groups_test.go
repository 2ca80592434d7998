package cwlogs

import (
	"context"
	"errors"

	"fmt"
	"github.com/aws/aws-sdk-go-v2/aws"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/feed"
	"github.com/tailtop/tailtop/feed/cwlogs/cwlogstest"
)

func TestIdentifierName(t *testing.T) {
	cases := map[string]string{
		"123456789012:/aws/lambda/f":                           "/aws/lambda/f",
		"arn:aws:logs:us-east-1:123456789012:log-group:/app:*": "/app",
		"arn:aws-cn:logs:cn-north-1:123456789012:log-group:x":  "x",
		"/plain/name":           "/plain/name",
		"12345:/not-an-account": "12345:/not-an-account",
		"arn:aws:logs:us-east-1:123456789012:log-group:":    "arn:aws:logs:us-east-1:123456789012:log-group:",
		"arn:aws:logs:us-east-1:123456789012:destination:d": "arn:aws:logs:us-east-1:123456789012:destination:d",
	}
	for in, want := range cases {
		if got := identifierName(in); got != want {
			t.Errorf("identifierName(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzIdentifierName(f *testing.F) {
	f.Add("123456789012:/a")
	f.Add("arn:aws:logs:r:a:log-group:n:*")
	f.Fuzz(func(t *testing.T, id string) {
		name := identifierName(id)
		if len(name) > len(id) {
			t.Fatalf("name %q longer than %q", name, id)
		}
		newGroupTable([]*group{{name: name, arn: id}}).lookup(id)
	})
}

func TestResolveNamesPrefixesAndARNs(t *testing.T) {
	srv := newServer(t, "/app/one", "/app/one-canary", "/app/two", "/aws/lambda/f")
	var many []string
	for i := range 60 {
		many = append(many, fmt.Sprintf("/many/g%02d", i))
	}
	srv.AddGroups(many...)
	cases := []struct {
		specs []string
		want  string // origins, or the error
		max   int
	}{
		{[]string{"/app/one"}, "/app/one", 0},
		{[]string{"/app/*"}, "/app/one /app/one-canary /app/two", 0},
		{[]string{cwlogstest.ARN("/aws/lambda/f") + ":*", "/app/two", "/app/tw*"}, "/aws/lambda/f /app/two", 0},
		// Pagination of DescribeLogGroups: 60 groups, 50 a page.
		{[]string{"/many/*"}, "60 groups", 100},
		{[]string{"/app/on"}, "error: some names start with it (/app/one, /app/one-canary): write /app/on* to follow them all", 0},
		{[]string{"/nope"}, "error: log group \"/nope\" not found in us-east-1", 0},
		{[]string{"/nope*"}, "error: no log group name starts with \"/nope\"", 0},
		{[]string{"/many/*"}, "error: too many log groups", 0},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.specs, ","), func(t *testing.T) {
			cfg := fastConfig(srv, tc.specs...)
			cfg.MaxGroups = tc.max
			cfg.Mode = ModePoll // resolution only: no sessions needed
			r := start(t, cfg)
			if e, ok := strings.CutPrefix(tc.want, "error: "); ok {
				err := r.wait(t)
				if err == nil || !strings.Contains(err.Error(), e) {
					t.Fatalf("Run: %v, want an error with %q", err, e)
				}
				return
			}
			st := r.waitStatus(t, "resolution", func(st feed.Status) bool { return len(st.Origins) > 0 })
			var names []string
			for _, o := range st.Origins {
				names = append(names, o.Name)
			}
			got := strings.Join(names, " ")
			if strings.HasSuffix(tc.want, " groups") {
				got = fmt.Sprintf("%d groups", len(names))
			}
			if got != tc.want {
				t.Errorf("resolved %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNoCredentialsIsExplained(t *testing.T) {
	srv := newServer(t, "g")
	cfg := fastConfig(srv, "g")
	// config.LoadDefaultConfig caches every chain, as here.
	cfg.AWS.Credentials = aws.NewCredentialsCache(failingCreds{})
	r := start(t, cfg)
	err := r.wait(t)
	if err == nil || !strings.Contains(err.Error(), "no AWS credentials") {
		t.Fatalf("Run: %v", err)
	}
}

// failingCreds is a credential chain that finds nothing.
type failingCreds struct{}

func (failingCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errors.New("no credential source in the chain")
}
