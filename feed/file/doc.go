// Package file owns the local sources of tailtop: one file, a glob, a
// directory, a named pipe, or stdin ("-"). It reads them to the end for
// `report` and `parse`, or follows them like `tail -F` for the screen, and
// turns their bytes into feed.Batches of bounded lines.
//
// # Why not github.com/hpcloud/tail
//
// The follower is a small stat loop written here rather than hpcloud/tail
// v1.0.0, because that library cannot meet tailtop's rule that every line
// written is counted exactly once across every kind of rotation:
//
//   - On rename or delete it reopens the path at once; bytes written to the
//     old file after its last read are never read. Its polling watcher even
//     checks identity before size, so an append followed by a rename is
//     reported as a deletion only, and its inotify watcher delivers Modified
//     and Deleted on separate channels that a select may take in either
//     order.
//   - Truncation (copytruncate) is noticed only when the size is seen to
//     shrink; a truncate followed by writes past the old offset before the
//     next look resumes reading in the middle of the new content.
//   - MaxLineSize splits a long line into several lines instead of cutting
//     and counting it; without it, bufio.Reader.ReadString buffers a 10 MB
//     line whole. A partial last line is re-read from its start on every
//     change.
//   - It allocates a string and a *Line per line and pays a channel send per
//     line; its watchers call os.Exit through util.Fatal on a stat error,
//     log to stderr (over the TUI), and the inotify tracker is a process-wide
//     goroutine that never exits.
//   - A glob needs identity across paths (x.log renamed to x.log.1, both
//     matched), which it does not have.
//
// # How following works
//
// At every step each open file is fstat'ed and read from its own offset to
// the end. A step comes within a tick (the Poll interval, at most 50 ms) of
// a change the system reports in a followed file's directory (inotify, on
// Linux), and at every rescan; where no change can be reported (other
// systems, network file systems, too many directories) a step comes every
// tick (wake.go). Every Poll the paths are
// resolved again (the file, the glob, the directory listing) and each one is
// stat'ed: a path whose file is already open (os.SameFile) keeps it; a new
// file is opened and read from its start (it is new data); an open file no
// longer found under any matched path (renamed away or deleted) is read to
// its end and closed once a read finds nothing more, after a grace of a
// second for its writer to reopen. Because tailtop keeps the old file open,
// its inode cannot be reused, so identity by device and inode stays
// reliable. A symlink switched to a new target is the same case: the new
// target is read from its start, the old one to its end. A file must be
// under a matched path for one rescan to be seen at all. Where reading
// stopped in a closed file is remembered (the last 64): found again (a
// link switched back), it is read on from there, not from its start,
// provided the bytes before that place are still those read there.
//
// Truncation is detected when the size falls below the offset, or when the
// last bytes read before the offset have changed (a copytruncate followed by
// fast writes). Those bytes are read again in the same pread as the new
// ones, so a truncation landing between the fstat and the read is noticed
// too, never taken for a continuation. Reading then restarts at offset zero
// and the rewind is counted (Status.Rewinds): lines written between
// tailtop's last read and a copytruncate went into the copy, which tailtop
// does not read; that loss is inherent to copytruncate, and an incomplete
// line read before it is delivered marked truncated.
//
// Read permission is checked when a file is opened: a file tailtop holds
// open stays readable. A file it may not open (created 0600 by a rotation,
// say) puts its origin in state "error" with the message, counted once per
// episode rather than once per rescan, and is read from its start once it
// becomes readable.
//
// Lines are bounded at feed.MaxLineBytes: a longer line is cut, counted as
// truncated, and the rest of it read and discarded (Status.SkippedBytes),
// so a 1 GB line or a file of NULs costs reading time, never memory. An
// over-long line that is a CloudTrail document ({"Records":[...]}) is split
// into one line per record instead (records.go). On cancel, what was read
// is still handed over.
//
// On start without FromStart, reading begins at the end of each existing
// file; if the file ends inside a line, the rest of that line is skipped, so
// a fragment of an old line is never shown as a new one.
//
// Stdin and named pipes are read by one goroutine that hands over 256 KiB
// chunks. Read to the end (report, parse) their lines are History, windowed
// by event time; followed (the TUI) they are live traffic, windowed by
// arrival, since `tail -f x | tailtop -` is live. On cancel the read is interrupted with a read deadline when the
// descriptor supports one; a blocking stdin cannot be interrupted, and that
// goroutine ends with the process.
package file
