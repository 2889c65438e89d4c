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
// record reads back.
func TestFixturesAnswerEveryOperation(t *testing.T) {
	t.Parallel()
	for _, file := range fixtures(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			_, a, base := serveDocument(t, file)
			g := &generator{f: seed.NewFaker(11)}
			ids := map[string]string{}
			// Creates first, so that item operations find a record.
			for _, op := range a.ops {
				if op.act != actCreate {
					continue
				}
				req := request(t, base, op, g, ids)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.Less(t, resp.StatusCode, 300, "%s %s: %s", op.method, req.URL, raw)
				id := createdID(t, a, op, resp, raw)
				require.NotEmpty(t, id, "%s %s: no id in %s", op.method, req.URL, raw)
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
				req := request(t, base, op, g, ids)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				assert.Less(t, resp.StatusCode, 500, "%s %s: %s", op.method, req.URL, raw)
				if op.res != nil && op.act != actList {
					assert.Less(t, resp.StatusCode, 300, "%s %s: %s", op.method, req.URL, raw)
				}
			}
			for _, op := range a.ops {
				if op.act != actDelete {
					continue
				}
				req := request(t, base, op, g, ids)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				resp.Body.Close()
				assert.Less(t, resp.StatusCode, 300, "%s %s", op.method, req.URL)
			}
		})
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
