package synth

import (
	"strconv"
	"time"
)

// vpcflow makes VPC Flow Log records (default v2 format, with the header
// line S3 delivery starts its files with) for the network behind the shop:
// Internet clients reach the load balancer's interfaces on 443, the load
// balancer reaches the web servers on 8080, the web servers the database
// on 5432 and AWS endpoints on 443, everything asks the VPC resolver on
// UDP 53, and the security groups reject the Internet's background noise
// of SSH, RDP, SMB and Telnet probes. Records close at the line's time
// after an aggregation window of up to a minute; NODATA and SKIPDATA
// records come now and then.
type vpcflow struct {
	r       *rng
	clients []string // Internet clients, Zipf-weighted
	pick    alias
	noise   []string // the background scanners of the Internet
	kinds   alias    // which kind of flow the next record is
	flowLen *logNormal
	pkts    *logNormal
	header  bool // the header line is written
}

// vpcAccount is the account of every record.
const vpcAccount = "123456789012"

// vpcHost is one interface of the VPC: its ENI and addresses.
type vpcHost struct{ eni, addr, addr6 string }

var (
	// The load balancer is dual-stack: IPv6 clients reach its IPv6 side.
	vpcALB = []vpcHost{{"eni-0a1b2c3d4e5f60718", "10.0.0.37", "2600:1f18:4a3:6e00:9c1:3b2e:8f0:25"}, {"eni-0b2c3d4e5f6071829", "10.0.16.112", "2600:1f18:4a3:6e01:47d:aa10:3c6:7"}}
	vpcWeb = []vpcHost{{"eni-0c3d4e5f607182930", "10.0.1.12", ""}, {"eni-0d4e5f60718293a41", "10.0.1.13", ""}, {"eni-0e5f60718293a4b52", "10.0.1.14", ""}}
	vpcDB  = vpcHost{"eni-0f60718293a4b5c63", "10.0.3.20", ""}
	// AWS endpoints the servers talk to (S3, STS, CloudWatch).
	vpcAWS = []string{"52.218.48.90", "52.94.133.131", "54.239.31.74", "52.95.150.28"}
)

// Flow kinds, in the order of vpcFlowWeights.
const (
	flowInbound  = iota // an Internet client to the load balancer, and its answer
	flowBackend         // load balancer to a web server
	flowDatabase        // web server to the database
	flowDNS             // anything to the VPC resolver
	flowAWS             // web servers to AWS endpoints
	flowNoise           // background probes, rejected
	flowICMP            // pings and path MTU discovery
	flowNoData          // NODATA / SKIPDATA records
)

var vpcFlowWeights = []float64{40, 20, 11, 9, 7, 10, 2, 1}

func init() {
	formats["vpcflow"] = func(seed int64, loc *time.Location) maker { return newVPCFlow(seed) }
}

func newVPCFlow(seed int64) *vpcflow {
	pool := newRNG(seed, 10)
	v := &vpcflow{
		r:       newRNG(seed, 11),
		kinds:   newAlias(vpcFlowWeights),
		flowLen: newLogNormal(9000, 1.6, 60, 50_000_000),
		pkts:    newLogNormal(12, 1.0, 1, 40_000),
	}
	v.clients = make([]string, 3000)
	for i := range v.clients {
		if pool.chance(0.1) {
			v.clients[i] = randomIPv6(pool)
		} else {
			v.clients[i] = randomIPv4(pool)
		}
	}
	v.pick = newAlias(zipfWeights(len(v.clients), 1.0))
	for range 60 {
		v.noise = append(v.noise, attackerAddr(pool))
	}
	return v
}

func (v *vpcflow) normal(dst []byte, t time.Time, in *incident) []byte {
	if !v.header {
		v.header = true
		return append(dst, "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"...)
	}
	r := v.r
	switch v.kinds.pick(r) {
	case flowInbound:
		lb := &vpcALB[r.intn(len(vpcALB))]
		client, local := v.clients[v.pick.pick(r)], lb.addr
		if hasColon(client) {
			local = lb.addr6
		}
		// Requests and answers are separate records.
		if r.chance(0.5) {
			return v.record(dst, t, lb.eni, client, local, v.ephemeral(), 443, 6, "ACCEPT")
		}
		return v.record(dst, t, lb.eni, local, client, 443, v.ephemeral(), 6, "ACCEPT")
	case flowBackend:
		web := &vpcWeb[r.intn(len(vpcWeb))]
		lb := &vpcALB[r.intn(len(vpcALB))]
		status := "ACCEPT"
		if in != nil && in.kind == outage && r.chance(in.failShare) {
			status = "REJECT" // a security group change cut the web tier off
		}
		return v.record(dst, t, web.eni, lb.addr, web.addr, v.ephemeral(), 8080, 6, status)
	case flowDatabase:
		web := &vpcWeb[r.intn(len(vpcWeb))]
		return v.record(dst, t, vpcDB.eni, web.addr, vpcDB.addr, v.ephemeral(), 5432, 6, "ACCEPT")
	case flowDNS:
		h := v.anyHost()
		return v.record(dst, t, h.eni, h.addr, "10.0.0.2", v.ephemeral(), 53, 17, "ACCEPT")
	case flowAWS:
		web := &vpcWeb[r.intn(len(vpcWeb))]
		return v.record(dst, t, web.eni, web.addr, vpcAWS[r.intn(len(vpcAWS))], v.ephemeral(), 443, 6, "ACCEPT")
	case flowNoise:
		h := v.anyHost()
		return v.record(dst, t, h.eni, v.noise[r.intn(len(v.noise))], h.addr, v.ephemeral(), vpcNoisePorts[r.intn(len(vpcNoisePorts))], 6, "REJECT")
	case flowICMP:
		lb := &vpcALB[r.intn(len(vpcALB))]
		client := v.clients[v.pick.pick(r)]
		if hasColon(client) {
			return v.record(dst, t, lb.eni, client, lb.addr6, 0, 0, 58, "ACCEPT")
		}
		return v.record(dst, t, lb.eni, client, lb.addr, 0, 0, 1, "ACCEPT")
	}
	h := v.anyHost()
	dst = append(dst, "2 "+vpcAccount+" "...)
	dst = append(dst, h.eni...)
	dst = append(dst, " - - - - - - - "...)
	dst = v.window(dst, t)
	if r.chance(0.8) {
		return append(dst, " - NODATA\n"...)
	}
	return append(dst, " - SKIPDATA\n"...)
}

// incident writes the incident's own records: a flood is one address
// hammering SSH on every interface, a scan one address walking the ports
// of one host, an outage the web tier's retries against a closed port.
func (v *vpcflow) incident(dst []byte, t time.Time, in *incident) []byte {
	if !v.header {
		return v.normal(dst, t, in)
	}
	r := v.r
	switch in.kind {
	case flood:
		h := v.anyHost()
		return v.record(dst, t, h.eni, in.actor.addr, h.addr, v.ephemeral(), 22, 6, "REJECT")
	case scan:
		web := &vpcWeb[0]
		return v.record(dst, t, web.eni, in.actor.addr, web.addr, v.ephemeral(), 1+r.intn(10000), 6, "REJECT")
	}
	web := &vpcWeb[r.intn(len(vpcWeb))]
	lb := &vpcALB[r.intn(len(vpcALB))]
	return v.record(dst, t, web.eni, lb.addr, web.addr, v.ephemeral(), 8080, 6, "REJECT")
}

func (v *vpcflow) prepare(in *incident, r *rng) {
	in.actor = client{addr: attackerAddr(r)}
	in.failShare = r.between(0.3, 0.6)
}

// vpcNoisePorts are what the Internet's scanners knock on.
var vpcNoisePorts = []int{22, 22, 22, 3389, 3389, 445, 23, 1433, 5900, 6379, 9200, 2375}

func (v *vpcflow) anyHost() *vpcHost {
	switch x := v.r.intn(6); {
	case x < 2:
		return &vpcALB[x]
	case x < 5:
		return &vpcWeb[x-2]
	}
	return &vpcDB
}

func (v *vpcflow) ephemeral() int { return 32768 + v.r.intn(28232) }

// record writes one v2 record of a flow.
func (v *vpcflow) record(dst []byte, t time.Time, eni, src, dstAddr string, sport, dport, proto int, action string) []byte {
	r := v.r
	dst = append(dst, "2 "+vpcAccount+" "...)
	dst = append(dst, eni...)
	dst = append(dst, ' ')
	dst = append(dst, src...)
	dst = append(dst, ' ')
	dst = append(dst, dstAddr...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(sport), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(dport), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(proto), 10)
	dst = append(dst, ' ')
	var pkts, size int64
	switch {
	case action == "REJECT":
		pkts = int64(1 + r.intn(3))
		size = pkts * int64(40+r.intn(24))
	case proto == 17:
		pkts = int64(1 + r.intn(2))
		size = pkts * int64(60+r.intn(120))
	case proto == 1 || proto == 58:
		pkts = int64(1 + r.intn(4))
		size = pkts * 84
	default:
		pkts = v.pkts.draw(r)
		size = max(v.flowLen.draw(r), pkts*40)
	}
	dst = strconv.AppendInt(dst, pkts, 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, size, 10)
	dst = append(dst, ' ')
	dst = v.window(dst, t)
	dst = append(dst, ' ')
	dst = append(dst, action...)
	return append(dst, " OK\n"...)
}

// window writes "start end": the record closes at t, after a capture
// window of up to a minute.
func (v *vpcflow) window(dst []byte, t time.Time) []byte {
	end := t.Unix()
	dst = strconv.AppendInt(dst, end-int64(1+v.r.intn(60)), 10)
	dst = append(dst, ' ')
	return strconv.AppendInt(dst, end, 10)
}

func hasColon(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return true
		}
	}
	return false
}
