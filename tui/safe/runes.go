package safe

import (
	"unicode"
	"unicode/utf8"
)

const (
	// controlPictures is U+2400 SYMBOL FOR NULL; C0 control c is shown as
	// controlPictures+c (␀ ... ␟, with ␛ for ESC).
	controlPictures = 0x2400
	// delPicture is U+2421 SYMBOL FOR DELETE.
	delPicture = 0x2421
	// dottedCircle is the base a combining mark is shown on when nothing
	// of the text precedes it.
	dottedCircle = 0x25CC
	// maxMarks bounds a run of combining marks: real scripts stack a few,
	// "Zalgo" text stacks hundreds that spill into the lines above and below.
	maxMarks = 8
)

// inert returns what to print in place of r and whether that differs from r.
func inert(r rune) (rune, bool) {
	switch {
	case r == '\t':
		// A tab's width depends on the column it lands on; one space keeps
		// the measured width true.
		return ' ', true
	case r < 0x20:
		return controlPictures + r, true
	case r < 0x7f:
		return r, false
	case r == 0x7f:
		return delPicture, true
	case r <= 0x9f:
		// C1 controls: 0x9b is a one-byte CSI on terminals that honor C1.
		return utf8.RuneError, true
	case r < 0xad:
		return r, false
	case r == 0x2028 || r == 0x2029:
		// Line and paragraph separators break the one-line promise.
		return utf8.RuneError, true
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
		// Format characters: bidi embeddings, overrides, isolates and marks
		// (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), zero-width
		// space, joiners and no-break (U+200B-U+200D, U+2060, U+FEFF), soft
		// hyphen, tag characters; and the invisible fillers (U+3164 ...).
		// They reorder or hide text, so they are shown as U+FFFD.
		return utf8.RuneError, true
	}
	return r, false
}

// isMark reports whether r is a combining mark (it draws on the previous
// character's cell).
func isMark(r rune) bool {
	return r >= 0x300 && unicode.Is(unicode.M, r)
}
