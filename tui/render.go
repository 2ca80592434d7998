package tui

import (
	"math"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// The functions in this file are pure: from snapshot data and a size to
// rows of text, every row at most width cells (most exactly width). Panes
// call them; tests call them directly.

// minKeyWidth is the narrowest key column worth showing: below it the share
// and bar columns are dropped first.
const minKeyWidth = 8

// barRow is one row of a bar list: a key, its count, and how to tone it.
type barRow struct {
	key   string
	count int64
	// approx marks a count that may overestimate (a top-k overflow).
	approx bool
	style  lipgloss.Style
	tone   bool // use style for the key (else st.Key)
}

// TopRows renders a top list as at most height rows of width cells: the key
// (sanitized, cut to fit), its count, its share of total and a bar scaled to
// the largest count. A total <= 0 means the sum of the counts.
func TopRows(kc []analyze.KeyCount, total int64, width, height int, st themes.Styles) string {
	rows := make([]barRow, 0, min(len(kc), max(height, 0)))
	for i, k := range kc {
		if i >= height {
			break
		}
		rows = append(rows, barRow{key: k.Key, count: k.Count, approx: k.Error > 0})
	}
	return strings.Join(barLines(rows, total, maxCount(kc), width, st), "\n")
}

func maxCount(kc []analyze.KeyCount) int64 {
	var m int64
	for _, k := range kc {
		m = max(m, k.Count)
	}
	return m
}

// barLines renders rows as lines of exactly width cells. Bars are scaled to
// peak (the largest count of the whole list, so that scrolling keeps the
// scale) and shares to total.
func barLines(rows []barRow, total, peak int64, width int, st themes.Styles) []string {
	if width <= 0 || len(rows) == 0 {
		return nil
	}
	if total <= 0 {
		for _, r := range rows {
			total += r.count
		}
	}
	peak = max(peak, rows[0].count)
	counts := make([]string, len(rows))
	countW := 1
	for i, r := range rows {
		counts[i] = FormatCount(r.count)
		if r.approx {
			counts[i] = "~" + counts[i]
		}
		countW = max(countW, len(counts[i]))
	}
	const shareW = 6 // "100.0%"
	barW := min(max(width/6, 3), 12)
	showShare, showBar := true, true
	keyW := width - countW - 1 - (shareW + 1) - (barW + 1)
	if keyW < minKeyWidth {
		showBar = false
		keyW += barW + 1
	}
	if keyW < minKeyWidth {
		showShare = false
		keyW += shareW + 1
	}
	if keyW < 1 {
		// Not even a key fits: show counts alone.
		keyW = 0
	}
	lines := make([]string, 0, len(rows))
	for i, r := range rows {
		var b strings.Builder
		if keyW > 0 {
			keyStyle := st.Key
			if r.tone {
				keyStyle = r.style
			}
			key := keyText(r.key, keyW)
			if r.key == "" {
				key = st.Dim.Render("(empty)")
			} else {
				key = keyStyle.Render(key)
			}
			b.WriteString(fit(key, keyW))
			b.WriteByte(' ')
		}
		b.WriteString(st.Count.Render(padLeft(counts[i], countW)))
		if showShare {
			b.WriteByte(' ')
			b.WriteString(st.Share.Render(padLeft(FormatShare(ratio(r.count, total)), shareW)))
		}
		if showBar {
			b.WriteByte(' ')
			b.WriteString(Bar(ratio(r.count, peak), barW, st))
		}
		lines = append(lines, fit(b.String(), width))
	}
	return lines
}

func ratio(n, d int64) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// keyText sanitizes a key and cuts it to width cells. ARNs are cut at the
// front: their end (the user, role or resource) is what tells them apart.
func keyText(k string, width int) string {
	if !strings.HasPrefix(k, "arn:") {
		return safe.Line(k, width)
	}
	t := safe.Text(k)
	w := ansi.StringWidth(t)
	if w <= width {
		return t
	}
	if width < 2 {
		return safe.Line(k, width)
	}
	return ansi.TruncateLeft(t, w-width+1, "…")
}

// Bar renders frac (0..1) as a bar of width cells; any non-zero fraction
// shows at least one filled cell.
func Bar(frac float64, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	if math.IsNaN(frac) || frac < 0 {
		frac = 0
	}
	n := int(math.Round(min(frac, 1) * float64(width)))
	if n == 0 && frac > 0 {
		n = 1
	}
	g := st.Glyphs
	var s string
	if n > 0 {
		s = st.Bar.Render(strings.Repeat(g.BarFull, n))
	}
	if n < width {
		s += st.BarEmpty.Render(strings.Repeat(g.BarEmpty, width-n))
	}
	return s
}

// tone is how a status reads: good, worrying, failed, or neither.
type tone int

const (
	toneNeutral tone = iota
	toneOK
	toneWarn
	toneError
)

// statusTone classifies a status value or class across formats: HTTP codes
// and classes by their first digit (4xx warn, 5xx error), Exchange event ids,
// VPC actions and CloudTrail error codes by name.
func statusTone(s string) tone {
	if len(s) == 3 && s[0] >= '1' && s[0] <= '5' {
		rest := s[1:]
		if rest == "xx" || (rest[0] >= '0' && rest[0] <= '9' && rest[1] >= '0' && rest[1] <= '9') {
			switch s[0] {
			case '4':
				return toneWarn
			case '5':
				return toneError
			}
			return toneOK
		}
	}
	switch strings.ToUpper(s) {
	case "OK", "ACCEPT", "SUCCESS", "DELIVER", "SEND", "RECEIVE", "SUBMIT", "TRANSFER", "EXPAND", "RESOLVE":
		return toneOK
	case "DEFER", "DELAY", "POISONMESSAGE", "QUEUED":
		return toneWarn
	case "FAIL", "DSN", "REJECT", "DROP", "ERROR", "BADMAIL":
		return toneError
	}
	switch {
	case strings.Contains(s, "Throttl"):
		return toneWarn
	case strings.Contains(s, "Denied"), strings.Contains(s, "Unauthorized"), strings.Contains(s, "Error"),
		strings.Contains(s, "Exception"), strings.Contains(s, "Fail"), strings.Contains(s, "Invalid"):
		return toneError
	}
	return toneNeutral
}

// toneStyle is the theme's style for a tone.
func toneStyle(t tone, st themes.Styles) lipgloss.Style {
	switch t {
	case toneOK:
		return st.OK
	case toneWarn:
		return st.Warn
	case toneError:
		return st.Error
	}
	return st.Key
}

// sortedCounts returns the entries of m by count, largest first (ties by
// key), at most limit of them.
func sortedCounts(m map[string]int64, limit int) []analyze.KeyCount {
	out := make([]analyze.KeyCount, 0, len(m))
	for k, v := range m {
		out = append(out, analyze.KeyCount{Key: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// sortedClasses orders status classes: HTTP classes (1xx...5xx) by name,
// anything else by count.
func sortedClasses(m map[string]int64) []analyze.KeyCount {
	out := sortedCounts(m, maxStatusKeys)
	http := true
	for _, k := range out {
		if len(k.Key) != 3 || k.Key[1:] != "xx" {
			http = false
			break
		}
	}
	if http {
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	}
	return out
}

// maxStatusKeys bounds the status values drawn: the engine bounds them
// already, the screen never needs more.
const maxStatusKeys = 500

// ClassLine renders the status classes on one line, each toned, as
// "2xx 91.2%  4xx 7.1%  5xx 1.7%", cut to width. sel marks the class at
// that index (after the first: the first is marked by the caller's border)
// with the cursor glyph in the gap before it; -1 marks none.
func ClassLine(classes map[string]int64, width, sel int, st themes.Styles) string {
	cls := sortedClasses(classes)
	var total int64
	for _, c := range cls {
		total += c.Count
	}
	parts := make([]string, 0, len(cls))
	for _, c := range cls {
		parts = append(parts, toneStyle(statusTone(c.Key), st).Render(safe.Text(c.Key))+" "+
			st.Share.Render(FormatShare(ratio(c.Count, total))))
	}
	line := joinMarked(parts, "  ", sel, st)
	if ansi.StringWidth(line) > width {
		line = joinMarked(parts, " ", sel, st)
	}
	return fit(ansi.Truncate(line, width, "…"), width)
}

// joinMarked joins parts with sep (spaces), the last cell of the gap
// before part sel replaced by the cursor glyph.
func joinMarked(parts []string, sep string, sel int, st themes.Styles) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			if i == sel {
				b.WriteString(sep[:len(sep)-1] + cursorMark(st))
			} else {
				b.WriteString(sep)
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// cursorMark is the selection glyph, styled.
func cursorMark(st themes.Styles) string {
	return st.FocusedTitle.Render(st.Glyphs.Cursor)
}

// ClassRows renders the status classes as bar rows, toned.
func ClassRows(classes map[string]int64, width, height int, st themes.Styles) []string {
	cls := sortedClasses(classes)
	rows := make([]barRow, 0, min(len(cls), max(height, 0)))
	for i, c := range cls {
		if i >= height {
			break
		}
		rows = append(rows, barRow{key: c.Key, count: c.Count, style: toneStyle(statusTone(c.Key), st), tone: true})
	}
	return barLines(rows, 0, maxCount(cls), width, st)
}

// CodeGrid lays status values out in columns, largest first, row by row:
// "200 12.3k  404   87  500    3". It returns all the rows the codes need;
// the caller shows a window of them. sel marks the code at that index with
// the cursor glyph in the gap before it (a code in the first column is
// marked by the caller's border); -1 marks none.
func CodeGrid(codes []analyze.KeyCount, width, sel int, st themes.Styles) []string {
	keyW, countW, cols := gridGeometry(codes, width)
	if cols == 0 {
		return nil
	}
	const gap = 2
	var rows []string
	for i := 0; i < len(codes); i += cols {
		var b strings.Builder
		for j := i; j < min(i+cols, len(codes)); j++ {
			if j > i {
				if j == sel {
					b.WriteString(strings.Repeat(" ", gap-1) + cursorMark(st))
				} else {
					b.WriteString(strings.Repeat(" ", gap))
				}
			}
			c := codes[j]
			b.WriteString(toneStyle(statusTone(c.Key), st).Render(fit(safe.Line(c.Key, keyW), keyW)))
			b.WriteByte(' ')
			b.WriteString(st.Count.Render(padLeft(FormatCount(c.Count), countW)))
		}
		rows = append(rows, fit(b.String(), width))
	}
	return rows
}

// gridGeometry is the key and count widths of a code grid and how many
// cells fit in a row (0 when nothing is drawn).
func gridGeometry(codes []analyze.KeyCount, width int) (keyW, countW, cols int) {
	if width <= 0 || len(codes) == 0 {
		return 0, 0, 0
	}
	keyW, countW = 1, 1
	for _, c := range codes {
		keyW = max(keyW, ansi.StringWidth(safe.Text(c.Key)))
		countW = max(countW, len(FormatCount(c.Count)))
	}
	keyW = min(keyW, 16, max(width-countW-1, 1))
	const gap = 2
	cell := keyW + 1 + countW
	return keyW, countW, max((width+gap)/(cell+gap), 1)
}

// Sparkline draws values (oldest first) as height rows of width cells, the
// newest value in the rightmost column, scaled to the largest value shown.
// levels are the glyphs from empty to full (themes.Glyphs.Spark); a
// non-zero value always shows at least the lowest mark. Rows are unstyled.
func Sparkline(values []float64, width, height int, levels string) []string {
	if width <= 0 || height <= 0 {
		return nil
	}
	glyphs := []rune(levels)
	if len(glyphs) < 2 {
		glyphs = []rune(" █")
	}
	steps := len(glyphs) - 1
	if len(values) > width {
		values = values[len(values)-width:]
	}
	peak := 0.0
	for _, v := range values {
		if v > peak && !math.IsInf(v, 1) {
			peak = v
		}
	}
	rows := make([][]rune, height)
	for r := range rows {
		rows[r] = []rune(strings.Repeat(string(glyphs[0]), width))
	}
	offset := width - len(values)
	for i, v := range values {
		if !(v > 0) || math.IsInf(v, 1) || peak <= 0 {
			continue
		}
		// Height of this column in glyph steps, at least one.
		fill := int(math.Round(min(v/peak, 1) * float64(height*steps)))
		fill = max(fill, 1)
		for r := 0; r < height; r++ {
			// Row r from the bottom holds steps (r*steps, (r+1)*steps].
			level := min(max(fill-(height-1-r)*steps, 0), steps)
			rows[r][offset+i] = glyphs[level]
		}
	}
	out := make([]string, height)
	for r := range rows {
		out[r] = string(rows[r])
	}
	return out
}

// MinuteChart draws the count per minute as a one-row sparkline of width
// cells, the latest minute rightmost, minutes without events empty. A minute
// is toned as an error when error-toned classes are at least 1% of it, as a
// warning when warn-toned classes are at least 10%.
func MinuteChart(pm []analyze.MinuteCount, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	if len(pm) == 0 {
		return strings.Repeat(" ", width)
	}
	last := pm[len(pm)-1].Minute
	for _, m := range pm {
		if m.Minute.After(last) {
			last = m.Minute
		}
	}
	values := make([]float64, width)
	tones := make([]tone, width)
	for _, m := range pm {
		age := int(last.Sub(m.Minute) / 60e9)
		if age < 0 || age >= width {
			continue
		}
		col := width - 1 - age
		values[col] += float64(m.Count)
		tones[col] = max(tones[col], minuteTone(m))
	}
	row := []rune(Sparkline(values, width, 1, st.Glyphs.Spark)[0])
	// Style runs of equal tone together: one sequence per run, not per cell.
	var b strings.Builder
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && tones[j] == tones[i] {
			j++
		}
		style := st.Sparkline
		if tones[i] >= toneWarn {
			style = toneStyle(tones[i], st)
		}
		b.WriteString(style.Render(string(row[i:j])))
		i = j
	}
	return b.String()
}

func minuteTone(m analyze.MinuteCount) tone {
	if m.Count <= 0 {
		return toneNeutral
	}
	var errs, warns int64
	for k, v := range m.Classes {
		switch statusTone(k) {
		case toneError:
			errs += v
		case toneWarn:
			warns += v
		}
	}
	switch {
	case errs*100 >= m.Count && errs > 0:
		return toneError
	case warns*10 >= m.Count && warns > 0:
		return toneWarn
	}
	return toneNeutral
}

// tailTimeWidth is "15:04:05 ".
const tailTimeWidth = 9

// TailRows renders tail lines (oldest first) as rows of width cells: the
// arrival time (when there is room) and the sanitized line cut to fit,
// failures in the error style.
func TailRows(lines []analyze.TailLine, width int, st themes.Styles) []string {
	if width <= 0 {
		return nil
	}
	showTime := width >= 40
	textW := width
	if showTime {
		textW -= tailTimeWidth
	}
	rows := make([]string, 0, len(lines))
	for _, l := range lines {
		var b strings.Builder
		if showTime {
			ts := "--:--:--"
			if !l.Arrival.IsZero() {
				ts = l.Arrival.Format("15:04:05")
			}
			b.WriteString(st.TailTime.Render(ts))
			b.WriteByte(' ')
		}
		style := st.TailLine
		if l.Failure {
			style = st.Error
		}
		b.WriteString(style.Render(safe.Line(l.Text, textW)))
		rows = append(rows, fit(b.String(), width))
	}
	return rows
}

// minuteLine is "/min ▂▃▅█▂ max 1.2k": the count per minute, latest right,
// in width cells.
func minuteLine(pm []analyze.MinuteCount, w int, st themes.Styles) string {
	var peak int64
	for _, m := range pm {
		peak = max(peak, m.Count)
	}
	prefix, suffix := "/min ", " max "+FormatCount(peak)
	chartW := w - len(prefix) - len(suffix)
	if chartW < 5 {
		return fit(MinuteChart(pm, w, st), w)
	}
	return st.Dim.Render(prefix) + MinuteChart(pm, chartW, st) + st.Dim.Render(suffix)
}
