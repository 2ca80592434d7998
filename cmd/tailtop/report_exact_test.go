package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tailtop/tailtop/analyze"
)

// The report of a generated combined log, read in ranges on several
// goroutines, counts exactly what the one-goroutine feed path counts and
// what awk counts on the same file: every top-N row (clients, paths,
// statuses) and the totals. The real binary runs both ways.
func TestReportExactParallelEqualsSequentialAndAwk(t *testing.T) {
	awk := awkPath(t)
	bin := binary(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "combined.log")
	out, errs, code := runCmd(t, "gen", "--format", "combined", "--lines", "60000", "--seed", "7")
	if code != 0 {
		t.Fatalf("gen: %s", errs)
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}

	const topN = 1000
	report := func(workers string) (analyze.StreamSnapshot, []byte) {
		t.Helper()
		cmd := exec.Command(bin, "report", "--json", "--top", strconv.Itoa(topN), path)
		cmd.Env = append(os.Environ(), envReportWorkers+"="+workers)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("report (workers=%s): %v\n%s", workers, err, stderr.String())
		}
		var snap analyze.Snapshot
		if err := json.Unmarshal(stdout.Bytes(), &snap); err != nil || len(snap.Streams) != 1 {
			t.Fatalf("report (workers=%s) JSON: %v\n%s", workers, err, stdout.String())
		}
		return snap.Streams[0], stdout.Bytes()
	}
	seq, seqJSON := report("off")
	for _, w := range []string{"1", "2", "4"} {
		if _, parJSON := report(w); !bytes.Equal(parJSON, seqJSON) {
			t.Errorf("report with %s workers differs from the feed path, %s", w, firstDiff(parJSON, seqJSON))
		}
	}

	// awk counts clients ($1), paths (the request's URL up to '?') and
	// statuses (the field after the request) on its own.
	prog := `{ clients[$1]++
  n = split($0, q, "\"")
  split(q[2], req, " "); p = req[2]; i = index(p, "?"); if (i > 0) p = substr(p, 1, i-1)
  paths[p]++
  split(q[3], st, " "); statuses[st[1]]++ }
END { for (k in clients) print "C\t" k "\t" clients[k]
  for (k in paths) print "P\t" k "\t" paths[k]
  for (k in statuses) print "S\t" k "\t" statuses[k]
  print "N\t-\t" NR }`
	awkOut, err := exec.Command(awk, prog, path).Output()
	if err != nil {
		t.Fatalf("awk: %v", err)
	}
	want := map[string][]analyze.KeyCount{}
	var lines int64
	for _, row := range strings.Split(strings.TrimSpace(string(awkOut)), "\n") {
		f := strings.Split(row, "\t")
		if len(f) != 3 {
			t.Fatalf("awk row %q", row)
		}
		n, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			t.Fatalf("awk row %q: %v", row, err)
		}
		if f[0] == "N" {
			lines = n
			continue
		}
		want[f[0]] = append(want[f[0]], analyze.KeyCount{Key: f[1], Count: n})
	}
	if lines != 60000 {
		t.Fatalf("awk counted %d lines, want 60000", lines)
	}
	if seq.Lines != lines || seq.Parsed != lines || seq.Events != lines || seq.Approximate {
		t.Fatalf("report totals: lines %d parsed %d events %d approximate %v; awk %d lines", seq.Lines, seq.Parsed, seq.Events, seq.Approximate, lines)
	}
	for dim, got := range map[string][]analyze.KeyCount{"C": seq.Top.Actor, "P": seq.Top.Target, "S": seq.Top.Status} {
		rows := want[dim]
		// The report's order: count descending, then key.
		sort.Slice(rows, func(i, j int) bool {
			if rows[i].Count != rows[j].Count {
				return rows[i].Count > rows[j].Count
			}
			return rows[i].Key < rows[j].Key
		})
		if len(rows) > topN {
			rows = rows[:topN]
		}
		if len(got) != len(rows) {
			t.Errorf("%s: report has %d rows, awk %d", dim, len(got), len(rows))
			continue
		}
		for i := range rows {
			if got[i].Key != rows[i].Key || got[i].Count != rows[i].Count || got[i].Error != 0 {
				t.Errorf("%s row %d: report %+v, awk %+v", dim, i, got[i], rows[i])
			}
		}
	}
	var sum int64
	for k, n := range seq.Statuses {
		sum += n
		found := false
		for _, r := range want["S"] {
			if r.Key == k {
				found = r.Count == n
			}
		}
		if !found {
			t.Errorf("status %s: report %d differs from awk", k, n)
		}
	}
	if sum != lines {
		t.Errorf("statuses sum to %d, want %d", sum, lines)
	}
}

// awkPath finds mawk or gawk (or a plain awk), failing under
// TAILTOP_E2E=require when there is none.
func awkPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"mawk", "gawk", "awk"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return requireTool(t, "awk")
}

// firstDiff shows where two outputs part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "at byte " + strconv.Itoa(i) + ":\n" + string(a[lo:min(len(a), i+200)]) + "\n---\n" + string(b[lo:min(len(b), i+200)])
}
