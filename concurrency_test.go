package pretendo_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// call sends one request from any goroutine (no require) and returns its
// status and decoded body; transport failures come back as errors.
func call(client *http.Client, method, url string, body any) (int, map[string]any, error) {
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = strings.NewReader(string(data))
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			return resp.StatusCode, nil, fmt.Errorf("decoding %q: %w", raw, err)
		}
	}
	return resp.StatusCode, out, nil
}

// unexpected collects the failures goroutines see, to report them afterwards.
type unexpected struct {
	mu   sync.Mutex
	msgs []string
}

func (u *unexpected) add(format string, args ...any) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.msgs) < 20 {
		u.msgs = append(u.msgs, fmt.Sprintf(format, args...))
	}
}

func TestConcurrentDeletesAndCreatesLeaveNoOrphans(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)
	ctx := t.Context()
	users := pretendo.Collection[map[string]any](srv, "users")
	const nUsers = 160
	for i := range nUsers {
		_, err := users.Create(ctx, map[string]any{"email": fmt.Sprintf("c%d@x.y", i), "name": "C"})
		require.NoError(t, err)
	}
	userIDs := make([]int, 0, nUsers+3)
	for id := 1; id <= nUsers+3; id++ {
		userIDs = append(userIDs, id)
	}

	client := &http.Client{}
	var bad unexpected
	var created, refused, deleted, reads atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})

	// 8 deleters, each owning every 8th user; every 4th user survives.
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(userIDs); i += 8 {
				if userIDs[i]%4 == 0 {
					continue
				}
				status, body, err := call(client, http.MethodDelete, fmt.Sprintf("%s/users/%d", base, userIDs[i]), nil)
				switch {
				case err != nil:
					bad.add("delete: %v", err)
				case status == http.StatusNoContent:
					deleted.Add(1)
				default:
					bad.add("delete user %d: %d %v", userIDs[i], status, body)
				}
			}
		}()
	}
	// 8 creators: posts over HTTP (both routes), comments, and typed creates.
	posts := pretendo.Collection[map[string]any](srv, "posts")
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				uid := userIDs[(g*37+i*13)%len(userIDs)]
				var status int
				var body map[string]any
				var err error
				switch i % 4 {
				case 0:
					status, body, err = call(client, http.MethodPost, base+"/posts", map[string]any{"title": "p", "userId": uid})
				case 1:
					status, body, err = call(client, http.MethodPost, fmt.Sprintf("%s/users/%d/posts", base, uid), map[string]any{"title": "n"})
				case 2:
					_, cerr := posts.Create(ctx, map[string]any{"title": "typed", "userId": uid})
					switch {
					case cerr == nil:
						created.Add(1)
					case strings.Contains(cerr.Error(), "references no users"):
						refused.Add(1)
					default:
						bad.add("typed create: %v", cerr)
					}
					continue
				default:
					status, body, err = call(client, http.MethodPost, base+"/comments", map[string]any{"body": "c", "postId": 1 + (g+i)%200, "userId": uid})
				}
				switch {
				case err != nil:
					bad.add("create: %v", err)
				case status == http.StatusCreated:
					created.Add(1)
				case status == http.StatusUnprocessableEntity && len(detailCodes(body)) > 0:
					refused.Add(1)
				case status == http.StatusNotFound && errCode(body) == "RECORD_NOT_FOUND":
					refused.Add(1)
				default:
					bad.add("create: %d %v", status, body)
				}
			}
		}()
	}
	// Readers: every expanded author must exist in the state they read.
	var readers sync.WaitGroup
	for g := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, body, err := call(client, http.MethodGet, base+"/posts?expand=author&perPage=50&sortBy=-id", nil)
				if err != nil || status != http.StatusOK {
					bad.add("read %d: %d %v %v", g, status, body, err)
					continue
				}
				reads.Add(1)
				recs, _ := body["data"].([]any)
				for _, r := range recs {
					rec, _ := r.(map[string]any)
					if rec["author"] == nil {
						bad.add("post %v has no author in a consistent read", rec["id"])
					}
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	assert.Empty(t, bad.msgs)
	assert.Equal(t, int64(len(userIDs)-len(userIDs)/4), deleted.Load(), "every doomed user deleted once")
	assert.Positive(t, reads.Load())
	t.Logf("created %d, refused %d, reads %d", created.Load(), refused.Load(), reads.Load())

	// No orphans anywhere.
	allUsers, err := users.List(ctx, pretendo.Query{PerPage: 0})
	require.NoError(t, err)
	assert.Equal(t, len(userIDs)/4, allUsers.Total, "the survivors")
	existing := make(map[any]bool)
	for _, u := range allUsers.Items {
		existing[u["id"]] = true
		assert.Zero(t, int(u["id"].(float64))%4, "user %v should be gone", u["id"])
	}
	allPosts, err := posts.List(ctx, pretendo.Query{PerPage: 0})
	require.NoError(t, err)
	assert.Positive(t, allPosts.Total, "some posts of survivors remain, so the check below is not vacuous")
	for _, p := range allPosts.Items {
		assert.True(t, existing[p["userId"]], "post %v points at missing user %v", p["id"], p["userId"])
	}
	postIDs := make(map[any]bool)
	for _, p := range allPosts.Items {
		postIDs[p["id"]] = true
	}
	comments, err := pretendo.Collection[map[string]any](srv, "comments").List(ctx, pretendo.Query{})
	require.NoError(t, err)
	for _, c := range comments.Items {
		assert.True(t, postIDs[c["postId"]], "comment %v points at missing post %v", c["id"], c["postId"])
		if uid, ok := c["userId"]; ok && uid != nil {
			assert.True(t, existing[uid], "comment %v points at missing user %v", c["id"], uid)
		}
	}
	joins, err := pretendo.Collection[map[string]any](srv, "postTags").List(ctx, pretendo.Query{})
	require.NoError(t, err)
	for _, j := range joins.Items {
		assert.True(t, postIDs[j["postId"]], "postTag %v points at missing post %v", j["id"], j["postId"])
	}
}

func TestConcurrentReadersSeeWholeWrites(t *testing.T) {
	t.Parallel()
	srv, base := newServer(t)
	ctx := t.Context()
	users := pretendo.Collection[map[string]any](srv, "users")
	client := &http.Client{}
	var bad unexpected
	var wg sync.WaitGroup
	stop := make(chan struct{})

	// A writer that replaces users, each with its name equal to its email
	// prefix, and creates and deletes users with posts.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(stop)
		for i := range 150 {
			email := fmt.Sprintf("w%d@x.y", i)
			u, err := users.Create(ctx, map[string]any{"email": email, "name": fmt.Sprintf("w%d", i)})
			if err != nil {
				bad.add("create: %v", err)
				return
			}
			status, body, err := call(client, http.MethodPost, fmt.Sprintf("%s/users/%v/posts", base, u["id"]), map[string]any{"title": "t"})
			if err != nil || status != http.StatusCreated {
				bad.add("nested create: %d %v %v", status, body, err)
			}
			if i%2 == 0 {
				if err := users.Delete(ctx, u["id"]); err != nil {
					bad.add("delete: %v", err)
				}
			}
		}
	}()
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, body, err := call(client, http.MethodGet, base+"/users?expand=posts&perPage=50&sortBy=-id", nil)
				if err != nil || status != http.StatusOK {
					bad.add("reader %d: %d %v %v", g, status, body, err)
					continue
				}
				recs, _ := body["data"].([]any)
				for _, r := range recs {
					rec, _ := r.(map[string]any)
					if !strings.HasPrefix(fmt.Sprint(rec["email"]), fmt.Sprint(rec["name"])+"@") && rec["id"].(float64) > 3 {
						bad.add("torn user %v", rec)
					}
				}
				page, err := users.Find(ctx, "perPage=100")
				if err != nil || page.Total < 3 {
					bad.add("typed read: %v %d", err, page.Total)
				}
			}
		}()
	}
	wg.Wait()
	assert.Empty(t, bad.msgs)
	page, err := users.List(ctx, pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 3+75, page.Total)
	posts, err := pretendo.Collection[map[string]any](srv, "posts").List(ctx, pretendo.Query{})
	require.NoError(t, err)
	assert.Equal(t, 3+75, posts.Total, "posts of deleted users went with them")
}
