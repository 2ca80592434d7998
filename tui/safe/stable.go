package safe

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Two measures of text width meet on one screen. The panes are laid out by
// grapheme clusters (ansi.GraphemeWidth: lipgloss, and this package's
// Line), while on a terminal without grapheme clustering (mode 2027 off:
// tmux 3.3, xterm, VTE, so most SSH sessions) bubbletea's renderer places
// code points one at a time by wcwidth (ansi.WcWidth), exactly as the
// terminal does. A cluster the two measure differently, such as an emoji
// with a skin tone modifier or a presentation selector, a Devanagari
// spacing mark, conjoining Hangul jamo or a halfwidth voiced mark, shifts
// the rest of its row: the pane's right border moves, or falls off the
// screen. A log line can do that on purpose. stable rewrites those
// clusters so that both measures agree; every other cluster is kept.

// maxStableCluster bounds a cluster rebuilt rune by rune (bytes), so that
// rebuilding stays linear in the text.
const maxStableCluster = 64

// stable returns s with every grapheme cluster of the same width by both
// measures, also next to whatever the screen puts before and after the text
// (a border, padding): a cluster that would join them is rewritten too.
// Text that needs no change is returned as is without allocating.
func stable(s string) string {
	bad := firstUnstable(s)
	if bad < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:bad])
	for i := bad; i < len(s); {
		c, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		first, last := i == 0, i+len(c) == len(s)
		if stableCluster(c, w, first, last) {
			b.WriteString(c)
		} else {
			rebuildCluster(&b, c, first, last)
		}
		i += len(c)
	}
	return b.String()
}

// firstUnstable returns the offset of the first cluster of s that stable
// must rewrite, or -1.
func firstUnstable(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf && (i+1 == len(s) || s[i+1] < utf8.RuneSelf) {
			// An ASCII character followed by ASCII (or nothing) is a
			// cluster of its own, one cell either way.
			i++
			continue
		}
		c, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if !stableCluster(c, w, i == 0, i+len(c) == len(s)) {
			return i
		}
		i += len(c)
	}
	return -1
}

// stableCluster reports whether cluster c (w cells as a cluster) has the
// same width rune by rune, and, when it starts or ends the text, would not
// join what the screen puts beside it.
func stableCluster(c string, w int, first, last bool) bool {
	if w != ansi.StringWidthWc(c) {
		return false
	}
	if first && c[0] >= utf8.RuneSelf && joinsBefore(c) {
		return false
	}
	return !last || c[len(c)-1] < utf8.RuneSelf || !joinsAfter(c)
}

// joinsBefore reports whether the first rune of c would extend a cluster
// before it (as a mark or a modifier extends the character before).
func joinsBefore(c string) bool {
	r, _ := utf8.DecodeRuneInString(c)
	return joins(r)&joinBefore != 0
}

// joinsAfter reports whether the last rune of c would take the character
// after it into its cluster (as a prepended concatenation mark does).
func joinsAfter(c string) bool {
	r, _ := utf8.DecodeLastRuneInString(c)
	return joins(r)&joinAfter != 0
}

const (
	joinBefore = 1 << iota
	joinAfter
	joinKnown
)

// joinCache remembers joins: asking the segmenter builds strings on the
// heap, and Text's promise is not to allocate for text it keeps. Log text
// uses few distinct runes at the edges of its fields; the cache is bounded
// all the same.
var joinCache struct {
	sync.Mutex
	m map[rune]uint8
}

const maxJoinCache = 1 << 14

// joins finds out with the segmenter itself how r behaves next to an
// ordinary character: whether it joins one before it, one after it.
func joins(r rune) uint8 {
	joinCache.Lock()
	v, ok := joinCache.m[r]
	joinCache.Unlock()
	if ok {
		return v
	}
	rs := string(r)
	v = joinKnown
	if cl, _ := ansi.FirstGraphemeCluster("x"+rs, ansi.WcWidth); len(cl) > 1 {
		v |= joinBefore
	}
	if cl, _ := ansi.FirstGraphemeCluster(rs+"x", ansi.WcWidth); len(cl) > len(rs) {
		v |= joinAfter
	}
	joinCache.Lock()
	if joinCache.m == nil {
		joinCache.m = make(map[rune]uint8)
	}
	if len(joinCache.m) < maxJoinCache {
		joinCache.m[r] = v
	}
	joinCache.Unlock()
	return v
}

// agrees reports whether every cluster of s has the same width both ways.
func agrees(s string) bool {
	for i := 0; i < len(s); {
		c, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
		if len(c) == 0 {
			return true
		}
		if w != ansi.StringWidthWc(c) {
			return false
		}
		i += len(c)
	}
	return true
}

// rebuildCluster writes c rune by rune, keeping each rune that leaves the
// cluster built so far measured alike both ways and putting U+FFFD in place
// of each other one (the mark that the differing rune is there, and a base
// for what follows it). A rune that takes the next one into its cluster
// (a prepended mark) is the one replaced. A "x" stands for the screen's
// content before the text (when c starts it) and after it (when c ends
// it); it is never written.
func rebuildCluster(b *strings.Builder, c string, first, last bool) {
	cur, lead := "", false
	if first {
		cur, lead = "x", true
	}
	fits := func(s string) bool { return len(s) <= maxStableCluster && agrees(s) }
	// replaceLast puts U+FFFD in place of cur's last rune.
	replaceLast := func() {
		if lead && cur == "x" {
			return // the screen's content is not ours to replace
		}
		_, n := utf8.DecodeLastRuneInString(cur)
		cur = cur[:len(cur)-n] + replacement
	}
	for i := 0; i < len(c); {
		_, size := utf8.DecodeRuneInString(c[i:])
		r := c[i : i+size]
		i += size
		if fits(cur + r) {
			cur += r
			continue
		}
		if cur != "" && !agrees(cur+replacement) {
			replaceLast()
			if fits(cur + r) {
				cur += r
				continue
			}
		}
		if lead {
			cur = cur[1:]
			lead = false
		}
		b.WriteString(cur)
		cur = replacement
	}
	if last && cur != "" && !agrees(cur+"x") {
		replaceLast()
	}
	if lead {
		cur = cur[1:]
	}
	b.WriteString(cur)
}

// replacement is U+FFFD as a string.
const replacement = string(utf8.RuneError)
