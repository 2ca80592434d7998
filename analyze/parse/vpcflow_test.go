package parse

import (
	"strings"
	"testing"
)

func TestVPCFlowLines(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		lines []string // the last is checked
		want  *wEvent
	}{
		{
			name:  "default accept",
			lines: []string{"2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"},
			want:  &wEvent{time: "2014-12-14T04:07:50Z", actor: "172.31.16.139", target: "172.31.16.21:22/tcp", status: "ACCEPT", bytes: 4249},
		},
		{
			name:  "default reject",
			lines: []string{"2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK"},
			want:  &wEvent{time: "2014-12-14T04:07:50Z", actor: "172.31.9.69", target: "172.31.9.12:3389/tcp", status: "REJECT", bytes: 4249, failure: true},
		},
		{
			name:  "nodata",
			lines: []string{"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"},
			want:  &wEvent{time: "2015-05-10T18:02:14Z", actor: "<nil>", target: "<nil>", status: "NODATA"},
		},
		{
			name:  "icmp has no port",
			lines: []string{"2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK"},
			want:  &wEvent{time: "2015-05-29T16:32:22Z", actor: "203.0.113.12", target: "172.31.16.139/icmp", status: "ACCEPT", bytes: 336},
		},
		{
			name:  "ipv6 and udp",
			lines: []string{"2 123456789010 eni-1 2001:db8::1 2001:db8::2 5353 53 17 1 60 1477913708 1477913820 ACCEPT OK"},
			want:  &wEvent{time: "2016-10-31T11:37:00Z", actor: "2001:db8::1", target: "[2001:db8::2]:53/udp", status: "ACCEPT", bytes: 60},
		},
		{
			name:  "unnamed protocol",
			lines: []string{"2 123456789010 eni-1 10.0.0.1 10.0.0.2 0 0 253 1 60 1477913708 1477913820 ACCEPT OK"},
			want:  &wEvent{time: "2016-10-31T11:37:00Z", actor: "10.0.0.1", target: "10.0.0.2:0/253", status: "ACCEPT", bytes: 60},
		},
		{
			name:  "custom order from a header, doubled space",
			lines: []string{"version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status", "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638  10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK"},
			want:  &wEvent{time: "2019-08-27T19:13:13Z", actor: "10.0.0.62", target: "52.213.180.42:43638/tcp", status: "ACCEPT", bytes: 967},
		},
		{
			name:  "format string as header",
			lines: []string{"${version} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${action} ${log-status}", "5 10.0.0.1 10.0.0.2 443 6 REJECT OK"},
			want:  &wEvent{actor: "10.0.0.1", target: "10.0.0.2:443/tcp", status: "REJECT", failure: true},
		},
		{
			name:  "nat gateway: the packet source differs",
			lines: []string{"instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr", "- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5"},
			want:  &wEvent{actor: "10.0.0.220", target: "10.0.1.5", status: "<nil>", sourceIP: "203.0.113.5"},
		},
		{
			name:  "trailing comment",
			lines: []string{"instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr", "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5 #Traffic from the instance"},
			want:  &wEvent{actor: "10.0.1.5", target: "203.0.113.5", status: "<nil>"},
		},
		{
			name:  "--fields",
			opts:  Options{VPCFields: []string{"srcaddr", "dstaddr", "dstport", "protocol", "bytes", "action"}},
			lines: []string{"10.0.0.1 10.0.0.2 22 6 512 REJECT"},
			want:  &wEvent{actor: "10.0.0.1", target: "10.0.0.2:22/tcp", status: "REJECT", bytes: 512, failure: true},
		},
		{
			name:  "v5 without a header",
			lines: []string{"5 64111117617 eni-069xxxxxb7a490 89.160.20.156 10.200.0.0 50041 33004 17 52 1 164000066 1640000297 REJECT OK vpc-09676f97xxxxxb8a7 subnet-02d645xxxxxxxdbc0 i-0axxxxxx1ad77 1 IPv4 89.160.20.156 10.200.0.80 us-east-1 use1-az5 - - AMAZON CLOUDFRONT ingress 1"},
			want:  &wEvent{time: "2021-12-20T11:38:17Z", actor: "89.160.20.156", target: "10.200.0.0:33004/udp", status: "REJECT", bytes: 1, failure: true},
		},
		{name: "not a flow log", lines: []string{"Phony unsupported log format."}},
		{name: "the right count, the wrong shapes", lines: []string{"2 a b c d e f g h i j k l m"}},
		{name: "wrong action", lines: []string{"2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ALLOW OK"}},
		{name: "version missing", lines: []string{"- 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK"}},
		{name: "doc ellipsis", lines: []string{vpcFieldsV2, "..."}},
		{name: "too many fields", lines: []string{vpcFieldsV2, "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK extra"}},
		{name: "too few fields", lines: []string{vpcFieldsV2, "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT"}},
		{name: "a W3C row", lines: []string{"2018-01-01 08:09:10 127.0.0.1 GET / - 80 - 1.1.1.1 - - 200 0 0 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, evs := wRun(t, "vpcflow", tt.opts, tt.lines)
			last := len(tt.lines) - 1
			for i := 0; i < last; i++ {
				if rs[i] != Meta {
					t.Fatalf("header line %d: %v", i+1, rs[i])
				}
			}
			if tt.want == nil {
				if rs[last] != Unparsed {
					t.Fatalf("%v, want unparsed", rs[last])
				}
				return
			}
			if rs[last] != Parsed {
				t.Fatalf("%v, want parsed", rs[last])
			}
			wCheck(t, tt.name, evs[last], *tt.want)
		})
	}
}

func TestVPCFlowHeaderLines(t *testing.T) {
	for _, h := range []string{vpcFieldsV2, vpcFieldsV5, vpcFieldsTGW, "srcaddr dstaddr", "${srcaddr} ${dstaddr} ${action}", "srcaddr new-field-2030 action"} {
		if vpcHeaderNames([]byte(h)) == nil {
			t.Errorf("%q not taken as a header", h)
		}
	}
	for _, h := range []string{"", "version account-id", "srcaddr", "hello srcaddr world!", "Srcaddr Dstaddr", "srcaddr dstaddr ACCEPT", "2 123 eni-1"} {
		if vpcHeaderNames([]byte(h)) != nil {
			t.Errorf("%q taken as a header", h)
		}
	}
	// A blank line is the format's once records have come.
	rs, _ := wRun(t, "vpcflow", Options{}, []string{"", vpcFieldsV2, ""})
	if rs[0] != Unparsed || rs[2] != Meta {
		t.Errorf("blank lines: %v", rs)
	}
}

func TestVPCFlowOptions(t *testing.T) {
	if _, err := New("vpcflow", Options{VPCFields: []string{"srcaddr", ""}}); err == nil {
		t.Error("empty field name accepted")
	}
	if _, err := New("vpcflow", Options{VPCFields: make([]string, maxCells+1)}); err == nil {
		t.Error("too many fields accepted")
	}
	// A header line in the file wins over --fields.
	rs, evs := wRun(t, "vpcflow", Options{VPCFields: []string{"dstaddr", "srcaddr"}}, []string{"srcaddr dstaddr", "10.0.0.1 10.0.0.2"})
	if rs[1] != Parsed || wStr(evs[1].Actor) != "10.0.0.1" {
		t.Errorf("header after --fields: %v %v", rs, evs[1])
	}
}

func TestVPCFlowFields(t *testing.T) {
	p, _ := New("vpcflow", Options{})
	lines := []string{"instance-id srcaddr dstaddr", "- 10.0.0.1 10.0.0.2 #a comment  here"}
	var got []string
	for _, l := range lines {
		p.Parse([]byte(l), func(ev *Event) {
			p.Fields(ev, func(name string, v []byte) { got = append(got, name+"="+wStr(v)) })
		})
	}
	if want := "instance-id=<nil> srcaddr=10.0.0.1 dstaddr=10.0.0.2 comment=#a comment  here"; strings.Join(got, " ") != want {
		t.Errorf("fields: %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestVPCFlowRegistered(t *testing.T) {
	f, ok := Lookup("vpcflow")
	if !ok || !f.Detectable || f.Labels != (Labels{Actor: "sources", Target: "destinations", Status: "actions"}) {
		t.Fatalf("vpcflow: %+v", f)
	}
}
