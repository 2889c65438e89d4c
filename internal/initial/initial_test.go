package initial_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/initial"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

func spec() *schema.Spec {
	return &schema.Spec{Resources: []schema.Resource{
		{Name: "users", Fields: []schema.Field{{Name: "id", Type: "number"}, {Name: "name", Type: "string", Required: true}}},
		{Name: "posts", Fields: []schema.Field{{Name: "id", Type: "number"},
			{Name: "userId", Type: "number", References: &schema.Reference{Resource: "users", OnDelete: "cascade"}}}},
	}}
}

func sources(t *testing.T, sp *schema.Spec) initial.Sources {
	t.Helper()
	rules, err := constraints.New(sp, constraints.Options{Now: time.Now})
	require.NoError(t, err)
	return initial.Sources{Rules: rules, Clock: time.Now}
}

func TestState(t *testing.T) {
	t.Parallel()
	sp := spec()
	sp.Data = map[string][]map[string]any{"posts": {{"id": 1.0, "userId": 1.0}}}
	sp.Resources[0].InitialData = []map[string]any{{"id": 1.0, "name": "ada"}}
	src := sources(t, sp)
	src.Callback = func(*seed.Faker) (seed.Data, error) {
		return seed.Data{"users": {{"id": 2, "name": "bob"}}}, nil
	}
	src.Files = []string{"extra.yml"}
	src.LoadFile = func(string) (seed.Data, error) { return seed.Data{"posts": {{"id": 2.0, "userId": 2.0}}}, nil }
	st, err := initial.State(context.Background(), sp, src)
	require.NoError(t, err)
	d, _ := adapter.Snapshot(st)
	assert.Len(t, d["users"], 2)
	assert.Len(t, d["posts"], 2)
}

func TestStateNamesTheRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data map[string][]map[string]any
		file bool
		want string
		is   error
	}{
		{"rule", map[string][]map[string]any{"users": {{"id": 1.0, "name": "a"}, {"id": 2.0}}}, false, "pretendo: data.users[1]: validation failed", constraints.ErrValidation},
		{"reference", map[string][]map[string]any{"posts": {{"id": 1.0, "userId": 9.0}}}, false, "pretendo: data.posts[0]:", constraints.ErrValidation},
		{"unknown resource", map[string][]map[string]any{"nope": {{}}}, false, `data: unknown resource "nope"`, constraints.ErrValidation},
		{"file", map[string][]map[string]any{"users": {{"id": 1.0}}}, true, "pretendo: seed.yml: users[0]:", constraints.ErrValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp := spec()
			src := sources(t, sp)
			if tt.file {
				src.Files = []string{"seed.yml"}
				src.LoadFile = func(string) (seed.Data, error) { return tt.data, nil }
			} else {
				sp.Data = tt.data
			}
			_, err := initial.State(context.Background(), sp, src)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.is)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	out, err := initial.Normalize("seed", map[string][]map[string]any{"users": {{"id": 1, "at": time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}, nil}})
	require.NoError(t, err)
	assert.Equal(t, 1.0, out["users"][0]["id"])
	assert.Equal(t, "2025-01-02T03:04:05Z", out["users"][0]["at"])
	assert.Nil(t, out["users"][1])

	_, err = initial.Normalize("seed", map[string][]map[string]any{"users": {{}, {"age": math.NaN()}}})
	var ie *initial.Error
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "seed.users[1]", ie.Context)
	assert.ErrorIs(t, err, constraints.ErrValidation)
	assert.Contains(t, err.Error(), "pretendo: seed.users[1]: ")
	assert.NotContains(t, err.Error(), "pretendo: pretendo:")
}
