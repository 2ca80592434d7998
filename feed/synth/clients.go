package synth

import (
	"fmt"
	"net/netip"
	"sync"
)

// clientKind is what sits behind an address, which decides what it asks for.
type clientKind uint8

const (
	browser clientKind = iota
	crawler
	apiClient
	probe
	scanner
)

// client is one sender of requests. The fields read for every line come
// first, so that a line touches one or two cache lines of it.
type client struct {
	// The parts of a line that depend only on the client, rendered once:
	// "addr - user [", the same with user "-", `proto" ` and `" "agent"`.
	// Shared strings (agents, protocols) are interned: thousands of
	// clients point at a dozen copies that stay in cache.
	head, anonHead, protoTail, agentTail string
	kind                                 clientKind
	probe                                *target // the health URL a probe polls

	addr  string
	user  string // the authuser field: "-" or a name
	agent string // "" for a NAT gateway: many people, a new agent per request
	proto string
}

// render fills the pre-rendered parts of c's lines.
func (c *client) render() *client {
	c.head = c.addr + " - " + c.user + " ["
	c.anonHead = c.addr + " - - ["
	c.protoTail = interned(c.proto + "\" ")
	if c.agent != "" {
		c.agentTail = interned(quotedAgent(c.agent))
	}
	return c
}

func quotedAgent(agent string) string { return "\" \"" + agent + "\"\n" }

// internTable maps rendered strings to one shared copy. It is filled while
// generators are built, which may happen on several goroutines at once.
var internTable sync.Map

func interned(s string) string {
	v, _ := internTable.LoadOrStore(s, s)
	return v.(string)
}

// publicFirstOctets are first octets of ordinary public IPv4 space.
var publicFirstOctets = []int{5, 23, 24, 31, 37, 45, 46, 50, 62, 66, 68, 71, 73, 76, 77, 78, 81, 82, 84, 86, 88, 89, 91, 93, 94, 98, 99, 104, 107, 108, 109, 118, 121, 124, 134, 136, 141, 146, 151, 152, 158, 162, 170, 174, 176, 178, 180, 185, 188, 190, 193, 195, 197, 201, 203, 212, 213, 217}

// ipv6Prefixes are the first 32 bits of large IPv6 access networks.
var ipv6Prefixes = [][2]uint16{{0x2a02, 0x8109}, {0x2600, 0x1700}, {0x2a01, 0x0e0a}, {0x2001, 0x0db8}, {0x2603, 0x8000}, {0x2409, 0x8a28}, {0x2a00, 0x23c7}, {0x2804, 0x14c}}

var userNames = []string{"alice", "bob", "carol", "dmitri", "emma.w", "fkhan", "grace", "hiro", "svc-reports", "j.smith"}

func randomIPv4(r *rng) string {
	return fmt.Sprintf("%d.%d.%d.%d", publicFirstOctets[r.intn(len(publicFirstOctets))], r.intn(256), r.intn(256), 1+r.intn(254))
}

func randomIPv6(r *rng) string {
	p := ipv6Prefixes[r.intn(len(ipv6Prefixes))]
	var b [16]byte
	b[0], b[1], b[2], b[3] = byte(p[0]>>8), byte(p[0]), byte(p[1]>>8), byte(p[1])
	for i := 4; i < 16; i++ {
		b[i] = byte(r.u64())
	}
	if r.chance(0.3) {
		// Many hosts use short interface ids: 2a02:8109:...::1b.
		for i := 8; i < 15; i++ {
			b[i] = 0
		}
	}
	return netip.AddrFrom16(b).String()
}

// newClients makes n senders ordered by how much they send: the first few
// are the heavy hitters every site has (a corporate NAT gateway, the load
// balancer's health probes, Googlebot, an API integration), then a long tail
// of browsers with some crawlers, scripts, scanners, IPv6 and reverse-DNS
// names among them.
func newClients(r *rng, n int) []client {
	cs := make([]client, 0, n)
	cs = append(cs,
		client{addr: randomIPv4(r), user: "-", kind: browser, proto: "HTTP/1.1"},
		client{addr: "10.0.3.17", user: "-", agent: probeAgent, kind: probe, proto: "HTTP/1.1", probe: &target{path: "/healthz", kind: kindHealth}},
		client{addr: "66.249.66.1", user: "-", agent: googlebotAgent, kind: crawler, proto: "HTTP/1.1"},
		client{addr: randomIPv4(r), user: "svc-inventory", agent: toolAgents[0], kind: apiClient, proto: "HTTP/1.1"},
		client{addr: "10.0.1.5", user: "-", agent: elbAgent, kind: probe, proto: "HTTP/1.1", probe: &target{path: "/health", kind: kindHealth}},
		client{addr: randomIPv6(r), user: "-", agent: browserAgents[4], kind: browser, proto: "HTTP/2.0"},
		client{addr: "msnbot-40-77-167-12.search.msn.com", user: "-", agent: bingbotAgent, kind: crawler, proto: "HTTP/1.1"},
	)
	agentPick := newAlias(browserAgentWeights)
	for len(cs) < n {
		c := client{user: "-", proto: "HTTP/1.1", kind: browser}
		switch x := r.float(); {
		case x < 0.04:
			c.kind, c.agent = crawler, crawlerAgents[r.intn(len(crawlerAgents))]
		case x < 0.08:
			c.kind, c.agent = apiClient, toolAgents[r.intn(len(toolAgents))]
			if r.chance(0.5) {
				c.user = "svc-" + nouns[r.intn(len(nouns))]
			}
		case x < 0.10:
			c.kind, c.agent = scanner, scannerAgents[r.intn(len(scannerAgents))]
		default:
			c.agent = browserAgents[agentPick.pick(r)]
			if r.chance(0.65) {
				c.proto = "HTTP/2.0"
			}
			if r.chance(0.06) {
				c.user = userNames[r.intn(len(userNames))]
			}
		}
		switch x := r.float(); {
		case x < 0.12 && c.kind == browser:
			c.addr = randomIPv6(r)
		case x < 0.14:
			ip := randomIPv4(r)
			c.addr = fmt.Sprintf("host-%s.dyn.example.net", dashed(ip))
		default:
			c.addr = randomIPv4(r)
		}
		cs = append(cs, c)
	}
	for i := range cs {
		cs[i].render()
	}
	return cs
}

func dashed(ip string) string {
	b := []byte(ip)
	for i, c := range b {
		if c == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}
