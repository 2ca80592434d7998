package parse

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Benchmarks of the JSON formats, load balancer logs, syslog and the
// custom regex: ns/op is ns per line (or per document where named), with
// bytes/s from SetBytes and allocs/op per line.

// benchTrailEvents are realistic single CloudTrail events as CloudWatch
// Logs delivers them (1 to 2 KB each): an assumed-role API call with
// session context and TLS details, a denied call, a console sign-in, an S3
// data event.
var benchTrailEvents = [][]byte{
	[]byte(`{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROA55TKTI7VKCG3ZB64V:i-08014e4f62ccf762d","arn":"arn:aws:sts::123456789123:assumed-role/DatadogAWSIntegrationRole/i-08014e4f62ccf762d","accountId":"123456789123","accessKeyId":"ASIA55TKTI7VKEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA55TKTI7VKCG3ZB64V","arn":"arn:aws:iam::123456789123:role/DatadogAWSIntegrationRole","accountId":"123456789123","userName":"DatadogAWSIntegrationRole"},"webIdFederationData":{},"attributes":{"creationDate":"2024-05-01T09:12:01Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},"eventTime":"2024-05-01T10:00:00Z","eventSource":"logs.amazonaws.com","eventName":"DescribeLogStreams","awsRegion":"us-east-1","sourceIPAddress":"54.161.67.200","userAgent":"aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/cloudwatchlogs#1.35.0","requestParameters":{"logGroupName":"/aws/lambda/checkout","orderBy":"LastEventTime","descending":true,"limit":50},"responseElements":null,"requestID":"1d4a9c3e-2f5b-4e6a-9c7d-8e9f0a1b2c3d","eventID":"5a6b7c8d-9e0f-1a2b-3c4d-5e6f7a8b9c0d","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789123","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"logs.us-east-1.amazonaws.com"}}`),
	[]byte(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/ci-deployer","accountId":"111122223333","accessKeyId":"AKIAIOSFODNN7EXAMPLE","userName":"ci-deployer"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ec2.run-instances","errorCode":"Client.UnauthorizedOperation","errorMessage":"You are not authorized to perform this operation. Encoded authorization failure message: 4kBx...","requestParameters":{"instancesSet":{"items":[{"imageId":"ami-0abcdef1234567890","minCount":1,"maxCount":1}]},"instanceType":"t3.micro","blockDeviceMapping":{},"monitoring":{"enabled":false},"disableApiTermination":false,"disableApiStop":false,"clientToken":"e8b3c1d2-7f6a-4b5c-9d8e-1f2a3b4c5d6e"},"responseElements":null,"requestID":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","eventID":"b2c3d4e5-6789-01bc-def0-EXAMPLE22222","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`),
	[]byte(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/JaneDoe","accountId":"111122223333","userName":"JaneDoe"},"eventTime":"2024-05-01T10:00:01Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.100","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36","errorMessage":"Failed authentication","requestParameters":null,"responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"Yes"},"eventID":"11ea990b-4678-4bcd-8fbe-625EXAMPLE","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`),
	[]byte(`{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"ACCESSKEYID","arn":"arn:aws:iam::000000000:user/test@example.com","accountId":"000000000","accessKeyId":"ACCESSKEYID","userName":"test@example.com"},"eventTime":"2024-05-01T10:00:01Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"216.160.83.56","userAgent":"[aws-cli/2.17.60 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#x86_64 lang/python#3.12.6]","requestParameters":{"bucketName":"reports","Host":"reports.s3.us-east-1.amazonaws.com","key":"2024/05/q1.pdf"},"responseElements":null,"additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"hFhfe14yINVvz+alr1rC5zPFufFU087OGEbVwf5HpD1BYs5D2llscEUSD7DUGjlSYkOEoay+oVk=","bytesTransferredOut":182934},"requestID":"62A9N2AH4P4YKG2B","eventID":"0c06e2ff-5e88-44e6-a081-57871bbe770b","readOnly":true,"resources":[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::reports/2024/05/q1.pdf"},{"accountId":"000000000","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::reports"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"000000000","eventCategory":"Data"}`),
}

// benchLines parses lines round-robin, one per op.
func benchLines(b *testing.B, p Parser, lines [][]byte) {
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	b.SetBytes(int64(total / len(lines)))
	events := 0
	emit := func(*Event) { events++ }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if p.Parse(lines[i%len(lines)], emit) == Unparsed {
			b.Fatalf("unparsed: %.100q", lines[i%len(lines)])
		}
	}
	b.StopTimer()
	if events == 0 {
		b.Fatal("no events")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkCloudTrailSingle: single events one per line, as CloudWatch Logs
// delivers them. Target: >= 200k lines/s, no allocation.
func BenchmarkCloudTrailSingle(b *testing.B) {
	benchLines(b, newCloudTrail(), benchTrailEvents)
}

// BenchmarkCloudTrailAuto: the same through auto-detection.
func BenchmarkCloudTrailAuto(b *testing.B) {
	benchLines(b, NewAuto(Options{}), benchTrailEvents)
}

// BenchmarkCloudTrailRecordsLine: a {"Records":[...]} document of 100
// records on one line (an S3 object); ns/op is per document.
func BenchmarkCloudTrailRecordsLine(b *testing.B) {
	var doc bytes.Buffer
	doc.WriteString(`{"Records":[`)
	for i := range 100 {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.Write(benchTrailEvents[i%len(benchTrailEvents)])
	}
	doc.WriteString(`]}`)
	benchLines(b, newCloudTrail(), [][]byte{doc.Bytes()})
}

// BenchmarkCloudTrailPretty: a pretty-printed Records document read line
// by line; ns/op is per line.
func BenchmarkCloudTrailPretty(b *testing.B) {
	var ls [][]byte
	ls = append(ls, []byte("{"), []byte(`  "Records": [`))
	for i := range 20 {
		ev := string(benchTrailEvents[i%len(benchTrailEvents)])
		ev = strings.ReplaceAll(ev, `,"`, ",\n      \"")
		for _, l := range strings.Split(ev, "\n") {
			ls = append(ls, []byte("    "+l))
		}
		if i < 19 {
			ls[len(ls)-1] = append(ls[len(ls)-1], ',')
		}
	}
	ls = append(ls, []byte("  ]"), []byte("}"))
	p := newCloudTrail()
	events := 0
	emit := func(*Event) { events++ }
	for _, l := range ls {
		p.Parse(l, emit)
	}
	if events != 20 {
		b.Fatalf("%d events from the document, want 20", events)
	}
	n := 0
	for _, l := range ls {
		n += len(l)
	}
	b.SetBytes(int64(n / len(ls)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.Parse(ls[i%len(ls)], emit)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// benchELB are load balancer lines of every kind, ALB first and most.
var benchELB = [][]byte{
	[]byte(`https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/api/v1/cart?item=42 HTTP/1.1" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234567890abcdef`),
	[]byte(`http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.40:2817 - -1 -1 -1 502 - 34 366 "POST http://www.example.com:80/login HTTP/1.1" "curl/7.46.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337364-23a8c76965a2ef7629b185e3" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "LambdaInvalidResponse"`),
	[]byte(`2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -`),
	[]byte(`tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30`),
}

// BenchmarkELB: load balancer lines, no allocation.
func BenchmarkELB(b *testing.B) {
	benchLines(b, mustParser(b, "elb", Options{}), benchELB)
}

// benchJSONLines are application and access logs as JSON lines.
var benchJSONLines = [][]byte{
	[]byte(`{"level":"info","ts":1761019822.3152757,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"172.18.0.1","proto":"HTTP/1.1","method":"GET","host":"localhost","uri":"/api/v1/orders/42"},"status":200,"size":1843,"duration":0.0021}`),
	[]byte(`{"@timestamp":"2025-01-13T09:58:13.631Z","log.level":"error","message":"payment gateway timeout","ecs.version":"1.6.0","log":{"logger":"app","origin":{"file":{"line":42,"name":"pay.py"}}},"user":{"name":"svc-checkout"},"process":{"pid":9159}}`),
	[]byte(`{"name":"renovate","hostname":"renovate-gitlab-67c4bcb5-9ggbv","pid":7,"level":30,"msg":"Dependency extraction complete","time":"2023-03-24T14:26:16.243Z","v":0}`),
	[]byte(`{"ClientIP":"87.226.160.250","ClientRequestHost":"www.ripe.net","ClientRequestMethod":"GET","ClientRequestURI":"/","EdgeEndTimestamp":"2022-10-30T00:00:02Z","EdgeResponseBytes":570,"EdgeResponseStatus":301,"EdgeStartTimestamp":"2022-10-30T00:00:02Z","RayID":"761fde4e984e5ab2"}`),
}

// BenchmarkJSONLines: guessed fields, no allocation.
func BenchmarkJSONLines(b *testing.B) {
	benchLines(b, newJSONLines(Options{}), benchJSONLines)
}

// BenchmarkCWSub: a one-line subscription payload of 10 CloudTrail events;
// ns/op is per payload.
func BenchmarkCWSub(b *testing.B) {
	var evs []string
	for i := range 10 {
		evs = append(evs, subEvent("1", 1714557600000, string(benchTrailEvents[i%len(benchTrailEvents)])))
	}
	benchLines(b, newCWSub(Options{}), [][]byte{[]byte(subPayload("DATA_MESSAGE", evs...))})
}

var benchSyslog = [][]byte{
	[]byte(`Mar 24 14:02:50 web1 sshd[4121]: Accepted publickey for deploy from 203.0.113.7 port 51234 ssh2: ED25519 SHA256:abc`),
	[]byte(`<165>1 2026-03-24T14:02:50.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event`),
	[]byte(`<11>Mar 24 14:02:51 web1 kernel: [123456.789] Out of memory: Killed process 4242 (java)`),
}

// BenchmarkSyslog: plain syslog, after detection of wrapped formats gave
// up on these programs.
func BenchmarkSyslog(b *testing.B) {
	benchLines(b, newSyslog(Options{}, time.Now, time.UTC), benchSyslog)
}

// BenchmarkSyslogWrapped: access lines inside syslog.
func BenchmarkSyslogWrapped(b *testing.B) {
	var ls [][]byte
	for _, l := range benchCombinedLines {
		ls = append(ls, []byte("Mar 24 14:02:50 web1 nginx: "+l))
	}
	benchLines(b, newSyslog(Options{}, time.Now, time.UTC), ls)
}

var benchCombinedLines = []string{
	`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`,
	`66.249.73.135 - - [17/May/2015:10:05:03 +0000] "GET /blog/tags/puppet?flav=rss20 HTTP/1.1" 200 14872 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"`,
}

// BenchmarkRegex: a custom regular expression (allocates per line, as
// regexp's submatch API does).
func BenchmarkRegex(b *testing.B) {
	p := mustParser(b, "regex", Options{Regex: `^(?P<client>\S+) \S+ (?P<user>\S+) \[(?P<datetime>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\S+)`})
	var ls [][]byte
	for _, l := range benchCombinedLines {
		ls = append(ls, []byte(l))
	}
	benchLines(b, p, ls)
}
