package parse

// trailRecord holds where the fields that matter are in one CloudTrail
// record, as found by decodeTrail. Strings are spans of the input with their
// escapes as written; nothing is copied while decoding.
type trailRecord struct {
	eventVersion, eventTime, eventSource, eventName, sourceIP, eventType, eventCategory jstr
	errorCode, errorMessage                                                             jstr
	uiType, uiARN, uiUserName, uiPrincipal, uiInvokedBy, uiAccount                      jstr
	consoleLogin                                                                        jstr // responseElements.ConsoleLogin
	bytesIn, bytesOut                                                                   int64
	digest                                                                              bool // a digest file's keys were seen
}

// jstr is a JSON string as found: its raw contents, and whether they hold
// escapes. A nil raw means absent (or null, or not a string).
type jstr struct {
	raw []byte
	esc bool
}

func (j jstr) present() bool  { return j.raw != nil }
func (j jstr) nonEmpty() bool { return len(j.raw) > 0 }

// is reports whether the string's text is s.
func (j jstr) is(s string) bool {
	if !j.esc {
		return string(j.raw) == s
	}
	if len(j.raw) > 4*len(s)+8 {
		return false // too long to unescape to s
	}
	return string(appendJSONUnescaped(nil, j.raw)) == s
}

// trailKind is what a decoded record is.
type trailKind uint8

const (
	trailNone    trailKind = iota // not CloudTrail (or not JSON)
	trailEvent                    // an API call, console sign-in, service event
	trailInsight                  // a CloudTrail Insights event: no API call
	trailDigest                   // a digest file: no event
	trailRecords                  // a {"Records":[...]} document (top level only)
)

// decodeTrail reads the CloudTrail record in b with s. At the top of a
// line (top), a first key of "Records" stops decoding at once: the caller
// streams the document instead. Otherwise the whole object is validated and
// must be all of b; s.eof or s.bad say why not.
func decodeTrail(s *jsonScan, b []byte, r *trailRecord, top bool) trailKind {
	*r = trailRecord{}
	s.reset(b)
	if !s.object() {
		return trailNone
	}
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			break
		}
		if first && top && string(key) == "Records" {
			return trailRecords
		}
		switch string(key) {
		case "eventVersion":
			ok = s.strField(&r.eventVersion)
		case "eventTime":
			ok = s.strField(&r.eventTime)
		case "eventSource":
			ok = s.strField(&r.eventSource)
		case "eventName":
			ok = s.strField(&r.eventName)
		case "sourceIPAddress":
			ok = s.strField(&r.sourceIP)
		case "eventType":
			ok = s.strField(&r.eventType)
		case "eventCategory":
			ok = s.strField(&r.eventCategory)
		case "errorCode":
			ok = s.strField(&r.errorCode)
		case "errorMessage":
			ok = s.strField(&r.errorMessage)
		case "userIdentity":
			ok = decodeIdentity(s, r)
		case "responseElements":
			ok = decodeResponse(s, r)
		case "additionalEventData":
			ok = decodeAdditional(s, r)
		case "digestStartTime", "digestEndTime", "digestS3Bucket", "digestS3Object", "logFiles", "digestSignatureAlgorithm":
			r.digest = true
			ok = s.skip()
		default:
			ok = s.skip()
		}
		if !ok {
			return trailNone
		}
	}
	if s.failed() || s.rest() {
		if !s.failed() {
			s.bad = true // something after the object
		}
		return trailNone
	}
	switch {
	case r.eventType.is("AwsCloudTrailInsight") || r.eventCategory.is("Insight"):
		return trailInsight
	case r.eventSource.nonEmpty() && r.eventName.nonEmpty() && r.eventTime.present():
		return trailEvent
	case r.digest && !r.eventSource.present():
		return trailDigest
	}
	return trailNone
}

// strField reads a string member into f; null and values of other types
// are read and leave f absent.
func (s *jsonScan) strField(f *jstr) bool {
	if s.peek() != '"' {
		return s.skip()
	}
	raw, esc, ok := s.str()
	if ok {
		*f = jstr{raw, esc}
	}
	return ok
}

// decodeIdentity reads userIdentity: who made the call.
func decodeIdentity(s *jsonScan, r *trailRecord) bool {
	if s.peek() != '{' {
		return s.skip()
	}
	if !s.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			return !s.failed()
		}
		switch string(key) {
		case "type":
			ok = s.strField(&r.uiType)
		case "arn":
			ok = s.strField(&r.uiARN)
		case "userName":
			ok = s.strField(&r.uiUserName)
		case "principalId":
			ok = s.strField(&r.uiPrincipal)
		case "invokedBy":
			ok = s.strField(&r.uiInvokedBy)
		case "accountId":
			ok = s.strField(&r.uiAccount)
		default:
			ok = s.skip()
		}
		if !ok {
			return false
		}
	}
}

// decodeResponse reads responseElements for the one member that says how
// a console sign-in went.
func decodeResponse(s *jsonScan, r *trailRecord) bool {
	if s.peek() != '{' {
		return s.skip()
	}
	if !s.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			return !s.failed()
		}
		if string(key) == "ConsoleLogin" {
			ok = s.strField(&r.consoleLogin)
		} else {
			ok = s.skip()
		}
		if !ok {
			return false
		}
	}
}

// decodeAdditional reads additionalEventData for the bytes an S3 data event
// moved.
func decodeAdditional(s *jsonScan, r *trailRecord) bool {
	if s.peek() != '{' {
		return s.skip()
	}
	if !s.open() {
		return false
	}
	for first := true; ; first = false {
		key, ok := s.member(first)
		if !ok {
			return !s.failed()
		}
		var n *int64
		switch string(key) {
		case "bytesTransferredIn":
			n = &r.bytesIn
		case "bytesTransferredOut":
			n = &r.bytesOut
		}
		if n != nil && (s.peek() == '-' || s.peek() >= '0' && s.peek() <= '9') {
			var text []byte
			text, ok = s.number()
			if ok {
				if v, isNum := jsonInt(text); isNum && v > 0 {
					*n = v
				}
			}
		} else {
			ok = s.skip()
		}
		if !ok {
			return false
		}
	}
}
