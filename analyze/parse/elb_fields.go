package parse

import "strconv"

// The field names of each kind of load balancer log, as AWS documents
// them, in order.
var (
	albFieldNames = []string{"type", "time", "elb", "client:port", "target:port",
		"request_processing_time", "target_processing_time", "response_processing_time",
		"elb_status_code", "target_status_code", "received_bytes", "sent_bytes", "request",
		"user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name",
		"chosen_cert_arn", "matched_rule_priority", "request_creation_time", "actions_executed",
		"redirect_url", "error_reason", "target:port_list", "target_status_code_list",
		"classification", "classification_reason", "conn_trace_id"}
	classicFieldNames = []string{"time", "elb", "client:port", "backend:port",
		"request_processing_time", "backend_processing_time", "response_processing_time",
		"elb_status_code", "backend_status_code", "received_bytes", "sent_bytes", "request",
		"user_agent", "ssl_cipher", "ssl_protocol"}
	nlbFieldNames = []string{"type", "version", "time", "elb", "listener", "client:port",
		"destination:port", "connection_time", "tls_handshake_time", "received_bytes",
		"sent_bytes", "incoming_tls_alert", "chosen_cert_arn", "chosen_cert_serial", "tls_cipher",
		"tls_protocol_version", "tls_named_group", "domain_name", "alpn_fe_protocol",
		"alpn_be_protocol", "alpn_client_preference_list", "tls_connection_creation_time"}
	connFieldNames = []string{"time", "client_ip", "client_port", "listener_port",
		"tls_protocol", "tls_cipher", "tls_handshake_latency", "leaf_client_cert_subject",
		"leaf_client_cert_validity", "leaf_client_cert_serial_number", "tls_verify_status",
		"conn_trace_id"}
)

// Fields implements Parser: the fields by their AWS names, "-" as nil,
// fields beyond the known ones as extra1, extra2...
func (p *elbParser) Fields(ev *Event, fn func(name string, value []byte)) {
	var l elbLine
	line := ev.Raw
	if !splitELB(line, &l) {
		return
	}
	var names []string
	switch elbKindOf(line, &l) {
	case elbALB:
		names = albFieldNames
	case elbClassic:
		names = classicFieldNames
	case elbNLB:
		names = nlbFieldNames
	case elbConn:
		names = connFieldNames
	default:
		return
	}
	extra := 0
	for i := 0; i < l.n; i++ {
		v := dashNil(l.f[i].of(line))
		if i < len(names) {
			fn(names[i], v)
			continue
		}
		extra++
		fn("extra"+strconv.Itoa(extra), v)
	}
}
