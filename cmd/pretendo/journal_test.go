package main

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartKeepsAJournal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		spec string
		args []string
		want int // requests kept of three; -1: off
	}{
		{"on by default", "", nil, 3},
		{"flag sizes it", "", []string{"--journal", "2"}, 2},
		{"flag 0 turns it off", "", []string{"--journal=0"}, -1},
		{"spec sizes it", "  journal: { size: 1 }\n", nil, 1},
		{"upstream logMaxEntries sizes it", "  logMaxEntries: 2\n", nil, 2},
		{"spec 0 turns it off", "  journal: { size: 0 }\n", nil, -1},
		{"flag beats spec", "  journal: { size: 0 }\n", []string{"--journal", "1"}, 1},
		{"override path", "", []string{"--journal.size=0"}, -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "api.yml", testSpec+c.spec)
			cl := startCLI(t, append([]string{path, memory, "--port=0", "--host=127.0.0.1", "-q"}, c.args...)...)
			for _, p := range []string{"/users", "/users/1", "/posts"} {
				status, _, _ := get(t, cl.url+p)
				require.Equal(t, http.StatusOK, status)
			}
			status, _, body := get(t, cl.url+"/admin/requests")
			if c.want < 0 {
				assert.Equal(t, http.StatusNotFound, status)
				assert.Contains(t, body["message"], "journal is off")
				return
			}
			require.Equal(t, http.StatusOK, status, "%v", body)
			recs, _ := body["data"].([]any)
			require.Len(t, recs, c.want)
			assert.Equal(t, "/posts", recs[0].(map[string]any)["path"], "newest first")
		})
	}
}

func TestStartShutdownEndsJournalStreams(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "api.yml", testSpec)
	cl := startCLI(t, path, memory, "--port=0", "--host=127.0.0.1", "-q", "--shutdown-timeout", "20s")
	resp, err := http.Get(cl.url + "/admin/requests/stream")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	lines := bufio.NewReader(resp.Body)
	first, err := lines.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "retry: 1000\n", first, "the stream is open")

	begin := time.Now()
	require.NoError(t, cl.stop(t))
	assert.Less(t, time.Since(begin), 10*time.Second, "the stream did not hold the shutdown for its 20 s")
	rest, _ := bufio.NewReader(lines).ReadString(0)
	assert.Empty(t, strings.TrimSpace(rest), "the stream ended")
}
