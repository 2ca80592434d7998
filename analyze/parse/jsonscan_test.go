package parse

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestJSONScanSkipAgreesWithEncodingJSON: skip accepts exactly the values
// encoding/json accepts, and tells a cut value (eof) from a broken one.
func TestJSONScanSkip(t *testing.T) {
	tests := []struct {
		in       string
		ok, eof  bool
		consumed int // -1: all
	}{
		{`{}`, true, false, -1},
		{`{"a":1,"b":[true,false,null],"c":{"d":"e\"f"},"g":-1.5e+3}`, true, false, -1},
		{`  [ 1 , "x" , { } ]  `, true, false, 19},
		{`"\u00e9\ud83d\ude00\/\b\f\n\r\t\\"`, true, false, -1},
		{`0`, true, false, -1},
		{`-0.0e0`, true, false, -1},
		{`{"a":`, false, true, 0},
		{`{"a":"unterminated`, false, true, 0},
		{`{"a":"esc\`, false, true, 0},
		{`{"a":"\u00`, false, true, 0},
		{`[1,`, false, true, 0},
		{`tru`, false, true, 0},
		{`{"a":1,}`, false, false, 0},
		{`{"a" 1}`, false, false, 0},
		{`{a:1}`, false, false, 0},
		{`[1 2]`, false, false, 0},
		{`"ctl` + "\x01" + `"`, false, false, 0},
		{`"bad \x escape"`, false, false, 0},
		{`"\u12G4"`, false, false, 0},
		{`01`, true, false, 1}, // a number is 0; what follows is not its business
		{`-`, false, true, 0},
		{`1.`, false, true, 0},
		{`1.x`, false, false, 0},
		{`nul`, false, true, 0},
		{`nulx`, false, false, 0},
		{`}`, false, false, 0},
	}
	for _, tc := range tests {
		var s jsonScan
		s.reset([]byte(tc.in))
		ok := s.skip()
		if ok != tc.ok || s.eof != tc.eof {
			t.Errorf("skip(%q) = %v eof=%v bad=%v, want %v eof=%v", tc.in, ok, s.eof, s.bad, tc.ok, tc.eof)
			continue
		}
		if ok {
			want := len(tc.in)
			if tc.consumed >= 0 {
				want = tc.consumed
			}
			if s.i != want {
				t.Errorf("skip(%q) stopped at %d, want %d", tc.in, s.i, want)
			}
			if tc.consumed < 0 && !json.Valid([]byte(tc.in)) {
				t.Errorf("test case %q is not valid JSON", tc.in)
			}
		}
	}
}

func TestJSONScanDepthBound(t *testing.T) {
	var s jsonScan
	deep := strings.Repeat("[", jsonMaxDepth+1) + strings.Repeat("]", jsonMaxDepth+1)
	s.reset([]byte(deep))
	if s.skip() || !s.bad {
		t.Fatalf("nesting of %d accepted", jsonMaxDepth+1)
	}
	ok := strings.Repeat("[", jsonMaxDepth) + strings.Repeat("]", jsonMaxDepth)
	s.reset([]byte(ok))
	if !s.skip() {
		t.Fatalf("nesting of %d refused", jsonMaxDepth)
	}
}

func TestJSONScanMembersAndEscapedKeys(t *testing.T) {
	var s jsonScan
	s.reset([]byte(`{"plain":1, "esc\u0061ped":"v", "":null}`))
	if !s.object() {
		t.Fatal("object")
	}
	var keys []string
	for first := true; ; first = false {
		k, ok := s.member(first)
		if !ok {
			break
		}
		keys = append(keys, string(k))
		if !s.skip() {
			t.Fatal("value")
		}
	}
	if s.failed() || strings.Join(keys, ",") != "plain,escaped," {
		t.Fatalf("keys %q, failed %v", keys, s.failed())
	}
}

func TestAppendJSONUnescaped(t *testing.T) {
	tests := []string{
		`plain`,
		`quote \" backslash \\ slash \/`,
		`\b\f\n\r\t`,
		`\u003csensitiveDataRemoved\u003e`,
		`smile \ud83d\ude00 end`,
		`lone \ud83d high`,
		`lone \ude00 low`,
		`\u0000 nul`,
	}
	for _, raw := range tests {
		var want string
		if err := json.Unmarshal([]byte(`"`+raw+`"`), &want); err != nil {
			t.Fatal(err)
		}
		if got := string(appendJSONUnescaped(nil, []byte(raw))); got != want {
			t.Errorf("unescape %q = %q, want %q", raw, got, want)
		}
	}
}

// The eight-byte fast path must stop on every byte that ends or escapes a
// string, wherever it falls in the word.
func TestJSONScanStringFastPath(t *testing.T) {
	for pos := 0; pos < 20; pos++ {
		for _, stop := range []byte{'"', '\\', 0x00, 0x1f, '\n'} {
			body := []byte(strings.Repeat("a", 20))
			body[pos] = stop
			in := `"` + string(body) + `"`
			var s jsonScan
			s.reset([]byte(in))
			_, _, ok := s.str()
			switch {
			case stop == '"' && (!ok || s.i != pos+2):
				t.Errorf("str(%q) ended at %d (ok %v), want the quote at %d", in, s.i, ok, pos+1)
			case stop != '"' && ok: // "\a" is no escape; control characters are not allowed
				t.Errorf("str(%q) accepted", in)
			}
		}
	}
}

// jsonStrStopAt (and skipStringRun, for documents over many lines) must
// find the first byte that ends or escapes a string wherever it falls in
// the word, whatever is next to it: the bytes next to the stop bytes in
// value, and stop bytes after the first, are where a borrow would show a
// wrong answer.
func TestJSONStrStopAtMatchesByteLoop(t *testing.T) {
	fillers := []byte{'a', 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff}
	byteLoop := func(b []byte, i int) int {
		for i < len(b) && !jsonStrStop[b[i]] {
			i++
		}
		return i
	}
	runLoop := func(b []byte, i int) int { // skipStringRun's: quotes and backslashes only
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		return i
	}
	b := make([]byte, 24)
	for c := 0; c < 256; c++ {
		for pos := 0; pos < len(b); pos++ {
			for _, fill := range fillers {
				for _, after := range []byte{fill, 0x00, '"', '\\'} {
					for k := range b {
						switch {
						case k < pos:
							b[k] = fill
						case k == pos:
							b[k] = byte(c)
						default:
							b[k] = after
						}
					}
					for start := 0; start <= 8 && start <= len(b); start++ {
						if got, want := jsonStrStopAt(b, start), byteLoop(b, start); got != want {
							t.Fatalf("jsonStrStopAt(%q, %d) = %d, want %d", b, start, got, want)
						}
						if got, want := skipStringRun(b, start), runLoop(b, start); got != want {
							t.Fatalf("skipStringRun(%q, %d) = %d, want %d", b, start, got, want)
						}
					}
				}
			}
		}
	}
}

func TestJSONInt(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "42": 42, "-7": -7, "1.9": 1, "3e2": 3, "99999999999999999999999": 1<<63 - 1} {
		if got, ok := jsonInt([]byte(in)); !ok || got != want {
			t.Errorf("jsonInt(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "-", "x", "-x"} {
		if _, ok := jsonInt([]byte(in)); ok {
			t.Errorf("jsonInt(%q) ok", in)
		}
	}
}

// jsonFields flattens objects, unescapes strings, keeps other values as
// written and reports null as nil.
func TestJSONFields(t *testing.T) {
	var names []string
	got := map[string]string{}
	nils := map[string]bool{}
	jsonFields([]byte(`{"a":"x\ny","b":{"c":1,"d":{"e":true}},"f":[1,{"g":2}],"h":null,"i":{}}`), func(n string, v []byte) {
		names = append(names, n)
		got[n] = string(v)
		nils[n] = v == nil
	})
	want := map[string]string{"a": "x\ny", "b.c": "1", "b.d.e": "true", "f": `[1,{"g":2}]`, "h": "", "i": "{}"}
	if strings.Join(names, " ") != "a b.c b.d.e f h i" {
		t.Fatalf("names %v", names)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if !nils["h"] || nils["a"] {
		t.Errorf("nil values %v: want only h", nils)
	}
}
