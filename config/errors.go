package config

import (
	"fmt"
	"strings"
)

// Error is one problem in a configuration file, at the line it is on when
// that is known, so that an editor can jump to it.
type Error struct {
	// File is the configuration file's path as given.
	File string
	// Line and Col are 1-based; 0 when unknown.
	Line, Col int
	// Key is the dotted key the problem is about ("" for syntax errors),
	// with the index of an array element: "sources.web[1].format".
	Key string
	Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors are every problem found in one file, in line order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
