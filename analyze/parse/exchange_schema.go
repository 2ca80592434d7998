package parse

import (
	"strconv"
	"strings"
)

// exchKind is which Exchange log a field list belongs to. It decides how
// the columns become an event; the list itself says which column is where.
type exchKind uint8

const (
	exchGeneric   exchKind = iota // a log not known by name: best guesses
	exchTracking                  // message tracking (MSGTRK*.LOG)
	exchHTTPProxy                 // HttpProxy logs of every protocol
	exchEWS                       // EWS logs
	exchSMTP                      // SMTP receive and send protocol logs
	exchAgent                     // transport agent logs
	exchCmdlet                    // Rps cmdlet logs
	exchAudit                     // admin audit logs
	exchECP                       // ECP server and activity logs
)

// exchSchema is one #Fields list of an Exchange log with the columns an
// event is made of, resolved when the list arrives. It never changes once
// made: events point at the one they were read with.
type exchSchema struct {
	names []string
	kind  exchKind
	// layout names the built-in list used for rows without a header.
	layout string

	time, actor, actorAlt, target, status int // -1 when absent
	code, errc, bytes, sourceIP           int
	data, context                         int  // SMTP protocol logs
	targetList                            bool // target is a ';' list (recipients)
	// need is how many leading columns a row must have for the event:
	// the scan stops there.
	need int
}

// newExchSchema resolves a field list. logType is the #Log-type value ("" if
// none came).
func newExchSchema(names []string, logType, layout string) *exchSchema {
	s := &exchSchema{names: names, layout: layout}
	find := func(alts ...string) int {
		for _, a := range alts {
			for i, n := range names {
				if strings.EqualFold(n, a) {
					return i
				}
			}
		}
		return -1
	}
	has := func(n string) bool { return find(n) >= 0 }
	lt := strings.ToLower(logType)
	switch {
	case has("event-id") && has("sender-address"):
		s.kind = exchTracking
	case strings.Contains(lt, "httpproxy") || has("UrlStem") && has("HttpStatus"):
		s.kind = exchHTTPProxy
	case has("SoapAction"):
		s.kind = exchEWS
	case has("event") && has("remote-endpoint") && has("data"):
		s.kind = exchSMTP
	case has("Agent") && has("Action"):
		s.kind = exchAgent
	case has("Cmdlet"):
		s.kind = exchCmdlet
	case has("Operation") && has("UserKey"):
		s.kind = exchAudit
	case has("EventId") && has("EventData"):
		s.kind = exchECP
	}
	s.time = find("date-time", "DateTime", "TimeStamp", "Timestamp")
	s.actor, s.actorAlt, s.target, s.status = -1, -1, -1, -1
	s.code, s.errc, s.bytes, s.sourceIP = -1, -1, -1, -1
	s.data, s.context = -1, -1
	switch s.kind {
	case exchTracking:
		s.actor = find("sender-address")
		s.target, s.targetList = find("recipient-address"), true
		s.status = find("event-id")
		s.bytes = find("total-bytes")
		s.sourceIP = find("client-ip")
	case exchHTTPProxy:
		s.actor, s.actorAlt = find("AuthenticatedUser"), find("ClientIpAddress")
		s.target = find("UrlStem")
		s.code, s.errc = find("HttpStatus"), find("ErrorCode")
		s.bytes = find("ResponseBytes")
		s.sourceIP = find("ClientIpAddress")
	case exchEWS:
		s.actor, s.actorAlt = find("AuthenticatedUser"), find("ClientIpAddress")
		s.target = find("SoapAction")
		s.code, s.errc = find("HttpStatus"), find("ErrorCode")
		s.bytes = find("ResponseSize")
		s.sourceIP = find("ClientIpAddress")
	case exchSMTP:
		s.actor = find("remote-endpoint")
		s.target = find("connector-id")
		s.status = find("event")
		s.data, s.context = find("data"), find("context")
	case exchAgent:
		s.actor = find("P1FromAddress")
		s.target, s.targetList = find("Recipient"), true
		s.status = find("Action")
		s.sourceIP = find("EnteredOrgFromIP")
	case exchCmdlet:
		s.actor = find("AuthenticatedUser")
		s.target = find("Cmdlet")
		s.status = find("ExecutionResult")
		s.errc = find("ErrorType")
	case exchAudit:
		s.actor = find("UserKey", "UserId")
		s.target = find("Operation")
		s.status = find("ResultStatus")
	case exchECP:
		s.actor = find("ServerName")
		s.target = find("EventId")
		s.status = find("EventId")
	default:
		s.actor = find("AuthenticatedUser", "UserId", "User", "UserKey", "sender-address", "ClientIpAddress", "client-ip", "remote-endpoint")
		s.target = find("Operation", "Action", "Method", "EventId", "event")
		s.status = find("Status", "ResultStatus", "HttpStatus", "ErrorCode")
	}
	for _, f := range [...]int{s.time, s.actor, s.actorAlt, s.target, s.status, s.code, s.errc, s.bytes, s.sourceIP, s.data, s.context} {
		s.need = max(s.need, f+1)
	}
	return s
}

// splitExchFields splits the value of a #Fields directive on commas. A
// column left without a name is named by its position ("field3"), so that
// every field listed has one.
func splitExchFields(v []byte) []string {
	var names []string
	for _, f := range strings.Split(string(v), ",") {
		if len(names) == maxCells {
			break
		}
		f = strings.TrimSpace(f)
		if f == "" {
			f = "field" + strconv.Itoa(len(names)+1)
		}
		names = append(names, f)
	}
	return names
}
