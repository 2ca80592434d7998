package parse

// Built-in Exchange field lists, for rows that reach tailtop without their
// header: a file picked up mid-way, or rows shipped one by one by an agent
// that dropped the '#' lines. A list is only taken for a row whose field
// count matches and whose telltale columns look the part (exchangeFits).
// These are the lists Exchange itself writes; new builds add columns at the
// end and announce them in the header.

// exchTrackingFields15 is message tracking in Exchange 2013 to 2019.
const exchTrackingFields15 = "" +
	"date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id," +
	"source,event-id,internal-message-id,message-id,network-message-id,recipient-address," +
	"recipient-status,total-bytes,recipient-count,related-recipient-address,reference," +
	"message-subject,sender-address,return-path,message-info,directionality,tenant-id," +
	"original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id," +
	"schema-version"

// exchTrackingFields14 is message tracking in Exchange 2010.
const exchTrackingFields14 = "" +
	"date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id," +
	"source,event-id,internal-message-id,message-id,recipient-address,recipient-status," +
	"total-bytes,recipient-count,related-recipient-address,reference,message-subject," +
	"sender-address,return-path,message-info,directionality,tenant-id,original-client-ip," +
	"original-server-ip,custom-data"

// exchHTTPProxyFields is the HttpProxy log of Exchange 2016 and 2019, the
// same for every protocol (Owa, Ews, Mapi, Eas, Autodiscover, ...).
const exchHTTPProxyFields = "" +
	"DateTime,RequestId,MajorVersion,MinorVersion,BuildVersion,RevisionVersion,ClientRequestId," +
	"Protocol,UrlHost,UrlStem,ProtocolAction,AuthenticationType,IsAuthenticated," +
	"AuthenticatedUser,Organization,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName," +
	"HttpStatus,BackEndStatus,ErrorCode,Method,ProxyAction,TargetServer,TargetServerVersion," +
	"RoutingType,RoutingHint,BackEndCookie,ServerLocatorHost,ServerLocatorLatency,RequestBytes," +
	"ResponseBytes,TargetOutstandingRequests,AuthModulePerfContext,HttpPipelineLatency," +
	"CalculateTargetBackEndLatency,GlsLatencyBreakup,TotalGlsLatency," +
	"AccountForestLatencyBreakup,TotalAccountForestLatency,ResourceForestLatencyBreakup," +
	"TotalResourceForestLatency,ADLatency,SharedCacheLatencyBreakup,TotalSharedCacheLatency," +
	"ActivityContextLifeTime,ModuleToHandlerSwitchingLatency,ClientReqStreamLatency," +
	"BackendReqInitLatency,BackendReqStreamLatency,BackendProcessingLatency," +
	"BackendRespInitLatency,BackendRespStreamLatency,ClientRespStreamLatency," +
	"KerberosAuthHeaderLatency,HandlerCompletionLatency,RequestHandlerLatency," +
	"HandlerToModuleSwitchingLatency,ProxyTime,CoreLatency,RoutingLatency,HttpProxyOverhead," +
	"TotalRequestTime,RouteRefresherLatency,UrlQuery,BackEndGenericInfo,GenericInfo," +
	"GenericErrors,EdgeTraceId,DatabaseGuid,UserADObjectGuid,PartitionEndpointLookupLatency," +
	"RoutingStatus"

// exchSMTPFields is the SMTP receive and send protocol log.
const exchSMTPFields = "date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context"

// exchLayout is a built-in list and the parser (tracking or protocol)
// that owns it.
type exchLayout struct {
	schema   *exchSchema
	tracking bool
}

var exchLayouts = []exchLayout{
	{newExchSchema(splitExchFields([]byte(exchTrackingFields15)), "Message Tracking Log", "msgtrk-15"), true},
	{newExchSchema(splitExchFields([]byte(exchTrackingFields14)), "Message Tracking Log", "msgtrk-14"), true},
	{newExchSchema(splitExchFields([]byte(exchHTTPProxyFields)), "HttpProxy Logs", "httpproxy"), false},
	{newExchSchema(splitExchFields([]byte(exchSMTPFields)), "SMTP Protocol Log", "smtp"), false},
}

// matchLayout returns the built-in list that a headerless row of n fields
// fits, or nil. The list that fitted the previous row is tried first.
func (p *exchangeParser) matchLayout(line []byte, n int) *exchSchema {
	if g := p.guess; g != nil && len(g.names) == n && exchangeFits(g, line, p.cells[:n]) {
		return g
	}
	for _, l := range exchLayouts {
		if l.tracking == p.tracking && len(l.schema.names) == n && l.schema != p.guess && exchangeFits(l.schema, line, p.cells[:n]) {
			p.guess = l.schema
			return l.schema
		}
	}
	return nil
}

// exchangeFits checks the columns of a row that give a list away: the
// timestamp always, then the event id of message tracking, the version
// numbers of HttpProxy, the direction and sequence of SMTP.
func exchangeFits(s *exchSchema, line []byte, cells []fieldSpan) bool {
	var days dayCache
	if _, ok := isoDateTime(&days, cells[0].of(line)); !ok {
		return false
	}
	switch s.kind {
	case exchTracking:
		ev := cells[s.status].of(line)
		if len(ev) == 0 || len(ev) > 32 {
			return false
		}
		for _, c := range ev {
			if c < 'A' || c > 'Z' {
				return false
			}
		}
		return true
	case exchHTTPProxy:
		for i := 2; i <= 5; i++ { // MajorVersion..RevisionVersion
			if !allDigits(cells[i].of(line)) {
				return false
			}
		}
		st := cells[s.code].of(line)
		return len(st) == 0 || allDigits(st)
	case exchSMTP:
		e := cells[s.status].of(line)
		return len(e) == 1 && smtpEventName[e[0]] != nil && allDigits(cells[3].of(line))
	}
	return false
}
