package faultproxy

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/smithy-go/encoding/cbor"
)

// request is what the proxy knows of a request's service and protocol, to
// answer errors in the service's own shape.
type request struct {
	op      string
	service string // "kinesis", "logs", "cloudwatch", or the target prefix
	cbor    bool   // Smithy RPC v2 CBOR (CloudWatch metrics)
}

// identify reads the operation and the service from the X-Amz-Target
// header (JSON 1.1: "Kinesis_20131202.GetRecords") or from the RPC v2
// path (".../service/GraniteServiceVersion20100801/operation/PutMetricData").
func identify(r *http.Request) request {
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		prefix, op, ok := strings.Cut(t, ".")
		if !ok {
			return request{op: t}
		}
		svc := prefix
		switch {
		case strings.HasPrefix(prefix, "Kinesis_"):
			svc = "kinesis"
		case strings.HasPrefix(prefix, "Logs_"):
			svc = "logs"
		}
		return request{op: op, service: svc}
	}
	if before, op, ok := strings.Cut(r.URL.Path, "/operation/"); ok {
		svc := before[strings.LastIndexByte(before, '/')+1:]
		if strings.HasPrefix(svc, "GraniteServiceVersion") {
			svc = "cloudwatch"
		}
		return request{op: op, service: svc, cbor: r.Header.Get("Smithy-Protocol") == "rpc-v2-cbor"}
	}
	return request{op: r.URL.Path}
}

// kinesisDataOps are throttled per shard with
// ProvisionedThroughputExceededException; the others (control plane)
// with LimitExceededException.
var kinesisDataOps = map[string]bool{"GetRecords": true, "GetShardIterator": true, "PutRecord": true, "PutRecords": true}

func (q request) throttle(w http.ResponseWriter, code string) {
	if q.cbor {
		typ, query := "com.amazon.coral.availability#ThrottlingException", "Throttling;Sender"
		if code != "" {
			typ, query = code, code+";Sender"
		}
		writeCBORError(w, 400, typ, query, "Rate exceeded (injected)")
		return
	}
	if code == "" {
		code = "ThrottlingException"
		if q.service == "kinesis" {
			code = "LimitExceededException"
			if kinesisDataOps[q.op] {
				code = "ProvisionedThroughputExceededException"
			}
		}
	}
	writeJSONError(w, 400, code, fmt.Sprintf("Rate exceeded for %s (injected).", q.op))
}

func (q request) serverError(w http.ResponseWriter, code string) {
	if code == "" {
		code = "InternalFailure"
	}
	if q.cbor {
		writeCBORError(w, 500, code, "", "Internal failure (injected)")
		return
	}
	writeJSONError(w, 500, code, "The request processing has failed because of an unknown error (injected).")
}

const expiredMessage = "The security token included in the request is expired"

func (q request) expiredToken(w http.ResponseWriter) {
	if q.cbor {
		writeCBORError(w, 400, "com.amazon.coral.service#ExpiredTokenException", "ExpiredToken;Sender", expiredMessage)
		return
	}
	writeJSONError(w, 400, "ExpiredTokenException", expiredMessage)
}

// malformed answers 200 with a body the client cannot decode, without
// asking the service: JSON cut short, garbage CBOR, or an event stream
// whose first frame fails its checksum.
func (q request) malformed(w http.ResponseWriter) {
	switch {
	case q.op == "StartLiveTail" || q.op == "SubscribeToShard":
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		w.WriteHeader(200)
		w.Write(corruptFrame(initialResponse()))
	case q.cbor:
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.WriteHeader(200)
		w.Write(garbageCBOR)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(200)
		w.Write([]byte("{\"Records\":[{\"Data\":\"AAAA\x00"))
	}
}

// garbageCBOR starts an indefinite map whose first key is a text string
// longer than what follows, then a byte with a reserved additional value.
var garbageCBOR = []byte{0xbf, 0x67, 'm', 'e', 's', 0x1c, 0xff}

// corrupt turns a service's answer into one that cannot be decoded, the
// same size class: JSON cut in the middle and ended with a NUL (invalid,
// not merely short, so that it cannot be mistaken for a cut connection),
// CBOR replaced by garbage.
func (q request) corrupt(b []byte) []byte {
	if q.cbor {
		return append([]byte(nil), garbageCBOR...)
	}
	out := append([]byte(nil), b[:len(b)/2]...)
	return append(out, 0)
}

func writeJSONError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
}

// writeCBORError writes an RPC v2 CBOR error as CloudWatch does: the type
// in __type, the awsQuery-compatible code in X-Amzn-Query-Error.
func writeCBORError(w http.ResponseWriter, status int, typ, query, msg string) {
	h := w.Header()
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("Content-Type", "application/cbor")
	if query != "" {
		h.Set("X-Amzn-Query-Error", query)
	}
	w.WriteHeader(status)
	w.Write(cbor.Encode(cbor.Map{"__type": cbor.String(typ), "message": cbor.String(msg)}))
}
