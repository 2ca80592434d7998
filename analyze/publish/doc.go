// Package publish owns metric publishing: every interval it takes each
// stream's exact counts for the interval that just closed from the analyzer
// (analyze.Engine.Interval, whose consecutive intervals partition the
// counts), turns them into CloudWatch metric datums, and sends them with
// PutMetricData in the background, or prints them (JSON or Embedded Metric
// Format) in a dry run.
//
// The metrics, per stream and interval, carry the dimension Stream plus the
// configured extra dimensions: Events, Failures, AuthorizationFailureCount
// (the denied count, named as the classic CloudTrail metric filter names
// it), Bytes, UnparsedLines, ActiveSpikes, FiringAlerts, and TopActorCount
// for each of the top N actors with the actor as the dimension Actor (the
// "NoOfMsgsByTopSender" of hand-built pipelines).
//
// Sending never blocks the caller: datums wait in a bounded queue (the
// oldest intervals are dropped, and counted, when CloudWatch is unreachable
// for long), go out in requests within the API limits (1000 metrics and
// 1 MB), and a failed request is resent as the same batch, with backoff and
// jitter, on throttling, 5xx and network errors. A datum leaves the queue
// only once CloudWatch accepted it, so a count is published once, except in
// the one ambiguous case: CloudWatch took a request whose answer was lost
// (no answer within RequestTimeout, a connection cut before the answer, an
// answer that cannot be read). The batch is resent, and CloudWatch, which
// has no idempotency token for PutMetricData, counts it again.
package publish
