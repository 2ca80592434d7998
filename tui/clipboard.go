package tui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/tailtop/tailtop/analyze"
	"github.com/tailtop/tailtop/tui/safe"
)

// Copying happens on the copy key only (never on a click or a selection),
// through the terminal's clipboard escape (OSC 52), which works over SSH.
// What is copied is the text as shown, sanitized: a log line's escape
// sequences and control characters are made inert first, so a copied line
// cannot carry a sequence into the next terminal it is pasted in.

// maxCopyBytes bounds one copy: terminals cap OSC 52 payloads (tmux and
// xterm near 100 kB of base64), and a megabyte line would be cut there
// anyway, less visibly.
const maxCopyBytes = 64 << 10

// noticeFor is how long a notice stays in the status line.
const noticeFor = 3 * time.Second

// notice is a short message in the status line ("copied 42 bytes"),
// shown since at; the refresh tick clears it after noticeFor.
type notice struct {
	text string
	at   time.Time
}

// setNotice shows text in the status line for a few seconds.
func (m *Model) setNotice(text string) {
	m.notice = notice{text: text, at: m.opts.Now()}
	m.invalidate()
}

// expireNotice clears the notice once it is old; the refresh tick calls
// it, so a notice needs no timer of its own.
func (m *Model) expireNotice() {
	if m.notice.text != "" && m.opts.Now().Sub(m.notice.at) >= noticeFor {
		m.notice = notice{}
		m.invalidate()
	}
}

// withNotice puts the notice, if any, over the left of the status line
// (the sources), keeping its right (rate, window, pause) in view.
func (m *Model) withNotice(status string) string {
	if m.notice.text == "" {
		return status
	}
	st := m.c.styles
	prefix := ansi.Truncate(st.Warn.Render(safe.Text(m.notice.text))+st.Dim.Render(" │ "), m.width, "…")
	return fit(prefix+ansi.TruncateLeft(status, ansi.StringWidth(prefix), ""), m.width)
}

// typing reports whether a text input takes the keys now: the copy and
// mouse keys are then letters like any other.
func (m *Model) typing() bool {
	if m.drill.open() {
		return m.drill.text.Editing()
	}
	return m.tail.filter.Editing()
}

// finishKey handles the copy and mouse keys, in every view but while
// typing.
func (m *Model) finishKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if m.typing() {
		return nil, false
	}
	switch {
	case key.Matches(msg, m.c.keys.Copy):
		return m.copySelection(), true
	case key.Matches(msg, m.c.keys.Mouse):
		m.toggleMouse()
		return nil, true
	}
	return nil, false
}

// copySelection puts what is selected on the clipboard and says how much.
func (m *Model) copySelection() tea.Cmd {
	text, what := m.selectionText()
	if text == "" {
		m.setNotice("nothing to copy here")
		return nil
	}
	text, cut := clipText(text, maxCopyBytes)
	msg := "copied " + what + ", " + strconv.Itoa(len(text)) + " bytes"
	if cut {
		msg += " (cut)"
	}
	m.setNotice(msg)
	return tea.SetClipboard(text)
}

// selectionText is the plain text of what is selected now, and a word
// for it: the drill-down's line (in full, JSON pretty-printed, while
// shown so), the overview's stream, the focused pane's selected key, or
// the tail's lines on screen.
func (m *Model) selectionText() (text, what string) {
	switch m.mode() {
	case modeDrill:
		l, ok := m.drill.selected()
		if !ok {
			return "", ""
		}
		if m.drill.detail {
			return plainDetail(l), "the line"
		}
		return safe.Text(l.Text), "the line"
	case modeOverview:
		if i, ok := m.overview.Selected(); ok {
			return safe.Text(m.overview.streams[i].Name), "the stream name"
		}
		return "", ""
	case modePanes:
		return paneText(m.panes()[m.focus], m.c)
	}
	return "", ""
}

// paneText is the copy of a pane's selection.
func paneText(p pane, c *common) (text, what string) {
	switch p := p.(type) {
	case *topPane:
		if i, ok := p.cur.selected(len(p.rows)); ok {
			return safe.Text(p.rows[i].Key), "the key"
		}
	case *alertsPane:
		if i, ok := p.cur.selected(len(p.alerts)); ok {
			return safe.Text(p.alerts[i].Rule), "the rule"
		}
	case *spikesPane:
		if i, ok := p.cur.selected(len(p.spikes)); ok {
			// The row as shown, wide enough for the whole attribution.
			row := SpikeRow(p.spikes[i], 1<<10, c.styles)
			return strings.TrimRight(ansi.Strip(row), " "), "the spike"
		}
	case *tailPane:
		rows := p.rows()
		end := len(rows) - p.back
		start := max(end-p.visible(), 0)
		lines := make([]string, 0, end-start)
		for _, l := range rows[start:end] {
			lines = append(lines, safe.Text(l.Text))
		}
		if len(lines) == 1 {
			return lines[0], "1 line"
		}
		return strings.Join(lines, "\n"), strconv.Itoa(len(lines)) + " lines"
	case *statusPane, *deniedPane:
		t, ok := p.Target()
		if !ok {
			break
		}
		// The last level is the narrowest: the value that row stands for.
		lv := t.levels[len(t.levels)-1]
		if lv.filter.Value != "" {
			return safe.Text(lv.filter.Value), "the key"
		}
		return lv.label(), "the row"
	}
	return "", ""
}

// plainDetail is a line in full, unstyled and unwrapped: JSON
// pretty-printed (the escapes inside strings expanded, then each line
// sanitized), any other text sanitized.
func plainDetail(l analyze.TailLine) string {
	lines, ok := prettyJSON(l.Text, maxDetailRows)
	if !ok {
		return safe.Text(l.Text)
	}
	for i, s := range lines {
		lines[i] = safe.Text(s)
	}
	return strings.Join(lines, "\n")
}

// clipText cuts s to at most n bytes, at a line end when there is one in
// the last quarter, else at a character boundary.
func clipText(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	cut := n
	if i := strings.LastIndexByte(s[:n], '\n'); i >= n*3/4 {
		cut = i
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}
