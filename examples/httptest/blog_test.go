package httptest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
)

// newBlog serves the blog example for one test: every test gets its own
// server, so tests can run in parallel and change data freely.
func newBlog(t *testing.T) (*pretendo.Server, *httptest.Server) {
	t.Helper()
	spec, err := pretendo.LoadSpec("../blog/api.yml")
	require.NoError(t, err)
	srv := pretendo.New(spec)
	t.Cleanup(func() { _ = srv.Close() })
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts
}

// post is the part of a blog post these tests read.
type post struct {
	ID       int    `json:"id,omitempty"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Status   string `json:"status,omitempty"`
	AuthorID int    `json:"authorId"`
}

func TestListPublishedPosts(t *testing.T) {
	t.Parallel()
	_, ts := newBlog(t)

	resp, err := http.Get(ts.URL + "/posts?status=published&sortBy=-views&perPage=5")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "40", resp.Header.Get("X-Total-Count"))
	assert.Contains(t, resp.Header.Get("Link"), `rel="next"`)

	var page struct{ Data []post }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&page))
	require.Len(t, page.Data, 5)
	for _, p := range page.Data {
		assert.Equal(t, "published", p.Status)
	}
}

func TestCreatePostAndFollowLocation(t *testing.T) {
	t.Parallel()
	_, ts := newBlog(t)

	body := `{"title":"Testing with a fake API","body":"No mocks were harmed.","authorId":1}`
	resp, err := http.Post(ts.URL+"/posts", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	location := resp.Header.Get("Location")
	assert.Equal(t, "/posts/61", location, "ids continue after the 60 generated posts")

	resp, err = http.Get(ts.URL + location + "?expand=author")
	require.NoError(t, err)
	defer resp.Body.Close()
	var got struct {
		Data struct {
			post
			Author struct{ Username string }
		}
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))
	assert.Equal(t, "Testing with a fake API", got.Data.Title)
	assert.Equal(t, "draft", got.Data.Status, "the spec's default")
	assert.Equal(t, "ada", got.Data.Author.Username)
}

func TestValidationErrors(t *testing.T) {
	t.Parallel()
	_, ts := newBlog(t)
	resp, err := http.Post(ts.URL+"/posts", "application/json", strings.NewReader(`{"title":"Hi","authorId":9999}`))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	var e struct {
		Code    string
		Details []struct{ Field, Code string }
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	assert.Equal(t, "VALIDATION_FAILED", e.Code)
	fields := map[string]string{}
	for _, d := range e.Details {
		fields[d.Field] = d.Code
	}
	assert.Equal(t, "minLength", fields["title"])
	assert.Equal(t, "required", fields["body"])
}

func TestDeleteUserCascades(t *testing.T) {
	t.Parallel()
	srv, ts := newBlog(t)
	ctx := context.Background()

	// Delete the author of post 1 over HTTP, then look from Go: onDelete
	// cascade removed their posts.
	posts := pretendo.Collection[post](srv, "posts")
	first, err := posts.Get(ctx, 1)
	require.NoError(t, err)
	author := strconv.Itoa(first.AuthorID)
	before, err := posts.Find(ctx, "authorId="+author)
	require.NoError(t, err)
	require.NotZero(t, before.Total)
	req, err := http.NewRequest(http.MethodDelete, ts.URL+"/users/"+author, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)

	after, err := posts.Find(ctx, "authorId="+author)
	require.NoError(t, err)
	assert.Zero(t, after.Total)
	all, err := posts.Find(ctx, "")
	require.NoError(t, err)
	assert.Equal(t, 60-before.Total, all.Total)
}

func TestSnapshotAndRestore(t *testing.T) {
	t.Parallel()
	srv, ts := newBlog(t)
	ctx := context.Background()
	require.NoError(t, srv.Snapshot(ctx, "fresh"))

	req, err := http.NewRequest(http.MethodDelete, ts.URL+"/posts/1", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)

	require.NoError(t, srv.Restore(ctx, "fresh"))
	resp, err = http.Get(ts.URL + "/posts/1")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
