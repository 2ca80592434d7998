package parse

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

// w3cCorpus is every sample of the iis-w3c corpus folder. Every line of
// them is understood: headers (and the blank lines between them) as Meta,
// rows as events.
var w3cCorpus = []wCorpusFile{
	{"iis-w3c", "artefacts_exchange_iis_webshell_example.log", "iis", nil, 1},
	{"iis-w3c", "beats_iis_7.5_mangled.log", "iis", nil, 4},
	{"iis-w3c", "beats_iis_access-azure.log", "iis", nil, 1},
	{"iis-w3c", "beats_iis_ipv6zone.log", "iis", nil, 1},
	{"iis-w3c", "beats_iis_test.log", "iis", nil, 5},
	{"iis-w3c", "beats_iis_x-forward-for-extended_noheader.log", "iis", nil, 6},
	{"iis-w3c", "lnav_w3c_fields_mismatch.log", "iis", nil, 1},
	{"iis-w3c", "lnav_w3c_http_server_api_comments.log", "iis", nil, 1},
	{"iis-w3c", "lnav_w3c_iis4_ftp.log", "iis", nil, 14},
	{"iis-w3c", "lnav_w3c_iis85_big.log", "iis", nil, 210},
	{"iis-w3c", "lnav_w3c_iis85_invalid_utf8_ua.log", "iis", nil, 1},
	{"iis-w3c", "lnav_w3c_iis_advanced_logging.log", "iis", nil, 3},
	{"iis-w3c", "lnav_w3c_incapsula_quoted.log", "iis", nil, 2},
	{"iis-w3c", "lnav_w3c_oracle_webcache_quoted.log", "iis", nil, 1},
}

func TestW3CCorpusComplete(t *testing.T) { wCorpusComplete(t, "iis-w3c", w3cCorpus) }

func isW3CFormat(f string) bool { return f == "iis" }

func TestW3CCorpus(t *testing.T) {
	for _, c := range w3cCorpus {
		t.Run(c.file, func(t *testing.T) {
			res := wCheckCorpus(t, c, isW3CFormat)
			loc := time.UTC // times are UTC unless a #GMT-Offset says otherwise
			for i, pl := range res {
				if v, ok := strings.CutPrefix(string(pl.line), "#GMT-Offset: "); ok {
					z, err := time.Parse("-0700", v)
					if err != nil {
						t.Fatal(err)
					}
					loc = z.Location()
				}
				if pl.res == Parsed {
					checkW3CEvent(t, i+1, pl, loc)
				}
			}
		})
	}
	wShare(t, "iis-w3c", w3cCorpus)
}

// checkW3CEvent holds an event to its own fields: the actor is the client
// address (zone dropped) or the forwarded-for client, the target the path,
// the status sc-status, the time the date and time fields.
func checkW3CEvent(t *testing.T, n int, pl wParsedLine, loc *time.Location) {
	t.Helper()
	f, ev := pl.fields, pl.ev
	client := f["c-ip"]
	if xff, ok := f["X-Forwarded-For"]; ok && xff != "<nil>" {
		client = xff
	}
	if i := strings.IndexByte(client, '%'); i > 0 {
		client = client[:i]
	}
	if wStr(ev.Actor) != client {
		t.Errorf("line %d: actor %s, client field %s", n, wStr(ev.Actor), client)
	}
	target, ok := f["cs-uri-stem"]
	if !ok {
		target, _, _ = strings.Cut(f["cs-uri"], "?")
	}
	if wStr(ev.Target) != target {
		t.Errorf("line %d: target %s, field %s", n, wStr(ev.Target), target)
	}
	if st := f["sc-status"]; st != "" && st != "<nil>" && wStr(ev.Status) != st {
		t.Errorf("line %d: status %s, field %s", n, wStr(ev.Status), st)
	}
	if d, ok := f["date-local"]; ok {
		want, err := time.ParseInLocation("2006-01-02 15:04:05", d+" "+f["time-local"], time.Local)
		if err != nil || !ev.Time.Equal(want) {
			t.Errorf("line %d: time %v, local fields %s %s", n, ev.Time, d, f["time-local"])
		}
	}
	if d, ok := f["date"]; ok {
		want, err := time.ParseInLocation("2006-01-02 15:04:05", d+" "+f["time"], loc)
		if err != nil || !ev.Time.Equal(want) {
			t.Errorf("line %d: time %v, fields %s %s", n, ev.Time, d, f["time"])
		}
	}
	// Without quotes, the fields are the blank-separated words.
	if !strings.ContainsAny(string(pl.line), "\"\t") {
		words := strings.Fields(string(ev.Raw))
		if len(words) == len(pl.names) {
			for j, name := range pl.names {
				if v := f[name]; v != words[j] && !(v == "<nil>" && words[j] == "-") {
					t.Errorf("line %d: %s = %s, word %q", n, name, v, words[j])
				}
			}
		}
	}
}

// TestW3CCorpusFilebeatIPv6Zone compares with Filebeat's IIS module output
// for the same file.
func TestW3CCorpusFilebeatIPv6Zone(t *testing.T) {
	raw, err := os.ReadFile(corpus.Path(t, "iis-w3c", "beats_iis_ipv6zone.log.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	p, _ := New("iis", Options{})
	var got []wParsedLine
	for _, pl := range wParseAll(p, wCorpusLines(t, "iis-w3c", "beats_iis_ipv6zone.log")) {
		if pl.res == Parsed {
			got = append(got, pl)
		}
	}
	if len(got) != len(docs) {
		t.Fatalf("%d events, %d documents", len(got), len(docs))
	}
	for i, doc := range docs {
		ev, f := got[i].ev, got[i].fields
		ts, _ := time.Parse(time.RFC3339, doc["@timestamp"].(string))
		num := func(k string) string { return strconv.FormatFloat(doc[k].(float64), 'f', -1, 64) }
		checks := []struct{ what, got, want string }{
			{"source.ip", wStr(ev.Actor), doc["source.ip"].(string)},
			{"source.address", f["c-ip"], doc["source.address"].(string)},
			{"destination.address", f["s-ip"], doc["destination.address"].(string)},
			{"destination.port", f["s-port"], num("destination.port")},
			{"url.path", wStr(ev.Target), doc["url.path"].(string)},
			{"http.request.method", f["cs-method"], doc["http.request.method"].(string)},
			{"http.response.status_code", strconv.Itoa(ev.Code), num("http.response.status_code")},
			{"http.response.body.bytes", strconv.FormatInt(ev.Bytes, 10), num("http.response.body.bytes")},
			{"http.request.body.bytes", f["cs-bytes"], num("http.request.body.bytes")},
			{"iis.access.site_name", f["s-sitename"], doc["iis.access.site_name"].(string)},
			{"destination.domain", f["cs-host"], doc["destination.domain"].(string)},
			{"user_agent.original", strings.ReplaceAll(f["cs(User-Agent)"], "+", " "), doc["user_agent.original"].(string)},
			{"@timestamp", ev.Time.UTC().Format(time.RFC3339), ts.UTC().Format(time.RFC3339)},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("event %d: %s = %q, want %q", i+1, c.what, c.got, c.want)
			}
		}
	}
}
