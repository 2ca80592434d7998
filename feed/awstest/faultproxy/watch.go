package faultproxy

import (
	"strings"
	"sync"
	"time"

	"github.com/tailtop/tailtop/feed"
)

// Watcher samples a source's status while faults happen, so that a test
// can check what the sources pane said during each one: a last error is
// replaced by the next, and the state goes back to normal on recovery.
type Watcher struct {
	status func() feed.Status
	stop   chan struct{}
	done   chan struct{}

	mu   sync.Mutex
	seen map[string]bool
	list []string
}

// Watch samples status every interval (the status has no change
// notification) until Stop.
func Watch(every time.Duration, status func() feed.Status) *Watcher {
	w := &Watcher{status: status, stop: make(chan struct{}), done: make(chan struct{}), seen: map[string]bool{}}
	go w.run(every)
	return w
}

func (w *Watcher) run(every time.Duration) {
	defer close(w.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		w.sample()
		select {
		case <-t.C:
		case <-w.stop:
			w.sample()
			return
		}
	}
}

func (w *Watcher) sample() {
	st := w.status()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range append([]feed.Status{st}, st.Origins...) {
		for _, text := range []string{s.LastError, s.State} {
			if text != "" && !w.seen[text] {
				w.seen[text] = true
				w.list = append(w.list, text)
			}
		}
	}
}

// Stop ends the sampling (after a last sample) and waits for it.
func (w *Watcher) Stop() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}

// Seen reports whether a state or a last error (of the source or of one of
// its origins) containing every one of parts was seen.
func (w *Watcher) Seen(parts ...string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, text := range w.list {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(text, p)
		}
		if ok {
			return true
		}
	}
	return false
}

// Texts returns the distinct states and last errors seen, in order.
func (w *Watcher) Texts() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.list...)
}
