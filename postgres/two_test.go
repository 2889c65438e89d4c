package postgres_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/schema"
)

// Two servers (or two DBs) on one database and prefix, written to at once:
// no id handed out twice, no acknowledged write lost, no reference left
// pointing at nothing.

// TestTwoDBsHandOutDistinctIDs runs writers on two DBs sharing a prefix,
// each taking the next id from the counter as the server does, and checks
// that every id was handed out once and every insert is stored.
func TestTwoDBsHandOutDistinctIDs(t *testing.T) {
	prefix := newPrefix(t)
	spec := &schema.Spec{Resources: []schema.Resource{{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}}}}
	a, b := openPrefix(t, prefix), openPrefix(t, prefix)
	require.NoError(t, a.Initialize(t.Context(), spec, nil))
	require.NoError(t, b.Initialize(t.Context(), spec, nil))

	const writers, each = 8, 25
	var mu sync.Mutex
	var got []float64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		db := a
		if w%2 == 1 {
			db = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var id float64
				err := db.Update(t.Context(), func(tx adapter.WriteTx) error {
					id = float64(tx.Counter("users") + 1)
					return tx.Insert("users", adapter.Record{"id": id, "by": float64(w)})
				})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				got = append(got, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	slices.Sort(got)
	require.Len(t, got, writers*each)
	for i, id := range got {
		require.Equal(t, float64(i+1), id, "ids 1..n, each once")
	}
	st, err := b.Backup(t.Context())
	require.NoError(t, err)
	assert.Equal(t, writers*each, st.Len("users"))
	assert.Equal(t, int64(writers*each), st.Counter("users"))
}

// reply is one answer to a request of the load below.
type reply struct {
	status int
	data   map[string]any
}

// send makes one request; it is safe in any goroutine.
func send(method, url, body string) (reply, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader([]byte(body)))
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	var out struct {
		Data map[string]any `json:"data"`
	}
	if resp.StatusCode != http.StatusNoContent {
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return reply{}, fmt.Errorf("%s %s: %d: %w", method, url, resp.StatusCode, err)
		}
	}
	return reply{status: resp.StatusCode, data: out.Data}, nil
}

// TestTwoServersUnderMixedWrites runs two servers on one prefix and sends
// both, at once, creations of users and posts, deletes of users (whose
// posts cascade) and of posts, and updates. Then every acknowledged
// creation that no acknowledged delete removed is stored, no id was handed
// out twice, and no post points at a missing user.
func TestTwoServersUnderMixedWrites(t *testing.T) {
	prefix := newPrefix(t)
	servers := []string{startServer(t, prefix).URL, startServer(t, prefix).URL}

	type ledger struct {
		users, posts     map[float64]bool // created, acknowledged
		postUser         map[float64]float64
		goneUsers, goneP map[float64]bool // deleted, acknowledged
	}
	led := ledger{users: map[float64]bool{1: true}, posts: map[float64]bool{}, postUser: map[float64]float64{},
		goneUsers: map[float64]bool{}, goneP: map[float64]bool{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	const workers, requests = 6, 60
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			fail := func(err error) { errs <- err }
			for i := range requests {
				url := servers[(w+i)%2]
				mu.Lock()
				var known []float64
				for id := range led.users {
					known = append(known, id)
				}
				mu.Unlock()
				slices.Sort(known)
				someUser := known[r.IntN(len(known))]
				switch p := r.IntN(10); {
				case p < 3:
					rep, err := send(http.MethodPost, url+"/users", fmt.Sprintf(`{"email":"w%d-%d@example.com"}`, w, i))
					if err != nil || rep.status != http.StatusCreated {
						fail(fmt.Errorf("create user: %v %+v", err, rep))
						return
					}
					id := rep.data["id"].(float64)
					mu.Lock()
					if led.users[id] || led.goneUsers[id] {
						mu.Unlock()
						fail(fmt.Errorf("user id %v handed out twice", id))
						return
					}
					led.users[id] = true
					mu.Unlock()
				case p < 7:
					rep, err := send(http.MethodPost, url+"/posts", fmt.Sprintf(`{"userId":%v}`, someUser))
					if err != nil || (rep.status != http.StatusCreated && rep.status != http.StatusUnprocessableEntity) {
						fail(fmt.Errorf("create post: %v %+v", err, rep))
						return
					}
					if rep.status == http.StatusCreated {
						id := rep.data["id"].(float64)
						mu.Lock()
						if led.posts[id] || led.goneP[id] {
							mu.Unlock()
							fail(fmt.Errorf("post id %v handed out twice", id))
							return
						}
						led.posts[id], led.postUser[id] = true, someUser
						mu.Unlock()
					}
				case p < 8:
					rep, err := send(http.MethodDelete, fmt.Sprintf("%s/users/%v", url, someUser), "")
					if err != nil || (rep.status != http.StatusNoContent && rep.status != http.StatusNotFound) {
						fail(fmt.Errorf("delete user: %v %+v", err, rep))
						return
					}
					if rep.status == http.StatusNoContent {
						mu.Lock()
						led.goneUsers[someUser] = true
						delete(led.users, someUser)
						if len(led.users) == 0 {
							led.users[someUser] = true // keep a candidate; its posts fail with 422
						}
						mu.Unlock()
					}
				case p < 9:
					rep, err := send(http.MethodPatch, fmt.Sprintf("%s/users/%v", url, someUser), fmt.Sprintf(`{"nick":"n%d"}`, i))
					if err != nil || (rep.status != http.StatusOK && rep.status != http.StatusNotFound) {
						fail(fmt.Errorf("patch user: %v %+v", err, rep))
						return
					}
				default:
					mu.Lock()
					var post float64
					for id := range led.posts {
						post = id
						break
					}
					mu.Unlock()
					if post == 0 {
						continue
					}
					rep, err := send(http.MethodDelete, fmt.Sprintf("%s/posts/%v", url, post), "")
					if err != nil || (rep.status != http.StatusNoContent && rep.status != http.StatusNotFound) {
						fail(fmt.Errorf("delete post: %v %+v", err, rep))
						return
					}
					if rep.status == http.StatusNoContent {
						mu.Lock()
						led.goneP[post] = true
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	// What the database holds, read once through a third DB.
	db := openPrefix(t, prefix)
	spec, err := pretendo.ParseSpec([]byte(serverSpec))
	require.NoError(t, err)
	require.NoError(t, db.Initialize(t.Context(), spec, nil))
	st, err := db.Backup(t.Context())
	require.NoError(t, err)
	stored, _ := adapter.Snapshot(st)
	users := map[float64]bool{}
	for _, u := range stored["users"] {
		users[u["id"].(float64)] = true
	}
	posts := map[float64]float64{}
	for _, p := range stored["posts"] {
		posts[p["id"].(float64)] = p["userId"].(float64)
	}
	for id := range led.goneUsers {
		assert.False(t, users[id], "user %v was deleted", id)
	}
	for id := range led.users {
		if !led.goneUsers[id] {
			assert.True(t, users[id], "acknowledged user %v is stored", id)
		}
	}
	for id, owner := range led.postUser {
		want := !led.goneP[id] && !led.goneUsers[owner]
		_, ok := posts[id]
		assert.Equal(t, want, ok, "post %v of user %v", id, owner)
	}
	for id, owner := range posts {
		assert.True(t, users[owner], "post %v points at user %v, who exists", id, owner)
	}
	t.Logf("%d users and %d posts stored; %d users and %d posts deleted", len(users), len(posts), len(led.goneUsers), len(led.goneP))
}
