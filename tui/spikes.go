package tui

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// spikesPane shows the event rate with the seconds inside a spike marked,
// and the recent spikes (active first, then newest first) with their
// attribution. It is drawn loud while a spike is active.
type spikesPane struct {
	box
	rate, byteRate []float64
	marks          []bool
	lag            time.Duration
	spikes         []analyze.Spike
	cur            cursor
}

func newSpikesPane(c *common) *spikesPane { return &spikesPane{box: box{c: c}} }

func (p *spikesPane) SetStream(s *analyze.StreamSnapshot) {
	if s == nil {
		p.rate, p.byteRate, p.marks, p.lag, p.spikes = nil, nil, nil, 0, nil
		return
	}
	p.rate, p.byteRate, p.marks, p.lag = s.Rate, s.ByteRate, s.SpikeMarks, s.Lag
	// A copy: the snapshot's order is the report's.
	p.spikes = append(p.spikes[:0], s.Spikes...)
	sort.SliceStable(p.spikes, func(i, j int) bool {
		a, b := p.spikes[i], p.spikes[j]
		if a.Active != b.Active {
			return a.Active
		}
		return a.Start.After(b.Start)
	})
}

// active reports whether a spike is going on.
func (p *spikesPane) active() bool {
	return len(p.spikes) > 0 && p.spikes[0].Active
}

// layout splits the body below the header line: chart rows, the mark row
// (0 or 1) and the rows of the spike list.
func (p *spikesPane) layout() (chartRows, markRow, listRows int) {
	w, h := p.inner()
	avail := h - 1
	if avail <= 0 {
		return 0, 0, 0
	}
	if avail >= 4 && anyMarked(p.marks, len(p.rate), w) {
		markRow = 1
	}
	if len(p.spikes) == 0 {
		if avail-markRow >= 4 {
			// Room to say there are none.
			return avail - markRow - 1, markRow, 1
		}
		return max(avail-markRow, 0), markRow, 0
	}
	chartRows = min(max((avail-markRow)/2, 1), 4)
	if avail-markRow-chartRows < 1 {
		markRow = 0
		chartRows = max(avail-1, 0)
	}
	return chartRows, markRow, avail - markRow - chartRows
}

func (p *spikesPane) Update(msg tea.KeyPressMsg) bool {
	_, _, rows := p.layout()
	return p.cur.update(msg, p.c.keys.Scroll, len(p.spikes), rows)
}

// Target is the selected spike: its time range, then its top actor.
func (p *spikesPane) Target() (drillTarget, bool) {
	i, ok := p.cur.selected(len(p.spikes))
	if !ok {
		return drillTarget{}, false
	}
	return spikeTarget(p.spikes[i]), true
}

func (p *spikesPane) View() string {
	st := p.c.styles
	w, h := p.inner()
	chartRows, markRow, listRows := p.layout()
	body := make([]string, 0, h)
	body = append(body, p.header(w))
	body = append(body, SpikeChart(p.rate, p.marks, w, chartRows, st)...)
	if markRow > 0 {
		body = append(body, SpikeMarkRow(p.rate, p.marks, w, st))
	}
	from, to := p.cur.window(len(p.spikes), listRows)
	if len(p.spikes) == 0 && listRows > 0 {
		body = append(body, st.Dim.Render("no spikes"))
	}
	for _, sp := range p.spikes[from:to] {
		body = append(body, SpikeRow(sp, w, st))
	}
	info := ""
	if n := len(p.spikes); n > 0 {
		info = strconv.Itoa(n) + " spike"
		if n > 1 {
			info += "s"
		}
		info = joinInfo(position(from, to, n), info)
	}
	sel := -1
	if len(p.spikes) > 0 {
		sel = 1 + chartRows + markRow + p.cur.sel - from
	}
	saved := p.alerting
	p.alerting = p.alerting || p.active()
	defer func() { p.alerting = saved }()
	return p.frameAt("spikes", info, body, sel)
}

// header is "SPIKE x14 load  events 13/s  peak 180/s  19.0KB/s  lag 1s".
func (p *spikesPane) header(w int) string {
	st := p.c.styles
	cur, peak := lastAndPeak(p.rate)
	bcur, _ := lastAndPeak(p.byteRate)
	parts := []string{st.Count.Render("events " + FormatRate(cur) + "/s"), "peak " + FormatRate(peak) + "/s"}
	if len(p.byteRate) > 0 {
		parts = append(parts, FormatBytes(bcur)+"/s")
	}
	if p.lag > 0 {
		parts = append(parts, "lag "+FormatLag(p.lag))
	}
	if p.active() {
		sp := p.spikes[0]
		parts = append([]string{st.Alert.Render(" SPIKE " + FormatRatio(sp.Ratio) + " " + safe.Text(sp.Kind) + " ")}, parts...)
	}
	return fitParts(parts, w)
}

// anyMarked reports whether a second among the last width of the rate lies
// inside a spike.
func anyMarked(marks []bool, rateLen, width int) bool {
	for i := max(rateLen-width, 0); i < rateLen; i++ {
		if markAt(marks, rateLen, i) {
			return true
		}
	}
	return false
}

// markAt is the mark of second i of the rate; marks are aligned to its end.
func markAt(marks []bool, rateLen, i int) bool {
	j := i - (rateLen - len(marks))
	return j >= 0 && j < len(marks) && marks[j]
}

// SpikeChart is the rate sparkline of height rows and width cells with the
// seconds inside a spike in the Spike style.
func SpikeChart(rate []float64, marks []bool, width, height int, st themes.Styles) []string {
	rows := Sparkline(rate, width, height, st.Glyphs.Spark)
	marked := columnMarks(rate, marks, width)
	for i, r := range rows {
		rows[i] = styleColumns([]rune(r), marked, st.Spike, st.Sparkline)
	}
	return rows
}

// SpikeMarkRow underlines the seconds inside a spike, for the themes (and
// terminals) without colors.
func SpikeMarkRow(rate []float64, marks []bool, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	marked := columnMarks(rate, marks, width)
	row := make([]rune, width)
	mark := []rune(st.Glyphs.SpikeMark)
	for i := range row {
		row[i] = ' '
		if marked[i] && len(mark) > 0 {
			row[i] = mark[0]
		}
	}
	return styleColumns(row, marked, st.Spike, lipgloss.NewStyle())
}

// columnMarks maps the marks onto the columns of a chart of width cells
// whose rightmost column is the newest second.
func columnMarks(rate []float64, marks []bool, width int) []bool {
	out := make([]bool, max(width, 0))
	shown := min(len(rate), width)
	for c := 0; c < shown; c++ {
		out[width-shown+c] = markAt(marks, len(rate), len(rate)-shown+c)
	}
	return out
}

// styleColumns renders row with on for the marked cells and off for the
// others: one style sequence per run, not per cell.
func styleColumns(row []rune, marked []bool, on, off lipgloss.Style) string {
	var b strings.Builder
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && j < len(marked) && marked[j] == marked[i] {
			j++
		}
		if j == i {
			j = len(row)
		}
		style := off
		if i < len(marked) && marked[i] {
			style = on
		}
		b.WriteString(style.Render(string(row[i:j])))
		i = j
	}
	return b.String()
}

// SpikeRow renders one spike in width cells:
// "15:09:01 load    10s  180/s  x14 83% from 203.0.113.9 on /login, 401".
func SpikeRow(sp analyze.Spike, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	dur := "active"
	durStyle := st.Error
	if !sp.Active {
		durStyle = st.Dim
		dur = "?"
		if !sp.End.IsZero() {
			dur = FormatLag(sp.End.Sub(sp.Start))
		}
	}
	peak := FormatRate(sp.Peak) + "/s"
	if sp.Kind == "bytes" {
		peak = FormatBytes(sp.Peak) + "/s"
	}
	kind := safe.Line(sp.Kind, 7)
	var b strings.Builder
	b.WriteString(st.TailTime.Render(sp.Start.Format("15:04:05")))
	b.WriteString(" " + toneStyle(spikeTone(sp.Kind), st).Render(fit(kind, 7)))
	b.WriteString(" " + durStyle.Render(padLeft(dur, 6)))
	b.WriteString(" " + st.Count.Render(padLeft(peak, 8)))
	b.WriteString(" " + st.Error.Render(padLeft(FormatRatio(sp.Ratio), 5)))
	used := 8 + 1 + 7 + 1 + 6 + 1 + 8 + 1 + 5
	if rest := width - used - 1; rest > 0 {
		b.WriteString(" " + st.Key.Render(safe.Line(trimSummary(sp.Summary, sp.Kind), rest)))
	}
	return fit(b.String(), width)
}

// trimSummary drops what the row shows already from the start of a
// summary: "x14 load, 83% from 203.0.113.9" becomes "83% from 203.0.113.9".
func trimSummary(summary, kind string) string {
	head, rest, ok := strings.Cut(summary, ", ")
	if !ok || !strings.HasPrefix(head, "x") {
		return summary
	}
	if _, k, _ := strings.Cut(head, " "); k == kind {
		return rest
	}
	return summary
}

// spikeTone tones a spike's kind: failures and denials are errors.
func spikeTone(kind string) tone {
	switch kind {
	case "errors", "denials":
		return toneError
	case "load", "bytes":
		return toneWarn
	}
	return toneNeutral
}

// FormatRatio renders a spike's ratio to its baseline: "x3.2", "x14", "x∞".
func FormatRatio(r float64) string {
	switch {
	case math.IsNaN(r) || r <= 0:
		return "x?"
	case math.IsInf(r, 1):
		return "x∞"
	case r < 10:
		return "x" + strconv.FormatFloat(math.Round(r*10)/10, 'f', -1, 64)
	case r < 10000:
		return "x" + strconv.FormatFloat(r, 'f', 0, 64)
	}
	return "x" + scaled(r, 1000, []string{"k", "M", "G", "T", "P", "E"})
}
