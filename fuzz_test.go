package pretendo_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/memory"
)

// FuzzParseSpec feeds arbitrary YAML or JSON to ParseSpec: it returns a
// *SpecError or a spec, never panics, and a spec it accepts can be opened
// (or refused with an error) and served without a 5xx.
func FuzzParseSpec(f *testing.F) {
	blog, err := os.ReadFile(blogPath)
	require.NoError(f, err)
	f.Add(blog)
	f.Add([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"}]}],"data":{"a":[{"id":1}]}}`))
	f.Add([]byte("resources:\n  - name: a\n    primaryKey: k\n    fields: [ { name: k, type: uuid } ]\n"))
	f.Add([]byte("resources: []"))
	f.Add([]byte(""))
	f.Add([]byte("- a\n- b"))
	f.Add([]byte("resources:\n  - &a { name: x, fields: [ { name: id, type: strng } ] }\n  - *a\n"))
	f.Add([]byte("resources:\n  - name: a\n    fields: [ { name: id, type: number, min: .inf, defaultValue: .nan } ]\n"))
	f.Add([]byte(`{"resources":[{"name":"a","fields":[{"name":"id","type":"number"},{"name":"p","type":"number","references":{"resource":"a","onDelete":"cascade"}}]}],"data":{"a":[{"id":1,"p":2},{"id":2,"p":1}]}}`))
	f.Add([]byte("resources:\n  - name: a\n    fields: [ { name: id, type: number }, { name: on, type: string }, { name: y, type: string } ]\ndata:\n  a: [ { id: 01234, on: NO, y: off } ]\n"))
	f.Add([]byte("resources:\n  - name: a\n    name: b\n    fields: [ { name: id, type: number } ]\n"))
	f.Add([]byte("base: &b { type: number }\nresources:\n  - name: a\n    fields: [ { <<: *b, name: id } ]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		spec, err := pretendo.ParseSpec(src)
		if err != nil {
			assert.ErrorIs(t, err, pretendo.ErrInvalidSpec)
			var se *pretendo.SpecError
			if assert.ErrorAs(t, err, &se) {
				assert.NotEmpty(t, se.Problems)
				// Every problem is placed inside the text, or not at all.
				// YAML breaks lines at LF, CRLF and a lone CR.
				lines := 1 + bytes.Count(src, []byte("\n")) + bytes.Count(src, []byte("\r")) - bytes.Count(src, []byte("\r\n"))
				for _, p := range se.Problems {
					assert.True(t, p.Line >= 0 && p.Line <= lines && p.Column >= 0, "%d:%d in %d lines: %s", p.Line, p.Column, lines, p)
					assert.False(t, p.Line == 0 && p.Column != 0, "a column without a line")
				}
			}
			return
		}
		require.NotNil(t, spec)
		// Keep the run in memory, quick and free of simulated failures.
		spec.Options.Database = pretendo.Options{}.Database
		spec.Options.Latency = pretendo.Options{}.Latency
		spec.Options.ErrorSimulation = pretendo.Options{}.ErrorSimulation
		for name, n := range spec.Options.GenerateData.Counts {
			if n > 20 || n < 0 {
				spec.Options.GenerateData.Counts[name] = 20
			}
		}
		srv, err := pretendo.Open(spec, pretendo.WithAdapter(memory.New()), pretendo.WithRandSeed(1))
		if err != nil {
			return
		}
		defer srv.Close()
		if len(spec.Routes) > 0 {
			return
		}
		paths := []string{"/"}
		for _, res := range spec.Resources {
			paths = append(paths, "/"+res.Name, "/"+res.Name+"/1")
		}
		for _, p := range paths {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
			assert.Less(t, rec.Code, 500, "GET %s: %s", p, rec.Body)
		}
	})
}

// FuzzBody posts arbitrary bytes as the body of every write: never a 5xx,
// never a panic, and whatever is accepted is stored as answered.
func FuzzBody(f *testing.F) {
	srv := pretendo.New(blogSpec(f))
	f.Cleanup(func() { _ = srv.Close() })
	// Inputs run one at a time in each process: each starts from this state.
	require.NoError(f, srv.Snapshot(f.Context(), "fuzz-base"))
	for _, s := range []string{
		`{"email":"f@x.y","name":"F"}`, `{}`, `[]`, `null`, `"x"`, `{"a":`, `{"id":1e400}`, `{"age":1e400}`,
		`{"email":"f@x.y","name":"F","id":9007199254740993}`, "{\"name\":\"\x00\xff\"}", `{"id":null,"name":null}`,
		`{"email":"f@x.y","name":"F"} x`, `{"profile":{"a":[1,{"b":null}]},"tags":[[]]}`, `{"userId":-0,"title":"t"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		require.NoError(t, srv.Restore(t.Context(), "fuzz-base"))
		for _, tt := range []struct{ method, path string }{
			{http.MethodPost, "/users"},
			{http.MethodPatch, "/users/1"},
			{http.MethodPut, "/users/2"},
			{http.MethodPost, "/users/1/posts"},
			{http.MethodPatch, "/posts/1"},
		} {
			req := httptest.NewRequest(tt.method, tt.path, bytes.NewReader(body))
			status, h, got := serveRecorder(t, srv, req)
			switch {
			case status >= 500:
				t.Fatalf("%s %s: %d %v", tt.method, tt.path, status, got)
			case status == http.StatusCreated:
				loc := h.Get("Location")
				require.NotEmpty(t, loc)
				_, _, stored := serveRecorder(t, srv, httptest.NewRequest(http.MethodGet, loc, nil))
				assert.Equal(t, got, stored, "stored as answered")
			case status == http.StatusOK:
				_, _, stored := serveRecorder(t, srv, httptest.NewRequest(http.MethodGet, tt.path, nil))
				assert.Equal(t, got, stored, "stored as answered")
			default:
				// Nothing deletes, so every record addressed exists.
				assert.Contains(t, []string{"INVALID_JSON", "VALIDATION_FAILED", "CONFLICT", "BODY_TOO_LARGE"}, errCode(got), "%s %s", tt.method, tt.path)
			}
		}
	})
}
