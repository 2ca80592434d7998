package parse

import "testing"

// vpcBenchRows are default-format (v2) records: accepted and rejected TCP,
// UDP DNS, IPv6, ICMP and a NODATA record.
var vpcBenchRows = [][]byte{
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1714557900 1714557960 ACCEPT OK"),
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 185.220.101.47 172.31.9.12 49761 3389 6 3 180 1714557900 1714557960 REJECT OK"),
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 172.31.16.139 172.31.0.2 53211 53 17 2 146 1714557900 1714557960 ACCEPT OK"),
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 443 6 54 88551 1714557900 1714557960 ACCEPT OK"),
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 203.0.113.12 172.31.16.139 0 0 1 4 336 1714557900 1714557960 ACCEPT OK"),
	[]byte("2 123456789010 eni-0a1b2c3d4e5f67890 - - - - - - - 1714557900 1714557960 - NODATA"),
}

// BenchmarkVPCFlow measures one default-format record (ns/op is ns/line)
// under its header line; it must not allocate.
func BenchmarkVPCFlow(b *testing.B) {
	wBench(b, headerThen(b, "vpcflow", Options{}, vpcFieldsV2), vpcBenchRows)
}

// BenchmarkVPCFlowHeaderless: the same records recognised as the default
// format without a header.
func BenchmarkVPCFlowHeaderless(b *testing.B) {
	p, _ := New("vpcflow", Options{})
	wBench(b, p, vpcBenchRows)
}

// BenchmarkVPCFlowV5: records of all 29 fields up to version 5.
func BenchmarkVPCFlowV5(b *testing.B) {
	p, _ := New("vpcflow", Options{})
	wBench(b, p, [][]byte{
		[]byte("5 123456789012 eni-069f3b2a1cb7a490 89.160.20.156 10.200.0.80 50041 443 6 52 30211 1714557900 1714557960 ACCEPT OK vpc-09676f971a2bb8a7 subnet-02d6451f3aadbc0 i-0a1b2c3d4e5f1ad77 2 IPv4 89.160.20.156 10.200.0.80 us-east-1 use1-az5 - - AMAZON - ingress 1"),
		[]byte("5 123456789012 eni-069f3b2a1cb7a490 10.200.0.80 52.95.128.179 34210 443 6 7 471 1714557900 1714557960 ACCEPT OK vpc-09676f971a2bb8a7 subnet-02d6451f3aadbc0 i-0a1b2c3d4e5f1ad77 3 IPv4 10.200.0.80 52.95.128.179 us-east-1 use1-az5 - - - S3 egress 8"),
	})
}

func TestVPCFlowDoesNotAllocate(t *testing.T) {
	checkNoAllocs(t, headerThen(t, "vpcflow", Options{}, vpcFieldsV2), vpcBenchRows)
	h, _ := New("vpcflow", Options{})
	checkNoAllocs(t, h, vpcBenchRows)
	// Records of a custom format whose first field is a lower-case id
	// are looked at as possible headers first: that must be free too.
	nat := headerThen(t, "vpcflow", Options{}, "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr")
	checkNoAllocs(t, nat, [][]byte{[]byte("i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5")})
}
