package pretendo_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/seed"
)

const exampleSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: string, required: true, unique: true }
      - { name: role, type: string, enum: [admin, user], defaultValue: user }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: userId }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: title, type: string, required: true }
      - name: userId
        type: number
        required: true
        references: { resource: users, onDelete: cascade }
    relationships:
      - { type: belongsTo, resource: users, foreignKey: userId, as: author }
data:
  users:
    - { id: 1, email: ada@example.com, role: admin }
    - { id: 2, email: bob@example.com }
  posts:
    - { id: 1, title: Hello, userId: 1 }
`

func fetch(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(body)))
}

// Serve a spec in a test with httptest.
func ExampleNew() {
	spec, err := pretendo.ParseSpec([]byte(exampleSpec))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	fmt.Println(fetch(ts.URL + "/users/1"))
	fmt.Println(fetch(ts.URL + "/users?role=admin&fields=email"))
	// Output:
	// 200 {"data":{"email":"ada@example.com","id":1,"role":"admin"}}
	// 200 {"data":[{"email":"ada@example.com"}],"meta":{"pagination":{"currentPage":1,"perPage":10,"totalPages":1,"totalItems":1,"links":{"first":"/users?fields=email\u0026page=1\u0026role=admin","last":"/users?fields=email\u0026page=1\u0026role=admin"}}}}
}

// A spec with a problem reports every problem with its path.
func ExampleParseSpec_errors() {
	_, err := pretendo.ParseSpec([]byte(`
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: email, type: strng }
`))
	fmt.Println(errors.Is(err, pretendo.ErrInvalidSpec))
	var se *pretendo.SpecError
	if errors.As(err, &se) {
		for _, p := range se.Problems {
			fmt.Println(p.Path)
		}
	}
	// Output:
	// true
	// resources[0].fields[1].type
}

// Typed access goes through the same rules as HTTP.
func ExampleCollection() {
	type User struct {
		ID    int    `json:"id"`
		Email string `json:"email"`
		Role  string `json:"role,omitempty"` // omitempty: an empty role takes the default
	}
	spec, _ := pretendo.ParseSpec([]byte(exampleSpec))
	srv := pretendo.New(spec)
	defer srv.Close()
	ctx := context.Background()

	users := pretendo.Collection[User](srv, "users")
	u, err := users.Create(ctx, User{Email: "cy@example.com"})
	fmt.Println(u, err)
	_, err = users.Create(ctx, User{Email: "cy@example.com"})
	fmt.Println(errors.Is(err, pretendo.ErrConflict))
	page, _ := users.Find(ctx, "role=user&sortBy=-id")
	fmt.Println(page.Total, page.Items[0].Email)
	// Output:
	// {3 cy@example.com user} <nil>
	// true
	// 2 cy@example.com
}

// References keep data consistent: a post needs an existing author, and
// deleting a user cascades to their posts. Expand embeds related records.
func ExampleServer_references() {
	spec, _ := pretendo.ParseSpec([]byte(exampleSpec))
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	resp, _ := http.Post(ts.URL+"/posts", "application/json", strings.NewReader(`{"title":"Orphan","userId":9}`))
	fmt.Println(resp.StatusCode)
	resp.Body.Close()
	fmt.Println(fetch(ts.URL + "/posts/1?expand=author&fields=title,author"))

	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/users/1", nil)
	resp, _ = http.DefaultClient.Do(req)
	fmt.Println(resp.StatusCode)
	resp.Body.Close()
	fmt.Println(fetch(ts.URL + "/posts/1"))
	// Output:
	// 422
	// 200 {"data":{"author":{"email":"ada@example.com","id":1,"role":"admin"},"title":"Hello"}}
	// 204
	// 404 {"status":404,"message":"posts 1 not found","code":"RECORD_NOT_FOUND"}
}

// Restore a snapshot between test cases so each starts from the same data.
func ExampleServer_Restore() {
	spec, _ := pretendo.ParseSpec([]byte(exampleSpec))
	srv := pretendo.New(spec)
	defer srv.Close()
	ctx := context.Background()
	users := pretendo.Collection[map[string]any](srv, "users")

	if err := srv.Snapshot(ctx, "two-users"); err != nil {
		panic(err)
	}
	for _, email := range []string{"a@x.io", "b@x.io"} {
		// Each case changes the data, then puts it back.
		_, _ = users.Create(ctx, map[string]any{"email": email})
		page, _ := users.List(ctx, pretendo.Query{})
		fmt.Println("during:", page.Total)
		_ = srv.Restore(ctx, "two-users")
	}
	page, _ := users.List(ctx, pretendo.Query{})
	fmt.Println("after:", page.Total)
	// Output:
	// during: 3
	// during: 3
	// after: 2
}

// Fork gives each parallel test its own server, starting from a shared base.
func ExampleServer_Fork() {
	spec, _ := pretendo.ParseSpec([]byte(exampleSpec))
	base := pretendo.New(spec)
	defer base.Close()
	ctx := context.Background()

	fork := base.Fork()
	defer fork.Close()
	_ = pretendo.Collection[map[string]any](fork, "users").Delete(ctx, 2)

	inFork, _ := pretendo.Collection[map[string]any](fork, "users").List(ctx, pretendo.Query{})
	inBase, _ := pretendo.Collection[map[string]any](base, "users").List(ctx, pretendo.Query{})
	fmt.Println(inFork.Total, inBase.Total)
	// Output: 1 2
}

// A Go seed callback adds deterministic records to the initial state.
func ExampleWithSeed() {
	spec, _ := pretendo.ParseSpec([]byte(exampleSpec))
	srv := pretendo.New(spec,
		pretendo.WithRandSeed(7),
		pretendo.WithClock(func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }),
		pretendo.WithSeed(func(f *seed.Faker) (seed.Data, error) {
			data := seed.Data{}
			for i := 0; i < 50; i++ {
				data["users"] = append(data["users"], map[string]any{"email": f.Email("example.com")})
			}
			for i := 0; i < 200; i++ {
				data["posts"] = append(data["posts"], map[string]any{"title": f.Sentence(), "userId": float64(1 + f.Intn(52))})
			}
			return data, nil
		}))
	defer srv.Close()
	ctx := context.Background()
	users, _ := pretendo.Collection[map[string]any](srv, "users").List(ctx, pretendo.Query{})
	posts, _ := pretendo.Collection[map[string]any](srv, "posts").List(ctx, pretendo.Query{})
	fmt.Println(users.Total, posts.Total)
	one, _ := pretendo.Collection[map[string]any](srv, "posts").Get(ctx, 100)
	fmt.Println(one)
	// Output:
	// 52 201
	// map[id:100 title:Sit mollitia accusantium assumenda rem qui nam iusto dolores similique cupiditate sed. userId:8]
}

// Every server describes itself as an OpenAPI 3.1 document, also served at
// GET /__docs.
func ExampleServer_OpenAPI() {
	spec, err := pretendo.ParseSpec([]byte(`
resources:
  - name: notes
    fields:
      - { name: id, type: number }
      - { name: text, type: string, required: true, maxLength: 280 }
`))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	text, err := srv.OpenAPI()
	if err != nil {
		panic(err)
	}
	var doc struct {
		OpenAPI string                     `json:"openapi"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(text, &doc); err != nil {
		panic(err)
	}
	fmt.Println(doc.OpenAPI)
	for _, p := range []string{"/notes", "/notes/{id}", "/admin/snapshots", "/__docs"} {
		_, ok := doc.Paths[p]
		fmt.Println(p, ok)
	}
	// Output:
	// 3.1.0
	// /notes true
	// /notes/{id} true
	// /admin/snapshots true
	// /__docs true
}
