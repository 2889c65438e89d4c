package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// expectation is one record the ledger says is stored, or gone.
type expectation struct {
	path   string // /posts/ID or /users/ID
	stored bool
	owner  float64 // a post's userId; 0 for users
}

// checkStore compares what the first target stores with the ledger and
// writes the outcome; it returns the number of failed checks.
func checkStore(c config, led *ledger, w io.Writer) int {
	client := &http.Client{Timeout: c.timeout}
	defer client.CloseIdleConnections()
	base := c.targets[0]
	var failures []string
	fail := func(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }

	for _, d := range led.dupes {
		fail("%s handed out twice", d)
	}
	var want []expectation
	for id, owner := range led.posts {
		want = append(want, expectation{"/posts/" + num(id), !led.deletedPosts[id] && !led.deletedUsers[owner], owner})
	}
	for id := range led.users {
		want = append(want, expectation{"/users/" + num(id), !led.deletedUsers[id], 0})
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	jobs := make(chan expectation)
	for range min(c.conns, 16) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range jobs {
				msg := checkOne(client, base, e)
				if msg != "" {
					mu.Lock()
					fail("%s", msg)
					mu.Unlock()
				}
			}
		}()
	}
	for _, e := range want {
		jobs <- e
	}
	close(jobs)
	wg.Wait()

	users, err := listAll(client, base, "users")
	if err != nil {
		fail("listing users: %v", err)
	}
	posts, err := listAll(client, base, "posts")
	if err != nil {
		fail("listing posts: %v", err)
	}
	ids := make(map[float64]bool, len(users))
	for _, u := range users {
		if id, ok := u["id"].(float64); ok {
			ids[id] = true
		}
	}
	dangling := 0
	for _, p := range posts {
		if owner, ok := p["userId"].(float64); ok && !ids[owner] {
			dangling++
			if dangling <= 5 {
				fail("post %v points at user %s, who does not exist", p["id"], num(owner))
			}
		}
	}
	if dangling > 5 {
		fail("%d posts in all point at missing users", dangling)
	}

	fmt.Fprintf(w, "check: %d posts and %d users created were acknowledged, %d posts and %d users deleted; "+
		"%d users and %d posts stored, %d posts dangling\n",
		len(led.posts), len(led.users), len(led.deletedPosts), len(led.deletedUsers), len(users), len(posts), dangling)
	for i, f := range failures {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(failures)-i)
			break
		}
		fmt.Fprintf(w, "  FAILED: %s\n", f)
	}
	if len(failures) == 0 {
		fmt.Fprintln(w, "check: every acknowledged write holds; no id twice; no dangling reference")
	}
	return len(failures)
}

// checkOne reads one record and says what differs from e ("" if nothing).
func checkOne(client *http.Client, base string, e expectation) string {
	resp, err := client.Get(base + e.path)
	if err != nil {
		return fmt.Sprintf("GET %s: %v", e.path, err)
	}
	defer resp.Body.Close()
	var out struct {
		Data map[string]any `json:"data"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out)
	switch {
	case e.stored && resp.StatusCode != http.StatusOK:
		return fmt.Sprintf("GET %s: %d, but its creation was acknowledged and no delete was", e.path, resp.StatusCode)
	case !e.stored && resp.StatusCode != http.StatusNotFound:
		return fmt.Sprintf("GET %s: %d, but it was deleted", e.path, resp.StatusCode)
	case e.stored && e.owner != 0 && out.Data["userId"] != e.owner:
		return fmt.Sprintf("GET %s: userId %v, want %s", e.path, out.Data["userId"], num(e.owner))
	}
	return ""
}

// listAll reads every record of resource, a page of 100 at a time.
func listAll(client *http.Client, base, resource string) ([]map[string]any, error) {
	var all []map[string]any
	deadline := time.Now().Add(5 * time.Minute)
	for page := 1; time.Now().Before(deadline); page++ {
		resp, err := client.Get(fmt.Sprintf("%s/%s?page=%d&perPage=100", base, resource, page))
		if err != nil {
			return nil, err
		}
		var out struct {
			Data []map[string]any `json:"data"`
		}
		err = json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&out)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("page %d: status %d: %v", page, resp.StatusCode, err)
		}
		all = append(all, out.Data...)
		if len(out.Data) < 100 {
			return all, nil
		}
	}
	return nil, fmt.Errorf("listing %s took more than 5 minutes", resource)
}
