package tui

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
)

func TestFormatCount(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {99999, "99999"}, {100000, "100k"}, {123456, "123k"},
		{1234567, "1.23M"}, {12345678, "12.3M"}, {math.MaxInt64, "9.22E"}, {-5, "-5"}, {math.MinInt64, "-9.22E"},
	} {
		if got := FormatCount(tc.n); got != tc.want {
			t.Errorf("FormatCount(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestFormatRateBytesShare(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{FormatRate(0), "0"}, {FormatRate(math.NaN()), "0"}, {FormatRate(-3), "0"}, {FormatRate(2.345), "2.3"},
		{FormatRate(123.4), "123"}, {FormatRate(12345), "12.3k"}, {FormatRate(math.Inf(1)), "∞"}, {FormatBytes(math.Inf(1)), "∞B"},
		{FormatBytes(0), "0B"}, {FormatBytes(512), "512B"}, {FormatBytes(1536), "1.50KB"}, {FormatBytes(3 << 30), "3.00GB"},
		{FormatShare(0.5), "50.0%"}, {FormatShare(2), "100.0%"}, {FormatShare(math.NaN()), "0.0%"},
		{FormatWindow(time.Minute), "1m"}, {FormatWindow(time.Hour), "1h"}, {FormatWindow(15 * time.Minute), "15m"},
		{FormatWindow(0), "all"}, {FormatWindow(90 * time.Second), "90s"},
		{FormatLag(0), "0s"}, {FormatLag(850 * time.Millisecond), "850ms"}, {FormatLag(185 * time.Second), "3m05s"},
		{FormatLag(2*time.Hour + 7*time.Minute), "2h07m"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestTopRows(t *testing.T) {
	st := themes.Plain().Styles
	kc := webStream().Top.Actor
	kc = append(kc, analyze.KeyCount{Key: "arn:aws:iam::123456789012:user/alice", Count: 5, Error: 2})
	for w := 0; w <= 100; w++ {
		out := TopRows(kc, 0, w, 20, st)
		requireInert(t, out)
		for _, l := range strings.Split(out, "\n") {
			if lw := ansi.StringWidth(l); lw > w {
				t.Fatalf("width %d: row %q is %d wide", w, l, lw)
			}
		}
	}
	out := TopRows(kc, 0, 50, 20, st)
	lines := strings.Split(out, "\n")
	if len(lines) != len(kc) {
		t.Fatalf("%d rows, want %d", len(lines), len(kc))
	}
	if !strings.Contains(lines[0], "203.0.113.7") || !strings.Contains(lines[0], "20412") {
		t.Errorf("first row %q", lines[0])
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "…") || !strings.Contains(last, ":user/alice ") || !strings.Contains(last, "~5") {
		t.Errorf("ARN row %q: want the end of the ARN and an approximate count", last)
	}
	if got := TopRows(kc, 0, 50, 2, st); strings.Count(got, "\n") != 1 {
		t.Errorf("height 2 gave %q", got)
	}
	if TopRows(nil, 0, 50, 5, st) != "" {
		t.Error("no keys, yet rows")
	}
}

func TestBar(t *testing.T) {
	st := themes.Plain().Styles
	for _, tc := range []struct {
		frac  float64
		width int
		want  string
	}{
		{0, 4, "░░░░"}, {1, 4, "████"}, {0.5, 4, "██░░"}, {0.01, 4, "█░░░"}, {7, 3, "███"}, {math.NaN(), 2, "░░"}, {1, 0, ""},
	} {
		if got := Bar(tc.frac, tc.width, st); got != tc.want {
			t.Errorf("Bar(%v, %d) = %q, want %q", tc.frac, tc.width, got, tc.want)
		}
	}
}

func TestSparkline(t *testing.T) {
	levels := themes.Plain().Styles.Glyphs.Spark
	for _, tc := range []struct {
		values        []float64
		width, height int
		want          []string
	}{
		{[]float64{0, 1, 2, 4}, 4, 1, []string{" ▂▄█"}},
		{[]float64{1, 4}, 4, 2, []string{"   █", "  ▄█"}},
		{[]float64{1, 2, 3, 4, 5, 6}, 3, 1, []string{"▅▇█"}}, // the newest values
		{[]float64{0.001, 1000}, 2, 1, []string{"▁█"}},       // tiny but not zero
		{[]float64{math.NaN(), math.Inf(1), -1, 2}, 4, 1, []string{"   █"}},
		{nil, 3, 1, []string{"   "}},
		{[]float64{1}, 0, 1, nil},
	} {
		got := Sparkline(tc.values, tc.width, tc.height, levels)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Sparkline(%v, %d, %d) = %q, want %q", tc.values, tc.width, tc.height, got, tc.want)
		}
	}
}

func TestMinuteChart(t *testing.T) {
	st := themes.Plain().Styles
	m := func(min int, c int64) analyze.MinuteCount {
		return analyze.MinuteCount{Minute: t0.Truncate(time.Minute).Add(time.Duration(min) * time.Minute), Count: c}
	}
	// A gap at -1 and data older than the width.
	got := MinuteChart([]analyze.MinuteCount{m(-9, 100), m(-3, 8), m(-2, 4), m(0, 8)}, 4, st)
	if got != "█▄ █" {
		t.Fatalf("MinuteChart = %q", got)
	}
	if got := MinuteChart(nil, 3, st); got != "   " {
		t.Fatalf("empty MinuteChart = %q", got)
	}
	// Tone: a minute with 5xx >= 1% is drawn in the error style.
	mono := themes.Monochrome().Styles
	bad := m(0, 100)
	bad.Classes = map[string]int64{"2xx": 98, "5xx": 2}
	good := m(-1, 100)
	good.Classes = map[string]int64{"2xx": 100}
	out := MinuteChart([]analyze.MinuteCount{good, bad}, 2, mono)
	if !strings.HasSuffix(out, mono.Error.Render("█")) {
		t.Fatalf("error minute not toned: %q", out)
	}
}

func TestStatusTone(t *testing.T) {
	for s, want := range map[string]tone{
		"200": toneOK, "2xx": toneOK, "304": toneOK, "404": toneWarn, "4xx": toneWarn, "503": toneError, "5xx": toneError,
		"OK": toneOK, "ACCEPT": toneOK, "REJECT": toneError, "FAIL": toneError, "DEFER": toneWarn, "DELIVER": toneOK,
		"AccessDenied": toneError, "Client.UnauthorizedOperation": toneError, "ThrottlingException": toneWarn,
		"NoSuchBucket": toneNeutral, "": toneNeutral, "2x": toneNeutral, "600": toneNeutral, "4ab": toneNeutral,
	} {
		if got := statusTone(s); got != want {
			t.Errorf("statusTone(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestClassLineAndGrid(t *testing.T) {
	st := themes.Plain().Styles
	s := webStream()
	if got := ClassLine(s.StatusClasses, 60, -1, st); !strings.HasPrefix(got, "2xx 85.8%  3xx 5.8%  4xx 6.8%  5xx 1.6%") {
		t.Fatalf("ClassLine = %q", got)
	}
	codes := sortedCounts(s.Statuses, maxStatusKeys)
	if codes[0].Key != "200" || codes[len(codes)-1].Count != 1 {
		t.Fatalf("sorted codes %v", codes)
	}
	for w := 1; w < 80; w++ {
		for _, row := range append(CodeGrid(codes, w, w%3, st), ClassLine(s.StatusClasses, w, w%4, st)) {
			if ansi.StringWidth(row) > w {
				t.Fatalf("width %d: %q", w, row)
			}
			requireInert(t, row)
		}
	}
	// Non-HTTP classes go by count.
	cls := sortedClasses(map[string]int64{"OK": 5, "AccessDenied": 9})
	if cls[0].Key != "AccessDenied" {
		t.Fatalf("classes %v", cls)
	}
}

func TestTailRows(t *testing.T) {
	mono := themes.Monochrome().Styles
	lines := webStream().Tail
	rows := TailRows(lines, 60, mono)
	if len(rows) != len(lines) {
		t.Fatalf("%d rows for %d lines", len(rows), len(lines))
	}
	for i, r := range rows {
		requireInert(t, r)
		if ansi.StringWidth(r) != 60 {
			t.Fatalf("row %d is %d wide", i, ansi.StringWidth(r))
		}
		if bold := strings.Contains(r, "\x1b[1m"); bold != lines[i].Failure {
			t.Errorf("row %d: failure %v but bold %v", i, lines[i].Failure, bold)
		}
	}
	if !strings.HasPrefix(ansi.Strip(rows[0]), "15:09:21 ") {
		t.Errorf("row 0 %q: want the arrival time first", ansi.Strip(rows[0]))
	}
	// Narrow: no time column.
	if r := ansi.Strip(TailRows(lines[:1], 20, mono)[0]); strings.Contains(r, "15:09") {
		t.Errorf("narrow row %q has the time", r)
	}
}

// FuzzRender feeds arbitrary keys and lines to the renderers: they must
// not panic, must respect the width, and must never let a control
// character through.
func FuzzRender(f *testing.F) {
	f.Add("203.0.113.7", 40, int64(10))
	f.Add(hostileTitle, 5, int64(-1))
	f.Add(hostileLink+hostileBidi, 80, int64(math.MaxInt64))
	f.Add("arn:aws:iam::1:user/\x1b[31m", 3, int64(0))
	f.Add("日本語\u0301\u0301\u0301", 1, int64(1))
	st := themes.Plain().Styles
	f.Fuzz(func(t *testing.T, s string, width int, n int64) {
		width = width % 300
		kc := []analyze.KeyCount{{Key: s, Count: n}, {Key: s + s, Count: n / 2, Error: 1}}
		var out []string
		out = append(out, strings.Split(TopRows(kc, n, width, 5, st), "\n")...)
		out = append(out, CodeGrid(kc, width, int(n%3), st)...)
		out = append(out, ClassLine(map[string]int64{s: n, "5xx": 1}, width, int(n%3), st))
		out = append(out, TailRows([]analyze.TailLine{{Text: s, Failure: n%2 == 0}}, width, st)...)
		out = append(out, Sparkline([]float64{float64(n), math.NaN()}, width, 2, st.Glyphs.Spark)...)
		for _, l := range out {
			if width >= 0 && ansi.StringWidth(l) > max(width, 0) {
				t.Fatalf("width %d: %q is %d wide", width, l, ansi.StringWidth(l))
			}
			if strings.ContainsAny(l, "\x1b\x07\u009b\u202e") {
				t.Fatalf("control character in %q", l)
			}
		}
	})
}
