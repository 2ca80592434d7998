package parse

import "bytes"

// SMTP receive and send protocol logs record a session line by line:
//
//	date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context
//
// where event is + (connect), - (disconnect), < (received from the remote),
// > (sent to it) or * (information). The status of a line is what it says
// in SMTP terms: the command verb received, the reply code sent, or the
// kind of event.

var smtpEventName = [256][]byte{
	'+': []byte("connect"),
	'-': []byte("disconnect"),
	'<': []byte("command"),
	'>': []byte("reply"),
	'*': []byte("info"),
}

var logonDenied = []byte("LogonDenied")

// maxSMTPVerb bounds a command verb taken as a status: longer first words
// are data, not commands.
const maxSMTPVerb = 16

func (p *exchangeParser) smtpStatus(s *exchSchema, line, event []byte, ev *Event) {
	if len(event) != 1 {
		ev.Status = event
		return
	}
	ev.Status = smtpEventName[event[0]]
	data := p.value(line, s.data)
	switch event[0] {
	case '<':
		// The verb, not its argument: "EHLO", "AUTH", "MAIL".
		verb := data
		if i := bytes.IndexByte(verb, ' '); i >= 0 {
			verb = verb[:i]
		}
		if len(verb) > 0 && len(verb) <= maxSMTPVerb {
			ev.Status = verb
		}
	case '>':
		// A reply code: three digits, the first 2 to 5 (RFC 5321).
		if len(data) >= 3 && data[0] >= '2' && data[0] <= '5' && allDigits(data[:3]) && (len(data) == 3 || data[3] == ' ' || data[3] == '-') {
			ev.Status = data[:3]
			code, _ := decDigits(data[:3])
			ev.Code = code
			ev.Failure = code >= 500
			ev.Unauthorized = code == 535 // authentication credentials invalid
		}
	case '*':
		if bytes.Contains(data, logonDenied) || bytes.Contains(p.value(line, s.context), logonDenied) {
			ev.Status = logonDenied
			ev.Unauthorized = true
		}
	}
	if ev.Status == nil {
		ev.Status = event
	}
}
