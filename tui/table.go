package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// A small table layout for the full-body views (streams overview,
// sources): fixed columns around one flexible column, the least needed
// columns dropped first when the width is short.

// column is one column of a table.
type column struct {
	title string
	// width is the fixed width; 0 makes the flexible column.
	width int
	right bool
	// keep orders the dropping: the lowest keep goes first.
	keep int
}

// tableLayout is which columns fit and how wide the flexible one is.
type tableLayout struct {
	cols  []column
	shown []bool
	flexW int
}

// layoutTable drops columns (lowest keep first) until the flexible column
// has at least minFlex cells of width.
func layoutTable(cols []column, width, minFlex int) tableLayout {
	t := tableLayout{cols: cols, shown: make([]bool, len(cols))}
	for i := range cols {
		t.shown[i] = true
	}
	for {
		t.flexW = width
		for i, c := range cols {
			if t.shown[i] && c.width > 0 {
				t.flexW -= c.width + 1
			}
		}
		if t.flexW >= minFlex {
			return t
		}
		drop := -1
		for i, c := range cols {
			if t.shown[i] && c.width > 0 && (drop < 0 || c.keep < cols[drop].keep) {
				drop = i
			}
		}
		if drop < 0 {
			t.flexW = max(t.flexW, 1)
			return t
		}
		t.shown[drop] = false
	}
}

// line renders cells (styled, one per column) padded or cut to their
// columns, one space apart, in width cells.
func (t tableLayout) line(cells []string, width int) string {
	var b strings.Builder
	first := true
	for i, c := range t.cols {
		if !t.shown[i] {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		w := c.width
		if w == 0 {
			w = t.flexW
		}
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		if ansi.StringWidth(cell) > w {
			cell = ansi.Truncate(cell, w, "…")
		}
		if c.right {
			b.WriteString(padLeft(cell, w))
		} else {
			b.WriteString(fit(cell, w))
		}
	}
	return fit(b.String(), width)
}

// titles are the column titles, as cells of line.
func (t tableLayout) titles() []string {
	titles := make([]string, len(t.cols))
	for i, c := range t.cols {
		titles[i] = c.title
	}
	return titles
}
