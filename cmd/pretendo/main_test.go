package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mainEnv makes the test binary run main instead of the tests, so that
// exit codes and signals are tested on a real process.
const mainEnv = "PRETENDO_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// command returns the pretendo command run by the test binary.
func command(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	cmd.Dir = t.TempDir()
	return cmd
}

// exitStatus returns the exit code of a finished command.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	require.ErrorAs(t, err, &ee)
	return ee.ExitCode()
}

func TestMainExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // exact
	}{
		{"usage error", []string{"start", "--port", "abc"}, exitUsage,
			"pretendo: invalid value \"abc\" for flag --port: want a port number from 0 to 65535\nRun \"pretendo help\" for usage.\n"},
		{"runtime error", []string{"start", "missing.yml"}, exitFailure, "pretendo: spec file missing.yml not found\n"},
		{"ok", []string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmd := command(t, tt.args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			assert.Equal(t, tt.code, exitStatus(t, err))
			assert.Equal(t, tt.stderr, stderr.String())
		})
	}
}

// startProcess starts "pretendo start args..." as a process and returns
// it with the served URL.
func startProcess(t *testing.T, args ...string) (*exec.Cmd, string, *strings.Builder) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("signals are not sent this way on Windows")
	}
	cmd := command(t, append([]string{"start"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &strings.Builder{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := urlPattern.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case url := <-urls:
		return cmd, url, stderr
	case <-time.After(60 * time.Second):
		t.Fatalf("the process did not serve within 60s")
	}
	return nil, "", nil
}

// waitExit waits for the process to end and returns its exit code.
func waitExit(t *testing.T, cmd *exec.Cmd, within time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return exitStatus(t, err)
	case <-time.After(within):
		t.Fatalf("the process did not exit within %s", within)
	}
	return -1
}

func TestMainSignals(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			cmd, url, stderr := startProcess(t, memory, "--port=0", "--host=127.0.0.1")
			resp, err := http.Get(url + "/posts?perPage=1")
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)

			require.NoError(t, cmd.Process.Signal(sig))
			assert.Equal(t, exitOK, waitExit(t, cmd, 30*time.Second))
			assert.Contains(t, stderr.String(), "msg=stopped")
		})
	}
}

func TestMainSecondSignalExitsAtOnce(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	cmd, url, stderr := startProcess(t, path, memory, "--port=0", "--host=127.0.0.1", "--shutdown-timeout", "1h", "--server.readTimeout=3600000")
	idle := idleConn(t, url, "/health")
	// In flight for an hour: its body never comes.
	req := holdRequest(t, http.MethodPut, url, "/users/1", `{"name":"Ada"}`)
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	awaitClosed(t, idle, "the first signal's shutdown closes the idle connection")
	// The first signal waits for the request (an hour); the second ends it now.
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	begin := time.Now()
	assert.Equal(t, exitFailure, waitExit(t, cmd, 20*time.Second))
	assert.Less(t, time.Since(begin), 10*time.Second)
	assert.Error(t, (<-req.answer).err)
	assert.Contains(t, stderr.String(), "pretendo: second signal, exiting at once\n")
}
