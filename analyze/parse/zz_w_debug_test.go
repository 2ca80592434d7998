package parse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestZZWDebug(t *testing.T) {
	dir := os.Getenv("WDIR")
	files, _ := filepath.Glob(filepath.Join("/work/shared/corpus", dir, "*"))
	for _, f := range files {
		if bytes.Contains([]byte(f), []byte(".expected")) || filepath.Ext(f) == ".gz" {
			continue
		}
		data, _ := os.ReadFile(f)
		data = bytes.TrimSuffix(data, []byte("\n"))
		a := NewAuto(Options{})
		fmt.Println("===", filepath.Base(f))
		for i, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimSuffix(l, []byte("\r"))
			var evs []string
			r := a.Parse(l, func(ev *Event) {
				evs = append(evs, fmt.Sprintf("t=%s a=%q tg=%q mt=%q st=%q c=%d b=%d f=%v u=%v d=%v sip=%q", ev.Time.Format("2006-01-02T15:04:05.999Z07:00"), ev.Actor, ev.Target, ev.MoreTargets, ev.Status, ev.Code, ev.Bytes, ev.Failure, ev.Unauthorized, ev.Denied, ev.SourceIP))
			})
			fmt.Printf("%3d %-8s %-10s %v\n", i+1, r, a.Format(), evs)
		}
	}
}
