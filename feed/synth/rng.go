package synth

import (
	"math"
	"math/rand/v2"
)

// rng is a PCG generator used through its concrete type so that the many
// draws per line are direct calls, not interface calls.
type rng struct{ p rand.PCG }

func newRNG(seed int64, stream uint64) *rng {
	r := &rng{}
	r.p.Seed(uint64(seed), stream^0x9e3779b97f4a7c15)
	return r
}

func (r *rng) u64() uint64 { return r.p.Uint64() }

// intn returns a uniform int in [0, n) for 0 < n < 2^32 (Lemire's
// multiply-shift; the bias is below 2^-32 and irrelevant here).
func (r *rng) intn(n int) int {
	return int(((r.p.Uint64() >> 32) * uint64(n)) >> 32)
}

// float returns a uniform float64 in [0, 1).
func (r *rng) float() float64 { return float64(r.p.Uint64()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// between returns a uniform float64 in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// alias samples indices with fixed weights in constant time (Vose's alias
// method): one draw picks a column, its low bits decide between the column
// and its alias.
type alias struct {
	prob  []uint64 // chance, scaled to 1<<32, that column i yields i
	alias []uint32
}

func newAlias(weights []float64) alias {
	n := len(weights)
	a := alias{prob: make([]uint64, n), alias: make([]uint32, n)}
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	scaled := make([]float64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w / sum * float64(n)
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		a.prob[s] = uint64(scaled[s] * (1 << 32))
		a.alias[s] = uint32(l)
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// What is left is 1 up to rounding error.
	for _, i := range append(small, large...) {
		a.prob[i] = 1 << 32
		a.alias[i] = uint32(i)
	}
	return a
}

func (a *alias) pick(r *rng) int {
	x := r.u64()
	i := int(((x >> 32) * uint64(len(a.prob))) >> 32)
	if x&0xffffffff < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}

// zipfWeights returns n weights falling as 1/(k+1)^s: a few heavy hitters
// and a long tail, the shape of clients and URLs on a real site.
func zipfWeights(n int, s float64) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = 1 / math.Pow(float64(k+1), s)
	}
	return w
}

// logNormal is a table of quantiles of a log-normal distribution, sampled
// by index: response sizes without an Exp per line.
type logNormal [256]int32

func newLogNormal(median, sigma float64, lo, hi int32) *logNormal {
	var t logNormal
	for i := range t {
		p := (float64(i) + 0.5) / float64(len(t))
		z := math.Sqrt2 * math.Erfinv(2*p-1)
		v := int32(median * math.Exp(sigma*z))
		t[i] = min(max(v, lo), hi)
	}
	return &t
}

func (t *logNormal) draw(r *rng) int64 { return int64(t[r.u64()>>56]) }
