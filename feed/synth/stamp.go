package synth

import "time"

// clfLayout is the timestamp of the Common Log Format.
const clfLayout = "02/Jan/2006:15:04:05 -0700"

// stamp formats timestamps at one-second resolution, formatting each second
// once: thousands of lines share a second.
type stamp struct {
	layout string
	suffix string // written after the time: `] "` in access logs
	loc    *time.Location
	sec    int64
	valid  bool
	buf    []byte
}

func (s *stamp) append(dst []byte, t time.Time) []byte {
	if sec := t.Unix(); !s.valid || sec != s.sec {
		s.buf = append(t.In(s.loc).AppendFormat(s.buf[:0], s.layout), s.suffix...)
		s.sec, s.valid = sec, true
	}
	return append(dst, s.buf...)
}
