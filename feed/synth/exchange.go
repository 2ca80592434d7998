package synth

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// exchange makes Exchange 2019 message tracking log lines (MSGTRK*.LOG)
// for a company of a few hundred mailboxes: mail in from partners,
// newsletters and spammers, mail out to partners, mail between colleagues,
// each as the events the transport logs for it (RECEIVE, AGENTINFO,
// DELIVER, SUBMIT, SEND, HAREDIRECT, NOTIFYMAPI, RESOLVE, EXPAND, and the
// rare FAIL, DEFER, DSN, DROP). A log starts with its header block, again
// each new UTC day as Exchange rolls to a new file; times are UTC with
// milliseconds, fields with commas are quoted.
type exchange struct {
	r        *rng
	stamp    stamp
	users    []string // internal mailboxes, Zipf-weighted
	pickUser alias
	outside  []string // correspondents elsewhere: partners, newsletters, spam
	pickOut  alias
	mtas     []string // "ip,hostname" of the sending MTAs, one per outside sender
	size     *logNormal
	dirs     alias // inbound, outbound, internal
	events   [3]eventMix
	seq      int64 // internal-message-id
	header   int   // the header line still to write before the next row (0: none)
	day      int64
}

// exchangeFields is the #Fields line of Exchange 2013 to 2019.
const exchangeFields = "#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version"

const (
	exchVersion = "15.02.1118.007"
	exchDomain  = "example.com"
	exchForest  = "S:DeliveryPriority=Normal;S:AccountForest=example.local"
)

// Mail directions, in the order of their weights.
const (
	dirInbound = iota
	dirOutbound
	dirInternal
)

// eventMix is the events logged for mail of one direction, with weights.
type eventMix struct {
	ids  []string
	pick alias
}

func newEventMix(pairs ...any) eventMix {
	var m eventMix
	var w []float64
	for i := 0; i+1 < len(pairs); i += 2 {
		m.ids = append(m.ids, pairs[i].(string))
		w = append(w, float64(pairs[i+1].(int)))
	}
	m.pick = newAlias(w)
	return m
}

func init() {
	formats["exchange"] = func(seed int64, loc *time.Location) maker { return newExchange(seed) }
}

var (
	firstNames = []string{"alice", "bob", "carol", "dmitri", "emma", "farid", "grace", "hiro", "ines", "jakob", "kofi", "lena", "marta", "noah", "olga", "pavel", "quinn", "rosa", "sven", "tariq", "ulla", "vera", "wen", "yusuf", "zoe"}
	lastNames  = []string{"smith", "meyer", "rossi", "kowalski", "tanaka", "nguyen", "garcia", "jensen", "okafor", "dubois", "novak", "silva", "haddad", "berg", "kim", "ahmed"}
	partners   = []string{"partner-logistics.example", "acme-supplies.example", "lawfirm.example", "bank.example", "auditors.example", "cloudvendor.example"}
	bulkMail   = []string{"news@newsletter.shopmail.example", "noreply@notifications.saas.example", "alerts@monitoring.example", "digest@forum.example"}
	subjects   = []string{
		"Quarterly figures", "Re: lunch on Friday?", "Invoice 2024-0471", "Meeting notes, action items", "FW: contract draft v3",
		"Your order has shipped", "Weekly digest", "Password expiry notice", `Re: "urgent" request`, "Holiday schedule",
		"Re: Re: budget, Q3", "Build failed: main", "Welcome aboard!", "Security alert", "Out of office: back Monday",
	}
	spamSubjects = []string{"You have won!!!", "Invoice overdue, pay now", "Your mailbox is full", "RE: payment", "Urgent: verify your account"}
)

func newExchange(seed int64) *exchange {
	pool := newRNG(seed, 12)
	x := &exchange{
		r:      newRNG(seed, 13),
		stamp:  stamp{layout: "2006-01-02T15:04:05.", loc: time.UTC},
		size:   newLogNormal(24000, 1.3, 900, 35_000_000),
		dirs:   newAlias([]float64{55, 20, 25}),
		header: 1,
		day:    -1,
		seq:    12884901000 + int64(pool.intn(1000000)),
	}
	seen := map[string]bool{}
	for len(x.users) < 400 {
		u := firstNames[pool.intn(len(firstNames))] + "." + lastNames[pool.intn(len(lastNames))] + "@" + exchDomain
		if !seen[u] {
			seen[u] = true
			x.users = append(x.users, u)
		}
	}
	x.users = append(x.users, "helpdesk@"+exchDomain, "invoices@"+exchDomain, "info@"+exchDomain)
	x.pickUser = newAlias(zipfWeights(len(x.users), 0.9))
	x.outside = append(x.outside, bulkMail...)
	for len(x.outside) < 600 {
		x.outside = append(x.outside, firstNames[pool.intn(len(firstNames))]+"."+lastNames[pool.intn(len(lastNames))]+"@"+partners[pool.intn(len(partners))])
	}
	for i := range x.outside {
		ip := randomIPv4(pool)
		x.mtas = append(x.mtas, ip+",mx"+strconv.Itoa(1+pool.intn(4))+"."+strings.SplitN(x.outside[i], "@", 2)[1])
	}
	x.pickOut = newAlias(zipfWeights(len(x.outside), 1.1))
	x.events[dirInbound] = newEventMix("RECEIVE", 40, "AGENTINFO", 15, "HAREDIRECT", 10, "DELIVER", 30, "DEFER", 1, "FAIL", 2, "DROP", 1)
	x.events[dirOutbound] = newEventMix("SUBMIT", 20, "RECEIVE", 20, "HAREDIRECT", 8, "SEND", 40, "DEFER", 2, "FAIL", 1, "DSN", 1)
	x.events[dirInternal] = newEventMix("NOTIFYMAPI", 12, "SUBMIT", 18, "RECEIVE", 20, "RESOLVE", 4, "EXPAND", 2, "DELIVER", 40, "REDIRECT", 1)
	return x
}

func (x *exchange) normal(dst []byte, t time.Time, in *incident) []byte {
	if line, ok := x.headerLine(dst, t); ok {
		return line
	}
	r := x.r
	dir := x.dirs.pick(r)
	ev := x.events[dir].ids[x.events[dir].pick.pick(r)]
	if in != nil && in.kind == outage && dir == dirOutbound && ev == "SEND" && r.chance(in.failShare) {
		ev = "DEFER" // the Internet send connector cannot reach anyone
		if r.chance(0.3) {
			ev = "FAIL"
		}
	}
	oi := x.pickOut.pick(r)
	switch dir {
	case dirInbound:
		return x.line(dst, t, ev, x.outside[oi], x.mtas[oi], x.users, 1+x.extraRecipients(), dirInbound)
	case dirOutbound:
		return x.line(dst, t, ev, x.users[x.pickUser.pick(r)], "", x.outside[oi:oi+1], 1, dirOutbound)
	}
	return x.line(dst, t, ev, x.users[x.pickUser.pick(r)], "", x.users, 1+x.extraRecipients(), dirInternal)
}

// incident writes the incident's own mail: a spam wave from one sender to
// many mailboxes (a flood), a directory harvest of guessed addresses (a
// scan), or the retries of mail the outage keeps from going out.
func (x *exchange) incident(dst []byte, t time.Time, in *incident) []byte {
	if line, ok := x.headerLine(dst, t); ok {
		return line
	}
	r := x.r
	switch in.kind {
	case flood:
		ev := "RECEIVE"
		switch y := r.intn(10); {
		case y < 3:
			ev = "FAIL"
		case y < 5:
			ev = "AGENTINFO"
		}
		return x.line(dst, t, ev, in.actor.addr, in.actor.agent, x.users, 1+r.intn(4), dirInbound)
	case scan:
		return x.line(dst, t, "FAIL", in.actor.addr, in.actor.agent, nil, 1, dirInbound)
	}
	ev := "DEFER"
	if !r.chance(in.failShare) {
		ev = "SEND"
	}
	oi := x.pickOut.pick(r)
	return x.line(dst, t, ev, x.users[x.pickUser.pick(r)], "", x.outside[oi:oi+1], 1, dirOutbound)
}

// prepare picks the sender of a spam wave or harvest and its MTA.
func (x *exchange) prepare(in *incident, r *rng) {
	in.actor = client{
		addr:  spamSenders[r.intn(len(spamSenders))],
		agent: attackerAddr(r) + ",unknown",
	}
	in.failShare = r.between(0.3, 0.6)
}

var spamSenders = []string{"promo@bulk-deals.example", "security@micros0ft-support.example", "billing@paypa1.example", "hr@payroll-update.example"}

func (x *exchange) extraRecipients() int {
	if x.r.chance(0.8) {
		return 0
	}
	return 1 + x.r.intn(4)
}

// headerLine writes the next line of the header block when one is due: at
// the start and on each new UTC day. It reports whether it wrote one.
func (x *exchange) headerLine(dst []byte, t time.Time) ([]byte, bool) {
	if day := t.Unix() / 86400; day != x.day {
		x.day, x.header = day, 1
	}
	switch x.header {
	case 0:
		return dst, false
	case 1:
		dst = append(dst, "#Software: Microsoft Exchange Server\n"...)
	case 2:
		dst = append(dst, "#Version: "+exchVersion+"\n"...)
	case 3:
		dst = append(dst, "#Log-type: Message Tracking Log\n"...)
	case 4:
		dst = append(dst, "#Date: "...)
		dst = x.appendTime(dst, t)
		dst = append(dst, '\n')
	default:
		x.header = 0
		return append(dst, exchangeFields+"\n"...), true
	}
	x.header++
	return dst, true
}

// line writes one row of event ev for mail from sender (whose MTA, "ip,host",
// is mta for inbound mail) to n recipients drawn from pool (nil: guessed
// addresses that do not exist).
func (x *exchange) line(dst []byte, t time.Time, ev, sender, mta string, pool []string, n, dir int) []byte {
	r := x.r
	x.seq++
	server := exchServers[r.intn(len(exchServers))]
	dst = x.appendTime(dst, t)
	dst = append(dst, ',')
	// client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source
	switch {
	case ev == "RECEIVE" && dir == dirInbound:
		if mta == "" {
			mta = "203.0.113.25,mx.unknown.example"
		}
		dst = append(dst, mta...)
		dst = append(dst, ',')
		dst = append(dst, server.ip...)
		dst = append(dst, ',')
		dst = append(dst, server.name...)
		dst = append(dst, ',')
		dst = x.appendHex(dst, 16)
		dst = append(dst, ';')
		dst = x.appendTime(dst, t.Add(-150*time.Millisecond))
		dst = append(dst, ";0,"...)
		dst = append(dst, server.name...)
		dst = append(dst, `\Default Frontend `...)
		dst = append(dst, server.name...)
		dst = append(dst, ",SMTP,"...)
	case ev == "SEND" || ev == "DEFER" && dir == dirOutbound:
		dst = append(dst, server.ip...)
		dst = append(dst, ',')
		dst = append(dst, server.name...)
		dst = append(dst, ",198.51.100."...)
		dst = strconv.AppendInt(dst, int64(1+r.intn(254)), 10)
		dst = append(dst, ",mx.remote.example,"...)
		if ev == "SEND" {
			dst = append(dst, ";250 2.0.0 OK;ClientSubmitTime:"...)
		} else {
			dst = append(dst, ";451 4.4.0 Primary target IP address responded with: 421 4.4.2 Connection dropped due to SocketError;ClientSubmitTime:"...)
		}
		dst = append(dst, ",Internet Send Connector,SMTP,"...)
	case ev == "SUBMIT" || ev == "NOTIFYMAPI" || ev == "RECEIVE":
		dst = append(dst, ",,"...)
		dst = append(dst, server.ip...)
		dst = append(dst, ',')
		dst = append(dst, server.name...)
		dst = append(dst, `,"MDB:`...)
		dst = x.appendGUID(dst)
		dst = append(dst, ", Mailbox:"...)
		dst = x.appendGUID(dst)
		dst = append(dst, ", Event:"...)
		dst = strconv.AppendInt(dst, int64(60000000+r.intn(9000000)), 10)
		dst = append(dst, `, MessageClass:IPM.Note, ClientType:MOMT",,STOREDRIVER,`...)
	case ev == "DELIVER":
		dst = append(dst, ",,"...)
		dst = append(dst, server.ip...)
		dst = append(dst, ',')
		dst = append(dst, server.name...)
		dst = append(dst, ",MDB:"...)
		dst = x.appendGUID(dst)
		dst = append(dst, ",,STOREDRIVER,"...)
	case ev == "AGENTINFO":
		dst = append(dst, ",,,"...)
		dst = append(dst, server.name...)
		dst = append(dst, ",Transport Rule Agent,,AGENT,"...)
	case ev == "DSN":
		dst = append(dst, ",,,"...)
		dst = append(dst, server.name...)
		dst = append(dst, ",,,DSN,"...)
	default: // HAREDIRECT, RESOLVE, EXPAND, REDIRECT, FAIL, DROP, DEFER in
		dst = append(dst, ",,,"...)
		dst = append(dst, server.name...)
		dst = append(dst, ",,,ROUTING,"...)
	}
	dst = append(dst, ev...)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, x.seq, 10)
	dst = append(dst, ",<"...)
	dst = x.appendHex(dst, 20)
	dst = append(dst, '@')
	if dir == dirInbound {
		dst = append(dst, sender[strings.IndexByte(sender, '@')+1:]...)
	} else {
		dst = append(dst, server.name...)
		dst = append(dst, ".example.local"...)
	}
	dst = append(dst, ">,"...)
	dst = x.appendGUID(dst)
	dst = append(dst, ',')
	// recipient-address, recipient-status
	for i := range n {
		if i > 0 {
			dst = append(dst, ';')
		}
		if pool == nil {
			dst = append(dst, firstNames[r.intn(len(firstNames))]...)
			dst = strconv.AppendInt(dst, int64(r.intn(1000)), 10)
			dst = append(dst, "@"+exchDomain...)
		} else if len(pool) == len(x.users) {
			dst = append(dst, x.users[x.pickUser.pick(r)]...) // busy mailboxes get most mail
		} else {
			dst = append(dst, pool[r.intn(len(pool))]...)
		}
	}
	switch ev {
	case "FAIL":
		dst = append(dst, ",550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup,"...)
	case "DEFER":
		dst = append(dst, ",451 4.4.0 DNS query failed,"...)
	case "SEND":
		dst = append(dst, ",250 2.1.5 Recipient OK,"...)
	default:
		dst = append(dst, ",,"...)
	}
	// total-bytes,recipient-count,related-recipient-address,reference,message-subject
	dst = strconv.AppendInt(dst, x.size.draw(r), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(n), 10)
	dst = append(dst, ",,,"...)
	subject := csvSubjects[r.intn(len(csvSubjects))]
	if pool == nil || slices.Contains(spamSenders, sender) {
		subject = csvSpamSubjects[r.intn(len(csvSpamSubjects))]
	}
	dst = append(dst, subject...)
	dst = append(dst, ',')
	// sender-address,return-path,message-info,directionality
	if ev == "DSN" {
		dst = append(dst, "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@"+exchDomain+",<>,"...)
	} else {
		dst = append(dst, sender...)
		dst = append(dst, ',')
		dst = append(dst, sender...)
		dst = append(dst, ',')
	}
	if ev == "DELIVER" || ev == "SUBMIT" {
		dst = x.appendTime(dst, t.Add(-120*time.Millisecond))
		dst = append(dst, ";SRV="...)
		dst = append(dst, server.name...)
		dst = append(dst, ".example.local:TOTAL-SUB=0.128|SA=0.101|MTSS=0.024"...)
	}
	if dir == dirInbound {
		dst = append(dst, ",Incoming,,"...)
	} else {
		dst = append(dst, ",Originating,,"...)
	}
	// original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version
	dst = append(dst, ",,"+exchForest+",Email,"...)
	dst = x.appendGUID(dst)
	return append(dst, ","+exchVersion+"\n"...)
}

// exchServer is one mailbox server of the DAG.
type exchServer struct{ ip, name string }

var exchServers = []exchServer{{"10.0.4.11", "EXCH01"}, {"10.0.4.12", "EXCH02"}}

// appendTime writes t in UTC with milliseconds and a Z.
func (x *exchange) appendTime(dst []byte, t time.Time) []byte {
	dst = x.stamp.append(dst, t)
	ms := t.Nanosecond() / 1e6
	return append(dst, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

const exchHex = "0123456789abcdef"

// appendHex writes n random hex digits (n <= 32).
func (x *exchange) appendHex(dst []byte, n int) []byte {
	var b [32]byte
	randomHex(&b, x.r)
	return append(dst, b[:n]...)
}

// randomHex fills b with 32 random hex digits, 4 bits of a draw each.
func randomHex(b *[32]byte, r *rng) {
	a, c := r.u64(), r.u64()
	for i := range 16 {
		b[i] = exchHex[a&15]
		b[16+i] = exchHex[c&15]
		a >>= 4
		c >>= 4
	}
}

// appendGUID writes a random GUID.
func (x *exchange) appendGUID(dst []byte) []byte {
	var b [32]byte
	randomHex(&b, x.r)
	dst = append(dst, b[:8]...)
	dst = append(dst, '-')
	dst = append(dst, b[8:12]...)
	dst = append(dst, '-')
	dst = append(dst, b[12:16]...)
	dst = append(dst, '-')
	dst = append(dst, b[16:20]...)
	dst = append(dst, '-')
	return append(dst, b[20:]...)
}

// csvField writes a field value as CSV: quoted when it holds a comma or a
// quote, with quotes doubled.
func csvField(v string) string {
	if !strings.ContainsAny(v, `,"`) {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
}

// The subjects as they are written in a row.
var csvSubjects, csvSpamSubjects = func() (a, b []string) {
	for _, s := range subjects {
		a = append(a, csvField(s))
	}
	for _, s := range spamSubjects {
		b = append(b, csvField(s))
	}
	return a, b
}()
