package parse

import (
	"strings"
	"testing"
)

func TestRegexNamedGroups(t *testing.T) {
	p := mustParser(t, "regex", Options{
		Regex: `^(?P<vhost>\S+):\d+ (?<client>\S+) \S+ \S+ \[(?P<datetime>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\S+) (?P<session>\S+) (?P<rt>\S+)$`,
	})
	line := `www.example.com:80 10.0.0.1 - - [25/Mar/2026:10:00:00 +0000] "GET /shop/cart?x=1 HTTP/1.1" 503 1234 sess-42 0.250`
	res, evs := run(p, lines(line, "no match here"), true)
	if res[0] != Parsed || res[1] != Unparsed || len(evs) != 1 {
		t.Fatalf("results %v", res)
	}
	e := evs[0]
	if e.actor != "10.0.0.1" || e.target != "/shop/cart" || e.status != "503" || e.code != 503 || !e.failure || e.bytes != 1234 ||
		!e.time.Equal(mustTime(t, "2026-03-25T10:00:00Z")) {
		t.Errorf("event %+v", e)
	}
	if strings.Join(e.fieldOrder, ",") != "vhost,client,datetime,request,status,bytes,session,rt" || e.fields["session"] != "sess-42" {
		t.Errorf("fields %v %v", e.fieldOrder, e.fields)
	}
}

// The Kinesis Agent's way: positional groups named by customFieldNames,
// and the dimensions named explicitly.
func TestRegexFieldNamesAndDimensions(t *testing.T) {
	p := mustParser(t, "regex", Options{
		Regex:       `^(\S+) (\S+) (\S+) (\d+)$`,
		FieldNames:  []string{"ts", "who", "what"},
		ActorField:  "who",
		TargetField: "what",
		TimeField:   "ts",
	})
	_, evs := run(p, lines(`2026-03-25T10:00:00Z alice DeleteBucket 7`, `1774432800 bob - 8`), true)
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	if e := evs[0]; e.actor != "alice" || e.target != "DeleteBucket" || !e.time.Equal(mustTime(t, "2026-03-25T10:00:00Z")) || e.fields["group4"] != "7" {
		t.Errorf("event %+v", e)
	}
	if e := evs[1]; e.actor != "bob" || e.target != "" || !e.time.Equal(mustTime(t, "2026-03-25T10:00:00Z")) || !e.nilFields["what"] {
		t.Errorf("event %+v", e)
	}
}

func TestRegexErrors(t *testing.T) {
	for _, o := range []Options{
		{},
		{Regex: `(`},
		{Regex: `(a)`, FieldNames: []string{"x", "y"}},
		{Regex: `(?P<a>.)`, ActorField: "nope"},
	} {
		if _, err := New("regex", o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if f, _ := Lookup("regex"); f.Detectable {
		t.Error("regex takes part in detection")
	}
}
