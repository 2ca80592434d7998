// Package cwlogs owns the CloudWatch Logs source: cwlogs://GROUP[,GROUP...]
// streamed live through Live Tail (StartLiveTail), or polled through
// FilterLogEvents when asked (mode=poll) or when Live Tail is not available.
//
// Log groups are given as names, name prefixes ("/aws/lambda/*") or ARNs and
// resolved to the ARNs Live Tail requires with DescribeLogGroups; every ten
// groups take one Live Tail session. Each log event becomes one feed.Line
// per line of its message, with "group/stream" as its origin and the event
// timestamp as its event time.
//
// Sessions end (after three hours with SessionTimeoutException, or with
// SessionStreamingException, a dropped or silent connection, a message the
// SDK cannot decode): a new one starts with backoff, and the reconnect and
// the gap show in the status. Events are deduplicated across the switch,
// across polling rounds and between the --since history and the live feed,
// in a bounded memory. When Live Tail samples (above 500 events/s) the status
// says so for as long as the longest window can still hold sampled counts.
package cwlogs
