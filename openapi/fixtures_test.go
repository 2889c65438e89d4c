package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo"
	"github.com/pretendo-go/pretendo/internal/openapitest"
	"github.com/pretendo-go/pretendo/seed"
)

// fixtures are the OpenAPI documents of testdata.
func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/*.yaml")
	require.NoError(t, err)
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "other.yaml" })
	require.NotEmpty(t, files)
	return files
}

// serveDocument imports the document at path and serves it behind the
// kin-openapi validator of the same document.
func serveDocument(t *testing.T, path string) (*pretendo.Server, *api, string) {
	t.Helper()
	spec, err := pretendo.LoadSpec(path)
	require.NoError(t, err)
	srv, err := pretendo.Open(spec, pretendo.WithRandSeed(3))
	require.NoError(t, err)
	d := openapitest.LoadFile(t, path)
	ts := httptest.NewServer(d.Validate(t, srv, openapitest.Options{}))
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	return srv, spec.Extension.(*api), ts.URL
}

// request makes a valid request for op from its documented parameters and
// body; ids holds the key of a record of each resource, for item paths.
func request(t *testing.T, base string, op *operation, g *generator, ids map[string]string) *http.Request {
	t.Helper()
	vars := map[string]string{}
	q := url.Values{}
	hdr := http.Header{}
	for _, p := range op.params {
		v := g.value(p.schema, p.name)
		text := fmt.Sprint(v)
		if n, ok := v.(float64); ok {
			text = strconv.FormatFloat(n, 'f', -1, 64)
		}
		if arr, ok := v.([]any); ok {
			var parts []string
			for _, e := range arr {
				parts = append(parts, fmt.Sprint(e))
			}
			text = strings.Join(parts, ",")
			if p.in == "query" && p.explode {
				for _, e := range parts {
					q.Add(p.name, e)
				}
				continue
			}
		}
		switch p.in {
		case "path":
			if id := ids["param:"+p.name]; id != "" {
				text = id
			}
			if op.res != nil && p.name == op.res.keyParam && ids[op.res.resource] != "" {
				text = ids[op.res.resource]
			}
			if ids["param:"+p.name] == "" && (op.res == nil || p.name != op.res.keyParam) {
				// A parent's parameter keeps its value from request to
				// request, so that records created under it read back.
				ids["param:"+p.name] = text
			}
			vars[p.name] = text
		case "query":
			q.Set(p.name, text)
		case "header":
			hdr.Set(p.name, text)
		}
	}
	var path strings.Builder
	for _, s := range op.segs {
		path.WriteByte('/')
		if s.param != "" {
			path.WriteString(url.PathEscape(vars[s.param]))
		} else {
			path.WriteString(s.lit)
		}
	}
	var body io.Reader
	ct := ""
	if op.body != nil {
		if m := jsonMedia(op.body.media); m != nil && m.schema != nil {
			v := g.value(m.schema, "body")
			if obj, ok := v.(map[string]any); ok {
				// A client sends no read-only property.
				for _, p := range flatten(m.schema, 0).Properties {
					if p.Schema.ReadOnly {
						delete(obj, p.Name)
					}
				}
			}
			if obj, ok := v.(map[string]any); ok && op.res != nil {
				if op.act == actReplaceByBody && ids[op.res.resource] != "" {
					n, err := strconv.ParseFloat(ids[op.res.resource], 64)
					if err == nil {
						obj[op.res.key] = n
					} else {
						obj[op.res.key] = ids[op.res.resource]
					}
				} else if op.act == actCreate && !slices.Contains(flatten(m.schema, 0).Required, op.res.key) {
					delete(obj, op.res.key)
				}
			}
			b, err := json.Marshal(v)
			require.NoError(t, err)
			body, ct = bytes.NewReader(b), "application/json"
		} else if m := mediaOf(op.body.media, "application/x-www-form-urlencoded"); m != nil && m.schema != nil {
			form := url.Values{}
			if obj, ok := g.value(m.schema, "body").(map[string]any); ok {
				for k, v := range obj {
					form.Set(k, fmt.Sprint(v))
				}
			}
			body, ct = strings.NewReader(form.Encode()), m.typ
		} else if len(op.body.media) > 0 {
			body, ct = strings.NewReader("file contents"), op.body.media[0].typ
		}
	}
	u := base + path.String()
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(op.method, u, body)
	require.NoError(t, err)
	req.Header = hdr
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	return req
}

// TestFixturesAnswerEveryOperation sends a valid request to every
// documented operation of each fixture and checks, through kin-openapi's
// request and response validation, that each answer validates; a created
// record reads back. The document exported from the import validates the
// same answers, and imported again it serves the same API.
func TestFixturesAnswerEveryOperation(t *testing.T) {
	t.Parallel()
	for _, file := range fixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			answerEveryOperation(t, file)
			roundTrip(t, file)
		})
	}
}

// answerEveryOperation serves the document at path behind its validator
// and exercises every operation.
func answerEveryOperation(t *testing.T, path string) {
	t.Helper()
	_, a, base := serveDocument(t, path)
	exercise(t, a, base)
}

// exercise sends a valid request to every operation of a, served at base:
// the creates first (each created record must read back), then the other
// operations but deletes, then the deletes. It returns each exchange as
// text: method, path, status and body.
func exercise(t *testing.T, a *api, base string) []string {
	t.Helper()
	g := &generator{f: seed.NewFaker(11)}
	ids := map[string]string{}
	var out []string
	send := func(op *operation) (*http.Response, []byte) {
		req := request(t, base, op, g, ids)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, fmt.Sprintf("%s %s -> %d %s", op.method, strings.TrimPrefix(req.URL.String(), base), resp.StatusCode, raw))
		return resp, raw
	}
	// Creates first, so that item operations find a record.
	for _, op := range a.ops {
		if op.act != actCreate {
			continue
		}
		resp, raw := send(op)
		require.Less(t, resp.StatusCode, 300, "%s %s: %s", op.method, op.path, raw)
		id := createdID(t, a, op, resp, raw)
		require.NotEmpty(t, id, "%s %s: no id in %s", op.method, op.path, raw)
		ids[op.res.resource] = id
		if op.res.keyParam != "" {
			ids["param:"+op.res.keyParam] = id
		}
		readBack(t, a, base, op.res, id, ids)
	}
	for _, op := range a.ops {
		if op.act == actCreate || op.act == actDelete {
			continue
		}
		resp, raw := send(op)
		assert.Less(t, resp.StatusCode, 500, "%s %s: %s", op.method, op.path, raw)
		if op.res != nil && op.act != actList {
			assert.Less(t, resp.StatusCode, 300, "%s %s: %s", op.method, op.path, raw)
		}
	}
	for _, op := range a.ops {
		if op.act != actDelete {
			continue
		}
		resp, raw := send(op)
		assert.Less(t, resp.StatusCode, 300, "%s %s: %s", op.method, op.path, raw)
	}
	return out
}

// roundTrip checks both directions on the document at path: served behind
// the validators of the original and of the document the server exports,
// every answer validates against both (the original's clients accept the
// export); and the export, imported again, answers the same exchanges
// with the same statuses and bodies.
func roundTrip(t *testing.T, path string) {
	t.Helper()
	open := func(spec *pretendo.Spec) *pretendo.Server {
		srv, err := pretendo.Open(spec, pretendo.WithRandSeed(3), pretendo.WithClock(func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }))
		require.NoError(t, err)
		t.Cleanup(func() { _ = srv.Close() })
		return srv
	}
	listen := func(h http.Handler) string {
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		return ts.URL
	}
	spec, err := pretendo.LoadSpec(path)
	require.NoError(t, err)
	first := open(spec)
	exported, err := first.OpenAPI()
	require.NoError(t, err)
	orig := openapitest.LoadFile(t, path)
	export := openapitest.Load(t, exported)
	a := spec.Extension.(*api)
	before := exercise(t, a, listen(orig.Validate(t, export.Validate(t, first, openapitest.Options{}), openapitest.Options{})))

	again, err := pretendo.ParseSpec(exported)
	require.NoError(t, err)
	second := open(again)
	after := exercise(t, a, listen(orig.Validate(t, second, openapitest.Options{})))
	require.Len(t, after, len(before))
	for i := range before {
		assert.Equal(t, before[i], after[i])
	}
}

// createdID reads the key of a created record: from the answer's body, or
// else from its Location header.
func createdID(t *testing.T, a *api, op *operation, resp *http.Response, raw []byte) string {
	t.Helper()
	var v any
	if json.Unmarshal(raw, &v) == nil {
		if m, ok := v.(map[string]any); ok {
			if op.res.wrap != "" {
				m, _ = m[op.res.wrap].(map[string]any)
			}
			if k, ok := m[op.res.key]; ok {
				return keyText(k)
			}
		}
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		return loc[strings.LastIndexByte(loc, '/')+1:]
	}
	return ""
}

// readBack checks that the record id of res reads back through the
// document's item or list operation.
func readBack(t *testing.T, a *api, base string, res *binding, id string, ids map[string]string) {
	t.Helper()
	for _, op := range a.ops {
		if op.res == nil || op.res.resource != res.resource {
			continue
		}
		switch op.act {
		case actGet:
			var path strings.Builder
			for _, s := range op.segs {
				path.WriteByte('/')
				switch {
				case s.param == res.keyParam:
					path.WriteString(url.PathEscape(id))
				case s.param != "":
					path.WriteString(url.PathEscape(ids["param:"+s.param]))
				default:
					path.WriteString(s.lit)
				}
			}
			resp, err := http.Get(base + path.String())
			require.NoError(t, err)
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode, "GET %s: %s", path.String(), raw)
			assert.Contains(t, string(raw), id)
			return
		}
	}
	for _, op := range a.ops {
		if op.res != nil && op.res.resource == res.resource && op.act == actList {
			var path strings.Builder
			for _, s := range op.segs {
				path.WriteByte('/')
				if s.param != "" {
					path.WriteString(url.PathEscape(ids["param:"+s.param]))
				} else {
					path.WriteString(s.lit)
				}
			}
			resp, err := http.Get(base + path.String())
			require.NoError(t, err)
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, string(raw), id)
			return
		}
	}
	t.Errorf("no operation reads %s back", res.resource)
}
