package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The hostile corpus: log lines built to attack the terminal that shows
// them. Every payload that would have a visible effect if it reached the
// terminal raw carries the marker "PWNED" in the part the effect would use
// (the window title, the clipboard, a hyperlink), so a test can look for
// the effect in the terminal's own state. The corpus is generated here and
// also kept as files in testdata/hostile (fixed time, for reading and for
// manual runs: `tailtop --from-start testdata/hostile/*`); a test keeps
// the files equal to the generator (go test -run HostileCorpus -update-hostile).

var updateHostile = flag.Bool("update-hostile", false, "rewrite testdata/hostile from the generator")

// hostileMarker is what a payload's effect would show.
const hostileMarker = "PWNED"

// hostilePayload is one attack, named for the failure messages.
type hostilePayload struct{ name, text string }

// hostilePayloads hold no '\n' (a line break ends a log line before it can
// do harm) and no '"' (so they fit in the quoted fields of a combined line
// unescaped, the way a careless server writes them).
var hostilePayloads = []hostilePayload{
	{"csi cursor home and clear", "\x1b[H\x1b[2J\x1b[3JPWNED-cleared"},
	{"csi cursor moves", "\x1b[10;10H\x1b[5A\x1b[3C\x1b[KPWNED-moved"},
	{"csi leave alternate screen", "\x1b[?1049l\x1b[?47lPWNED-mainscreen"},
	{"csi hide cursor and mouse", "\x1b[?25l\x1b[?1000h\x1b[?1003h\x1b[?1006hPWNED-modes"},
	{"csi scroll region", "\x1b[1;3r\x1b[10SPWNED-scrolled"},
	{"csi device status report", "\x1b[6n\x1b[c\x1b[>c\x1b[21tPWNED-reports"},
	{"csi window ops", "\x1b[8;5;20t\x1b[2t\x1b[3;0;0tPWNED-winops"},
	{"sgr colors", "\x1b[5;31;47mPWNED-blink\x1b[0m\x1b[8mhidden"},
	{"esc full reset", "\x1bcPWNED-reset"},
	{"esc save restore cursor", "\x1b7\x1b[1;1HPWNED-saved\x1b8"},
	{"esc charset", "\x1b(0lqqk\x1b(BPWNED-charset"},
	{"osc 0 title bel", "\x1b]0;PWNED-title-0\x07"},
	{"osc 2 title st", "\x1b]2;PWNED-title-2\x1b\\"},
	{"osc 1 icon", "\x1b]1;PWNED-icon\x07"},
	{"osc 8 hyperlink", "\x1b]8;;https://evil.example/PWNED\x1b\\click me\x1b]8;;\x1b\\"},
	{"osc 52 clipboard", "\x1b]52;c;UFdORUQtY2xpcGJvYXJk\x07"}, // base64 "PWNED-clipboard"
	{"osc 4 palette", "\x1b]4;1;rgb:ff/00/00\x07\x1b]10;#000000\x07PWNED-palette"},
	{"osc 7 cwd", "\x1b]7;file://evil.example/PWNED\x07"},
	{"osc 9 notification", "\x1b]9;PWNED-notify\x07\x1b]777;notify;PWNED;x\x07"},
	{"dcs xtgettcap", "\x1bP+q544e\x1b\\PWNED-dcs"},
	{"dcs tmux passthrough", "\x1bPtmux;\x1b\x1b]2;PWNED-passthrough\x07\x1b\\"},
	{"dcs sixel", "\x1bPq#0;2;0;0;0#0~~@@vv@@~~\x1b\\PWNED-sixel"},
	{"apc kitty graphics", "\x1b_Gf=100,a=T;UFdORUQ=\x1b\\PWNED-apc"},
	{"pm", "\x1b^PWNED-privacy-message\x1b\\"},
	{"sos", "\x1bXPWNED-sos\x1b\\"},
	{"c1 in utf-8", "\u009b2J\u009d0;PWNED-c1-utf8\u009c\u0090q\u009c\u0085\u008d"},
	{"c1 raw bytes", "\x9b2J\x9d2;PWNED-c1-raw\x07\x90+q\x9c\x84\x85\x8d\x9e\x9f"},
	{"all raw c1", rawC1()},
	{"bel", "\x07\x07\x07PWNED-bell"},
	{"backspace overstrike", "PWNED-visible\b\b\b\b\b\b\b\b\b\b\b\b\bclean-text!!"},
	{"carriage return overstrike", "PWNED-before-cr\rfake clean line"},
	{"c0 zoo", "\x00\x01\x0b\x0c\x0e\x0f\x1a\x1c\x7fPWNED-c0\ttab"},
	{"bidi override", "user\u202egpj.exe\u202c \u2066PWNED\u2069 \u200f\u061c"},
	{"zero width", "adm\u200bin\u200c\u200d\u2060\ufeff\u180ePWNED\u00ad"},
	{"line separators", "a\u2028b\u2029c\u0085PWNED"},
	{"combining marks", "e\u0301\u0302\u0303 \u0301start Z" + strings.Repeat("\u0336\u0334\u0335", 40) + "PWNED"},
	{"wide cjk", "日本語のログ行ＰＷＮＥＤ" + strings.Repeat("漢字", 30)},
	{"emoji", "👨‍👩‍👧‍👦🏳️‍🌈🇯🇵😀👍🏽❤️" + strings.Repeat("🔥", 30)},
	// Clusters whose width depends on how it is measured: as a grapheme
	// cluster (mode 2027 terminals, lipgloss) or code point by code point
	// (wcwidth: tmux, xterm, VTE). Each line leans one way only, so that
	// the differences do not cancel out.
	{"emoji presentation selectors", strings.Repeat("❤️☺️✌️🏳️", 4) + "PWNED"},
	{"emoji modifiers", strings.Repeat("👍🏽👋🏿🧑🏻", 4) + "PWNED"},
	{"spacing marks", strings.Repeat("नमस्ते कार्य ", 3) + "PWNED"},
	{"conjoining jamo", strings.Repeat("각", 6) + "PWNED"},
	{"halfwidth voiced marks", strings.Repeat("ｶﾞｷﾞｸﾞ", 4) + "PWNED"},
	{"lone regional indicators", "🇦x🇧y🇨zPWNED"},
	{"prepended", "ൎകൎഖ𑂽xPWNED"},
	{"invalid utf-8", "\xff\xfe\xc3\x28\xe2\x82\xed\xa0\x80\xc0\xaf\xf8\x88\x80\x80\x80PWNED"},
	{"half sequences", "\x1b[\x1b]\x1bP\x1b"},
}

// rawC1 is every C1 control as a single raw byte.
func rawC1() string {
	var b []byte
	for c := 0x80; c <= 0x9f; c++ {
		b = append(b, byte(c), 'x')
	}
	return string(b)
}

// hostileWords are short payloads for the narrow fields (an actor, an ARN
// part): a field too narrow for the payload's marker still shows the
// sequence start, which is where the harm is.
var hostileWords = []string{
	"\x1b]2;PWNED\x07",
	"\x1b[2J\x1b[H",
	"\x9b2J\x9d0;PWNED\x07",
	"\u202eDENWP",
	"ＷＩＤＥ日本",
	"\xff\xfe",
}

// hostileFiles returns the corpus as files: an access log in combined
// format (hostile paths, referrers, user agents, users, and whole lines no
// parser takes), CloudTrail records (hostile principal ARNs, user names,
// event sources and names, error codes and messages, user agents and
// request parameters), and JSON lines (hostile keys and values). Times
// step back from now one second per line.
func hostileFiles(now time.Time) map[string][]byte {
	return map[string][]byte{
		"access.log":      hostileAccess(now),
		"cloudtrail.json": hostileTrail(now),
		"app.jsonl":       hostileJSONLines(now),
	}
}

func hostileAccess(now time.Time) []byte {
	var b bytes.Buffer
	n := 0
	line := func(host, user, path, status, ref, ua string) {
		ts := now.Add(-time.Duration(n) * time.Second).UTC().Format("02/Jan/2006:15:04:05 -0700")
		n++
		fmt.Fprintf(&b, "%s - %s [%s] \"GET %s HTTP/1.1\" %s 512 \"%s\" \"%s\"\n", host, user, ts, path, status, ref, ua)
	}
	// A benign top client, so the panes have a known row to select.
	for i := 0; i < 12; i++ {
		line("203.0.113.50", "-", "/benign", "200", "-", "e2e")
	}
	for i, p := range hostilePayloads {
		host := fmt.Sprintf("198.51.100.%d", i+1)
		status := []string{"200", "404", "500", "403"}[i%4]
		line(host, "-", "/x/"+p.text, status, p.text, p.text)
		line(host, "-", "/y", status, "-", p.text)
	}
	for _, w := range hostileWords {
		// A word with no space can stand where the client and the user are.
		if !strings.ContainsAny(w, " ") {
			line(w, w, "/"+w, "401", w, w)
		}
	}
	// Lines no parser takes: the payload alone, for the unparsed view.
	for _, p := range hostilePayloads {
		b.WriteString(p.text + "\n")
	}
	return b.Bytes()
}

func hostileTrail(now time.Time) []byte {
	var recs []string
	n := 0
	rec := func(arn, user, source, name, code, msg, ua, ip string, params map[string]string) {
		ts := now.Add(-time.Duration(n) * time.Second).UTC().Format(time.RFC3339)
		n++
		r := map[string]any{
			"eventVersion": "1.08",
			"userIdentity": map[string]any{"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": arn,
				"accountId": "111122223333", "userName": user},
			"eventTime": ts, "eventSource": source, "eventName": name, "awsRegion": "us-east-1",
			"sourceIPAddress": ip, "userAgent": ua, "requestParameters": params,
			"eventID": fmt.Sprintf("hostile-%d", n), "eventType": "AwsApiCall", "recipientAccountId": "111122223333",
		}
		if code != "" {
			r["errorCode"] = code
			r["errorMessage"] = msg
		}
		j, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		recs = append(recs, string(j))
	}
	for i := 0; i < 6; i++ {
		rec("arn:aws:iam::111122223333:user/alice", "alice", "s3.amazonaws.com", "ListBuckets", "", "", "aws-cli/2", "198.51.100.7", nil)
	}
	for i, p := range hostilePayloads {
		w := hostileWords[i%len(hostileWords)]
		code := []string{"AccessDenied", "Client.UnauthorizedOperation", "", "ThrottlingException"}[i%4]
		rec("arn:aws:iam::111122223333:user/"+p.text, p.text, w+".amazonaws.com", "Get"+w, code,
			"User: arn:aws:iam::111122223333:user/"+p.text+" is not authorized: "+p.text,
			p.text, w, map[string]string{p.text: p.text})
	}
	// json.Marshal writes the controls as \u escapes, which is how they
	// arrive in real CloudTrail files; one record written by hand carries
	// the raw bytes as well.
	recs = append(recs, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/raw`+"\x1b]2;PWNED-raw-arn\x07\x9b2J"+`"},"eventTime":"`+
		now.UTC().Format(time.RFC3339)+`","eventSource":"iam.amazonaws.com","eventName":"CreateUser","errorCode":"AccessDenied","errorMessage":"raw `+
		"\x1b[2J\x1b]52;c;UFdORUQ=\x07"+`","sourceIPAddress":"203.0.113.9","userAgent":"raw"}`)
	return []byte("{\"Records\":[\n" + strings.Join(recs, ",\n") + "\n]}\n")
}

func hostileJSONLines(now time.Time) []byte {
	var b bytes.Buffer
	for i, p := range hostilePayloads {
		w := hostileWords[i%len(hostileWords)]
		obj := map[string]any{
			"time":   now.Add(-time.Duration(i) * time.Second).UTC().Format(time.RFC3339Nano),
			"level":  []string{"info", "error", "warn"}[i%3],
			"user":   w,
			"path":   "/" + p.text,
			"msg":    p.text,
			p.text:   p.text,
			"nested": map[string]any{w: []string{p.text, w}},
		}
		j, err := json.Marshal(obj)
		if err != nil {
			panic(err)
		}
		b.Write(j)
		b.WriteByte('\n')
	}
	// Raw bytes inside JSON strings, as a broken logger writes them.
	b.WriteString(`{"time":"` + now.UTC().Format(time.RFC3339) + `","level":"error","user":"raw","msg":"` + "\x1b]0;PWNED-raw-json\x07\x9b2J\x1b[?1049l" + `"}` + "\n")
	return b.Bytes()
}

// hostileFixedTime is the time of the files kept in testdata/hostile.
var hostileFixedTime = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// writeHostileCorpus writes the corpus with times around now into dir and
// returns the paths, access log first.
func writeHostileCorpus(t *testing.T, dir string, now time.Time) []string {
	t.Helper()
	var paths []string
	files := hostileFiles(now)
	for _, name := range []string{"access.log", "cloudtrail.json", "app.jsonl"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// The files in testdata/hostile are what the generator writes for the
// fixed time, and they hold what the corpus promises: every kind of attack
// named in the generator, raw C1 bytes, and invalid UTF-8.
func TestHostileCorpusUpToDate(t *testing.T) {
	dir := filepath.Join("testdata", "hostile")
	files := hostileFiles(hostileFixedTime)
	if *updateHostile {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%v (run go test -run HostileCorpus -update-hostile)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("testdata/hostile/%s differs from the generator (run go test -run HostileCorpus -update-hostile)", name)
		}
	}
	all := bytes.Join([][]byte{files["access.log"], files["cloudtrail.json"], files["app.jsonl"]}, nil)
	for c := byte(0x80); c <= 0x9f; c++ {
		if !bytes.Contains(all, []byte{c, 'x'}) {
			t.Errorf("raw C1 byte %#x missing from the corpus", c)
		}
	}
	for _, want := range []string{"\x1b]52;", "\x1b]8;", "\x1b]0;", "\x1b]2;", "\x1bP", "\x1b_", "\x1b^", "\u202e", "\u200b", "\xff\xfe", "\u009b"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("%q missing from the corpus", want)
		}
	}
}
