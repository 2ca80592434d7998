package tui

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
)

// ratePane shows the event rate (and the byte rate) as sparklines with the
// current and peak values.
type ratePane struct {
	box
	rate, byteRate []float64
	lag            time.Duration
}

func newRatePane(c *common) *ratePane { return &ratePane{box: box{c: c}} }

func (p *ratePane) SetStream(s *analyze.StreamSnapshot) {
	if s == nil {
		p.rate, p.byteRate, p.lag = nil, nil, 0
		return
	}
	p.rate, p.byteRate, p.lag = s.Rate, s.ByteRate, s.Lag
}

// Update has nothing to scroll: the chart always ends now.
func (p *ratePane) Update(tea.KeyPressMsg) bool { return false }

// Target is every line: the rate counts them all.
func (p *ratePane) Target() (drillTarget, bool) { return target(drillLevel{}) }

func (p *ratePane) View() string {
	st := p.c.styles
	w, h := p.inner()
	cur, peak := lastAndPeak(p.rate)
	bcur, bpeak := lastAndPeak(p.byteRate)
	events := []string{"events " + FormatRate(cur) + "/s", "peak " + FormatRate(peak) + "/s"}
	if p.lag > 0 {
		events = append(events, "lag "+FormatLag(p.lag))
	}
	bytes := []string{"bytes " + FormatBytes(bcur) + "/s", "peak " + FormatBytes(bpeak) + "/s"}
	body := make([]string, 0, h)
	withBytes := len(p.byteRate) > 0
	if withBytes && h >= 6 {
		byteRows := max((h-2)/3, 1)
		eventRows := h - 2 - byteRows
		body = append(body, st.Count.Render(fitParts(events, w)))
		body = append(body, styleRows(Sparkline(p.rate, w, eventRows, st.Glyphs.Spark), st.Sparkline.Render)...)
		body = append(body, st.Count.Render(fitParts(bytes, w)))
		body = append(body, styleRows(Sparkline(p.byteRate, w, byteRows, st.Glyphs.Spark), st.ByteSparkline.Render)...)
	} else {
		if withBytes {
			// No room for the bytes chart: the current byte rate goes
			// before the less urgent peak and lag.
			events = append(events[:1], append([]string{FormatBytes(bcur) + "/s"}, events[1:]...)...)
		}
		body = append(body, st.Count.Render(fitParts(events, w)))
		body = append(body, styleRows(Sparkline(p.rate, w, h-1, st.Glyphs.Spark), st.Sparkline.Render)...)
	}
	info := ""
	if len(p.rate) > 0 {
		info = strconv.Itoa(min(len(p.rate), w)) + "s"
	}
	return p.frame("rate", info, body)
}

// fitParts joins as many leading parts as fit in width, two spaces apart
// (the first part is cut if even it does not fit).
func fitParts(parts []string, width int) string {
	out := ""
	for i, p := range parts {
		next := p
		if i > 0 {
			next = out + "  " + p
		}
		if ansi.StringWidth(next) > width {
			if i == 0 {
				return ansi.Truncate(p, width, "…")
			}
			break
		}
		out = next
	}
	return out
}

func lastAndPeak(v []float64) (last, peak float64) {
	for _, x := range v {
		if x > peak { // NaN never is
			peak = x
		}
	}
	if len(v) > 0 {
		last = v[len(v)-1]
	}
	return last, peak
}

func styleRows(rows []string, render func(...string) string) []string {
	for i, r := range rows {
		rows[i] = render(r)
	}
	return rows
}
