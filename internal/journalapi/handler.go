package journalapi

import (
	"net/http"
	"path"
	"strconv"

	"github.com/pretendo-go/pretendo/internal/httperr"
)

// Handler serves a journal over HTTP. The server routes each of its
// methods to its path and method, behind the admin token; every error
// goes to the fail function the server gives, its one error writer.
type Handler struct {
	journal   Journal
	hub       *Hub
	adminPath string
	fail      httperr.Fail
}

// New returns the handlers of j, whose listener is hub. adminPath is the
// path of the admin API, whose requests the filters leave out by default;
// fail writes an error answer.
func New(j Journal, hub *Hub, adminPath string, fail httperr.Fail) *Handler {
	return &Handler{journal: j, hub: hub, adminPath: adminPath, fail: fail}
}

// listJSON is the answer of the list: the requests, and how many match in
// all (more than listed when limit cut the list).
type listJSON struct {
	Data []requestJSON `json:"data"`
	Meta listMeta      `json:"meta"`
}

type listMeta struct {
	Total int `json:"total"`
}

// List answers GET {admin}/requests: the requests the filter selects,
// newest first, with their headers and bodies.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.RawQuery, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	found, total := h.journal.Find(h.matcher(&f), f.Limit)
	out := listJSON{Data: make([]requestJSON, len(found)), Meta: listMeta{Total: total}}
	for i := range found {
		out.Data[i] = toJSON(&found[i])
	}
	h.writeJSON(w, r, http.StatusOK, out)
}

// Count answers GET {admin}/requests/count: {"data":{"count":N}}.
func (h *Handler) Count(w http.ResponseWriter, r *http.Request) {
	f, err := ParseFilter(r.URL.RawQuery, false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, total := h.journal.Find(h.matcher(&f), -1)
	h.writeJSON(w, r, http.StatusOK, map[string]any{"data": map[string]int{"count": total}})
}

// Get answers GET {admin}/requests/{id}: one request, or 404
// RECORD_NOT_FOUND when the journal no longer keeps it.
func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
	raw := path.Base(r.URL.Path)
	id, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || id == 0 {
		h.fail(w, r, bad("id", "want the number of a recorded request, 1 or more"))
		return
	}
	if len(r.URL.RawQuery) > 0 {
		h.fail(w, r, bad(firstKey(r), "unknown parameter (a request by id takes none)"))
		return
	}
	req, ok := h.journal.Get(id)
	if !ok {
		h.fail(w, r, httperr.New(http.StatusNotFound, httperr.CodeRecordNotFound,
			"no request %d in the journal (it keeps the last ones only, and none from before a clear)", id))
		return
	}
	h.writeJSON(w, r, http.StatusOK, map[string]any{"data": toJSON(&req)})
}

// Clear answers DELETE {admin}/requests with 204, the journal empty.
func (h *Handler) Clear(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.RawQuery) > 0 {
		h.fail(w, r, bad(firstKey(r), "unknown parameter (DELETE forgets every request and takes none)"))
		return
	}
	h.journal.Clear()
	w.WriteHeader(http.StatusNoContent)
}

// matcher returns f's test for the journal's Find.
func (h *Handler) matcher(f *Filter) func(*Request) bool {
	return func(r *Request) bool { return f.Match(r, h.adminPath) }
}

// firstKey names the first parameter of r's query, for an error.
func firstKey(r *http.Request) string {
	for _, k := range sortedKeys(r.URL.Query()) {
		return k
	}
	return r.URL.RawQuery
}
