package publish

import "time"

// pending is one interval's datums not yet taken for sending.
type pending struct {
	from   time.Time
	datums []Datum
}

// queue holds the intervals waiting to be sent, oldest first, within two
// bounds: a number of intervals and a number of datums. Pushing past
// either drops whole intervals from the front (the newest interval is
// always kept), and the drop is counted. It is not safe for concurrent use:
// the Publisher guards it.
type queue struct {
	items         []*pending
	datums        int
	maxIntervals  int
	maxDatums     int
	droppedItems  int64
	droppedDatums int64
	lastDropped   time.Time // start of the newest interval dropped
}

// push adds an interval and enforces the bounds.
func (q *queue) push(p *pending) {
	if len(p.datums) == 0 {
		return
	}
	q.items = append(q.items, p)
	q.datums += len(p.datums)
	for len(q.items) > 1 && (len(q.items) > q.maxIntervals || q.datums > q.maxDatums) {
		q.dropFront()
	}
}

func (q *queue) dropFront() {
	old := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	q.datums -= len(old.datums)
	q.droppedItems++
	q.droppedDatums += int64(len(old.datums))
	q.lastDropped = old.from
}

// clear empties the queue without counting drops (the caller counts).
func (q *queue) clear() {
	clear(q.items)
	q.items, q.datums = nil, 0
}

// take removes and returns the next batch: datums from the oldest
// intervals on, at most maxN of them and at most maxBytes by size (but
// always at least one, so that a datum too big on its own is still tried
// and refused rather than stuck). maxN <= 0 means no bound on either.
func (q *queue) take(maxN, maxBytes int, size func(*Datum) int) []Datum {
	if len(q.items) == 0 {
		return nil
	}
	var out []Datum
	bytes := 0
	for len(q.items) > 0 {
		head := q.items[0]
		k := 0
		for k < len(head.datums) {
			if maxN > 0 {
				s := size(&head.datums[k])
				if len(out) == maxN || (len(out) > 0 && bytes+s > maxBytes) {
					break
				}
				bytes += s
			}
			out = append(out, head.datums[k])
			k++
		}
		head.datums = head.datums[k:]
		q.datums -= k
		if len(head.datums) > 0 {
			break
		}
		q.items[0] = nil
		q.items = q.items[1:]
	}
	return out
}

// oldest is the start of the oldest queued interval (zero when empty).
func (q *queue) oldest() time.Time {
	if len(q.items) == 0 {
		return time.Time{}
	}
	return q.items[0].from
}
