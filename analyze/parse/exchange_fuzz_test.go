package parse

import "testing"

var exchangeFuzzExtra = []string{
	"#Fields: date-time,event-id,sender-address,recipient-address\n2022-09-19T15:02:29Z,FAIL,\"a\"\"b\",\"x;y;;z\"",
	"#Log-type: HttpProxy Logs\n#Fields: DateTime,AuthenticatedUser,ClientIpAddress,UrlStem,HttpStatus,ErrorCode\n2023-01-01T00:00:00Z,,fe80::1%3,/x,999,AccessDenied",
	"#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n2023-01-11T16:00:10.644Z,c,s,1,l,[::1]:25,>,5,",
	"2023-01-11T16:00:10.644Z,c,s,1,l,1.2.3.4:25,*,,LogonDenied",
	"#Software: Microsoft Exchange Server\n#Log-type: Message Tracking Log\n\n,,,,\n\"",
}

func fuzzExchange(t *testing.T, format string, input []byte) {
	p, _ := New(format, Options{})
	wFuzzLines(t, p, input, func(t *testing.T, line []byte, ev *Event) {
		s, ok := ev.Schema.(*exchSchema)
		if !ok || !p.(*exchangeParser).mine(s) {
			t.Fatal("event under a schema that is not the parser's")
		}
		if s.time >= 0 && ev.Time.IsZero() {
			t.Fatal("event without its time")
		}
	})
}

func FuzzExchange(f *testing.F) {
	wFuzzSeeds(f, []string{"exchange-msgtrk", "exchange-other"}, exchangeFuzzExtra...)
	f.Fuzz(func(t *testing.T, input []byte) { fuzzExchange(t, "exchange", input) })
}

func FuzzExchangeProtocol(f *testing.F) {
	wFuzzSeeds(f, []string{"exchange-msgtrk", "exchange-other"}, exchangeFuzzExtra...)
	f.Fuzz(func(t *testing.T, input []byte) { fuzzExchange(t, "exchange-protocol", input) })
}
