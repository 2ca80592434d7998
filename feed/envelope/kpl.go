package envelope

import (
	"bytes"
	"crypto/md5"

	"google.golang.org/protobuf/encoding/protowire"
)

// kplMagic starts every record the Kinesis Producer Library aggregated.
var kplMagic = []byte{0xF3, 0x89, 0x9A, 0xC2}

// The KPL wire format (aggregation.proto, proto2):
//
//	message AggregatedRecord {
//	  repeated string partition_key_table     = 1;
//	  repeated string explicit_hash_key_table = 2;
//	  repeated Record records                 = 3;
//	}
//	message Record {
//	  required uint64 partition_key_index     = 1;
//	  optional uint64 explicit_hash_key_index = 2;
//	  required bytes  data                    = 3;
//	  repeated Tag    tags                    = 4;
//	}
//
// framed as magic, the AggregatedRecord bytes, then their MD5.
const (
	aggPartitionKeyTable   = 1
	aggExplicitHashKeyTab  = 2
	aggRecords             = 3
	recPartitionKeyIndex   = 1
	recExplicitHashKeyIdx  = 2
	recData                = 3
	noExplicitHashKeyIndex = ^uint64(0)
)

// userRecord is one record found inside an aggregate.
type userRecord struct {
	start, end int    // its data, as offsets into the payload
	pk, ehk    uint64 // its key table indices
}

// aggregate checks and unpacks a KPL aggregated record, decoding each user
// record in turn. Nothing is emitted unless the whole aggregate is sound,
// so a failure can fall back to treating the payload as one plain record.
func (d *Decoder) aggregate(p []byte) error {
	if len(p) < len(kplMagic)+md5.Size {
		return failf(ErrBadAggregate, "%d bytes is too short", len(p))
	}
	bodyEnd := len(p) - md5.Size
	body := p[len(kplMagic):bodyEnd]
	sum := md5.Sum(body)
	if !bytes.Equal(sum[:], p[bodyEnd:]) {
		return failf(ErrBadAggregate, "MD5 mismatch")
	}
	d.spans = d.spans[:0]
	var nPK, nEHK uint64
	for i := 0; i < len(body); {
		num, typ, n := protowire.ConsumeTag(body[i:])
		if n < 0 {
			return failf(ErrBadAggregate, "%v", protowire.ParseError(n))
		}
		i += n
		b := body[i:]
		switch {
		case num == aggPartitionKeyTable && typ == protowire.BytesType:
			_, n = protowire.ConsumeBytes(b)
			nPK++
		case num == aggExplicitHashKeyTab && typ == protowire.BytesType:
			_, n = protowire.ConsumeBytes(b)
			nEHK++
		case num == aggRecords && typ == protowire.BytesType:
			var rec []byte
			rec, n = protowire.ConsumeBytes(b)
			if n >= 0 {
				// rec is b[n-len(rec):n]; its offset in p, to find its
				// data again when emitting.
				ur, err := parseUserRecord(rec, len(kplMagic)+i+n-len(rec))
				if err != nil {
					return err
				}
				d.spans = append(d.spans, ur)
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return failf(ErrBadAggregate, "%v", protowire.ParseError(n))
		}
		i += n
	}
	for _, ur := range d.spans {
		if ur.pk >= nPK || (ur.ehk != noExplicitHashKeyIndex && ur.ehk >= nEHK) {
			return failf(ErrBadAggregate, "key index out of range")
		}
	}
	d.Stats.Aggregates++
	if cap(d.spans) > 1<<16 {
		defer func() { d.spans = nil }()
	}
	for _, ur := range d.spans {
		d.Stats.UserRecords++
		d.record(p[ur.start:ur.end])
	}
	return nil
}

// parseUserRecord reads one Record message found at offset off of the
// payload and returns where its data lies.
func parseUserRecord(rec []byte, off int) (userRecord, error) {
	ur := userRecord{ehk: noExplicitHashKeyIndex}
	var havePK, haveData bool
	for i := 0; i < len(rec); {
		num, typ, n := protowire.ConsumeTag(rec[i:])
		if n < 0 {
			return ur, failf(ErrBadAggregate, "record: %v", protowire.ParseError(n))
		}
		i += n
		b := rec[i:]
		switch {
		case num == recPartitionKeyIndex && typ == protowire.VarintType:
			ur.pk, n = protowire.ConsumeVarint(b)
			havePK = true
		case num == recExplicitHashKeyIdx && typ == protowire.VarintType:
			ur.ehk, n = protowire.ConsumeVarint(b)
		case num == recData && typ == protowire.BytesType:
			var data []byte
			data, n = protowire.ConsumeBytes(b)
			if n >= 0 {
				ur.start = off + i + n - len(data)
				ur.end = ur.start + len(data)
				haveData = true
			}
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return ur, failf(ErrBadAggregate, "record: %v", protowire.ParseError(n))
		}
		i += n
	}
	if !havePK || !haveData {
		return ur, failf(ErrBadAggregate, "record without partition key index or data")
	}
	return ur, nil
}
