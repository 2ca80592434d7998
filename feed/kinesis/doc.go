// Package kinesis owns the Kinesis Data Streams source: `tailtop
// kinesis://STREAM` (a name or a stream ARN) read live, every shard at
// once, across resharding, by polling GetRecords or through enhanced
// fan-out (SubscribeToShard), with record payloads decoded into lines by
// package envelope.
//
// # Shards and resharding
//
// Shards are listed with ListShards (paged; a page after the first names
// only the NextToken). Each shard is read by its own goroutine. A shard
// whose parents are still being read waits for them, so that records of a
// key are seen in order across a split or a merge: a closed shard ends
// with no NextShardIterator (or a last fan-out event) and names its
// children, which start once all their parents are done. Shards are listed
// again every RelistInterval to find new ones. Shards found after the
// start (children, new shards) are read from their beginning: they hold
// only records written after tailtop started.
//
// With shards=ID,ID (a subset, so that several instances can split a
// stream too big for one) a shard is read when it is named or when its
// first parent (ParentShardId) is read: after a merge exactly one instance
// follows the child.
//
// # Exactly once
//
// The checkpoint of a shard is, in memory, the sequence number of the last
// record handed to the consumer. Records of one GetRecords answer are
// emitted before the checkpoint moves. Whatever fails (an expired
// iterator, throttling, a dropped connection, a 5-minute fan-out
// subscription ending), reading resumes AFTER_SEQUENCE_NUMBER of the
// checkpoint, and a record at or before it is dropped if a server ever
// sends one again: no record is skipped, none is counted twice. Before the
// first record of a shard started at LATEST, a lost iterator is replaced
// by one AT_TIMESTAMP of the moment the first was taken.
//
// # Limits
//
// A shard is polled at most 5 times a second (the service limit), every
// PollInterval when caught up, and paced after large answers to stay under
// 2 MB/s. Throttling (ProvisionedThroughputExceededException and its
// kin) and transient failures back off exponentially with jitter; the SDK's
// own retries are off so that every failure is seen, counted and shown in
// the source's Status. Errors a user can act on (no credentials, stream
// not found, access denied) end Run at the start with one clear line from
// awsconf.Explain. Credentials a call finds expired (ExpiredTokenException)
// are dropped from the SDK's cache by awsconf.RefreshExpiredCredentials
// and the call is made again with fresh ones.
//
// # Enhanced fan-out
//
// With efo=NAME the consumer is registered (or reused when it exists:
// ResourceInUseException), and each shard is read with SubscribeToShard,
// renewed every 5 minutes from the continuation sequence number. A
// consumer this run registered is deregistered on exit only when
// Config.Deregister asks for it. Each subscription uses its own SDK client:
// the SDK's event-stream decoder keeps per-client state that concurrent
// streams on one client would race on.
package kinesis
