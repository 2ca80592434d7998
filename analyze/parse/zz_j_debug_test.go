package parse

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/analyze/parse/corpus"
)

func TestZZJDebug(t *testing.T) {
	dir := os.Getenv("JDIR")
	if dir == "" {
		t.Skip()
	}
	ents, _ := os.ReadDir(corpus.Path(t, dir))
	for _, e := range ents {
		if strings.Contains(e.Name(), ".expected") {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(corpus.Path(t, dir), e.Name()))
		if strings.HasSuffix(e.Name(), ".gz") {
			zr, _ := gzip.NewReader(bytes.NewReader(data))
			data, _ = io.ReadAll(zr)
		}
		data = bytes.TrimSuffix(data, []byte("\n"))
		a := NewAuto(Options{})
		var res [3]int
		ev := 0
		var sb strings.Builder
		for _, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSuffix(l, []byte("\r"))
			r := a.Parse(l, func(e *Event) {
				ev++
				if os.Getenv("JV") != "" {
					fmt.Fprintf(&sb, "   ev t=%s actor=%q target=%q status=%q src=%q F=%v D=%v U=%v B=%d\n", e.Time.Format("2006-01-02T15:04:05.999Z07:00"), e.Actor, e.Target, e.Status, e.SourceIP, e.Failure, e.Denied, e.Unauthorized, e.Bytes)
				}
			})
			res[r]++
		}
		fmt.Printf("%-70s fmt=%-10s unparsed=%d parsed=%d meta=%d events=%d\n", e.Name(), a.Format(), res[0], res[1], res[2], ev)
		fmt.Print(sb.String())
	}
}
