// Command livebench measures tailtop live, as an operator would run it: the
// real binary in tmux following a file that another process appends to at a
// fixed rate. It reports line-to-screen latency (marker lines are written
// among the traffic and the screen, filtered to them, is read until each
// shows), the CPU tailtop used, and the bytes it wrote to the terminal.
//
//	go run ./scripts/livebench -rate 20000 -for 30s
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	rate := flag.Int("rate", 20000, "lines appended per second")
	dur := flag.Duration("for", 30*time.Second, "how long to append")
	bin := flag.String("bin", "", "tailtop binary (default: build it)")
	flag.Parse()
	if err := run(*bin, *rate, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "livebench:", err)
		os.Exit(1)
	}
}

func run(bin string, rate int, dur time.Duration) error {
	dir, err := os.MkdirTemp("", "livebench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if bin == "" {
		bin = filepath.Join(dir, "tailtop")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/tailtop").CombinedOutput(); err != nil {
			return fmt.Errorf("build: %v\n%s", err, out)
		}
	}
	log := filepath.Join(dir, "access.log")
	if err := os.WriteFile(log, nil, 0o644); err != nil {
		return err
	}
	sock := filepath.Join(dir, "tmux.sock")
	tmux := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-S", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	// pipe-pane counts what tailtop writes to the terminal.
	ttyLog := filepath.Join(dir, "tty.out")
	if out, err := tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-e", "TERM=xterm-256color", bin+" "+log); err != nil {
		return fmt.Errorf("tmux: %v %s", err, out)
	}
	defer tmux("kill-server")
	if _, err := tmux("pipe-pane", "-o", "cat >> "+ttyLog); err != nil {
		return err
	}
	pidOut, err := tmux("display-message", "-p", "#{pane_pid}")
	if err != nil {
		return err
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(pidOut))
	// Wait for the first screen, then filter the tail on the marker token.
	if err := waitScreen(tmux, "tail", 10*time.Second); err != nil {
		return err
	}
	tmux("send-keys", "/", "MARKER", "Enter")

	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)

	cpu0 := cpuTime(pid)
	tty0 := fileSize(ttyLog)
	start := time.Now()
	sent := map[int]time.Time{}
	seen := map[int]time.Duration{}
	// look reads the screen and notes when each marker first shows.
	look := func() {
		sc, _ := tmux("capture-pane", "-p")
		for _, m := range markersOn(sc) {
			if _, ok := seen[m]; !ok && !sent[m].IsZero() {
				seen[m] = time.Since(sent[m])
			}
		}
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	lines, marker := 0, 0
	lastMarker := time.Time{}
	for now := range tick.C {
		el := now.Sub(start)
		if el > dur {
			break
		}
		due := int(el.Seconds() * float64(rate))
		ts := now.UTC().Format("02/Jan/2006:15:04:05 -0700")
		for ; lines < due; lines++ {
			fmt.Fprintf(w, "10.%d.%d.%d - - [%s] \"GET /p/%d HTTP/1.1\" 200 %d \"-\" \"bench\"\n",
				lines%7, lines%250, lines%200, ts, lines%500, 100+lines%900)
		}
		if now.Sub(lastMarker) >= 200*time.Millisecond {
			marker++
			fmt.Fprintf(w, "MARKER-%d-END - - [%s] \"GET /m HTTP/1.1\" 200 1 \"-\" \"bench\"\n", marker, ts)
			lastMarker = now
			lines++
		}
		w.Flush()
		sent[marker] = lastMarker
		look()
	}
	elapsed := time.Since(start)
	cpu1 := cpuTime(pid)
	// The last markers were written just before the end: keep reading the
	// screen until each has shown, so none is left out of the figures. One
	// that never shows is a line lost between the file and the screen.
	for deadline := time.Now().Add(5 * time.Second); len(seen) < marker && time.Now().Before(deadline); {
		<-tick.C
		look()
	}
	// Idle: nothing appended for 5 s.
	idle0 := cpuTime(pid)
	time.Sleep(5 * time.Second) // measuring an idle period, not synchronizing
	idle1 := cpuTime(pid)
	tty1 := fileSize(ttyLog)

	var lat []time.Duration
	for _, d := range seen {
		lat = append(lat, d)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	fmt.Printf("appended %d lines in %.1fs (%.0f lines/s), %d markers, %d seen on screen\n",
		lines, elapsed.Seconds(), float64(lines)/elapsed.Seconds(), marker, len(seen))
	if len(lat) > 0 {
		fmt.Printf("line-to-screen latency: p50 %v  p99 %v  max %v (screen polled every 10ms)\n",
			lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	}
	fmt.Printf("tailtop CPU: %.2f cores while appending, %.3f cores idle\n",
		(cpu1-cpu0)/elapsed.Seconds(), (idle1-idle0)/5)
	fmt.Printf("terminal output: %.1f KB/s while appending\n", float64(tty1-tty0)/1024/elapsed.Seconds())
	if len(seen) < marker {
		var missing []string
		for m := 1; m <= marker; m++ {
			if _, ok := seen[m]; !ok {
				missing = append(missing, strconv.Itoa(m))
			}
		}
		return fmt.Errorf("%d of %d markers never reached the screen: %s", marker-len(seen), marker, strings.Join(missing, " "))
	}
	return nil
}

func waitScreen(tmux func(...string) (string, error), want string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if sc, _ := tmux("capture-pane", "-p"); strings.Contains(sc, want) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("tailtop screen did not show %q", want)
}

func markersOn(screen string) []int {
	var out []int
	for {
		i := strings.Index(screen, "MARKER-")
		if i < 0 {
			return out
		}
		screen = screen[i+7:]
		j := strings.Index(screen, "-END")
		if j < 0 {
			return out
		}
		if n, err := strconv.Atoi(screen[:j]); err == nil {
			out = append(out, n)
		}
	}
}

// cpuTime is the user+system CPU seconds of a process and its children.
func cpuTime(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	var t float64
	for _, i := range []int{11, 12} { // utime, stime (fields 14, 15)
		v, _ := strconv.ParseFloat(f[i], 64)
		t += v
	}
	return t / 100
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}
