package tui

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/tailtop/tailtop/tui/safe"
)

// clipboardText is the text a command puts on the clipboard, false when
// it is no clipboard command. bubbletea's message type is unexported: it
// is recognized by name, and the end-to-end test below checks the real
// OSC 52 bytes.
func clipboardText(t *testing.T, cmd tea.Cmd) (string, bool) {
	t.Helper()
	if cmd == nil {
		return "", false
	}
	msg := cmd()
	if fmt.Sprintf("%T", msg) != "tea.setClipboardMsg" {
		return "", false
	}
	return reflect.ValueOf(msg).String(), true
}

// requirePlain fails when copied text holds a control character other
// than newline, or an escape.
func requirePlain(t *testing.T, s string) {
	t.Helper()
	for i, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Fatalf("copied text holds %U at byte %d: %q", r, i, s)
		}
	}
}

// TestClipboardCopiesSelectedKey: y copies the selected row's key,
// sanitized, and says how many bytes.
func TestClipboardCopiesSelectedKey(t *testing.T) {
	d := newDriver(t, newFake(webStream(), trailStream()), plainOptions(), 80, 24)
	d.keys("j", "j") // the third client: a key with a title-setting escape
	got, ok := clipboardText(t, d.send(press("y")))
	if !ok {
		t.Fatal("y produced no clipboard command")
	}
	want := safe.Text(hostileTitle + "10.9.8.7")
	if got != want {
		t.Fatalf("copied %q, want %q", got, want)
	}
	requirePlain(t, got)
	v := d.view()
	if !strings.Contains(v, fmt.Sprintf("copied the key, %d bytes", len(want))) {
		t.Fatalf("no notice of the copy:\n%s", v)
	}
	// The notice covers the sources, not the rate and window.
	if !strings.Contains(v, "lines/s │ window 1m") {
		t.Fatalf("the notice hid the window:\n%s", v)
	}
	requireFits(t, v, 80, 24)
	// The notice goes after a few seconds, with the refresh tick.
	m := d.model()
	m.opts.Now = func() time.Time { return t0.Add(noticeFor) }
	d.send(tickMsg{})
	if strings.Contains(d.view(), "copied") {
		t.Fatal("the notice stayed")
	}

	// The paths pane copies its key; the tail pane its lines on screen.
	d.keys("tab")
	if got, _ := clipboardText(t, d.send(press("y"))); got != "/index.html" {
		t.Fatalf("paths pane copied %q", got)
	}
	d.keys("shift+tab", "shift+tab")
	if d.model().focus != paneTail {
		t.Fatalf("focus %d, want the tail", d.model().focus)
	}
	got, _ = clipboardText(t, d.send(press("y")))
	lines := strings.Split(got, "\n")
	tail := webStream().Tail
	if len(lines) != len(tail) {
		t.Fatalf("tail copy has %d lines, want %d: %q", len(lines), len(tail), got)
	}
	for i, l := range tail {
		if lines[i] != safe.Text(l.Text) {
			t.Fatalf("tail line %d copied as %q, want %q", i, lines[i], safe.Text(l.Text))
		}
	}
	requirePlain(t, got)
}

// TestClipboardDrillLine: in the drill-down y copies the selected line;
// shown in full, the pretty-printed JSON, still sanitized.
func TestClipboardDrillLine(t *testing.T) {
	d := newDriver(t, newFake(webStream(), trailStream()), plainOptions(), 50, 30)
	d.keys("]", "j", "enter") // the deploy role's lines
	dr := d.model().drill
	if !dr.open() {
		t.Fatal("no drill-down")
	}
	sel, _ := dr.selected()
	got, ok := clipboardText(t, d.send(press("y")))
	if !ok || got != safe.Text(sel.Text) {
		t.Fatalf("copied %q, want the selected line %q", got, safe.Text(sel.Text))
	}
	requirePlain(t, got)
	if !strings.Contains(sel.Text, "CreateUser") {
		t.Fatalf("selected %q, want the CloudTrail event", sel.Text)
	}
	d.keys("p")
	got, _ = clipboardText(t, d.send(press("y")))
	requirePlain(t, got)
	lines := strings.Split(got, "\n")
	if len(lines) < 10 || !strings.Contains(got, `"eventName": "CreateUser"`) {
		t.Fatalf("pretty copy:\n%s", got)
	}
	// The escape spelled inside a JSON string is expanded, then made
	// inert: the copy shows it, never carries it.
	if !strings.Contains(got, "␛[31m") || strings.Contains(got, "\x1b") {
		t.Fatalf("pretty copy did not neutralize the escape:\n%q", got)
	}
	// Wrapped on screen (50 columns), whole in the copy.
	arn := `"arn": "arn:aws:sts::123456789012:assumed-role/ci/deploy"`
	if strings.Contains(d.view(), arn) || !strings.Contains(got, arn) {
		t.Fatalf("the copy is not the unwrapped text:\n%s", got)
	}
}

// TestClipboardOnlyOnKey: selecting, clicking, scrolling and typing a y
// into a filter never write the clipboard.
func TestClipboardOnlyOnKey(t *testing.T) {
	d := newDriver(t, newFake(webStream(), trailStream()), plainOptions(), 80, 24)
	for _, msg := range []tea.Msg{press("j"), press("tab"), click(10, 3), wheel(10, 3, tea.MouseWheelDown),
		press("/"), press("y"), press("enter")} {
		if cmd := d.send(msg); cmd != nil {
			if _, ok := clipboardText(t, cmd); ok {
				t.Fatalf("%v wrote the clipboard", msg)
			}
		}
	}
	if d.model().tail.filter.Value() != "y" {
		t.Fatalf("y was not typed into the filter: %q", d.model().tail.filter.Value())
	}
	// Nothing selectable: a notice, no clipboard.
	d2 := newDriver(t, &fakeProvider{}, plainOptions(), 80, 24)
	if _, ok := clipboardText(t, d2.send(press("y"))); ok {
		t.Fatal("an empty screen copied something")
	}
	if !strings.Contains(d2.view(), "nothing to copy") {
		t.Fatalf("no notice:\n%s", d2.view())
	}
}

func TestClipboardClipText(t *testing.T) {
	s := strings.Repeat("é", 10) // 20 bytes
	got, cut := clipText(s, 7)
	if !cut || got != "ééé" {
		t.Fatalf("clipText cut to %q, %v", got, cut)
	}
	lines := strings.Repeat("abcdefghi\n", 10) // 100 bytes
	got, cut = clipText(lines, 95)
	if !cut || got != strings.TrimSuffix(strings.Repeat("abcdefghi\n", 9), "\n") {
		t.Fatalf("clipText did not cut at the line end: %q", got)
	}
	if got, cut := clipText("short", 100); cut || got != "short" {
		t.Fatalf("clipText cut a short text: %q", got)
	}
}

// TestClipboardOSC52 runs the real program: y writes the selected key to
// the terminal as an OSC 52 sequence whose payload is the sanitized key.
func TestClipboardOSC52(t *testing.T) {
	p := newFake(webStream(), trailStream())
	opts := plainOptions()
	opts.RefreshInterval = 10 * time.Millisecond
	tm := teatest.NewTestModel(t, New(p, opts), teatest.WithInitialTermSize(80, 24))
	waitUntil(t, "a first snapshot", func() bool { return p.callCount() > 0 })
	tm.Send(press("j"))
	tm.Send(press("j"))
	tm.Send(press("y"))
	want := base64.StdEncoding.EncodeToString([]byte(safe.Text(hostileTitle + "10.9.8.7")))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("\x1b]52;c;"+want))
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	tm.Send(press("q"))
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
