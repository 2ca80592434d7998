package parse

import "bytes"

// AWS CloudTrail, in the two shapes it reaches tailtop:
//
//   - single events, one JSON object per line, as CloudWatch Logs (and so
//     Live Tail and subscriptions) delivers them;
//   - {"Records":[...]} documents, as CloudTrail writes them to S3: one long
//     line, or pretty-printed over many lines, possibly gzip-compressed
//     (feed/file inflates those). Each record becomes one event.
//
// A pretty-printed single event (as documentation shows them) is read too.
// Digest files and Insights events are recognized and counted as Meta: they
// are not API calls.
//
// Event mapping (DESIGN.md): actor is userIdentity.arn, else userName,
// principalId, invokedBy, accountId, type; target is eventSource:eventName;
// status is errorCode, or "Failure" for a console sign-in that failed without
// one, else "OK". Failure when there is an errorCode (or a failed sign-in);
// Denied when errorCode is AccessDenied* or *UnauthorizedOperation;
// Unauthorized for authentication failures (a failed console sign-in, a bad
// or expired key). SourceIP is sourceIPAddress; Bytes the bytes an S3 data
// event moved.
//
// Line accounting for documents over many lines: lines == parsed + unparsed
// holds per line, and a line is counted when it is read, before the
// document is known to be valid. So a line that completes one or more
// records is Parsed (its events are emitted then), and the lines in between
// are Meta: part of a document being read. If the document turns out to be
// invalid, the line where that shows (a record that does not decode, a
// document larger than the cap, text where JSON must be) is Unparsed and the
// Meta lines before it stay counted: recounting them would need buffering
// every line until the document ends, which the cap forbids and which would
// hold back the events of a large file. Records are decoded one by one, so
// one bad record costs only itself.
type cloudTrail struct {
	scan    jsonScan
	rec     trailRecord
	clock   isoClock
	ev      Event
	doc     jsonDoc
	target  []byte // eventSource:eventName
	scratch []byte // unescaped strings of the current record
}

var cloudTrailLabels = Labels{Actor: "principals", Target: "API calls", Status: "error codes"}

// trailDocLimit caps one buffered record, or a whole pretty-printed event
// or digest file. CloudTrail events are at most a few hundred KB.
const trailDocLimit = 4 << 20

func init() {
	Register(&Format{
		Name:       "cloudtrail",
		Labels:     cloudTrailLabels,
		New:        func(Options) (Parser, error) { return newCloudTrail(), nil },
		Detectable: true,
		Priority:   60,
	})
}

func newCloudTrail() *cloudTrail {
	return &cloudTrail{doc: jsonDoc{
		streamKey: "Records",
		restart:   []string{`{"Records"`, `{"eventVersion"`},
		limit:     trailDocLimit,
	}}
}

// Format implements Parser.
func (p *cloudTrail) Format() string { return "cloudtrail" }

// Parse implements Parser. A single event on its line is decoded in place,
// without allocating.
func (p *cloudTrail) Parse(line []byte, emit func(*Event)) Result {
	if p.doc.open() {
		r, restart := p.doc.feed(line, p, emit)
		if !restart {
			return r
		}
	}
	t := trimLeftJSONSpace(line)
	if len(t) == 0 || t[0] != '{' {
		return Unparsed
	}
	kind := decodeTrail(&p.scan, line, &p.rec, true)
	switch {
	case kind == trailRecords:
		return p.startDoc(line, emit)
	case p.scan.eof && opensDocument(line):
		return p.startDoc(line, emit)
	}
	return p.finish(kind, line, emit)
}

func (p *cloudTrail) startDoc(line []byte, emit func(*Event)) Result {
	p.doc.begin()
	r, _ := p.doc.feed(line, p, emit)
	return cutShort(&p.doc, line, r)
}

// opensDocument reports whether line, which is not JSON on its own, looks
// like the first line of a document written over many lines: it ends where
// a pretty-printer breaks a line (after an opening bracket, a comma or a
// colon). A
// single-line event cut short ends anywhere, usually inside a string, and
// is simply unparsed.
func opensDocument(line []byte) bool {
	t := bytes.TrimRight(line, " \t\r")
	if len(t) == 0 {
		return false
	}
	switch t[len(t)-1] {
	case '{', '[', ',', ':':
		return true
	}
	return false
}

// finish turns a decoded record into its event.
func (p *cloudTrail) finish(kind trailKind, raw []byte, emit func(*Event)) Result {
	switch kind {
	case trailInsight, trailDigest:
		return Meta
	case trailEvent:
		p.fill(raw)
		emit(&p.ev)
		return Parsed
	}
	return Unparsed
}

// fill maps the decoded record onto p.ev.
func (p *cloudTrail) fill(raw []byte) {
	r := &p.rec
	p.reserve()
	ev := &p.ev
	ev.Reset()
	ev.Raw = raw
	if t, ok := p.clock.parse(r.eventTime.raw); ok {
		ev.Time = t
	}
	for _, a := range [...]jstr{r.uiARN, r.uiUserName, r.uiPrincipal, r.uiInvokedBy, r.uiAccount, r.uiType} {
		if a.nonEmpty() {
			ev.Actor = p.text(a)
			break
		}
	}
	p.target = append(append(append(p.target[:0], p.text(r.eventSource)...), ':'), p.text(r.eventName)...)
	ev.Target = p.target
	switch {
	case r.errorCode.nonEmpty():
		code := p.text(r.errorCode)
		ev.Status = code
		ev.Failure = true
		ev.Denied = deniedErrorCode(code)
		ev.Unauthorized = authFailureCode(code)
	case r.consoleLogin.present() && !r.consoleLogin.is("Success"):
		ev.Status = p.text(r.consoleLogin)
		ev.Failure = true
		ev.Unauthorized = true
	default:
		ev.Status = statusOK
	}
	if r.sourceIP.nonEmpty() {
		ev.SourceIP = p.text(r.sourceIP)
	}
	ev.Bytes = r.bytesIn + r.bytesOut
}

var statusOK = []byte("OK")

// reserve makes room in scratch for every escaped string of the record, so
// that the slices text hands out stay valid (scratch never grows under them).
func (p *cloudTrail) reserve() {
	r := &p.rec
	need := 0
	for _, j := range [...]jstr{r.uiARN, r.uiUserName, r.uiPrincipal, r.uiInvokedBy, r.uiAccount, r.uiType, r.eventSource, r.eventName, r.errorCode, r.consoleLogin, r.sourceIP} {
		if j.esc {
			need += len(j.raw)
		}
	}
	if cap(p.scratch) < need {
		p.scratch = make([]byte, 0, 2*need)
	}
	p.scratch = p.scratch[:0]
}

// text returns the string's text, unescaped into scratch when needed.
func (p *cloudTrail) text(j jstr) []byte {
	if !j.esc {
		return j.raw
	}
	start := len(p.scratch)
	p.scratch = appendJSONUnescaped(p.scratch, j.raw)
	return p.scratch[start:len(p.scratch):len(p.scratch)]
}

// deniedErrorCode reports an authorization failure of the AccessDenied kind:
// AccessDenied, AccessDeniedException, Client.UnauthorizedOperation,
// UnauthorizedOperation.
func deniedErrorCode(code []byte) bool {
	return bytes.HasPrefix(code, []byte("AccessDenied")) || bytes.HasSuffix(code, []byte("UnauthorizedOperation"))
}

// authFailureCode reports an error code that says the caller could not be
// authenticated (the 401 of AWS APIs), as opposed to not being allowed.
func authFailureCode(code []byte) bool {
	switch string(code) {
	case "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId", "UnrecognizedClientException",
		"ExpiredToken", "ExpiredTokenException", "AuthFailure", "Client.AuthFailure", "IncompleteSignature":
		return true
	}
	return false
}

// docFirstKey implements docHandler: a Records document is streamed; a
// pretty-printed event or digest file is read whole; anything else is not
// CloudTrail.
func (p *cloudTrail) docFirstKey(key []byte) docMode {
	switch string(key) {
	case "Records":
		return docStream
	case "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "eventType", "eventCategory",
		"awsRegion", "eventID", "awsAccountId", "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object":
		return docWhole
	}
	return docIdle
}

func (p *cloudTrail) docTop(key, raw []byte) {}

func (p *cloudTrail) docElement(elem []byte, emit func(*Event)) Result {
	return p.finish(decodeTrail(&p.scan, elem, &p.rec, false), elem, emit)
}

func (p *cloudTrail) docWhole(doc []byte, emit func(*Event)) Result {
	return p.finish(decodeTrail(&p.scan, doc, &p.rec, false), doc, emit)
}

// Fields implements Parser: every member of the record, nested objects
// flattened to dotted names (userIdentity.arn), arrays as their JSON text.
func (p *cloudTrail) Fields(ev *Event, fn func(name string, value []byte)) {
	jsonFields(ev.Raw, fn)
}
