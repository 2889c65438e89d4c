//go:build unix

package jsonfile_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/jsonfile"
	"github.com/pretendo-go/pretendo/schema"
)

// crashEnv carries the database path to the child process of
// TestCrashDurability.
const crashEnv = "JSONFILE_CRASH_CHILD_DB"

func crashSpec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{{
		Name:   "items",
		Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "payload", Type: schema.TypeString}},
	}}}
}

// TestHelperCrashChild is not a test: TestCrashDurability runs the test
// binary again with only this function, as a child process that writes
// records in a loop from four goroutines until it is killed. It prints
// "ready" once the store is open, then the id of every acknowledged write.
func TestHelperCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("helper process of TestCrashDurability")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s, err := jsonfile.Open(path, jsonfile.WithSaveInterval(0), jsonfile.WithLogger(quiet()))
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	if err := s.Initialize(ctx, crashSpec(), nil); err != nil {
		fail(err)
	}
	// Each Println is one write(2) of a few bytes to a pipe, which is atomic.
	fmt.Println("ready")
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var id int64
				err := s.Update(ctx, func(tx adapter.WriteTx) error {
					id = tx.Counter("items") + 1
					return tx.Insert("items", adapter.Record{"id": float64(id), "payload": strings.Repeat("é", 40)})
				})
				if err != nil {
					fail(err)
				}
				fmt.Println(id)
			}
		}()
	}
	wg.Wait()
}

// TestCrashDurability kills a process that writes with saveInterval 0 at
// random moments, 50 times over the same file, and checks after each kill
// that the file loads and holds every write the process acknowledged.
func TestCrashDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns 50 processes")
	}
	path := dbPath(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))
	acked := make(map[int64]bool)
	start := time.Now()
	for round := range 50 {
		newAcks := crashRound(t, path, time.Duration(5+rng.IntN(56))*time.Millisecond)
		for _, id := range newAcks {
			acked[id] = true
		}
		s, err := jsonfile.Open(path, jsonfile.WithAutoSave(false), jsonfile.WithLogger(quiet()))
		require.NoError(t, err, "round %d: the kernel dropped the lock of the killed process", round)
		err = s.Initialize(t.Context(), crashSpec(), nil)
		require.NoError(t, err, "round %d: the file loads", round)
		st, err := s.Backup(t.Context())
		require.NoError(t, err)
		stored := make(map[int64]bool, st.Len("items"))
		st.Scan("items", func(r adapter.Record) bool {
			stored[int64(r["id"].(float64))] = true
			return true
		})
		var lost []int64
		for id := range acked {
			if !stored[id] {
				lost = append(lost, id)
			}
		}
		require.NoError(t, s.Close())
		require.Empty(t, lost, "round %d: acknowledged writes missing from the file", round)
	}
	t.Logf("50 rounds, %d acknowledged writes, %v", len(acked), time.Since(start))
	assert.NotEmpty(t, acked, "the child acknowledged some writes")
}

// crashRound runs the child on path, kills it with SIGKILL after it has
// been writing for after, and returns the ids it acknowledged.
func crashRound(t *testing.T, path string, after time.Duration) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperCrashChild$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	r := bufio.NewReader(stdout)
	line, err := r.ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		require.NoError(t, err, "child did not start: %s", stderr.String())
	}
	require.Equal(t, "ready\n", line)
	timer := time.AfterFunc(after, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
	defer timer.Stop()
	var ids []int64
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			// A line without its newline was never acknowledged in full.
			require.ErrorIs(t, err, io.EOF)
			break
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(line, "\n"), 10, 64)
		require.NoError(t, err)
		ids = append(ids, id)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "child ended with %v: %s", err, stderr.String())
	status, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok)
	require.True(t, status.Signaled() && status.Signal() == syscall.SIGKILL, "child was killed, not %v: %s", err, stderr.String())
	return ids
}
