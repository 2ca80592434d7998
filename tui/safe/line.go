package safe

import "github.com/charmbracelet/x/ansi"

// ellipsis marks a cut line.
const ellipsis = "…"

// ellipsisWidth is measured, not assumed: "…" is East Asian ambiguous and
// ansi counts it as two cells when RUNEWIDTH_EASTASIAN is set.
var ellipsisWidth = ansi.StringWidth(ellipsis)

// Line returns Text(s) cut to at most width terminal cells, as measured by
// github.com/charmbracelet/x/ansi, ending in "…" when cut. A width too small
// to hold anything yields "".
func Line(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if len(s) <= width && printablePrefix(s) == len(s) {
		return s
	}
	t := Text(s)
	ascii := isASCII(t)
	if ascii && len(t) <= width {
		return t
	}
	room := width - ellipsisWidth
	if ascii {
		if room < 0 {
			return ""
		}
		return t[:room] + ellipsis
	}
	// Walk grapheme clusters exactly as ansi.StringWidth does, remembering
	// the last cut that leaves room for the ellipsis.
	cut, total := 0, 0
	for i := 0; i < len(t); {
		cluster, w := ansi.FirstGraphemeCluster(t[i:], ansi.GraphemeWidth)
		if len(cluster) == 0 {
			break
		}
		total += w
		if total > width {
			if room < 0 {
				return ""
			}
			return t[:cut] + ellipsis
		}
		i += len(cluster)
		if total <= room {
			cut = i
		}
	}
	return t
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
