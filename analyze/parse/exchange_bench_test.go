package parse

import "testing"

var exchangeBenchHeader = []string{
	"#Software: Microsoft Exchange Server",
	"#Version: 15.02.1118.007",
	"#Log-type: Message Tracking Log",
	"#Date: 2024-05-01T10:00:00.000Z",
	"#Fields: " + exchTrackingFields15,
}

// exchangeBenchRows are message tracking rows as Exchange 2019 writes them:
// a RECEIVE from the Internet, an internal DELIVER to two recipients, a
// SEND out, a FAIL with a quoted recipient status.
var exchangeBenchRows = [][]byte{
	[]byte(`2024-05-01T10:05:03.123Z,203.0.113.25,mx1.partner.example,10.0.0.12,EXCH01,08DC69B7D2A1E3F4;2024-05-01T10:05:02.981Z;0,EXCH01\Default Frontend EXCH01,SMTP,RECEIVE,12884901912,<CAF=abc123@mail.partner.example>,5d3a1c2b-7e8f-4a6b-9c0d-08dc69b7d2a1,alice@example.com,,48213,1,,,Quarterly figures,bob@partner.example,bob@partner.example,,Incoming,,203.0.113.25,10.0.0.12,S:FirstForestHop=EXCH01.example.local;S:FromEntity=Internet;S:DeliveryPriority=Normal;S:AccountForest=example.local,Email,7f1e2d3c-4b5a-4968-8776-08dc69b7d2a5,15.02.1118.007`),
	[]byte(`2024-05-01T10:05:03.456Z,,,,EXCH01,MDB:7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d,,STOREDRIVER,DELIVER,12884901913,<0123456789abcdef@EXCH01.example.local>,1a2b3c4d-5e6f-4789-8abc-08dc69b7d2a6,carol@example.com;dave@example.com,,10240,2,,,Re: lunch,erin@example.com,erin@example.com,2024-05-01T10:05:03.201Z;SRV=EXCH01.example.local:TOTAL-SUB=0.128|SA=0.101|MTSS=0.024,Originating,,,,S:Mailboxes=1a2b3c4d-5e6f-4789-8abc-def012345678;S:DeliveryPriority=Normal,Email,4c3b2a19-0817-4f6e-8d5c-08dc69b7d2a7,15.02.1118.007`),
	[]byte(`2024-05-01T10:05:04.010Z,10.0.0.12,EXCH01,198.51.100.7,mx.remote.example,;250 2.0.0 OK 1714557904 q7-20020a05;ClientSubmitTime:2024-05-01T10:05:03.900Z,Internet Send Connector,SMTP,SEND,12884901914,<DB9PR@EXCH01.example.local>,9e8d7c6b-5a49-4382-b1a0-08dc69b7d2a8,frank@remote.example,250 2.1.5 Recipient OK,33120,1,,,Invoice 4711,grace@example.com,grace@example.com,,Originating,,,,S:E2ELatency=0.162;S:DeliveryPriority=Normal,Email,0a1b2c3d-4e5f-4a6b-8c7d-08dc69b7d2a9,15.02.1118.007`),
	[]byte(`2024-05-01T10:05:04.777Z,,,,EXCH01,,,SMTP,FAIL,12884901915,<spam-91827@bulk.example>,3f2e1d0c-9b8a-4776-a564-08dc69b7d2aa,nobody@example.com,"550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",2048,1,,,You have won,promo@bulk.example,promo@bulk.example,,Incoming,,,,S:DeliveryPriority=Normal,Email,6d5c4b3a-2918-4f7e-9d6c-08dc69b7d2ab,15.02.1118.007`),
}

// BenchmarkExchange measures one message tracking row (ns/op is ns/line);
// it must not allocate.
func BenchmarkExchange(b *testing.B) {
	wBench(b, headerThen(b, "exchange", Options{}, exchangeBenchHeader...), exchangeBenchRows)
}

// BenchmarkExchangeHeaderless: the same rows without a header, recognised
// by their column count and event ids on every line.
func BenchmarkExchangeHeaderless(b *testing.B) {
	p, _ := New("exchange", Options{})
	wBench(b, p, exchangeBenchRows)
}

var httpProxyBenchRows = [][]byte{
	[]byte(`2024-05-01T10:05:03.123Z,5e58f5e5-1ddc-48d3-82c6-0199bc121640,15,2,1118,7,,Owa,mail.example.com,/owa/service.svc,GetItem,Negotiate,true,EXAMPLE\alice,,Smtp~alice@example.com,Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML  like Gecko) Chrome/124.0.0.0 Safari/537.36,203.0.113.9,EXCH01,200,200,,POST,Proxy,exch02.example.local,15.02.1118.000,IntraForest,AnchorMailboxHeader-SMTP,Database~fb7adba2-51f4-47e3-b170-fd39f85aaf35~~2024-05-31T10:05:03,,,1289,5523,,,0,1,,0,,0,,0,0,,0,38,0,1,0,0,33,0,0,0,0,0,38,0,34,4,4,4,38,,?action=GetItem&app=Mail,,BeginRequest=2024-05-01T10:05:03.085Z;CorrelationID=<empty>;ProxyState-Run=None;EndRequest=2024-05-01T10:05:03.123Z;,,,,,,`),
	[]byte(`2024-05-01T10:05:03.456Z,9b241890-db8d-44c5-a50e-ccdc753cab92,15,2,1118,7,,Ews,mail.example.com,/EWS/Exchange.asmx,,Basic,false,,,,python-requests/2.31.0,198.51.100.77,EXCH01,401,,,POST,,,,,,,,,0,,,,,,,,,,,,,,,0,,,,,,,,,,,,,,0,,0,0,,,,BeginRequest=2024-05-01T10:05:03.455Z;CorrelationID=<empty>;EndRequest=2024-05-01T10:05:03.456Z;,,,,,,`),
}

// BenchmarkExchangeHTTPProxy measures one HttpProxy row, a wide one (74
// columns) whose user and status sit in the first third.
func BenchmarkExchangeHTTPProxy(b *testing.B) {
	p := headerThen(b, "exchange-protocol", Options{},
		"#Software: Microsoft Exchange Server", "#Version: 15.02.1118.007", "#Log-type: HttpProxy Logs",
		"#Date: 2024-05-01T10:00:00.000Z", "#Fields: "+exchHTTPProxyFields)
	wBench(b, p, httpProxyBenchRows)
}

func TestExchangeDoesNotAllocate(t *testing.T) {
	checkNoAllocs(t, headerThen(t, "exchange", Options{}, exchangeBenchHeader...), exchangeBenchRows)
	h, _ := New("exchange", Options{})
	checkNoAllocs(t, h, exchangeBenchRows)
	hp, _ := New("exchange-protocol", Options{})
	checkNoAllocs(t, hp, httpProxyBenchRows)
}
