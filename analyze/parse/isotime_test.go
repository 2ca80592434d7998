package parse

import (
	"testing"
	"time"
)

func TestISOClock(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339; "" for not a time
	}{
		{"2014-07-15T21:40:14Z", "2014-07-15T21:40:14Z"},
		{"2019-10-11T15:01:12.376735Z", "2019-10-11T15:01:12.376735Z"},
		{"2018-12-20T02:59:40", "2018-12-20T02:59:40Z"},
		{"2013-09-06 22:01:00Z", "2013-09-06T22:01:00Z"},
		{"2019-03-24T14:02:50.123456+01:00", "2019-03-24T13:02:50.123456Z"},
		{"2019-03-24T14:02:50-0430", "2019-03-24T18:32:50Z"},
		{"2019-03-24T14:02:50+02", "2019-03-24T12:02:50Z"},
		{"2020-02-29T00:00:00Z", "2020-02-29T00:00:00Z"},
		{"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
		{"2019-02-29T00:00:00Z", ""},
		{"2019-13-01T00:00:00Z", ""},
		{"2019-10-11T24:00:00Z", ""},
		{"2019-10-11T15:01:12.Z", ""},
		{"2019-10-11T15:01:12Zjunk", ""},
		{"2019-10-11T15:01:12+1", ""},
		{"2019/10/11 15:01:12", ""},
		{"xxx", ""},
		{"", ""},
	}
	var c isoClock
	for _, tc := range tests {
		for round := 0; round < 2; round++ { // the second time from the cache
			got, ok := c.parse([]byte(tc.in))
			if tc.want == "" {
				if ok {
					t.Errorf("parse(%q) = %v, want an error", tc.in, got)
				}
				continue
			}
			want, _ := time.Parse(time.RFC3339Nano, tc.want)
			if !ok || !got.Equal(want) {
				t.Errorf("parse(%q) = %v %v, want %v", tc.in, got, ok, want)
			}
		}
	}
}

func TestISOClockAgreesWithTime(t *testing.T) {
	var c isoClock
	base := time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC)
	for i := range 2000 {
		tm := base.Add(time.Duration(i) * 7 * time.Hour).Add(time.Duration(i) * time.Millisecond)
		s := tm.Format("2006-01-02T15:04:05.000Z07:00")
		got, ok := c.parse([]byte(s))
		if !ok || !got.Equal(tm) {
			t.Fatalf("parse(%q) = %v %v, want %v", s, got, ok, tm)
		}
	}
}

func TestEpochTime(t *testing.T) {
	tests := map[string]string{
		"1548935491":          "2019-01-31T11:51:31Z",
		"1548935491174":       "2019-01-31T11:51:31.174Z",
		"1534860261221373":    "2018-08-21T14:04:21.221373Z",
		"1700000000000000000": "2023-11-14T22:13:20Z",
		"1761019822.3152757":  "2025-10-21T04:10:22.3152757Z",
		"1490386367764.5":     "2017-03-24T20:12:47.7645Z",
		"0":                   "",
		"":                    "",
		"12x":                 "",
		"-5":                  "",
	}
	for in, want := range tests {
		got, ok := epochTime([]byte(in))
		if want == "" {
			if ok {
				t.Errorf("epochTime(%q) = %v, want an error", in, got)
			}
			continue
		}
		w, _ := time.Parse(time.RFC3339Nano, want)
		if !ok || !got.Equal(w) {
			t.Errorf("epochTime(%q) = %v %v, want %v", in, got, ok, w)
		}
	}
}
