package tui

import (
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/themes"
	"github.com/tailtop/tailtop/tui/safe"
)

// alertsPane lists the stream's alert rules: firing ones first, each with
// its value, when it fired and when it cleared.
type alertsPane struct {
	box
	alerts []analyze.Alert
	cur    cursor
}

func newAlertsPane(c *common) *alertsPane { return &alertsPane{box: box{c: c}} }

func (p *alertsPane) SetStream(s *analyze.StreamSnapshot) {
	p.alerts = p.alerts[:0]
	if s == nil {
		return
	}
	p.alerts = append(p.alerts, s.Alerts...)
	sort.SliceStable(p.alerts, func(i, j int) bool { return p.alerts[i].Firing && !p.alerts[j].Firing })
}

func (p *alertsPane) Update(msg tea.KeyPressMsg) bool {
	_, h := p.inner()
	return p.cur.update(msg, p.c.keys.Scroll, len(p.alerts), h)
}

// Target is the lines behind the selected rule.
func (p *alertsPane) Target() (drillTarget, bool) {
	i, ok := p.cur.selected(len(p.alerts))
	if !ok {
		return drillTarget{}, false
	}
	return alertTarget(p.alerts[i]), true
}

func (p *alertsPane) View() string {
	st := p.c.styles
	w, h := p.inner()
	from, to := p.cur.window(len(p.alerts), h)
	body := make([]string, 0, h)
	if len(p.alerts) == 0 {
		body = append(body, st.Dim.Render("no alert rules"))
	}
	for _, a := range p.alerts[from:to] {
		body = append(body, AlertRow(a, w, st))
	}
	firing := 0
	for _, a := range p.alerts {
		if a.Firing {
			firing++
		}
	}
	info := position(from, to, len(p.alerts))
	if firing > 0 {
		info = joinInfo(strconv.Itoa(firing)+" firing", info)
	}
	return p.frameAt("alerts", info, body, p.cur.sel-from)
}

// AlertRow renders one rule in width cells:
// "FIRING denied >= 1 per 1m      3 ≥ 1  fired 15:08:40  ×2" or
// "ok     status:5xx > 5% per 5m  0.4   fired 15:01:00 cleared 15:03:10".
func AlertRow(a analyze.Alert, width int, st themes.Styles) string {
	if width <= 0 {
		return ""
	}
	state := st.OK.Render("ok    ")
	if a.Firing {
		state = st.Alert.Render("FIRING")
	}
	value := formatValue(a.Value)
	if a.Firing {
		value += " " + ruleOp(a.Rule) + " " + formatValue(a.Threshold)
	}
	if a.Key != "" {
		value = ansi.Truncate(safe.Text(a.Key), 24, "…") + " " + value
	}
	var when []string
	if a.Fired > 0 && !a.Since.IsZero() {
		when = append(when, "fired "+a.Since.Format("15:04:05"))
	}
	if !a.Cleared.IsZero() && !a.Firing {
		when = append(when, "cleared "+a.Cleared.Format("15:04:05"))
	}
	if a.Fired == 0 {
		when = append(when, "never fired")
	} else if a.Fired > 1 {
		when = append(when, "×"+FormatCount(a.Fired))
	}
	tail := st.Count.Render(value) + "  " + st.Dim.Render(strings.Join(when, " "))
	tailW := ansi.StringWidth(tail)
	ruleW := width - 7 - 2 - tailW
	if ruleW < 12 {
		// Narrow: the rule matters more than the times.
		tail = st.Count.Render(value)
		tailW = ansi.StringWidth(tail)
		ruleW = width - 7 - 2 - tailW
	}
	ruleStyle := st.Key
	if a.Firing {
		ruleStyle = st.Error
	}
	line := state + " " + ruleStyle.Render(fit(safe.Line(a.Rule, max(ruleW, 1)), max(ruleW, 1))) + "  " + tail
	return fit(line, width)
}

// formatValue renders a rule's value: whole numbers as counts, fractions
// with two significant decimals.
func formatValue(v float64) string {
	if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
		return FormatCount(int64(v))
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// ruleOp is the comparison a rule is written with, to show a value
// against its threshold: "≥" for ">=", "/" when none is found.
func ruleOp(rule string) string {
	for _, op := range []struct{ in, out string }{{">=", "≥"}, {"<=", "≤"}, {">", ">"}, {"<", "<"}, {"==", "="}, {"=", "="}} {
		if strings.Contains(rule, " "+op.in+" ") {
			return op.out
		}
	}
	return "/"
}

// firingAlert is a firing rule and the stream it belongs to.
type firingAlert struct {
	stream string
	alert  analyze.Alert
}

// firingAlerts lists the firing rules of every stream, the most recent
// firing first.
func firingAlerts(snap analyze.Snapshot) []firingAlert {
	var out []firingAlert
	for _, s := range snap.Streams {
		for _, a := range s.Alerts {
			if a.Firing {
				out = append(out, firingAlert{stream: s.Name, alert: a})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].alert.Since.After(out[j].alert.Since) })
	return out
}

// bannerLine is the loud line across the top while a rule fires:
// "!! ALERT denied >= 1 per 1m · cloudtrail · 3 ≥ 1 since 15:08:40 · +1 more".
// withStream names the stream (when several are open).
func bannerLine(firing []firingAlert, withStream bool, width int, st themes.Styles) string {
	if width <= 0 || len(firing) == 0 {
		return ""
	}
	f := firing[0]
	parts := []string{"!! ALERT " + safe.Text(f.alert.Rule)}
	if withStream {
		parts = append(parts, safe.Text(f.stream))
	}
	v := formatValue(f.alert.Value) + " " + ruleOp(f.alert.Rule) + " " + formatValue(f.alert.Threshold)
	if f.alert.Key != "" {
		v = safe.Text(f.alert.Key) + " " + v
	}
	if !f.alert.Since.IsZero() {
		v += " since " + f.alert.Since.Format("15:04:05")
	}
	parts = append(parts, v)
	if n := len(firing) - 1; n > 0 {
		parts = append(parts, "+"+strconv.Itoa(n)+" more")
	}
	text := ansi.Truncate(strings.Join(parts, " · "), width, "…")
	return st.Alert.Render(fit(text, width))
}

// alertKey names a rule across snapshots.
type alertKey struct{ stream, rule string }

// bellState remembers which rules were firing, to ring once per new firing.
type bellState struct {
	fired map[alertKey]int64 // Fired count when last seen firing
}

// observe records the snapshot's alerts and reports whether a rule started
// firing since the last snapshot: one that was not firing, or whose Fired
// count grew (it cleared and fired again in between).
func (b *bellState) observe(snap analyze.Snapshot) bool {
	next := make(map[alertKey]int64)
	started := false
	for _, s := range snap.Streams {
		for _, a := range s.Alerts {
			if !a.Firing {
				continue
			}
			k := alertKey{s.Name, a.Rule}
			prev, was := b.fired[k]
			if !was || a.Fired > prev {
				started = true
			}
			next[k] = a.Fired
		}
	}
	b.fired = next
	return started
}

// bell is the command that rings the terminal bell: BEL written to the
// terminal as is.
func bell() tea.Cmd { return tea.Raw(string(rune(ansi.BEL))) }
