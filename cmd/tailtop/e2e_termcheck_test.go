package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Checks of what a terminal received and what it shows, for the hostile
// input tests. The raw stream is parsed with the x/ansi decoder (the one
// bubbletea's own input and renderer code is built on), and every control
// sequence in it must be one that tailtop's renderer writes on purpose:
// an allow-list, so that a sequence nobody thought of is a failure too.

// rawStreamViolations parses everything a terminal received from tailtop
// and lists what tailtop must never write: any OSC but setting the window
// title to title (or clearing it), any DCS, APC, PM or SOS string, C1
// controls (raw bytes or UTF-8), a BEL of its own, C0 controls other than
// the renderer's CR, LF, BS and TAB, escape and CSI sequences off the
// allow-list, invalid UTF-8, and invisible or bidi format characters.
func rawStreamViolations(raw []byte, title string) []string {
	var out []string
	add := func(format string, args ...any) {
		if len(out) < 40 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	p := ansi.NewParser()
	p.SetDataSize(4096)
	var state byte
	for off := 0; off < len(raw); {
		seq, _, n, next := ansi.DecodeSequence(raw[off:], state, p)
		if n <= 0 {
			add("byte %d: the decoder made no progress on %q", off, clip(raw[off:]))
			n = 1
		}
		state = next
		if next != ansi.NormalState && off+n >= len(raw) {
			add("byte %d: an unterminated sequence ends the stream: %q", off, clip(seq))
		}
		if next == ansi.NormalState {
			if v := sequenceViolation(seq, p, title); v != "" {
				add("byte %d: %s: %q", off, v, clip(seq))
			}
		}
		off += n
	}
	return out
}

func clip(b []byte) []byte {
	if len(b) > 60 {
		return b[:60]
	}
	return b
}

// sequenceViolation says what is wrong with one decoded sequence or
// grapheme, or "" when tailtop may write it.
func sequenceViolation(seq []byte, p *ansi.Parser, title string) string {
	if len(seq) == 0 {
		return ""
	}
	c := seq[0]
	switch {
	case c >= 0x80 && c <= 0x9f:
		return "a raw C1 control byte"
	case c == ansi.BEL:
		return "a BEL of tailtop's own (no --bell)"
	case c == '\r' || c == '\n' || c == '\b' || c == '\t':
		// The renderer's cursor motions.
		return ""
	case c < 0x20 && c != ansi.ESC || c == 0x7f:
		return "a C0 control"
	case c != ansi.ESC:
		return graphemeViolation(seq)
	}
	switch {
	case ansi.HasCsiPrefix(seq):
		return csiViolation(ansi.Cmd(p.Command()), p.Params())
	case ansi.HasOscPrefix(seq):
		cmd, data := p.Command(), string(p.Data())
		if (cmd == 0 || cmd == 2) && (data == strconv.Itoa(cmd)+";"+title || data == strconv.Itoa(cmd)+";") {
			return ""
		}
		if (cmd == 10 || cmd == 11) && data == strconv.Itoa(cmd)+";?" {
			return "" // asking the colors, to pick a dark or light theme
		}
		return fmt.Sprintf("an OSC %d that is not tailtop's title", cmd)
	case ansi.HasDcsPrefix(seq):
		return "a DCS string"
	case ansi.HasApcPrefix(seq):
		return "an APC string"
	case ansi.HasPmPrefix(seq):
		return "a PM string"
	case ansi.HasSosPrefix(seq):
		return "a SOS string"
	}
	switch string(seq) {
	case "\x1b7", "\x1b8", "\x1bM", "\x1b=", "\x1b>":
		// Save/restore cursor, reverse index, keypad modes.
		return ""
	}
	return "an escape sequence off the allow-list"
}

// csiAllowed are the CSI finals with no prefix and no intermediate that a
// renderer uses: cursor motion and position, erase, insert and delete,
// scroll, repeat, SGR, and the scroll region. Reports (n, c), window ops
// (t) and ANSI modes (h, l) are not among them.
const csiAllowed = "ABCDEFGHIJKLMPSTXZ@`abdefmr"

// privateModes are the DEC modes tailtop may set and reset: cursor
// visibility, alternate screen, bracketed paste, focus events,
// synchronized output, grapheme clustering, and its mouse capture (cell
// motion, SGR reports). The other mouse modes it may only reset.
var privateModes = []int{25, 1049, 2004, 1004, 2026, 2027, 1002, 1006}
var resetOnlyModes = []int{1000, 1003}

func csiViolation(cmd ansi.Cmd, params ansi.Params) string {
	final, prefix, inter := cmd.Final(), cmd.Prefix(), cmd.Intermediate()
	ok := false
	switch {
	case prefix == 0 && inter == 0:
		ok = strings.IndexByte(csiAllowed, final) >= 0
	case prefix == 0 && inter == ' ' && final == 'q':
		ok = true // cursor shape
	case prefix == '?' && (final == 'h' || final == 'l') && inter == 0:
		ok = len(params) > 0
		for i := range params {
			m := params[i].Param(-1)
			if !slices.Contains(privateModes, m) && (final == 'h' || !slices.Contains(resetOnlyModes, m)) {
				ok = false
			}
		}
	case prefix == '?' && inter == '$' && final == 'p':
		ok = true // DECRQM: the renderer asks which modes the terminal has
	case prefix == '?' && inter == 0 && (final == 'u' || final == 'W'):
		ok = true // kitty keyboard query; DECST8C tab stops
	case (prefix == '>' || prefix == '<' || prefix == '=') && inter == 0 && final == 'u':
		ok = true // kitty keyboard push, pop, set
	case prefix == '>' && inter == 0 && final == 'm':
		ok = true // xterm modifyOtherKeys
	}
	if ok {
		return ""
	}
	return "a CSI sequence off the allow-list"
}

// graphemeViolation checks printable text: valid UTF-8, no C1 control
// encoded in UTF-8 (U+009B is a CSI to terminals that honor C1), no line
// separators, no bidi or invisible format characters.
func graphemeViolation(g []byte) string {
	if !utf8.Valid(g) {
		return "invalid UTF-8"
	}
	for _, r := range string(g) {
		switch {
		case r >= 0x80 && r <= 0x9f:
			return "a C1 control in UTF-8"
		case r == 0x2028 || r == 0x2029:
			return "a line or paragraph separator"
		case unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("a format character %U", r)
		}
	}
	return ""
}

// textViolations checks output meant to be read in a terminal as plain
// text (a report, JSON): valid UTF-8, no C0 control but LF and TAB, no
// DEL, no C1 control raw or encoded; with noFormat, no bidi or invisible
// format characters either.
func textViolations(b []byte, noFormat bool) []string {
	var out []string
	add := func(format string, args ...any) {
		if len(out) < 20 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			add("byte %d: invalid UTF-8 %#x", i, b[i])
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			add("byte %d: control %#x", i, r)
		case r >= 0x80 && r <= 0x9f:
			add("byte %d: C1 control %U", i, r)
		case noFormat && (unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029):
			add("byte %d: format character %U", i, r)
		}
		i += size
	}
	return out
}

// screenSGRViolations checks a capture-pane -e screen, the terminal's own
// record of each cell's attributes: it may hold only SGR sequences, and,
// with NO_COLOR, no colors, no blink and no concealed text: the attributes
// a log line asks for must not have reached the cells.
func screenSGRViolations(screen string) []string {
	var out []string
	p := ansi.NewParser()
	var state byte
	b := []byte(screen)
	for off := 0; off < len(b); {
		seq, _, n, next := ansi.DecodeSequence(b[off:], state, p)
		if n <= 0 {
			n = 1
		}
		state = next
		off += n
		if next != ansi.NormalState || len(seq) == 0 || seq[0] != ansi.ESC {
			continue
		}
		cmd := ansi.Cmd(p.Command())
		if !ansi.HasCsiPrefix(seq) || cmd.Final() != 'm' || cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
			out = append(out, fmt.Sprintf("non-SGR sequence in the captured screen: %q", seq))
			continue
		}
		for _, prm := range p.Params() {
			switch v := prm.Param(0); {
			case v == 5 || v == 6:
				out = append(out, fmt.Sprintf("blinking cells: %q", seq))
			case v == 8:
				out = append(out, fmt.Sprintf("concealed cells: %q", seq))
			case v >= 30 && v <= 38 || v >= 40 && v <= 48 || v >= 90 && v <= 97 || v >= 100 && v <= 107 || v == 58:
				out = append(out, fmt.Sprintf("colored cells under NO_COLOR: %q", seq))
			}
		}
	}
	return out
}

// cell is a character cell of a captured screen row.
type cell struct {
	col  int
	text string
}

// rowCells splits a captured row (plain text) into cells the way a
// terminal without grapheme clustering lays them out (tmux 3.3, xterm,
// VTE): one wcwidth per code point, zero-width ones joining the cell
// before. That is where the terminal put each character, whatever
// tailtop meant.
func rowCells(row string) []cell {
	var cells []cell
	col := 0
	for _, r := range row {
		w := ansi.StringWidthWc(string(r))
		if w == 0 && len(cells) > 0 {
			cells[len(cells)-1].text += string(r)
			continue
		}
		cells = append(cells, cell{col: col, text: string(r)})
		col += w
	}
	return cells
}

func cellAt(cells []cell, col int) string {
	for _, c := range cells {
		if c.col == col {
			return c.text
		}
		if c.col > col {
			break
		}
	}
	return ""
}

const (
	topLeft     = "╭┏┌╔"
	topRight    = "╮┓┐╗"
	bottomLeft  = "╰┗└╚"
	bottomRight = "╯┛┘╝"
	vertical    = "│┃║"
	// selected marks the selected row in place of a pane's left border.
	selected = "▸"
)

// geometryViolations checks a captured screen's layout: every row fits
// the width as tailtop measures it (ansi.StringWidth), and every pane's
// box is whole where the terminal drew it: the left and right borders of
// each row between a top and a bottom edge stand in the same columns as
// the box's corners. A log line whose width tailtop measured wrongly
// shifts the right border of its row.
func geometryViolations(screen string, width int) []string {
	var out []string
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	grid := make([][]cell, len(rows))
	for y, row := range rows {
		if w := ansi.StringWidth(ansi.Strip(row)); w > width {
			out = append(out, fmt.Sprintf("row %d is %d cells wide at %d columns: %q", y, w, width, row))
		}
		grid[y] = rowCells(row)
	}
	for y, cells := range grid {
		for i, c := range cells {
			if !strings.Contains(topLeft, c.text) {
				continue
			}
			right := -1
			for _, d := range cells[i+1:] {
				if strings.Contains(topRight, d.text) {
					right = d.col
					break
				}
				if strings.Contains(topLeft, d.text) {
					break
				}
			}
			if right < 0 {
				out = append(out, fmt.Sprintf("row %d: a box's top edge at column %d has no right corner: %q", y, c.col, rows[y]))
				continue
			}
			out = append(out, boxViolations(rows, grid, y, c.col, right)...)
		}
	}
	return out
}

// boxViolations follows one box down from its top edge at row top.
func boxViolations(rows []string, grid [][]cell, top, left, right int) []string {
	var out []string
	for y := top + 1; y < len(grid); y++ {
		l, r := cellAt(grid[y], left), cellAt(grid[y], right)
		if l != "" && strings.Contains(bottomLeft, l) {
			if r == "" || !strings.Contains(bottomRight, r) {
				out = append(out, fmt.Sprintf("row %d: the bottom edge of the box at columns %d-%d does not end at column %d: %q", y, left, right, right, rows[y]))
			}
			return out
		}
		if l == "" || !strings.Contains(vertical+selected, l) {
			out = append(out, fmt.Sprintf("row %d: no left border at column %d for the box at columns %d-%d: %q", y, left, left, right, rows[y]))
			return out
		}
		if r == "" || !strings.Contains(vertical, r) {
			out = append(out, fmt.Sprintf("row %d: the right border of the box at columns %d-%d is not at column %d: %q", y, left, right, right, rows[y]))
		}
	}
	out = append(out, fmt.Sprintf("the box at row %d, columns %d-%d, has no bottom edge", top, left, right))
	return out
}

// restoreViolations reads the modes a program left the terminal in from
// everything it wrote: the alternate screen left, the cursor shown, mouse
// reports and bracketed paste off, every keyboard mode it pushed popped,
// and its window title cleared. tmux forgets a dead pane's modes, so the
// stream is the witness.
func restoreViolations(raw []byte) []string {
	modes := map[int]bool{}
	pushes, title := 0, ""
	p := ansi.NewParser()
	p.SetDataSize(4096)
	var state byte
	for off := 0; off < len(raw); {
		seq, _, n, next := ansi.DecodeSequence(raw[off:], state, p)
		if n <= 0 {
			n = 1
		}
		state = next
		off += n
		if next != ansi.NormalState || len(seq) < 2 || seq[0] != ansi.ESC {
			continue
		}
		switch {
		case ansi.HasCsiPrefix(seq):
			cmd := ansi.Cmd(p.Command())
			switch {
			case cmd.Prefix() == '?' && cmd.Intermediate() == 0 && (cmd.Final() == 'h' || cmd.Final() == 'l'):
				for _, prm := range p.Params() {
					modes[prm.Param(-1)] = cmd.Final() == 'h'
				}
			case cmd.Prefix() == '>' && cmd.Final() == 'u':
				pushes++
			case cmd.Prefix() == '<' && cmd.Final() == 'u':
				pushes -= max(p.Params()[0].Param(1), 1)
			}
		case ansi.HasOscPrefix(seq):
			if c := p.Command(); c == 0 || c == 2 {
				_, title, _ = strings.Cut(string(p.Data()), ";")
			}
		}
	}
	var out []string
	if _, ok := modes[1049]; !ok {
		out = append(out, "the program never entered the alternate screen")
	}
	for _, m := range []int{1049, 1000, 1002, 1003, 1006, 2004} {
		if modes[m] {
			out = append(out, fmt.Sprintf("mode %d left on", m))
		}
	}
	if on, ok := modes[25]; ok && !on {
		out = append(out, "the cursor left hidden")
	}
	if pushes > 0 {
		out = append(out, fmt.Sprintf("%d keyboard modes left pushed", pushes))
	}
	if title != "" {
		out = append(out, fmt.Sprintf("the window title left as %q", title))
	}
	return out
}
