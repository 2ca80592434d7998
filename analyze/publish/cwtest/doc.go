// Package cwtest owns an in-process CloudWatch metrics endpoint for tests.
// It speaks PutMetricData the way the current AWS SDK for Go v2
// (service/cloudwatch) sends it, so the production client talks to it
// unchanged: Smithy RPC v2 CBOR (POST
// /service/GraniteServiceVersion20100801/operation/PutMetricData with
// Smithy-Protocol: rpc-v2-cbor), bodies gzip-compressed when the SDK decides
// to, decoded with github.com/aws/smithy-go/encoding/cbor. Answers are CBOR
// too: an empty structure on success, {__type, message} on error with the
// X-Amzn-Query-Error header CloudWatch sends as an awsQuery-compatible
// service.
//
// The server checks the request against the API limits a real endpoint
// enforces (1000 metrics and 1 MiB a request, 30 dimensions a metric,
// non-empty ASCII dimension values of at most 1024 characters, finite
// values, storage resolution 1 or 60) and rejects a violation with
// InvalidParameterValue, so a client bug shows up as a failed test rather
// than as a silent pass. It records every request and every accepted datum,
// and injects faults: throttling, internal errors, unavailability, access
// denied, either for the next requests or until told otherwise.
package cwtest
