package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// A kind of request of the mix, with its share (out of 100).
type kind struct {
	name  string
	share int
}

// mix is the request mix: mostly reads, as an API serves.
var mix = []kind{
	{"get_user", 45},    // GET /users/{seed user}
	{"filter", 20},      // GET /posts?userId={seed user}&perPage=100
	{"create_post", 15}, // POST /posts, owned by a seed user or one created here
	{"create_user", 5},  // POST /users
	{"patch_post", 5},   // PATCH /posts/{created here}
	{"delete_post", 5},  // DELETE /posts/{created here}
	{"delete_user", 5},  // DELETE /users/{created here}: its posts cascade (or it is refused)
}

// ledger is what the servers acknowledged.
type ledger struct {
	mu           sync.Mutex
	posts        map[float64]float64 // created post -> its owner
	deletedPosts map[float64]bool
	users        map[float64]float64 // created users (to 0)
	deletedUsers map[float64]bool
	livePosts    []float64 // created, not known to be gone: targets of patches and deletes
	liveUsers    []float64
	dupes        []string // ids handed out twice
}

func newLedger() *ledger {
	return &ledger{posts: map[float64]float64{}, deletedPosts: map[float64]bool{}, users: map[float64]float64{}, deletedUsers: map[float64]bool{}}
}

// pick returns a random element of s, or 0 when it is empty.
func pick(r *rand.Rand, s []float64) float64 {
	if len(s) == 0 {
		return 0
	}
	return s[r.IntN(len(s))]
}

// remove drops v from s.
func remove(s []float64, v float64) []float64 {
	if i := slices.Index(s, v); i >= 0 {
		s[i] = s[len(s)-1]
		return s[:len(s)-1]
	}
	return s
}

// tally counts the answers of one kind by status.
type tally map[int]int

// load runs the workers.
type load struct {
	c        config
	client   *http.Client
	ledger   *ledger
	sent     atomic.Int64
	mu       sync.Mutex
	byKind   map[string]tally
	errs     []string
	errCount int
}

func newLoad(c config) *load {
	tr := &http.Transport{MaxIdleConns: c.conns, MaxIdleConnsPerHost: c.conns, IdleConnTimeout: time.Minute}
	return &load{c: c, client: &http.Client{Transport: tr, Timeout: c.timeout}, ledger: newLedger(), byKind: map[string]tally{}}
}

// result is what a run measured.
type result struct {
	elapsed  time.Duration
	requests int64
	errors   int
	byKind   map[string]tally
	errs     []string
	ledger   *ledger
}

func (r *result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// run sends the mix from c.conns workers until the duration ends or the
// request bound is reached.
func (l *load) run() *result {
	deadline := time.Now().Add(l.c.duration)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range l.c.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(l.c.seed, uint64(w)))
			base := l.c.targets[w%len(l.c.targets)]
			for time.Now().Before(deadline) {
				if l.c.requests > 0 && l.sent.Add(1) > int64(l.c.requests) {
					return
				}
				l.one(r, base)
			}
		}()
	}
	wg.Wait()
	l.client.CloseIdleConnections()
	elapsed := time.Since(start)
	var n int64
	for _, t := range l.byKind {
		for _, c := range t {
			n += int64(c)
		}
	}
	return &result{elapsed: elapsed, requests: n + int64(l.errCount), errors: l.errCount, byKind: l.byKind, errs: l.errs, ledger: l.ledger}
}

// choose picks the kind of the next request.
func choose(r *rand.Rand) string {
	n := r.IntN(100)
	for _, k := range mix {
		if n < k.share {
			return k.name
		}
		n -= k.share
	}
	return mix[0].name
}

// one sends one request of the mix to base and books its answer.
func (l *load) one(r *rand.Rand, base string) {
	seedUser := float64(r.IntN(l.c.users) + 1)
	led := l.ledger
	led.mu.Lock()
	post, user := pick(r, led.livePosts), pick(r, led.liveUsers)
	led.mu.Unlock()
	k := choose(r)
	switch {
	case (k == "patch_post" || k == "delete_post") && post == 0,
		k == "delete_user" && user == 0:
		k = "get_user"
	}
	var status int
	var data map[string]any
	var err error
	switch k {
	case "get_user":
		status, data, err = l.do(http.MethodGet, base+"/users/"+num(seedUser), "")
		err = expect(err, status, http.StatusOK)
	case "filter":
		status, data, err = l.do(http.MethodGet, base+"/posts?userId="+num(seedUser)+"&perPage=100", "")
		err = expect(err, status, http.StatusOK)
	case "create_post":
		owner := seedUser
		if user != 0 && r.IntN(2) == 0 {
			owner = user
		}
		body := `{"title":"Load post","body":"Written under load.","userId":` + num(owner) + `,"createdAt":"2026-01-01T12:00:00Z"}`
		status, data, err = l.do(http.MethodPost, base+"/posts", body)
		switch {
		case err == nil && status == http.StatusCreated:
			err = led.created(data, led.posts, &led.livePosts, owner)
		case err == nil && status == http.StatusUnprocessableEntity && owner == user:
			// The owner, created here, was deleted meanwhile.
		default:
			err = expect(err, status, http.StatusCreated)
		}
	case "create_user":
		status, data, err = l.do(http.MethodPost, base+"/users", `{"username":"loaded","email":"loaded@example.com","role":"user","age":30}`)
		if err = expect(err, status, http.StatusCreated); err == nil {
			err = led.created(data, led.users, &led.liveUsers, 0)
		}
	case "patch_post":
		status, _, err = l.do(http.MethodPatch, base+"/posts/"+num(post), `{"title":"Patched under load"}`)
		err = expect(err, status, http.StatusOK, http.StatusNotFound)
	case "delete_post":
		status, _, err = l.do(http.MethodDelete, base+"/posts/"+num(post), "")
		if err = expect(err, status, http.StatusNoContent, http.StatusNotFound); err == nil {
			led.mu.Lock()
			if status == http.StatusNoContent {
				led.deletedPosts[post] = true
			}
			led.livePosts = remove(led.livePosts, post)
			led.mu.Unlock()
		}
	case "delete_user":
		status, _, err = l.do(http.MethodDelete, base+"/users/"+num(user), "")
		// 409: a spec whose posts restrict deletes refuses while the user has some.
		if err = expect(err, status, http.StatusNoContent, http.StatusNotFound, http.StatusConflict); err == nil && status != http.StatusConflict {
			led.mu.Lock()
			if status == http.StatusNoContent {
				led.deletedUsers[user] = true
			}
			led.liveUsers = remove(led.liveUsers, user)
			led.mu.Unlock()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.errCount++
		if len(l.errs) < 10 {
			l.errs = append(l.errs, fmt.Sprintf("%s: %v", k, err))
		}
		return
	}
	if l.byKind[k] == nil {
		l.byKind[k] = tally{}
	}
	l.byKind[k][status]++
}

// created books the id of the record a 201 answer holds in ids (posts or
// users) and in live; an id booked before was handed out twice.
func (led *ledger) created(data map[string]any, ids map[float64]float64, live *[]float64, owner float64) error {
	id, ok := data["id"].(float64)
	if !ok {
		return fmt.Errorf("201 without a number id: %v", data)
	}
	led.mu.Lock()
	defer led.mu.Unlock()
	if _, seen := ids[id]; seen {
		led.dupes = append(led.dupes, "id "+num(id))
	}
	ids[id] = owner
	*live = append(*live, id)
	return nil
}

// num spells an id as JSON and URLs do: 1000000, not 1e+06.
func num(id float64) string { return strconv.FormatFloat(id, 'f', -1, 64) }

// expect returns err, or an error when status is none of want.
func expect(err error, status int, want ...int) error {
	if err != nil {
		return err
	}
	if !slices.Contains(want, status) {
		return fmt.Errorf("status %d, want %v", status, want)
	}
	return nil
}

// do sends one request and decodes the "data" member of a JSON answer.
func (l *load) do(method, url, body string) (int, map[string]any, error) {
	var rd io.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return resp.StatusCode, nil, err
	}
	var out struct {
		Data json.RawMessage `json:"data"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &out) != nil {
		return resp.StatusCode, nil, nil
	}
	var data map[string]any
	_ = json.Unmarshal(out.Data, &data) // a list answers an array: data stays nil
	return resp.StatusCode, data, nil
}

// report writes the throughput and the answers by kind.
func (r *result) report(w io.Writer, c config) {
	fmt.Fprintf(w, "%d requests in %.1fs to %d server(s) over %d connections: %.0f req/s, %d failed\n",
		r.requests, r.elapsed.Seconds(), len(c.targets), c.conns, r.rate(), r.errors)
	for _, k := range mix {
		t := r.byKind[k.name]
		codes := make([]int, 0, len(t))
		for code := range t {
			codes = append(codes, code)
		}
		sort.Ints(codes)
		var parts []string
		for _, code := range codes {
			parts = append(parts, fmt.Sprintf("%d x%d", code, t[code]))
		}
		fmt.Fprintf(w, "  %-12s %s\n", k.name, joinOr(parts, "none"))
	}
	for _, e := range r.errs {
		fmt.Fprintf(w, "  failed: %s\n", e)
	}
}

func joinOr(parts []string, none string) string {
	if len(parts) == 0 {
		return none
	}
	return fmt.Sprint(parts)
}
