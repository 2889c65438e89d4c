package seed_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/seed"
)

// shopSpec exercises every kind of constraint and foreign key at once.
const shopSpec = `
resources:
  - name: users
    fields:
      - {name: id, type: number}
      - {name: firstName, type: string, required: true}
      - {name: lastName, type: string, required: true}
      - {name: email, type: string, required: true, unique: true, pattern: "^[^@]+@[^@]+$"}
      - {name: username, type: string, unique: true, minLength: 3, maxLength: 20}
      - name: role
        type: string
        defaultValue: user
        generate: {type: pickOne, options: {values: [admin, editor, user], weights: [1, 4, 15]}}
      - {name: status, type: string, enum: [active, suspended], required: true}
      - {name: age, type: integer, min: 18, max: 99}
      - {name: bio, type: string, maxLength: 40}
      - {name: nickname, type: string, minLength: 30}
      - {name: code, type: string, unique: true, pattern: "^[A-Z]{2}\\d{3}$"}
      - {name: active, type: boolean}
      - {name: avatar, type: string}
      - {name: createdAt, type: date, defaultValue: $now}
      - {name: joinedAt, type: date, required: true}
      - {name: updatedAt, type: date, required: true}
      - {name: settings, type: object}
      - {name: tags, type: array, minLength: 2, maxLength: 3}
      - {name: managerId, type: number, references: {resource: users}}
    relationships:
      - {type: hasMany, resource: orders, foreignKey: userId}
      - {type: hasOne, resource: profiles, foreignKey: ownerId}
  - name: profiles
    fields:
      - {name: id, type: uuid}
      - {name: ownerId, type: number}
      - {name: website, type: string}
      - {name: phone, type: string}
  - name: products
    primaryKey: sku
    fields:
      - {name: sku, type: string, pattern: "^SKU-[0-9]{6}$"}
      - {name: name, type: string, required: true}
      - {name: price, type: number, min: 0.5, max: 100}
      - {name: stock, type: integer}
      - {name: rating, type: number, min: 1, max: 5}
    relationships:
      - {type: manyToMany, resource: orders, through: orderItems, foreignKey: sku, targetKey: orderId}
  - name: orders
    fields:
      - {name: id, type: integer}
      - {name: userId, type: number, required: true}
      - {name: total, type: number}
      - {name: placedAt, type: date}
    relationships:
      - {type: belongsTo, resource: users, foreignKey: userId}
  - name: orderItems
    fields:
      - {name: id, type: number}
      - {name: orderId, type: integer, required: true}
      - {name: sku, type: string, required: true}
      - {name: quantity, type: integer, min: 1, max: 10}
data:
  users:
    - {id: 7, firstName: Ada, lastName: Admin, email: ada@example.com, username: ada, status: active, code: AA000, joinedAt: "2020-01-01T00:00:00Z", updatedAt: "2020-01-01T00:00:00Z"}
`

var shopCounts = map[string]int{"users": 40, "profiles": 30, "products": 25, "orders": 60, "orderItems": 100}

func TestGenerateKeepsEveryConstraint(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	for _, sd := range []int64{1, 2, 3, 42, -7, 1 << 62} {
		d, err := seed.Generate(s, seed.Options{Seed: sd, Counts: shopCounts})
		require.NoError(t, err, "seed %d", sd)
		for name, n := range shopCounts {
			assert.Len(t, d[name], n, "seed %d: %s", sd, name)
		}
		checkData(t, s, d)
	}
}

func TestGenerateShopDetails(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	d, err := seed.Generate(s, seed.Options{Seed: 5, Counts: shopCounts})
	require.NoError(t, err)

	t.Run("number keys continue after the spec data", func(t *testing.T) {
		for i, u := range d["users"] {
			assert.Equal(t, float64(8+i), u["id"])
		}
		for i, o := range d["orders"] {
			assert.Equal(t, float64(1+i), o["id"])
		}
	})
	t.Run("fields with a default are left to the server", func(t *testing.T) {
		for _, u := range d["users"] {
			assert.NotContains(t, u, "createdAt")
			assert.Contains(t, []any{"admin", "editor", "user"}, u["role"])
		}
	})
	t.Run("emails and user names follow the person", func(t *testing.T) {
		for _, u := range d["users"] {
			first := strings.ToLower(u["firstName"].(string))
			if strings.Trim(first, "abcdefghijklmnopqrstuvwxyz") == "" {
				assert.True(t, strings.HasPrefix(u["email"].(string), first), "%v vs %v", u["email"], first)
			}
		}
	})
	t.Run("a hasOne foreign key points at distinct owners", func(t *testing.T) {
		owners := map[any]bool{}
		for _, p := range d["profiles"] {
			assert.False(t, owners[p["ownerId"]], "owner %v twice", p["ownerId"])
			owners[p["ownerId"]] = true
			assert.Regexp(t, uuidRE, p["id"])
		}
	})
	t.Run("a self reference points at earlier users", func(t *testing.T) {
		seen := map[any]bool{float64(7): true}
		for _, u := range d["users"] {
			if m := u["managerId"]; m != nil {
				assert.True(t, seen[m], "manager %v not made yet", m)
			}
			seen[u["id"]] = true
		}
	})
	t.Run("string keys with a pattern follow it", func(t *testing.T) {
		for _, p := range d["products"] {
			assert.Regexp(t, `^SKU-[0-9]{6}$`, p["sku"])
		}
	})
	t.Run("weights shape the picks", func(t *testing.T) {
		big, err := seed.Generate(s, seed.Options{Seed: 9, Counts: map[string]int{"users": 2000}})
		require.NoError(t, err)
		n := map[any]int{}
		for _, u := range big["users"] {
			n[u["role"]]++
		}
		assert.InDelta(t, 1500, n["user"], 120)
		assert.InDelta(t, 400, n["editor"], 80)
		assert.InDelta(t, 100, n["admin"], 45)
	})
}

func TestGenerateUpstreamSpecs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file   string
		counts map[string]int
	}{
		{"testdata/blog-api.yml", map[string]int{"users": 20, "posts": 50, "comments": 80, "categories": 6, "postCategories": 40}},
		{"testdata/uuid-api.yml", map[string]int{"users": 10, "posts": 20, "comments": 30}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(tc.file)
			require.NoError(t, err)
			s := mustSpec(t, string(b))
			d, err := seed.Generate(s, seed.Options{Seed: 42, Counts: tc.counts})
			require.NoError(t, err)
			for name, n := range tc.counts {
				assert.Len(t, d[name], n, name)
			}
			checkData(t, s, d)
		})
	}
}

func TestGenerateExistingState(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: users
    fields:
      - {name: id, type: number}
      - {name: email, type: string, unique: true}
  - name: posts
    fields:
      - {name: id, type: number}
      - {name: userId, type: number, required: true, references: {resource: users}}
`)
	existing := adapter.NewState(adapter.Dataset{
		"users": {{"id": 3.0, "email": "a@example.com"}, {"id": 50.0, "email": "b@example.com"}},
	}, map[string]int64{"users": 120})
	d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"posts": 30}, Existing: existing})
	require.NoError(t, err)
	require.Len(t, d["posts"], 30)
	assert.NotContains(t, d, "users")
	for _, p := range d["posts"] {
		assert.Contains(t, []any{3.0, 50.0}, p["userId"])
	}
	d, err = seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"users": 2}, Existing: existing})
	require.NoError(t, err)
	assert.Equal(t, 121.0, d["users"][0]["id"], "ids continue after the counter")
	assert.Equal(t, 122.0, d["users"][1]["id"])
}

func TestGenerateUniqueValuesSurviveSmallPools(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: tags
    fields:
      - {name: id, type: number}
      - {name: label, type: string, unique: true, generate: {type: word}}
      - {name: slot, type: integer, unique: true, min: 1, max: 300}
      - {name: email, type: string, unique: true, maxLength: 24, generate: {type: email, options: {domain: x.io}}}
      - {name: at, type: date, unique: true, generate: {type: date, options: {from: "2024-01-01T00:00:00Z", to: "2024-01-01T00:01:00Z"}}}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 3, Counts: map[string]int{"tags": 300}})
	require.NoError(t, err)
	checkData(t, s, d)
	slots := map[float64]bool{}
	for _, r := range d["tags"] {
		slots[r["slot"].(float64)] = true
	}
	assert.Len(t, slots, 300, "every slot of 1..300 used once")
}

func TestGenerateOptionalCycleIsBroken(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: teams
    fields:
      - {name: id, type: number}
      - {name: captainId, type: number, references: {resource: players}}
  - name: players
    fields:
      - {name: id, type: number}
      - {name: teamId, type: number, required: true, references: {resource: teams}}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"teams": 3, "players": 10}})
	require.NoError(t, err)
	checkData(t, s, d)
	for _, tm := range d["teams"] {
		assert.Contains(t, tm, "captainId")
		assert.Nil(t, tm["captainId"], "the optional reference that closes the cycle is null")
	}
	for _, p := range d["players"] {
		assert.NotNil(t, p["teamId"])
	}
}

func TestGenerateOptionalForeignKeyIntoEmptyResource(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: users
    fields: [{name: id, type: number}]
  - name: posts
    fields:
      - {name: id, type: number}
      - {name: userId, type: number, references: {resource: users}}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"posts": 3}})
	require.NoError(t, err)
	for _, p := range d["posts"] {
		assert.Contains(t, p, "userId")
		assert.Nil(t, p["userId"])
	}
}

func TestGenerateHostileNames(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: ユーザー
    fields:
      - {name: id, type: uuid}
      - {name: 名前, type: string, required: true, maxLength: 5}
      - {name: "🎉", type: number}
      - {name: email, type: string}
      - {name: "", type: string}
options: {domain: "例え.jp"}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 1, Counts: map[string]int{"ユーザー": 5}})
	require.NoError(t, err)
	checkData(t, s, d)
	for _, r := range d["ユーザー"] {
		assert.True(t, strings.HasSuffix(r["email"].(string), "@例え.jp"), r["email"])
	}
}

func TestGenerateNoCounts(t *testing.T) {
	t.Parallel()
	d, err := seed.Generate(nil, seed.Options{})
	require.NoError(t, err)
	assert.Empty(t, d)
	d, err = seed.Generate(mustSpec(t, shopSpec), seed.Options{Counts: map[string]int{"users": 0}})
	require.NoError(t, err)
	assert.Empty(t, d)
}

func TestGenerateUpdatedAtFollowsCreatedAt(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: notes
    fields:
      - {name: id, type: number}
      - {name: createdAt, type: date}
      - {name: updatedAt, type: date}
      - {name: published_at, type: string}
`)
	d, err := seed.Generate(s, seed.Options{Seed: 4, Counts: map[string]int{"notes": 200}})
	require.NoError(t, err)
	for _, n := range d["notes"] {
		created, err := time.Parse(time.RFC3339, n["createdAt"].(string))
		require.NoError(t, err)
		updated, err := time.Parse(time.RFC3339, n["updatedAt"].(string))
		require.NoError(t, err)
		assert.False(t, updated.Before(created), "updatedAt %v before createdAt %v", updated, created)
		_, err = time.Parse(time.RFC3339, n["published_at"].(string))
		assert.NoError(t, err, "a string field named like a date holds a date")
	}
}

// recorder stands in for a *testing.T to check that the checker fails.
type recorder struct{ errors []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) FailNow() {}
func (r *recorder) Helper()  {}

func TestCheckerCatchesBrokenData(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, shopSpec)
	good, err := seed.Generate(s, seed.Options{Seed: 5, Counts: shopCounts})
	require.NoError(t, err)
	var r recorder
	checkData(&r, s, good)
	require.Empty(t, r.errors, "the checker passes good data")

	for name, breakIt := range map[string]func(d seed.Data){
		"duplicate unique": func(d seed.Data) { d["users"][1]["email"] = d["users"][0]["email"] },
		"bad enum":         func(d seed.Data) { d["users"][0]["status"] = "gone" },
		"missing required": func(d seed.Data) { delete(d["users"][0], "firstName") },
		"dangling key":     func(d seed.Data) { d["orders"][0]["userId"] = 99999.0 },
		"above max":        func(d seed.Data) { d["users"][0]["age"] = 120.0 },
		"too long":         func(d seed.Data) { d["users"][0]["bio"] = strings.Repeat("x", 41) },
		"pattern":          func(d seed.Data) { d["products"][0]["sku"] = "nope" },
		"not native":       func(d seed.Data) { d["users"][0]["settings"] = 3 },
		"duplicate key":    func(d seed.Data) { d["orders"][1]["id"] = d["orders"][0]["id"] },
	} {
		d, err := seed.Generate(s, seed.Options{Seed: 5, Counts: shopCounts})
		require.NoError(t, err)
		breakIt(d)
		var r recorder
		checkData(&r, s, d)
		assert.NotEmpty(t, r.errors, name)
	}
}

func TestGenerateKeysThatAreForeignKeys(t *testing.T) {
	t.Parallel()
	s := mustSpec(t, `
resources:
  - name: users
    fields: [{name: id, type: number}]
    relationships:
      - {type: hasMany, resource: notes, foreignKey: authorId}
  - name: profiles
    primaryKey: userId
    fields:
      - {name: userId, type: number, references: {resource: users}}
      - {name: bio, type: string}
  - name: notes
    fields: [{name: id, type: uuid}]
`)
	d, err := seed.Generate(s, seed.Options{Seed: 2, Counts: map[string]int{"users": 5, "profiles": 5, "notes": 8}})
	require.NoError(t, err)
	checkData(t, s, d)
	owners := map[any]bool{}
	for _, p := range d["profiles"] {
		owners[p["userId"]] = true
	}
	assert.Len(t, owners, 5, "each profile belongs to its own user")
	for _, n := range d["notes"] {
		assert.Contains(t, []any{1.0, 2.0, 3.0, 4.0, 5.0}, n["authorId"], "an undeclared hasMany foreign key is set too")
	}
	_, err = seed.Generate(s, seed.Options{Seed: 2, Counts: map[string]int{"users": 5, "profiles": 6}})
	assert.ErrorIs(t, err, seed.ErrUnsatisfiable, "six profiles cannot have five distinct users")
}
