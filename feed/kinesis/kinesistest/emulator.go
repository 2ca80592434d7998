// Package kinesistest runs the real parts the Kinesis feed is tested
// against: the kinesis-mock emulator (npm package kinesis-local) and
// kinesalite, installed with npm into the git-ignored .cache/npm folder at
// the module root and started on free ports; and a fault-injecting HTTP
// proxy that sits between the client and the emulator.
package kinesistest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// The npm packages, pinned.
const (
	MockPackage       = "kinesis-local@0.6.2"
	KinesalitePackage = "kinesalite@3.3.3"
)

// Region is the region the emulators are used in.
const Region = "us-east-1"

// Required reports whether the test run demands the emulators
// (TAILTOP_E2E=require, as scripts/test sets): a test that cannot start
// one must then fail, not skip.
func Required() bool { return os.Getenv("TAILTOP_E2E") == "require" }

// Emulator is a running emulator process.
type Emulator struct {
	Name     string // "kinesis-mock" or "kinesalite"
	Endpoint string // http://127.0.0.1:PORT

	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *tailBuffer
	done  chan struct{}
	once  sync.Once
}

// StartMock installs (if needed) and starts kinesis-mock with short
// durations for stream creation and resharding, on free ports.
func StartMock() (*Emulator, error) {
	dir, err := Install()
	if err != nil {
		return nil, err
	}
	pkg := filepath.Join(dir, "node_modules", "kinesis-local")
	plain, err := freePort()
	if err != nil {
		return nil, err
	}
	tls, err := freePort()
	if err != nil {
		return nil, err
	}
	env := []string{
		"KINESIS_MOCK_CERT_PATH=" + filepath.Join(pkg, "server.json"),
		"KINESIS_MOCK_PLAIN_PORT=" + strconv.Itoa(plain),
		"KINESIS_MOCK_TLS_PORT=" + strconv.Itoa(tls),
		"AWS_REGION=" + Region,
		"LOG_LEVEL=WARN",
		"SHOULD_PERSIST_DATA=false",
		"SHARD_LIMIT=100",
	}
	for _, op := range []string{"CREATE_STREAM", "DELETE_STREAM", "REGISTER_STREAM_CONSUMER",
		"DEREGISTER_STREAM_CONSUMER", "MERGE_SHARDS", "SPLIT_SHARD", "UPDATE_SHARD_COUNT"} {
		env = append(env, op+"_DURATION=100ms")
	}
	return start("kinesis-mock", plain, env, filepath.Join(pkg, "main.js"))
}

// StartKinesalite installs (if needed) and starts kinesalite, in memory.
func StartKinesalite() (*Emulator, error) {
	dir, err := Install()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cli := filepath.Join(dir, "node_modules", "kinesalite", "cli.js")
	return start("kinesalite", port, nil, cli, "--port", strconv.Itoa(port),
		"--createStreamMs", "50", "--deleteStreamMs", "50", "--updateStreamMs", "50", "--shardLimit", "100")
}

// watchdog runs node under sh and kills it when stdin closes: when Stop
// closes it, and also when the test process dies without calling Stop,
// so an emulator never outlives its tests.
const watchdog = `node "$@" & child=$!
trap 'kill $child 2>/dev/null' EXIT HUP INT TERM
cat >/dev/null
kill $child 2>/dev/null
wait $child 2>/dev/null`

func start(name string, port int, env []string, args ...string) (*Emulator, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("%s: node is not installed: %w", name, err)
	}
	cmd := exec.Command("sh", append([]string{"-c", watchdog, "sh"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out := &tailBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	e := &Emulator{
		Name:     name,
		Endpoint: "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:      cmd,
		stdin:    stdin,
		out:      out,
		done:     make(chan struct{}),
	}
	go func() { cmd.Wait(); close(e.done) }()
	if err := e.waitReady(90 * time.Second); err != nil {
		e.Stop()
		return nil, fmt.Errorf("%s did not start: %w\n%s", name, err, out.String())
	}
	return e, nil
}

// waitReady polls ListStreams until the emulator answers.
func (e *Emulator) waitReady(limit time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	c := kinesis.NewFromConfig(Config(e.Endpoint))
	for {
		callCtx, callCancel := context.WithTimeout(ctx, 5*time.Second)
		_, err := c.ListStreams(callCtx, &kinesis.ListStreamsInput{})
		callCancel()
		if err == nil {
			return nil
		}
		select {
		case <-e.done:
			return errors.New("the process exited")
		case <-ctx.Done():
			return fmt.Errorf("no answer after %v: %w", limit, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop ends the emulator and waits for it; it is safe to call twice.
func (e *Emulator) Stop() {
	e.once.Do(func() {
		e.stdin.Close()
		select {
		case <-e.done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
			<-e.done
		}
	})
}

// Log returns the end of the emulator's output, for failure messages.
func (e *Emulator) Log() string { return e.out.String() }

// Config is an aws.Config for an endpoint with static test credentials.
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTAILTOPTEST", "secret", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}

// ModuleRoot is the directory of go.mod above the working directory.
func ModuleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("no go.mod above " + wd)
		}
	}
}

// Packages are the npm packages the tests use, installed together so that
// npm, which prunes what its package.json does not name, keeps both.
var Packages = []string{MockPackage, KinesalitePackage}

// Install makes sure the pinned Packages are installed in <module
// root>/.cache/npm and returns that directory. Installs are serialized
// with a file lock, so parallel test binaries share one.
func Install() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, ".cache", "npm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if allInstalled(dir) {
		return dir, nil
	}
	lock, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	if allInstalled(dir) {
		return dir, nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return "", fmt.Errorf("npm is not installed, needed for %s: %w", strings.Join(Packages, " "), err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", dir}, Packages...)
	if out, err := exec.CommandContext(ctx, "npm", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	if !allInstalled(dir) {
		return "", fmt.Errorf("npm install %s: packages not found afterwards", strings.Join(Packages, " "))
	}
	return dir, nil
}

func allInstalled(dir string) bool {
	for _, spec := range Packages {
		name, version, _ := strings.Cut(spec, "@")
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", name, "package.json"))
		if err != nil {
			return false
		}
		var pkg struct{ Version string }
		if json.Unmarshal(b, &pkg) != nil || pkg.Version != version {
			return false
		}
	}
	return true
}
