//go:build !linux

package file

// waker is Linux-only (wake_linux.go): elsewhere the nil waker makes the
// follower poll every tick, as it always did.
type waker struct{}

func newWaker() *waker                 { return nil }
func (k *waker) C() <-chan struct{}    { return nil }
func (k *waker) watching() bool        { return false }
func (k *waker) sync(files []*tracked) {}
func (k *waker) close()                {}
