package pretendo_test

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/pretendotest"
	"github.com/pretendo-go/pretendo/seed"
)

const valuesSpec = `
resources:
  - name: users
    fields:
      - { name: id, type: number }
      - { name: age, type: integer, min: 0 }
      - { name: score, type: number }
      - { name: born, type: date }
      - { name: tags, type: array }
      - { name: profile, type: object }
    relationships:
      - { type: hasMany, resource: posts, foreignKey: userId }
  - name: posts
    fields:
      - { name: id, type: number }
      - { name: userId, type: number, references: { resource: users, onDelete: cascade } }
`

// profile is a nested object given as a Go struct.
type profile struct {
	City    string  `json:"city"`
	Zip     *string `json:"zip,omitempty"`
	private int
}

// The record every way of handing in Go values stores, as JSON.
var (
	born     = time.Date(1990, 5, 1, 14, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	bornText = "1990-05-01T12:30:00Z"
)

func goRecord(id any) map[string]any {
	age := uint8(36)
	return map[string]any{
		"id":      id,
		"age":     &age,
		"score":   float32(0.1),
		"born":    born,
		"tags":    []string{"a", "b"},
		"profile": profile{City: "London", private: 1},
		"counts":  map[string]int64{"posts": 2},
		"ref":     json.Number("7"),
	}
}

func wantRecord(id float64) map[string]any {
	return map[string]any{
		"id": id, "age": 36.0, "score": 0.1, "born": bornText, "tags": []any{"a", "b"},
		"profile": map[string]any{"city": "London"}, "counts": map[string]any{"posts": 2.0}, "ref": 7.0,
	}
}

// Go values handed in through every door are stored as the JSON values an
// HTTP client would have sent: they come back the same, and filters,
// sorting and references treat them as numbers and dates.
func TestGoValuesAreStoredAsJSON(t *testing.T) {
	t.Parallel()
	dataFile := filepath.Join(t.TempDir(), "data.yml")
	require.NoError(t, os.WriteFile(dataFile, []byte("posts:\n  - { id: 1, userId: 1 }\n"), 0o600))
	cases := []struct {
		name string
		open func(t *testing.T) *pretendo.Server
	}{
		{"seed callback", func(t *testing.T) *pretendo.Server {
			srv, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
				return seed.Data{"users": {goRecord(1)}, "posts": {{"id": int64(1), "userId": 1}}}, nil
			}))
			require.NoError(t, err)
			return srv
		}},
		{"spec data built in Go", func(t *testing.T) *pretendo.Server {
			spec := parseSpec(t, valuesSpec)
			spec.Data = map[string][]map[string]any{"users": {goRecord(int32(1))}, "posts": {{"id": 1, "userId": uint(1)}}}
			srv, err := pretendo.Open(spec)
			require.NoError(t, err)
			return srv
		}},
		{"LoadData result with Go values added", func(t *testing.T) *pretendo.Server {
			data, err := pretendo.LoadData(dataFile)
			require.NoError(t, err)
			data["users"] = append(data["users"], goRecord(uint64(1)))
			srv, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) { return data, nil }))
			require.NoError(t, err)
			return srv
		}},
		{"Collection of maps", func(t *testing.T) *pretendo.Server {
			srv, err := pretendo.Open(parseSpec(t, valuesSpec))
			require.NoError(t, err)
			_, err = pretendo.Collection[map[string]any](srv, "users").Create(t.Context(), goRecord(1))
			require.NoError(t, err)
			_, err = pretendo.Collection[map[string]any](srv, "posts").Create(t.Context(), map[string]any{"userId": int16(1)})
			require.NoError(t, err)
			return srv
		}},
		{"memory adapter initialized with Go values", func(t *testing.T) *pretendo.Server {
			srv, err := pretendo.Open(parseSpec(t, valuesSpec))
			require.NoError(t, err)
			st := adapter.NewState(adapter.Dataset{
				"users": {goRecord(1)},
				"posts": {{"id": 1, "userId": 1}},
			}, nil)
			require.NoError(t, srv.Adapter().Restore(t.Context(), st))
			return srv
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := c.open(t)
			t.Cleanup(func() { _ = srv.Close() })
			ts := pretendotest.Serve(t, srv)

			assert.Equal(t, wantRecord(1), data(t, get(t, ts+"/users/1")))
			for _, q := range []string{"id=1", "age[gte]=36", "score=0.1", "born[lt]=1990-05-01T13:00:00Z", "tags[contains]=b", "sortBy=-born"} {
				assert.Len(t, list(t, get(t, ts+"/users?"+q)), 1, q)
			}
			assert.Len(t, list(t, get(t, ts+"/users/1/posts")), 1, "the foreign key matches the id as a number")
			status, _, _ := do(t, http.MethodDelete, ts+"/users/1", nil)
			require.Equal(t, http.StatusNoContent, status)
			assert.Equal(t, http.StatusNotFound, getStatus(t, ts+"/posts/1"), "the cascade found the post by its number key")
		})
	}
}

// A typed Collection stores its struct through the json tags, dates in UTC.
func TestCollectionOfStructsStoresUTC(t *testing.T) {
	t.Parallel()
	type user struct {
		ID      int        `json:"id,omitempty"`
		Age     int        `json:"age"`
		Born    time.Time  `json:"born"`
		Profile *profile   `json:"profile,omitempty"`
		Seen    *time.Time `json:"seen,omitempty"`
		Skip    string     `json:"-"`
	}
	srv, ts := serve(t, parseSpec(t, valuesSpec))
	users := pretendo.Collection[user](srv, "users")
	got, err := users.Create(t.Context(), user{Age: 3, Born: born, Seen: &born, Skip: "x"})
	require.NoError(t, err)
	assert.Equal(t, 1, got.ID)
	assert.True(t, born.Equal(got.Born))
	rec := data(t, get(t, ts+"/users/1"))
	assert.Equal(t, map[string]any{"id": 1.0, "age": 3.0, "born": bornText, "seen": bornText}, rec)

	_, err = users.Patch(t.Context(), 1, map[string]any{"age": int8(4), "born": born.Add(time.Hour)})
	require.NoError(t, err)
	rec = data(t, get(t, ts+"/users/1"))
	assert.Equal(t, 4.0, rec["age"])
	assert.Equal(t, "1990-05-01T13:30:00Z", rec["born"])
}

// A value that JSON cannot hold fails with an error that names where it
// came from, the resource, the record's index and the field.
func TestGoValuesRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		value any
		field string
	}{
		{"channel", make(chan int), "extra"},
		{"func", func() {}, "extra"},
		{"complex", complex(1, 1), "extra"},
		{"NaN", math.NaN(), "score"},
		{"+Inf", math.Inf(1), "score"},
		{"-Inf", float32(math.Inf(-1)), "score"},
		{"int beyond 2^53", int64(1<<53 + 1), "id"},
		{"uint beyond 2^53", uint64(1 << 60), "age"},
		{"nested", map[string]any{"deep": []any{1, math.NaN()}}, "profile.deep[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			bad := map[string]any{"id": 2}
			field, _, _ := strings.Cut(c.field, ".")
			if field == "profile" {
				bad["profile"] = c.value
			} else {
				bad[field] = c.value
			}
			check := func(t *testing.T, err error, where string) {
				t.Helper()
				require.Error(t, err)
				assert.ErrorIs(t, err, pretendo.ErrValidation)
				var ve *adapter.ValueError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, c.field, ve.Field)
				assert.True(t, strings.HasPrefix(err.Error(), where+c.field+": "), "%q does not start with %q", err, where+c.field)
				assert.Equal(t, 1, strings.Count(err.Error(), "pretendo:"), err.Error())
			}
			t.Run("seed", func(t *testing.T) {
				_, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
					return seed.Data{"users": {{"id": 1}, bad}}, nil
				}))
				check(t, err, "pretendo: seed.users[1]: validation failed: ")
			})
			t.Run("spec data", func(t *testing.T) {
				spec := parseSpec(t, valuesSpec)
				spec.Data = map[string][]map[string]any{"users": {{"id": 1}, bad}}
				_, err := pretendo.Open(spec)
				check(t, err, "pretendo: data.users[1]: validation failed: ")
			})
			t.Run("Collection", func(t *testing.T) {
				srv := pretendo.New(parseSpec(t, valuesSpec))
				defer srv.Close()
				_, err := pretendo.Collection[map[string]any](srv, "users").Create(t.Context(), bad)
				check(t, err, "pretendo: validation failed: users: ")
				page, err := pretendo.Collection[map[string]any](srv, "users").List(t.Context(), pretendo.Query{})
				require.NoError(t, err)
				assert.Zero(t, page.Total, "nothing was stored")
			})
		})
	}
}

// Every error that names a record carries the "pretendo:" prefix once.
func TestErrorsCarryOnePrefix(t *testing.T) {
	t.Parallel()
	closed := pretendo.New(parseSpec(t, valuesSpec))
	require.NoError(t, closed.Close())
	badData := filepath.Join(t.TempDir(), "bad.yml")
	require.NoError(t, os.WriteFile(badData, []byte("- 1\n"), 0o600))
	cases := []struct {
		name string
		err  func(t *testing.T) error
		want string
		is   error
	}{
		{"seed record breaks a rule", func(t *testing.T) error {
			_, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
				return seed.Data{"users": {{"id": 1, "age": -1}}}, nil
			}))
			return err
		}, "pretendo: seed.users[0]: validation failed: users: age must be at least 0", pretendo.ErrValidation},
		{"spec data breaks a rule", func(t *testing.T) error {
			_, err := pretendo.Open(parseSpec(t, valuesSpec+"data:\n  users: [ { id: 1, age: 1.5 } ]\n"))
			return err
		}, "pretendo: data.users[0]: validation failed: users: age must be an integer", pretendo.ErrValidation},
		{"seed reference to nothing", func(t *testing.T) error {
			_, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
				return seed.Data{"posts": {{"id": 1, "userId": 9}}}, nil
			}))
			return err
		}, "pretendo: seed.posts[0]: validation failed: posts: userId 9 references no users record", pretendo.ErrValidation},
		{"seed duplicate id", func(t *testing.T) error {
			_, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
				return seed.Data{"users": {{"id": 1}, {"id": 1}}}, nil
			}))
			return err
		}, "pretendo: seed.users[1]: conflict: users: id 1 is already taken", pretendo.ErrConflict},
		{"seed callback fails", func(t *testing.T) error {
			_, err := pretendo.Open(parseSpec(t, valuesSpec), pretendo.WithSeed(func(*seed.Faker) (seed.Data, error) {
				return nil, pretendo.ErrNotFound
			}))
			return err
		}, "pretendo: seed callback: record not found", pretendo.ErrNotFound},
		{"Collection write breaks a rule", func(t *testing.T) error {
			srv := pretendo.New(parseSpec(t, valuesSpec))
			defer srv.Close()
			_, err := pretendo.Collection[map[string]any](srv, "users").Create(t.Context(), map[string]any{"age": "old"})
			return err
		}, "pretendo: validation failed: users: age must be an integer", pretendo.ErrValidation},
		{"Collection on a closed server", func(t *testing.T) error {
			_, err := pretendo.Collection[map[string]any](closed, "users").Get(t.Context(), 1)
			return err
		}, "pretendo: adapter closed", pretendo.ErrClosed},
		{"Fork of a closed server", func(t *testing.T) error {
			var err error
			func() {
				defer func() { err, _ = recover().(error) }()
				closed.Fork()
			}()
			return err
		}, "pretendo: fork: adapter closed", pretendo.ErrClosed},
		{"LoadData of a broken file", func(t *testing.T) error {
			_, err := pretendo.LoadData(badData)
			return err
		}, "pretendo: loading data " + badData + ": want an object", nil},
		{"LoadData of a missing file", func(t *testing.T) error {
			_, err := pretendo.LoadData(badData + ".missing")
			return err
		}, "pretendo: loading data: ", os.ErrNotExist},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.err(t)
			require.Error(t, err)
			if c.is != nil {
				assert.True(t, errors.Is(err, c.is), "errors.Is(%v, %v)", err, c.is)
			}
			assert.True(t, strings.HasPrefix(err.Error(), c.want), "%q does not start with %q", err.Error(), c.want)
			assert.Equal(t, 1, strings.Count(err.Error(), "pretendo:"), err.Error())
		})
	}
}
