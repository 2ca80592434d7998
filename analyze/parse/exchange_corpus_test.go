package parse

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
)

// exchangeCorpus is every sample of the exchange-msgtrk and exchange-other
// corpus folders. Every line is understood: header lines as Meta, rows as
// events.
var exchangeCorpus = []wCorpusFile{
	{"exchange-msgtrk", "artefacts_MSGTRKMS2022091915-1.LOG", "exchange", nil, 2},
	{"exchange-msgtrk", "beats_bom8_msgtrk_exchange2010.LOG", "exchange", nil, 2},
	{"exchange-msgtrk", "integrations_test-messagetracking_rows-only.log", "exchange", nil, 6},
	{"exchange-other", "artefacts_AgentLog20220913-1.LOG", "exchange-protocol", nil, 2},
	{"exchange-other", "artefacts_Autodiscover_HttpProxy_2023010919-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_ECPActivity_11500_20230111-1.LOG", "exchange-protocol", nil, 2},
	{"exchange-other", "artefacts_ECPServer20230111-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Eas_HttpProxy_2023011116-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Ecp_HttpProxy_2023010611-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Ews_2023010616-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Ews_HttpProxy_2023010601-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Mapi_HttpProxy_2023010601-1.LOG", "exchange-protocol", nil, 3},
	{"exchange-other", "artefacts_Owa_HttpProxy_2023010602-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_PowerShell_HttpProxy_2023011116-1.LOG", "exchange-protocol", nil, 2},
	{"exchange-other", "artefacts_RECV2023011116-1.LOG", "exchange-protocol", nil, 16},
	{"exchange-other", "artefacts_RpcHttp_HttpProxy_2023010708-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_Rps_Cmdlet_2023011116-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "artefacts_audit20230111-1.LOG", "exchange-protocol", nil, 1},
	{"exchange-other", "integrations_HttpProxy_mapi_row.log", "exchange-protocol", nil, 1},
	{"exchange-other", "integrations_SmtpReceive_row.log", "exchange-protocol", nil, 1},
}

func TestExchangeCorpusComplete(t *testing.T) {
	wCorpusComplete(t, "exchange-msgtrk", exchangeCorpus)
	wCorpusComplete(t, "exchange-other", exchangeCorpus)
}

func isExchangeFormat(f string) bool { return f == "exchange" || f == "exchange-protocol" }

func TestExchangeCorpus(t *testing.T) {
	for _, c := range exchangeCorpus {
		t.Run(c.file, func(t *testing.T) {
			for i, pl := range wCheckCorpus(t, c, isExchangeFormat) {
				if pl.res == Parsed {
					checkExchangeEvent(t, i+1, pl)
				}
			}
		})
	}
	wShare(t, "exchange-msgtrk", exchangeCorpus[:3])
	wShare(t, "exchange-other", exchangeCorpus[3:])
}

// checkExchangeEvent holds an event to a second reading of its row by
// encoding/csv, and to the columns the event is made of.
func checkExchangeEvent(t *testing.T, n int, pl wParsedLine) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(pl.ev.Raw))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		t.Fatalf("line %d: encoding/csv: %v", n, err)
	}
	if len(rec) != len(pl.names) {
		t.Fatalf("line %d: %d columns by encoding/csv, %d fields", n, len(rec), len(pl.names))
	}
	for j, name := range pl.names {
		if got := pl.fields[name]; got != rec[j] && !(got == "<nil>" && rec[j] == "") {
			t.Errorf("line %d: %s = %q, encoding/csv %q", n, name, got, rec[j])
		}
	}
	f, ev := pl.fields, pl.ev
	ts := f["date-time"]
	for _, k := range []string{"DateTime", "TimeStamp", "Timestamp"} {
		if v, ok := f[k]; ok {
			ts = v
		}
	}
	if want, err := time.Parse(time.RFC3339Nano, ts); err != nil || !ev.Time.Equal(want) {
		t.Errorf("line %d: time %v, field %q", n, ev.Time, ts)
	}
	s := ev.Schema.(*exchSchema)
	switch s.kind {
	case exchTracking:
		recipients := strings.Split(f["recipient-address"], ";")
		var got []string
		if ev.Target != nil {
			got = append(got, string(ev.Target))
		}
		for _, m := range ev.MoreTargets {
			got = append(got, string(m))
		}
		if f["recipient-address"] == "<nil>" {
			recipients = nil
		}
		if wStr(ev.Actor) != f["sender-address"] || wStr(ev.Status) != f["event-id"] || strings.Join(got, ";") != strings.Join(recipients, ";") {
			t.Errorf("line %d: sender %s event %s recipients %q; fields %s %s %s", n, wStr(ev.Actor), wStr(ev.Status), got, f["sender-address"], f["event-id"], f["recipient-address"])
		}
	case exchHTTPProxy, exchEWS:
		user := f["AuthenticatedUser"]
		if user == "<nil>" {
			user, _, _ = strings.Cut(f["ClientIpAddress"], "%")
		}
		status := f["HttpStatus"]
		if e := f["ErrorCode"]; e != "<nil>" {
			status = e
		}
		if wStr(ev.Actor) != user || wStr(ev.Status) != status {
			t.Errorf("line %d: actor %s status %s; user %s status %s", n, wStr(ev.Actor), wStr(ev.Status), user, status)
		}
	case exchSMTP:
		host, _, _ := strings.Cut(f["remote-endpoint"], ":")
		if wStr(ev.Actor) != host || wStr(ev.Target) != f["connector-id"] {
			t.Errorf("line %d: actor %s target %s; endpoint %s connector %s", n, wStr(ev.Actor), wStr(ev.Target), f["remote-endpoint"], f["connector-id"])
		}
	}
}

// TestExchangeCorpusKeyValues pins the events of a few corpus rows.
func TestExchangeCorpusKeyValues(t *testing.T) {
	pick := func(dir, file, format string, line int) *Event {
		t.Helper()
		p, _ := New(format, Options{})
		res := wParseAll(p, wCorpusLines(t, dir, file))
		if res[line-1].res != Parsed {
			t.Fatalf("%s line %d: %v", file, line, res[line-1].res)
		}
		return &res[line-1].ev
	}
	wCheck(t, "msgtrk SENDEXTERNAL", pick("exchange-msgtrk", "integrations_test-messagetracking_rows-only.log", "exchange", 5),
		wEvent{time: "2025-01-14T09:29:05.327Z", actor: "<nil>", target: "email@email.com", status: "SENDEXTERNAL", bytes: 136349, sourceIP: "216.160.83.56"})
	wCheck(t, "msgtrk RECEIVE", pick("exchange-msgtrk", "artefacts_MSGTRKMS2022091915-1.LOG", "exchange", 7),
		wEvent{time: "2022-09-19T15:02:29.45Z", actor: "user.name1@domain.com", target: "user.name4@gmail.com", status: "RECEIVE", bytes: 3750222, sourceIP: "fe80::1234:5678:4321:1010"})
	wCheck(t, "2010 BOM CRLF", pick("exchange-msgtrk", "beats_bom8_msgtrk_exchange2010.LOG", "exchange", 6),
		wEvent{time: "2016-04-05T00:00:02.052Z", actor: "<nil>", target: "<nil>", status: "NOTIFYMAPI"})
	wCheck(t, "EAS 403", pick("exchange-other", "artefacts_Eas_HttpProxy_2023011116-1.LOG", "exchange-protocol", 6),
		wEvent{time: "2023-01-11T16:06:06.997Z", actor: `DOMAIN\username`, target: "/Microsoft-Server-ActiveSync/default.eas", status: "403", code: 403, bytes: 5278, unauth: true, sourceIP: "20.10.20.30"})
	wCheck(t, "EWS GetFolder", pick("exchange-other", "artefacts_Ews_2023010616-1.LOG", "exchange-protocol", 6),
		wEvent{time: "2023-01-06T16:00:06.41Z", actor: "HealthMailboxXXX@domain.test", target: "GetFolder", status: "200", code: 200, sourceIP: "::1"})
	wCheck(t, "SMTP logon denied", pick("exchange-other", "artefacts_RECV2023011116-1.LOG", "exchange-protocol", 19),
		wEvent{time: "2023-01-11T16:00:10.644Z", actor: "95.10.20.33", target: `SERVER-HOSTNAME\Default Frontend SERVER-HOSTNAME`, status: "LogonDenied", unauth: true})
	wCheck(t, "headerless SMTP row", pick("exchange-other", "integrations_SmtpReceive_row.log", "exchange-protocol", 1),
		wEvent{time: "2024-01-25T15:14:39.031Z", actor: "10.11.12.14", target: `NETBIOS\\Default Frontend NETBIOS`, status: "EHLO"})
	wCheck(t, "audit", pick("exchange-other", "artefacts_audit20230111-1.LOG", "exchange-protocol", 6),
		wEvent{time: "2023-01-11T15:56:33.189Z", actor: "AUTORITE NT\\Syst\u00e8me (MSExchangeHMHost)", target: "Set-Mailbox", status: "True"})
}
