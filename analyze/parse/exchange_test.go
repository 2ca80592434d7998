package parse

import (
	"strings"
	"testing"
)

var exchTrackingHeader = []string{
	"#Software: Microsoft Exchange Server",
	"#Version: 15.01.2375.007",
	"#Log-type: Message Tracking Log",
	"#Date: 2022-09-19T15:02:29.339Z",
	"#Fields: " + exchTrackingFields15,
}

// trackingRow builds a message tracking row (Exchange 2013+ columns) from
// the columns that matter; the rest stay empty.
func trackingRow(ts, clientIP, eventID, recipients, recipientStatus, bytes, sender string) string {
	cols := make([]string, 30)
	cols[0], cols[1], cols[7], cols[8] = ts, clientIP, "SMTP", eventID
	cols[12], cols[13], cols[14], cols[19] = recipients, recipientStatus, bytes, sender
	cols[29] = "15.01.2375.007"
	return strings.Join(cols, ",")
}

func TestExchangeTrackingLines(t *testing.T) {
	tests := []struct {
		name string
		row  string
		want *wEvent
	}{
		{
			name: "receive",
			row:  trackingRow("2022-09-19T15:02:29.450Z", "10.1.2.3", "RECEIVE", "a@example.com", "", "3750222", "s@example.org"),
			want: &wEvent{time: "2022-09-19T15:02:29.45Z", actor: "s@example.org", target: "a@example.com", status: "RECEIVE", bytes: 3750222, sourceIP: "10.1.2.3"},
		},
		{
			name: "deliver to three",
			row:  trackingRow("2022-09-19T15:02:30Z", "", "DELIVER", "a@x.com;b@x.com;;c@x.com", "", "10", "s@x.com"),
			want: &wEvent{time: "2022-09-19T15:02:30Z", actor: "s@x.com", target: "a@x.com", more: []string{"b@x.com", "c@x.com"}, status: "DELIVER", bytes: 10},
		},
		{
			name: "fail with a quoted status",
			row:  trackingRow("2022-09-19T15:02:31.000Z", "", "FAIL", "x@example.com", `"550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found, sorry"`, "2048", "spam@bulk.example"),
			want: &wEvent{time: "2022-09-19T15:02:31Z", actor: "spam@bulk.example", target: "x@example.com", status: "FAIL", bytes: 2048, failure: true},
		},
		{
			name: "dsn",
			row:  trackingRow("2022-09-19T15:02:32Z", "", "DSN", "back@example.org", "", "", "MicrosoftExchange@example.com"),
			want: &wEvent{time: "2022-09-19T15:02:32Z", actor: "MicrosoftExchange@example.com", target: "back@example.org", status: "DSN", failure: true},
		},
		{
			name: "no sender, ipv6 client with zone",
			row:  trackingRow("2022-09-19T15:02:33Z", "fe80::1%3", "NOTIFYMAPI", "", "", "", ""),
			want: &wEvent{time: "2022-09-19T15:02:33Z", actor: "<nil>", target: "<nil>", status: "NOTIFYMAPI", sourceIP: "fe80::1"},
		},
		{name: "bad timestamp", row: trackingRow("yesterday", "", "RECEIVE", "a@x", "", "1", "s@x")},
		{name: "too few columns", row: "2022-09-19T15:02:33Z,1.2.3.4,host"},
		{name: "a W3C row", row: "2018-01-01 08:09:10 127.0.0.1 GET / - 80 - 1.1.1.1 - - 200 0 0 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := append(append([]string(nil), exchTrackingHeader...), tt.row)
			rs, evs := wRun(t, "exchange", Options{}, lines)
			for i := range exchTrackingHeader {
				if rs[i] != Meta {
					t.Fatalf("header line %d: %v", i+1, rs[i])
				}
			}
			last := len(lines) - 1
			if tt.want == nil {
				if rs[last] != Unparsed {
					t.Fatalf("%v, want unparsed", rs[last])
				}
				return
			}
			if rs[last] != Parsed {
				t.Fatalf("%v, want parsed", rs[last])
			}
			wCheck(t, tt.name, evs[last], *tt.want)
			// The same row without a header: recognised by its columns.
			if tt.want != nil {
				rs, evs := wRun(t, "exchange", Options{}, []string{tt.row})
				if rs[0] != Parsed {
					t.Fatalf("headerless: %v", rs[0])
				}
				wCheck(t, tt.name+" headerless", evs[0], *tt.want)
			}
		})
	}
}

func TestExchangeProtocolLines(t *testing.T) {
	hp := func(cols map[int]string) string {
		c := make([]string, 74)
		c[0], c[2], c[3], c[4], c[5] = "2023-01-06T11:47:32.435Z", "15", "1", "2375", "7"
		for i, v := range cols {
			c[i] = v
		}
		return strings.Join(c, ",")
	}
	hpHeader := []string{"#Software: Microsoft Exchange Server", "#Version: 15.01.2375.007", "#Log-type: HttpProxy Logs", "#Date: 2023-01-06T11:00:05.327Z", "#Fields: " + exchHTTPProxyFields}
	smtpHeader := []string{"#Software: Microsoft Exchange Server", "#Version: 15.0.0.0", "#Log-type: SMTP Receive Protocol Log", "#Date: 2023-01-11T16:00:04.113Z", "#Fields: " + exchSMTPFields}
	const smtp = "2023-01-11T16:00:10.644Z,EX\\Default Frontend EX,08DB,15,10.0.0.1:25,95.10.20.33:56026,"
	tests := []struct {
		name   string
		header []string
		row    string
		want   *wEvent
	}{
		{
			name: "httpproxy user", header: hpHeader,
			row:  hp(map[int]string{9: "/owa/", 13: `DOMAIN\alice`, 17: "203.0.113.9", 19: "200", 32: "5523"}),
			want: &wEvent{time: "2023-01-06T11:47:32.435Z", actor: `DOMAIN\alice`, target: "/owa/", status: "200", code: 200, bytes: 5523, sourceIP: "203.0.113.9"},
		},
		{
			name: "httpproxy anonymous 401", header: hpHeader,
			row:  hp(map[int]string{9: "/rpc", 17: "95.5.6.7", 19: "401"}),
			want: &wEvent{time: "2023-01-06T11:47:32.435Z", actor: "95.5.6.7", target: "/rpc", status: "401", code: 401, unauth: true, sourceIP: "95.5.6.7"},
		},
		{
			name: "httpproxy error code", header: hpHeader,
			row:  hp(map[int]string{9: "/ews/exchange.asmx", 13: "bob", 17: "10.0.0.9", 19: "500", 21: "ErrorAccessDenied"}),
			want: &wEvent{time: "2023-01-06T11:47:32.435Z", actor: "bob", target: "/ews/exchange.asmx", status: "ErrorAccessDenied", code: 500, failure: true, denied: true, sourceIP: "10.0.0.9"},
		},
		{
			name: "smtp command", header: smtpHeader, row: smtp + "<,AUTH LOGIN,",
			want: &wEvent{time: "2023-01-11T16:00:10.644Z", actor: "95.10.20.33", target: `EX\Default Frontend EX`, status: "AUTH"},
		},
		{
			name: "smtp reply", header: smtpHeader, row: smtp + `>,"535 5.7.3 Authentication unsuccessful",`,
			want: &wEvent{time: "2023-01-11T16:00:10.644Z", actor: "95.10.20.33", target: `EX\Default Frontend EX`, status: "535", code: 535, failure: true, unauth: true},
		},
		{
			name: "smtp logon denied", header: smtpHeader, row: smtp + "*,,Inbound AUTH LOGIN failed because of LogonDenied",
			want: &wEvent{time: "2023-01-11T16:00:10.644Z", actor: "95.10.20.33", target: `EX\Default Frontend EX`, status: "LogonDenied", unauth: true},
		},
		{
			name: "smtp connect over ipv6", header: smtpHeader, row: "2023-01-11T16:00:10.644Z,EX\\Default,08DB,0,[::1]:25,[2001:db8::7]:4711,+,,",
			want: &wEvent{time: "2023-01-11T16:00:10.644Z", actor: "2001:db8::7", target: `EX\Default`, status: "connect"},
		},
		{
			name: "cmdlet error", header: []string{"#Log-type: Rps Cmdlet Logs", "#Fields: DateTime,AuthenticatedUser,Cmdlet,ExecutionResult,ErrorType"},
			row:  "2023-01-11T01:01:19.898Z,admin,Set-Mailbox,Error,ManagementObjectNotFound",
			want: &wEvent{time: "2023-01-11T01:01:19.898Z", actor: "admin", target: "Set-Mailbox", status: "Error", failure: true},
		},
		{
			name: "audit false", header: []string{"#Log-type: audit", "#Fields: Timestamp,Server,UserKey,Operation,ResultStatus"},
			row:  "2023-01-11T15:56:33.189Z,EX,admin,Set-Mailbox,False",
			want: &wEvent{time: "2023-01-11T15:56:33.189Z", actor: "admin", target: "Set-Mailbox", status: "False", failure: true},
		},
		{
			name: "agent reject", header: []string{"#Log-type: Agent Log", "#Fields: Timestamp,SessionId,P1FromAddress,Recipient,Agent,Event,Action"},
			row:  "2022-09-13T14:38:59.177Z,1234,s@x.com,a@y.com;b@y.com,Content Filter Agent,OnEndOfData,RejectMessage",
			want: &wEvent{time: "2022-09-13T14:38:59.177Z", actor: "s@x.com", target: "a@y.com", more: []string{"b@y.com"}, status: "RejectMessage", failure: true},
		},
		{
			name: "unknown log, generic columns", header: []string{"#Log-type: Some New Log", "#Fields: DateTime,UserId,Operation,Status"},
			row:  "2023-01-11T15:56:33Z,carol,Export,Done",
			want: &wEvent{time: "2023-01-11T15:56:33Z", actor: "carol", target: "Export", status: "Done"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := append(append([]string(nil), tt.header...), tt.row)
			rs, evs := wRun(t, "exchange-protocol", Options{}, lines)
			last := len(lines) - 1
			if rs[last] != Parsed {
				t.Fatalf("%v, want parsed (results %v)", rs[last], rs)
			}
			wCheck(t, tt.name, evs[last], *tt.want)
			// The message tracking parser leaves these logs alone.
			rs, _ = wRun(t, "exchange", Options{}, lines)
			if rs[last] != Unparsed {
				t.Errorf("exchange took a %s row: %v", tt.name, rs[last])
			}
		})
	}
}

// TestExchangeDirectives: each of the two parsers claims the header lines
// of its own logs, so auto-detection moves to the right one at #Log-type.
func TestExchangeDirectives(t *testing.T) {
	tracking := []string{"#Software: Microsoft Exchange Server", "#Version: 15.01", "#Log-type: Message Tracking Log", "#Date: 2022-09-19T15:02:29.339Z", "#Fields: date-time,event-id,sender-address"}
	ews := []string{"#Software: Microsoft Exchange Server", "#Version: 15.01", "#Log-type: EWS Logs", "#Date: 2023-01-06T16:00:06.386Z", "#Fields: DateTime,SoapAction,HttpStatus"}
	iis := []string{"#Software: Microsoft Internet Information Services 10.0", "#Fields: date time c-ip"}
	tests := []struct {
		format string
		lines  []string
		want   []Result
	}{
		{"exchange", tracking, []Result{Meta, Meta, Meta, Meta, Meta}},
		{"exchange-protocol", tracking, []Result{Meta, Meta, Unparsed, Unparsed, Unparsed}},
		{"exchange", ews, []Result{Meta, Meta, Unparsed, Unparsed, Unparsed}},
		{"exchange-protocol", ews, []Result{Meta, Meta, Meta, Meta, Meta}},
		{"exchange", iis, []Result{Unparsed, Unparsed}},
		{"exchange-protocol", iis, []Result{Unparsed, Unparsed}},
	}
	for _, tt := range tests {
		rs, _ := wRun(t, tt.format, Options{}, tt.lines)
		for i := range rs {
			if rs[i] != tt.want[i] {
				t.Errorf("%s on %q: %v, want %v", tt.format, tt.lines, rs, tt.want)
				break
			}
		}
	}
}

// TestExchangeHeaderChange: after a restart the header comes again with
// other columns; rows follow the new list.
func TestExchangeHeaderChange(t *testing.T) {
	lines := []string{
		"#Software: Microsoft Exchange Server", "#Log-type: Message Tracking Log",
		"#Fields: date-time,event-id,sender-address,recipient-address",
		"2022-09-19T15:02:29Z,SEND,s@x,r@y",
		"#Software: Microsoft Exchange Server", "#Log-type: Message Tracking Log",
		"#Fields: date-time,sender-address,recipient-address,event-id,total-bytes",
		"2022-09-19T16:00:00Z,s2@x,r2@y,DELIVER,99",
	}
	rs, evs := wRun(t, "exchange", Options{}, lines)
	if rs[3] != Parsed || rs[7] != Parsed {
		t.Fatalf("results %v", rs)
	}
	wCheck(t, "before", evs[3], wEvent{time: "2022-09-19T15:02:29Z", actor: "s@x", target: "r@y", status: "SEND"})
	wCheck(t, "after", evs[7], wEvent{time: "2022-09-19T16:00:00Z", actor: "s2@x", target: "r2@y", status: "DELIVER", bytes: 99})
}

func TestExchangeFields(t *testing.T) {
	p, _ := New("exchange", Options{})
	lines := []string{"#Fields: date-time,event-id,sender-address,message-subject", `2022-09-19T15:02:29Z,SEND,s@x,"Re: ""quotes"", commas",surplus`}
	var got []string
	for _, l := range lines {
		p.Parse([]byte(l), func(ev *Event) {
			p.Fields(ev, func(name string, v []byte) { got = append(got, name+"="+wStr(v)) })
		})
	}
	want := `date-time=2022-09-19T15:02:29Z event-id=SEND sender-address=s@x message-subject=Re: "quotes", commas extra1=surplus`
	if strings.Join(got, " ") != want {
		t.Errorf("fields:\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

func TestExchangeRecipientsBounded(t *testing.T) {
	rcpts := make([]string, 3000)
	for i := range rcpts {
		rcpts[i] = "r@x"
	}
	_, evs := wRun(t, "exchange", Options{}, []string{"#Fields: date-time,event-id,sender-address,recipient-address", "2022-09-19T15:02:29Z,EXPAND,s@x," + strings.Join(rcpts, ";")})
	if evs[1] == nil || len(evs[1].MoreTargets) != maxRecipients-1 {
		t.Fatalf("more targets: %v", evs[1])
	}
}

func TestExchangeRegistered(t *testing.T) {
	for name, labels := range map[string]Labels{
		"exchange":          {Actor: "senders", Target: "recipients", Status: "events"},
		"exchange-protocol": {Actor: "users", Target: "actions", Status: "errors"},
	} {
		f, ok := Lookup(name)
		if !ok || !f.Detectable || f.Labels != labels {
			t.Errorf("%s: %+v", name, f)
		}
		if p, _ := New(name, Options{}); p.Format() != name {
			t.Errorf("%s: Format() = %q", name, p.Format())
		}
	}
}

// TestExchangeUnnamedColumns: a header with empty names still names every
// field, by position.
func TestExchangeUnnamedColumns(t *testing.T) {
	p, _ := New("exchange-protocol", Options{})
	p.Parse([]byte("#Fields: DateTime,,UserId"), func(*Event) {})
	var got []string
	if p.Parse([]byte("2023-01-11T15:56:33Z,x,carol"), func(ev *Event) {
		p.Fields(ev, func(name string, v []byte) { got = append(got, name+"="+wStr(v)) })
	}) != Parsed {
		t.Fatal("unparsed")
	}
	if want := "DateTime=2023-01-11T15:56:33Z field2=x UserId=carol"; strings.Join(got, " ") != want {
		t.Errorf("fields %q, want %q", strings.Join(got, " "), want)
	}
}
