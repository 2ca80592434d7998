package cwlogs

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseOptions(t *testing.T) {
	cases := []struct {
		query string
		check func(Config) bool
		err   string
	}{
		{"", func(c Config) bool { return c.Mode == "" && c.Filter == "" }, ""},
		{"filter=ERROR+404&mode=poll&since=15m", func(c Config) bool {
			return c.Filter == "ERROR 404" && c.Mode == ModePoll && c.Since == 15*time.Minute
		}, ""},
		{"streams=a,b,,c", func(c Config) bool { return strings.Join(c.Streams, "|") == "a|b|c" }, ""},
		{"prefixes=web-", func(c Config) bool { return len(c.StreamPrefixes) == 1 }, ""},
		{"format=cloudtrail&name=x", func(c Config) bool { return true }, ""},
		{"mode=stream", nil, "mode"},
		{"since=yesterday", nil, "since"},
		{"since=-5m", nil, "since"},
		{"fliter=x", nil, "unknown option"},
	}
	for _, tc := range cases {
		q, _ := url.ParseQuery(tc.query)
		c, err := ParseOptions(q)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one about %s", tc.query, err, tc.err)
			}
			continue
		}
		if err != nil || !tc.check(c) {
			t.Errorf("%q: %+v, %v", tc.query, c, err)
		}
	}
}

func TestNewValidates(t *testing.T) {
	cases := []struct {
		cfg Config
		err string
	}{
		{Config{}, "no log group"},
		{Config{Groups: []string{"a", "b"}, Streams: []string{"s"}}, "exactly one log group"},
		{Config{Groups: []string{"a*"}, StreamPrefixes: []string{"s"}}, "exactly one log group"},
		{Config{Groups: []string{"a"}, Streams: []string{"s"}, StreamPrefixes: []string{"p"}}, "not both"},
		{Config{Groups: []string{"a"}, Streams: []string{"bad*"}}, "invalid"},
		{Config{Groups: []string{"a b"}}, "not a log group name"},
		{Config{Groups: []string{"arn:aws:s3:::bucket"}}, "not a log group ARN"},
		{Config{Groups: []string{"a"}, Mode: "tail"}, "mode"},
		{Config{Groups: []string{"a"}, Filter: strings.Repeat("x", 2000)}, "filter pattern"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%+v: error %v, want one about %q", tc.cfg, err, tc.err)
		}
	}
	s, err := New(Config{Groups: []string{"/aws/lambda/*", "arn:aws:logs:eu-west-1:111122223333:log-group:/x:*"}, Streams: nil})
	if err != nil {
		t.Fatal(err)
	}
	if s.Name() != "cwlogs:///aws/lambda/*,arn:aws:logs:eu-west-1:111122223333:log-group:/x:*" {
		t.Errorf("name %q", s.Name())
	}
}

func FuzzParseOptions(f *testing.F) {
	f.Add("filter=a&streams=x,y&since=1h")
	f.Add("mode=poll&prefixes=%2C%2C")
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		c, err := ParseOptions(q)
		if err != nil {
			return
		}
		c.Groups = []string{"g"}
		New(c) // must not panic
	})
}
