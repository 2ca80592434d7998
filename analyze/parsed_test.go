package analyze

import (
	"reflect"
	"testing"
	"time"

	"github.com/tailtop/tailtop/analyze/parse"
	"github.com/tailtop/tailtop/feed"
)

// record reuses the batch's event records in place; it must set every
// field of the event, or a field added to parse.Event later would carry a
// value from an earlier batch into the counts.
func TestRecordSetsEveryEventField(t *testing.T) {
	pb := &parsedBatch{evs: make([]evRec, 0, 1)}
	stale := reflect.ValueOf(&pb.evs[:1][0].ev).Elem()
	for i := range stale.NumField() {
		setNonZero(t, stale.Field(i))
	}
	r := recorder{pb: pb, line: &feed.Line{Data: []byte("line")}}
	r.record(&parse.Event{})
	if len(pb.evs) != 1 {
		t.Fatalf("%d records", len(pb.evs))
	}
	got := reflect.ValueOf(pb.evs[0].ev)
	for i := range got.NumField() {
		if !got.Field(i).IsZero() {
			t.Errorf("field %s kept the stale value %v", got.Type().Field(i).Name, got.Field(i))
		}
	}
}

func setNonZero(t *testing.T, f reflect.Value) {
	switch f.Kind() {
	case reflect.Bool:
		f.SetBool(true)
	case reflect.Int, reflect.Int64:
		f.SetInt(7)
	case reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1, 1)
		if s.Index(0).Kind() == reflect.Slice {
			s.Index(0).Set(reflect.ValueOf([]byte("stale")))
		} else {
			s.Index(0).Set(reflect.ValueOf(byte('s')).Convert(f.Type().Elem()))
		}
		f.Set(s)
	case reflect.Interface:
		f.Set(reflect.ValueOf("stale"))
	case reflect.Struct:
		if f.Type() != reflect.TypeOf(time.Time{}) {
			t.Fatalf("parse.Event has a %v field: teach this test and record about it", f.Type())
		}
		f.Set(reflect.ValueOf(time.Unix(7, 0)))
	default:
		t.Fatalf("parse.Event has a %v field: teach this test and record about it", f.Type())
	}
	if f.IsZero() {
		t.Fatalf("could not make a %v non-zero", f.Type())
	}
}
