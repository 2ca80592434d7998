package tui

// paneID names the panes, in focus order.
type paneID int

const (
	paneActor paneID = iota
	paneTarget
	paneStatus
	paneRate
	paneSpikes
	paneDenied
	paneAlerts
	paneTail
	paneCount
)

// page is a set of panes shown together when the screen cannot hold them
// all: the traffic (who, what, statuses, rate, tail) and the incidents
// (spikes, AccessDenied, alerts).
type page int

const (
	pageTraffic page = iota
	pageIncidents
	pageCount
)

func (p page) String() string {
	if p == pageIncidents {
		return "incidents"
	}
	return "traffic"
}

// placement is where a pane sits in the body area.
type placement struct {
	id         paneID
	x, y, w, h int
}

// Layout thresholds: below minPaneHeight a pane is not drawn at all; from
// gridWidth the panes pair up; from wideWidth and wideHeight every pane is
// on screen at once, in two columns.
const (
	minPaneHeight = 3
	gridWidth     = 60
	wideWidth     = 120
	wideHeight    = 18
	// rateHeight is the body height from which the wide layout also shows
	// the rate pane (bytes included) above the spikes.
	rateHeight = 45
)

// allFit reports whether a body of width x height shows every pane on one
// page (the wide layout).
func allFit(width, height int) bool { return width >= wideWidth && height >= wideHeight }

// computeLayout places the panes of page pg in a body of width x height
// cells:
//   - wide (>= 120x18): every pane in two columns, the pages ignored: the
//     lists, statuses and alerts on the left; the spikes, AccessDenied and a
//     tall tail on the right (and the rate above them when very tall);
//   - grid (>= 60 columns, 80x24 included): the traffic page pairs the two
//     top lists, then statuses beside the rate, then the tail across; the
//     incidents page stacks spikes, AccessDenied and alerts full width;
//   - narrow: everything stacked.
//
// When the height cannot hold every pane, the least needed are dropped.
func computeLayout(pg page, width, height int) []placement {
	if width < 2*minPaneHeight || height < minPaneHeight {
		return nil
	}
	switch {
	case allFit(width, height):
		return wideLayout(width, height)
	case pg == pageIncidents:
		return incidentsLayout(width, height)
	case width >= gridWidth && height >= 3*minPaneHeight:
		return gridLayout(width, height)
	}
	return stackLayout(width, height)
}

func wideLayout(width, height int) []placement {
	lw := width * 9 / 20
	rw := width - lw
	alertsH := clamp(height/6, minPaneHeight, 8)
	statusH := clamp(height/4, minPaneHeight, 12)
	actorH := (height - statusH - alertsH) / 2
	targetH := height - statusH - alertsH - actorH
	rateH := 0
	if height >= rateHeight {
		rateH = clamp(height/6, 5, 10)
	}
	spikesH := clamp(height*3/10, 5, 14)
	deniedH := clamp(height*3/10, 5, 14)
	tailH := height - rateH - spikesH - deniedH
	out := []placement{
		{paneActor, 0, 0, lw, actorH},
		{paneTarget, 0, actorH, lw, targetH},
		{paneStatus, 0, actorH + targetH, lw, statusH},
		{paneAlerts, 0, actorH + targetH + statusH, lw, alertsH},
	}
	if rateH > 0 {
		out = append(out, placement{paneRate, lw, 0, rw, rateH})
	}
	return append(out,
		placement{paneSpikes, lw, rateH, rw, spikesH},
		placement{paneDenied, lw, rateH + spikesH, rw, deniedH},
		placement{paneTail, lw, rateH + spikesH + deniedH, rw, tailH},
	)
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

// incidentsLayout stacks the spikes, AccessDenied and alerts panes full
// width; the alerts go first when short, then AccessDenied.
func incidentsLayout(width, height int) []placement {
	if height < 2*minPaneHeight {
		return []placement{{paneSpikes, 0, 0, width, height}}
	}
	spikesH := clamp(height*2/5, minPaneHeight, 12)
	alertsH := 0
	if height-spikesH >= 2*minPaneHeight+2 {
		alertsH = clamp(height/5, minPaneHeight, 6)
	}
	deniedH := height - spikesH - alertsH
	out := []placement{
		{paneSpikes, 0, 0, width, spikesH},
		{paneDenied, 0, spikesH, width, deniedH},
	}
	if alertsH > 0 {
		out = append(out, placement{paneAlerts, 0, spikesH + deniedH, width, alertsH})
	}
	return out
}

// stackLayout puts the traffic panes under each other, full width, dropping
// the least needed ones when the height is short; the tail takes what is
// left.
func stackLayout(width, height int) []placement {
	order := []paneID{paneActor, paneTail, paneStatus, paneTarget, paneRate}
	stacked := []paneID{paneActor, paneTarget, paneStatus, paneRate, paneTail}
	n := min(height/minPaneHeight, len(order))
	keep := map[paneID]bool{}
	for _, id := range order[:n] {
		keep[id] = true
	}
	heights := make(map[paneID]int, n)
	rest := height
	for _, id := range stacked {
		if keep[id] && id != paneTail {
			heights[id] = clamp(height/n, minPaneHeight, 12)
			rest -= heights[id]
		}
	}
	// Whatever the tail cannot have, the panes above give back.
	for i := len(stacked) - 2; rest < minPaneHeight && keep[paneTail] && i >= 0; i-- {
		id := stacked[i]
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
	for _, id := range stacked {
		if keep[id] {
			out = append(out, placement{id, 0, y, width, heights[id]})
			y += heights[id]
		}
	}
	return out
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
