package publish

import (
	"strings"
	"testing"
)

func TestDimensionValue(t *testing.T) {
	long := strings.Repeat("a", 1500)
	tests := []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"arn:aws:iam::1:user/béa", `arn:aws:iam::1:user/b\u00e9a`},
		{"DOMAIN\\user", "DOMAIN\\user"},
		{"a\x1b[31mred", `a\u001b[31mred`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"emoji 😀", `emoji \U0001f600`},
		{"", "(empty)"},
		{"   ", "(empty)"},
		{"a" + strings.Repeat(" ", 10), "a" + strings.Repeat(" ", 10)},
	}
	for _, tc := range tests {
		if got := dimensionValue(tc.in); got != tc.want {
			t.Errorf("dimensionValue(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	a, b := dimensionValue(long+"x"), dimensionValue(long+"y")
	if len(a) != 1024 || len(b) != 1024 || a == b || a[:1015] != long[:1015] || a[1015] != '~' {
		t.Errorf("long keys: %d %d bytes, equal %v, %q", len(a), len(b), a == b, a[1010:])
	}
	if c := dimensionValue(strings.Repeat("é", 1000)); len(c) != 1024 || !validValue(c) {
		t.Errorf("long escaped key: %d bytes", len(c))
	}
}

func validValue(v string) bool {
	return v != "" && len(v) <= maxDimValueLen && printableASCII(v) && !blank(v)
}

func FuzzDimensionValue(f *testing.F) {
	for _, s := range []string{"", " ", "203.0.113.7", "béa", "\xff\xfe", strings.Repeat("x", 1030), strings.Repeat("é", 600)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, key string) {
		v := dimensionValue(key)
		if !validValue(v) {
			t.Fatalf("dimensionValue(%q) = %q is not a valid dimension value", key, v)
		}
		if v != dimensionValue(key) {
			t.Fatal("not deterministic")
		}
		if clean(key) && len(key) <= maxDimValueLen && v != key {
			t.Fatalf("a clean key changed: %q -> %q", key, v)
		}
	})
}
