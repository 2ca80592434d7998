// Package envelope owns the decoding of Kinesis record payloads into lines:
// plain text (one or many lines, JSON included), gzip-compressed payloads,
// CloudWatch Logs subscription envelopes (DATA_MESSAGE expanded into its log
// events, CONTROL_MESSAGE skipped) and KPL aggregated records (checked
// against their trailing MD5 and unpacked with a protowire decoder written
// here, since the awslabs deaggregation module is not available).
//
// Every payload is untrusted: sizes are bounded (gzip output is capped and
// a bomb is counted, lines are cut at feed.MaxLineBytes), nothing panics on
// malformed input, and decoding reuses the Decoder's buffers so that the hot
// path allocates per record at most, never per line.
//
// The layers, outermost first:
//
//	KPL aggregate (magic F3 89 9A C2, protobuf, MD5)   → user records
//	gzip (1F 8B)                                        → inflated bytes
//	CloudWatch Logs envelope ({"messageType":...})     → one line per log event
//	text                                                → one line per '\n'
//
// A layer that is recognised but broken is reported as an error and its
// bytes fall through to the next layer when they still make sense as text
// (a record that merely starts with the KPL magic, an envelope whose JSON
// is malformed); gzip that cannot be inflated, or inflates beyond the cap,
// is dropped and counted.
package envelope
