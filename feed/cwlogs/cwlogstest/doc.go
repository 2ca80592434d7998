// Package cwlogstest owns an in-process CloudWatch Logs server for tests. It
// speaks the real wire protocol, so the production client (the AWS SDK for Go
// v2, unchanged) talks to it: JSON 1.1 requests routed by X-Amz-Target
// (Logs_20140328.DescribeLogGroups, FilterLogEvents, StartLiveTail), JSON
// error bodies with __type, and for StartLiveTail an HTTP/1.1 response
// streamed as AWS event stream messages encoded with the SDK's own
// aws/protocol/eventstream encoder: initial-response first, then
// sessionStart and sessionUpdate events, and exception messages
// (SessionTimeoutException, SessionStreamingException).
//
// Tests drive it with knobs: log groups, ingested events (which go both to
// the store FilterLogEvents reads and to the live sessions that match),
// sampling, faults injected into live sessions (exceptions, a dropped
// connection, invalid JSON, an unknown event type, silence), empty pages and
// page sizes for FilterLogEvents, and error answers for any operation.
package cwlogstest
