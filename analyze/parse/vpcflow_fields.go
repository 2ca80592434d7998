package parse

import (
	"bytes"
	"strings"
)

// The fields of VPC (and Transit Gateway) flow log records, versions 2 to
// 8, in the order AWS lists them: the default format is the first 14, and
// "all fields" in the console keeps this order.

// vpcKind is the shape of a field's values. Rows are checked against the
// shapes of their columns: a line of another format, even with the right
// number of words, does not pass.
type vpcKind uint8

const (
	vpcAny       vpcKind = iota
	vpcNumber            // version, ports, protocol, packets, bytes, start, end, flags
	vpcAddr              // an IPv4 or IPv6 address
	vpcAction            // ACCEPT, REJECT
	vpcStatus            // OK, NODATA, SKIPDATA
	vpcType              // IPv4, IPv6, EFA
	vpcPrefixed          // a resource id such as eni-..., vpc-..., i-...: see vpcPrefixes
	vpcDirection         // ingress, egress
)

// vpcFieldKinds maps every known field name to its shape.
var vpcFieldKinds = map[string]vpcKind{
	"version": vpcNumber, "account-id": vpcAny, "interface-id": vpcPrefixed,
	"srcaddr": vpcAddr, "dstaddr": vpcAddr, "srcport": vpcNumber, "dstport": vpcNumber,
	"protocol": vpcNumber, "packets": vpcNumber, "bytes": vpcNumber, "start": vpcNumber,
	"end": vpcNumber, "action": vpcAction, "log-status": vpcStatus,
	// v3
	"vpc-id": vpcPrefixed, "subnet-id": vpcPrefixed, "instance-id": vpcPrefixed,
	"tcp-flags": vpcNumber, "type": vpcType, "pkt-srcaddr": vpcAddr, "pkt-dstaddr": vpcAddr,
	// v4
	"region": vpcAny, "az-id": vpcAny, "sublocation-type": vpcAny, "sublocation-id": vpcAny,
	// v5
	"pkt-src-aws-service": vpcAny, "pkt-dst-aws-service": vpcAny, "flow-direction": vpcDirection,
	"traffic-path": vpcNumber,
	// v6: transit gateways
	"resource-type": vpcAny, "tgw-id": vpcPrefixed, "tgw-attachment-id": vpcPrefixed,
	"tgw-src-vpc-account-id": vpcAny, "tgw-dst-vpc-account-id": vpcAny,
	"tgw-src-vpc-id": vpcPrefixed, "tgw-dst-vpc-id": vpcPrefixed,
	"tgw-src-subnet-id": vpcPrefixed, "tgw-dst-subnet-id": vpcPrefixed,
	"tgw-src-eni": vpcPrefixed, "tgw-dst-eni": vpcPrefixed,
	"tgw-src-az-id": vpcAny, "tgw-dst-az-id": vpcAny, "tgw-pair-attachment-id": vpcPrefixed,
	"packets-lost-no-route": vpcNumber, "packets-lost-blackhole": vpcNumber,
	"packets-lost-mtu-exceeded": vpcNumber, "packets-lost-ttl-expired": vpcNumber,
	// v7: ECS
	"ecs-cluster-arn": vpcAny, "ecs-cluster-name": vpcAny, "ecs-container-instance-arn": vpcAny,
	"ecs-container-instance-id": vpcAny, "ecs-container-id": vpcAny, "ecs-second-container-id": vpcAny,
	"ecs-service-name": vpcAny, "ecs-task-definition-arn": vpcAny, "ecs-task-arn": vpcAny,
	"ecs-task-id": vpcAny,
	// v8
	"reject-reason": vpcAny,
}

// vpcPrefixes is the id prefix each prefixed field's values carry.
var vpcPrefixes = map[string]string{
	"interface-id": "eni-", "vpc-id": "vpc-", "subnet-id": "subnet-", "instance-id": "i-",
	"tgw-id": "tgw-", "tgw-attachment-id": "tgw-attach-", "tgw-pair-attachment-id": "tgw-attach-",
	"tgw-src-vpc-id": "vpc-", "tgw-dst-vpc-id": "vpc-", "tgw-src-subnet-id": "subnet-",
	"tgw-dst-subnet-id": "subnet-", "tgw-src-eni": "eni-", "tgw-dst-eni": "eni-",
}

const (
	vpcFieldsV2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"
	vpcFieldsV3 = vpcFieldsV2 + " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr"
	vpcFieldsV4 = vpcFieldsV3 + " region az-id sublocation-type sublocation-id"
	vpcFieldsV5 = vpcFieldsV4 + " pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"
	vpcFieldsV7 = vpcFieldsV5 + " ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id" +
		" ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id"
	vpcFieldsV8 = vpcFieldsV7 + " reject-reason"
	// The default format of Transit Gateway flow logs.
	vpcFieldsTGW = "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id" +
		" tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id" +
		" tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr" +
		" srcport dstport protocol packets bytes start end log-status type packets-lost-no-route" +
		" packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region" +
		" flow-direction pkt-src-aws-service pkt-dst-aws-service"
	// The custom format of the AWS documentation's transit gateway
	// example, which Filebeat's tests also use without a header.
	vpcFieldsDocTGW = "version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol tcp-flags type pkt-srcaddr pkt-dstaddr action log-status"
)

// vpcLayouts are the formats tried, in this order, for records that come
// without a header line and without --fields: every "all fields up to
// version N" list and the transit gateway formats. A record is read with
// the one whose length it has and whose shapes it fits.
var vpcLayouts = func() []*vpcSchema {
	defs := []struct{ name, fields string }{
		{"v2", vpcFieldsV2},
		{"v3", vpcFieldsV3},
		{"v4", vpcFieldsV4},
		{"v5", vpcFieldsV5},
		{"v7", vpcFieldsV7},
		{"v8", vpcFieldsV8},
		{"tgw", vpcFieldsTGW},
		{"doc-tgw", vpcFieldsDocTGW},
	}
	out := make([]*vpcSchema, len(defs))
	for i, d := range defs {
		out[i] = newVPCSchema(strings.Fields(d.fields), d.name)
	}
	return out
}()

// vpcHeaderNames reads a header line: the field names separated by blanks,
// as S3 delivery writes them, or a format string ("${version}
// ${account-id} ..."). It returns nil unless every word is a field name
// (lower case letters, digits and dashes) with at least two known fields
// among them, one of them an address, the action or the log status. Lines
// that are not headers are turned down without allocating.
func vpcHeaderNames(line []byte) []string {
	key, known, words := false, 0, 0
	for w := range bytes.FieldsSeq(line) {
		w = vpcFormatWord(w)
		if len(w) == 0 || words == maxCells {
			return nil
		}
		for _, c := range w {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return nil
			}
		}
		words++
		if _, ok := vpcFieldKinds[string(w)]; ok {
			known++
		}
		switch string(w) {
		case "srcaddr", "dstaddr", "action", "log-status":
			key = true
		}
	}
	if !key || known < 2 {
		return nil
	}
	names := make([]string, 0, words)
	for w := range bytes.FieldsSeq(line) {
		names = append(names, string(vpcFormatWord(w)))
	}
	return names
}

// vpcFormatWord strips the ${...} of a format string's field.
func vpcFormatWord(w []byte) []byte {
	if len(w) >= 3 && w[0] == '$' && w[1] == '{' && w[len(w)-1] == '}' {
		return w[2 : len(w)-1]
	}
	return w
}
