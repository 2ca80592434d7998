package tui

// paneID names the panes, in focus order.
type paneID int

const (
	paneActor paneID = iota
	paneTarget
	paneStatus
	paneRate
	paneTail
	paneCount
)

// placement is where a pane sits in the body area.
type placement struct {
	id         paneID
	x, y, w, h int
}

// Layout thresholds: below minPaneHeight a pane is not drawn at all; from
// gridWidth the panes pair up; from wideWidth they form two columns.
const (
	minPaneHeight = 3
	gridWidth     = 60
	wideWidth     = 120
)

// computeLayout places the panes in a body of width x height cells:
//   - wide (>= 120 columns): two columns, the lists and statuses on the
//     left, the rate and a tall tail on the right;
//   - grid (>= 60 columns, 80x24 included): the two top lists side by side,
//     then statuses beside the rate, then the tail across;
//   - narrow: everything stacked.
//
// When the height cannot hold every pane, panes are dropped in the order
// rate, target, status, so that the senders and the tail stay.
func computeLayout(width, height int) []placement {
	if width < 2*minPaneHeight || height < minPaneHeight {
		return nil
	}
	switch {
	case width >= wideWidth && height >= 3*minPaneHeight:
		return wideLayout(width, height)
	case width >= gridWidth && height >= 3*minPaneHeight:
		return gridLayout(width, height)
	}
	return stackLayout(width, height)
}

func wideLayout(width, height int) []placement {
	lw := width * 9 / 20
	rw := width - lw
	statusH := clamp(height/4, minPaneHeight, 12)
	actorH := (height - statusH) / 2
	targetH := height - statusH - actorH
	rateH := clamp(height/4, minPaneHeight, 12)
	if actorH < minPaneHeight {
		// Short and wide: fall back to the grid.
		return gridLayout(width, height)
	}
	return []placement{
		{paneActor, 0, 0, lw, actorH},
		{paneTarget, 0, actorH, lw, targetH},
		{paneStatus, 0, actorH + targetH, lw, statusH},
		{paneRate, lw, 0, rw, rateH},
		{paneTail, lw, rateH, rw, height - rateH},
	}
}

func gridLayout(width, height int) []placement {
	lw := width / 2
	rw := width - lw
	topH := clamp(height/3, minPaneHeight, 14)
	midH := clamp(height*2/7, minPaneHeight, 10)
	tailH := height - topH - midH
	if tailH < minPaneHeight {
		// Give the tail its minimum from the middle row, then drop that row.
		midH -= minPaneHeight - tailH
		tailH = minPaneHeight
		if midH < minPaneHeight {
			tailH += midH
			return []placement{
				{paneActor, 0, 0, lw, topH},
				{paneTarget, lw, 0, rw, topH},
				{paneTail, 0, topH, width, tailH},
			}
		}
	}
	return []placement{
		{paneActor, 0, 0, lw, topH},
		{paneTarget, lw, 0, rw, topH},
		{paneStatus, 0, topH, lw, midH},
		{paneRate, lw, topH, rw, midH},
		{paneTail, 0, topH + midH, width, tailH},
	}
}

// stackLayout puts the panes under each other, full width, dropping the
// least needed ones when the height is short; the tail takes what is left.
func stackLayout(width, height int) []placement {
	n := min(height/minPaneHeight, int(paneCount))
	keep := map[paneID]bool{}
	for _, id := range []paneID{paneActor, paneTail, paneStatus, paneTarget, paneRate}[:n] {
		keep[id] = true
	}
	heights := make(map[paneID]int, n)
	rest := height
	for id := paneActor; id < paneCount; id++ {
		if keep[id] && id != paneTail {
			heights[id] = clamp(height/n, minPaneHeight, 12)
			rest -= heights[id]
		}
	}
	// Whatever the tail cannot have, the panes above give back.
	for id := paneRate; rest < minPaneHeight && keep[paneTail] && id >= paneActor; id-- {
		give := min(heights[id]-minPaneHeight, minPaneHeight-rest)
		if keep[id] && give > 0 {
			heights[id] -= give
			rest += give
		}
	}
	if keep[paneTail] {
		heights[paneTail] = rest
	} else {
		heights[paneActor] += rest
	}
	var out []placement
	y := 0
	for id := paneActor; id < paneCount; id++ {
		if keep[id] {
			out = append(out, placement{id, 0, y, width, heights[id]})
			y += heights[id]
		}
	}
	return out
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
