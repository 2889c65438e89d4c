package snapshot_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/snapshot"
)

var created = time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)

func TestStorePutGetRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		meta   snapshot.Meta
		state  func() adapter.State
		counts map[string]int
	}{
		{
			name:   "users with counters",
			meta:   snapshot.Meta{Name: "two-users", Description: "an admin and an editor", CreatedAt: created},
			state:  func() adapter.State { return usersState(2) },
			counts: map[string]int{"users": 2, "posts": 0, "comments": 0},
		},
		{
			name:   "empty state",
			meta:   snapshot.Meta{Name: "empty", CreatedAt: created},
			state:  func() adapter.State { return adapter.NewState(adapter.Dataset{}, nil) },
			counts: map[string]int{},
		},
		{
			name: "hostile content",
			meta: snapshot.Meta{
				Name:        "Weird_Name-1.v2",
				Description: "名前 <b>&amp;</b> \u2028 \x00 \"quoted\" \\ " + strings.Repeat("é", 1000),
				CreatedAt:   created,
			},
			state: func() adapter.State {
				return adapter.NewState(adapter.Dataset{
					"ünïcode": {
						{"id": "ключ", "<script>": "</script>&", "n": float64(adapter.MaxSafeInteger), "neg": -1e-300,
							"big": 1.7976931348623157e308, "nested": map[string]any{"a": []any{nil, true, []any{}, map[string]any{}}},
							"": "empty key", "nul": "a\x00b"},
					},
					"with space": {{"id": float64(-3)}},
				}, map[string]int64{"ünïcode": 0, "with space": 9})
			},
			counts: map[string]int{"ünïcode": 1, "with space": 1},
		},
	}
	for _, kind := range kinds() {
		for _, tc := range tests {
			t.Run(kind.name+"/"+tc.name, func(t *testing.T) {
				ctx := t.Context()
				s := kind.open(t)
				st := tc.state()
				require.NoError(t, s.Put(ctx, tc.meta, st, false))

				m, got, err := s.Get(ctx, tc.meta.Name)
				require.NoError(t, err)
				assert.Equal(t, tc.meta.Name, m.Name)
				assert.Equal(t, tc.meta.Description, m.Description)
				assert.Equal(t, tc.meta.CreatedAt, m.CreatedAt)
				assert.Equal(t, tc.counts, m.Counts)

				wantData, wantCounters := plain(st)
				gotData, gotCounters := plain(got)
				assert.Equal(t, wantData, gotData)
				assert.Equal(t, wantCounters, gotCounters)
				for name, c := range wantCounters {
					assert.Equal(t, c, got.Counter(name), "counter of %s", name)
				}
			})
		}
	}
}

func TestStoreCountsIgnoreCallerCounts(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			m := snapshot.Meta{Name: "x", Counts: map[string]int{"users": 999, "ghosts": 1}}
			require.NoError(t, s.Put(ctx, m, usersState(3), false))

			got, _, err := s.Get(ctx, "x")
			require.NoError(t, err)
			assert.Equal(t, map[string]int{"users": 3, "posts": 0, "comments": 0}, got.Counts)
			assert.Equal(t, map[string]int{"users": 999, "ghosts": 1}, m.Counts, "caller's map untouched")

			got.Counts["users"] = -1
			again, _, err := s.Get(ctx, "x")
			require.NoError(t, err)
			assert.Equal(t, 3, again.Counts["users"], "returned Meta is the caller's copy")
		})
	}
}

func TestStoreDescriptionInvalidUTF8(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "u", Description: "a\xff\xfeb\xe2\x82"}, usersState(0), false))
			m, _, err := s.Get(ctx, "u")
			require.NoError(t, err)
			assert.Equal(t, "a\ufffd\ufffdb\ufffd\ufffd", m.Description, "each bad byte becomes U+FFFD, as encoding/json writes it")
		})
	}
}

func TestStoreCreatedAtIsNormalizedToUTC(t *testing.T) {
	zone := time.FixedZone("UTC+5:30", 5*3600+1800)
	local := time.Now().In(zone) // carries a monotonic reading
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "t", CreatedAt: local}, usersState(0), false))
			m, _, err := s.Get(ctx, "t")
			require.NoError(t, err)
			assert.Equal(t, local.Round(0).UTC(), m.CreatedAt)
			assert.True(t, m.CreatedAt.Equal(local))
			assert.Equal(t, time.UTC, m.CreatedAt.Location())
		})
	}
}

func TestStorePutExisting(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name+"/without overwrite", func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "a", Description: "first"}, usersState(1), false))

			err := s.Put(ctx, snapshot.Meta{Name: "a", Description: "second"}, usersState(5), false)
			require.Error(t, err)
			assert.ErrorIs(t, err, snapshot.ErrExists)
			assert.Contains(t, err.Error(), `"a"`)

			m, st, err := s.Get(ctx, "a")
			require.NoError(t, err)
			assert.Equal(t, "first", m.Description)
			assert.Equal(t, 1, st.Len("users"))
		})
		t.Run(kind.name+"/with overwrite", func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "a", Description: "first"}, usersState(1), false))
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "a", Description: "second"}, usersState(5), true))

			m, st, err := s.Get(ctx, "a")
			require.NoError(t, err)
			assert.Equal(t, "second", m.Description)
			assert.Equal(t, 5, st.Len("users"))
			assert.Equal(t, int64(10), st.Counter("users"))
			list, err := s.List(ctx)
			require.NoError(t, err)
			assert.Len(t, list, 1)
		})
		t.Run(kind.name+"/overwrite of a new name", func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "fresh"}, usersState(2), true))
			_, st, err := s.Get(ctx, "fresh")
			require.NoError(t, err)
			assert.Equal(t, 2, st.Len("users"))
		})
	}
}

func TestStoreNamesDifferingOnlyInCase(t *testing.T) {
	for _, kind := range kinds() {
		for _, overwrite := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/overwrite=%v", kind.name, overwrite), func(t *testing.T) {
				ctx := t.Context()
				s := kind.open(t)
				require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "Users", Description: "original"}, usersState(2), false))

				for _, other := range []string{"users", "USERS", "uSeRs"} {
					err := s.Put(ctx, snapshot.Meta{Name: other}, usersState(9), overwrite)
					require.Error(t, err, other)
					assert.ErrorIs(t, err, snapshot.ErrInvalidName, other)
					assert.Contains(t, err.Error(), `differs only in case from existing snapshot "Users"`)

					_, _, err = s.Get(ctx, other)
					assert.ErrorIs(t, err, snapshot.ErrNotFound, "lookups are exact: %s", other)
					assert.ErrorIs(t, s.Delete(ctx, other), snapshot.ErrNotFound, other)
				}

				m, st, err := s.Get(ctx, "Users")
				require.NoError(t, err)
				assert.Equal(t, "original", m.Description)
				assert.Equal(t, 2, st.Len("users"))
				list, err := s.List(ctx)
				require.NoError(t, err)
				require.Len(t, list, 1)
				assert.Equal(t, "Users", list[0].Name)

				// Once deleted, the other spelling is free.
				require.NoError(t, s.Delete(ctx, "Users"))
				require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "users"}, usersState(1), overwrite))
				_, _, err = s.Get(ctx, "users")
				assert.NoError(t, err)
			})
		}
	}
}

func TestStoreMissing(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			m, st, err := s.Get(ctx, "nope")
			assert.ErrorIs(t, err, snapshot.ErrNotFound)
			assert.Contains(t, err.Error(), `"nope"`)
			assert.Nil(t, st)
			assert.Equal(t, snapshot.Meta{}, m)
			assert.ErrorIs(t, s.Delete(ctx, "nope"), snapshot.ErrNotFound)
		})
	}
}

func TestStoreDelete(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "a"}, usersState(1), false))
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "b"}, usersState(2), false))

			require.NoError(t, s.Delete(ctx, "a"))
			_, _, err := s.Get(ctx, "a")
			assert.ErrorIs(t, err, snapshot.ErrNotFound)
			assert.ErrorIs(t, s.Delete(ctx, "a"), snapshot.ErrNotFound, "second delete")

			_, st, err := s.Get(ctx, "b")
			require.NoError(t, err)
			assert.Equal(t, 2, st.Len("users"), "other snapshot kept")
			list, err := s.List(ctx)
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, "b", list[0].Name)

			// The name can be used again without overwrite.
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "a", Description: "again"}, usersState(4), false))
			m, _, err := s.Get(ctx, "a")
			require.NoError(t, err)
			assert.Equal(t, "again", m.Description)
		})
	}
}

func TestStoreListSortedWithCounts(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			empty, err := s.List(ctx)
			require.NoError(t, err)
			assert.NotNil(t, empty)
			assert.Empty(t, empty)

			for i, name := range []string{"b", "a-1", "C", "a", "_x", "0"} {
				require.NoError(t, s.Put(ctx, snapshot.Meta{Name: name, Description: "d" + name, CreatedAt: created.Add(time.Duration(i) * time.Hour)}, usersState(i), false))
			}
			list, err := s.List(ctx)
			require.NoError(t, err)
			var names []string
			for _, m := range list {
				names = append(names, m.Name)
			}
			assert.Equal(t, []string{"0", "C", "_x", "a", "a-1", "b"}, names)
			byName := map[string]snapshot.Meta{}
			for _, m := range list {
				byName[m.Name] = m
			}
			assert.Equal(t, map[string]int{"users": 3, "posts": 0, "comments": 0}, byName["a"].Counts)
			assert.Equal(t, map[string]int{"users": 0, "posts": 0, "comments": 0}, byName["b"].Counts)
			assert.Equal(t, "da-1", byName["a-1"].Description)
			assert.Equal(t, created.Add(5*time.Hour), byName["0"].CreatedAt)
		})
	}
}

func TestStoreRejectsBadInput(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name+"/nil state", func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			err := s.Put(ctx, snapshot.Meta{Name: "a"}, nil, false)
			require.Error(t, err)
			_, _, err = s.Get(ctx, "a")
			assert.ErrorIs(t, err, snapshot.ErrNotFound, "nothing stored")
		})
		t.Run(kind.name+"/cancelled context", func(t *testing.T) {
			s := kind.open(t)
			require.NoError(t, s.Put(t.Context(), snapshot.Meta{Name: "keep"}, usersState(1), false))
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			assert.ErrorIs(t, s.Put(ctx, snapshot.Meta{Name: "a"}, usersState(1), false), context.Canceled)
			_, _, err := s.Get(ctx, "keep")
			assert.ErrorIs(t, err, context.Canceled)
			_, err = s.List(ctx)
			assert.ErrorIs(t, err, context.Canceled)
			assert.ErrorIs(t, s.Delete(ctx, "keep"), context.Canceled)

			list, err := s.List(t.Context())
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, "keep", list[0].Name)
		})
	}
}

func TestStoreConcurrentUse(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind.name, func(t *testing.T) {
			ctx := t.Context()
			s := kind.open(t)
			require.NoError(t, s.Put(ctx, snapshot.Meta{Name: "shared"}, usersState(3), false))

			const workers = 8
			const rounds = 10
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					own := fmt.Sprintf("w%d", w)
					for i := range rounds {
						assert.NoError(t, s.Put(ctx, snapshot.Meta{Name: own}, usersState(i), true))
						_, st, err := s.Get(ctx, own)
						if assert.NoError(t, err) {
							assert.Equal(t, i, st.Len("users"))
						}
						// Everyone overwrites the shared one with 3 or 4 users.
						assert.NoError(t, s.Put(ctx, snapshot.Meta{Name: "shared"}, usersState(3+w%2), true))
						_, st, err = s.Get(ctx, "shared")
						if assert.NoError(t, err) {
							n := st.Len("users")
							assert.True(t, n == 3 || n == 4, "complete shared snapshot, got %d users", n)
						}
						_, err = s.List(ctx)
						assert.NoError(t, err)
						// Racing creates of one name: exactly one wins per round.
						err = s.Put(ctx, snapshot.Meta{Name: fmt.Sprintf("race%d", i)}, usersState(1), false)
						if err != nil {
							assert.ErrorIs(t, err, snapshot.ErrExists)
						}
					}
					assert.NoError(t, s.Delete(ctx, own))
				}()
			}
			wg.Wait()

			list, err := s.List(ctx)
			require.NoError(t, err)
			var names []string
			for _, m := range list {
				names = append(names, m.Name)
			}
			want := []string{}
			for i := range rounds {
				want = append(want, fmt.Sprintf("race%d", i))
			}
			want = append(want, "shared")
			assert.Equal(t, want, names)
		})
	}
}

func TestStoreRejectsUnencodableRecords(t *testing.T) {
	// Memory keeps states as they are; Dir must refuse what JSON cannot hold
	// and leave no file behind.
	d := mustOpenDir(t, t.TempDir())
	ctx := t.Context()
	tests := []struct {
		name  string
		state adapter.State
	}{
		{name: "NaN", state: adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "x": math.NaN()}}}, nil)},
		{name: "infinity", state: adapter.NewState(adapter.Dataset{"users": {{"id": 1.0, "x": math.Inf(1)}}}, nil)},
		{name: "channel", state: adapter.NewState(adapter.Dataset{"users": {{"id": 1.0}, {"id": 2.0, "c": make(chan int)}}}, nil)},
		{name: "nil record", state: adapter.NewState(adapter.Dataset{"users": {{"id": 1.0}, nil}}, nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := d.Put(ctx, snapshot.Meta{Name: "bad"}, tc.state, true)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "users[")
			assert.Empty(t, entries(t, d.Path()), "no file and no temporary file")
		})
	}
}
