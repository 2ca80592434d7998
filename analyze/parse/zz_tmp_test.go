package parse

import (
	"bytes"
	"fmt"
	"testing"
)

func BenchmarkZZLine(b *testing.B) {
	for i, l := range benchCombined {
		b.Run(fmt.Sprint(i), func(b *testing.B) {
			p := newAccessParser("common", false)
			benchmarkParser(b, p, [][]byte{l})
		})
	}
}

func BenchmarkZZScan(b *testing.B) {
	var a accessLine
	l := benchCombined[3]
	for i := 0; i < b.N; i++ {
		scanAccess(l, &a)
	}
}
func BenchmarkZZClock(b *testing.B) {
	var c clfClock
	l := []byte("17/May/2015:10:05:04 +0000")
	for i := 0; i < b.N; i++ {
		c.parse(l)
	}
}
func BenchmarkZZIndex(b *testing.B) {
	l := benchCombined[3]
	n := 0
	for i := 0; i < b.N; i++ {
		n += bytes.IndexByte(l[20:], '"')
	}
}
func BenchmarkZZLoop(b *testing.B) {
	l := benchCombined[3]
	n := 0
	for i := 0; i < b.N; i++ {
		for _, c := range l {
			if c == 'x' {
				n++
			}
		}
	}
}

func BenchmarkZZPick(b *testing.B) {
	l := benchCombined[2]
	var s span
	for i := 0; i < b.N; i++ {
		s = pickClient(l, span{0, 22})
	}
	_ = s
}
func BenchmarkZZScan2(b *testing.B) {
	var a accessLine
	l := benchCombined[2]
	for i := 0; i < b.N; i++ {
		scanAccess(l, &a)
	}
}
