package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBody is the largest POST body accepted.
const maxBody = 1 << 20

// newHandler serves the collections in json-server 0.17's dialect:
// GET /{name}, GET /{name}/{id} and POST /{name}, compact JSON, no CORS.
func newHandler(resources map[string]resource) http.Handler {
	mux := http.NewServeMux()
	lookup := func(w http.ResponseWriter, r *http.Request) (resource, bool) {
		res, ok := resources[r.PathValue("name")]
		if !ok {
			writeJSON(w, http.StatusNotFound, struct{}{})
		}
		return res, ok
	}
	mux.HandleFunc("GET /{name}", func(w http.ResponseWriter, r *http.Request) {
		res, ok := lookup(w, r)
		if !ok {
			return
		}
		lq := parseListQuery(r.URL.Query())
		items, total := res.list(lq)
		if lq.page > 0 || lq.limit >= 0 {
			w.Header().Set("X-Total-Count", strconv.Itoa(total))
		}
		if lq.page > 0 {
			w.Header().Set("Link", pageLinks(r, lq.page, pageCount(total, lq.limit)))
		}
		writeJSON(w, http.StatusOK, items)
	})
	mux.HandleFunc("GET /{name}/{id}", func(w http.ResponseWriter, r *http.Request) {
		res, ok := lookup(w, r)
		if !ok {
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			writeJSON(w, http.StatusNotFound, struct{}{})
			return
		}
		rec, found := res.get(id)
		if !found {
			writeJSON(w, http.StatusNotFound, struct{}{})
			return
		}
		writeJSON(w, http.StatusOK, rec)
	})
	mux.HandleFunc("POST /{name}", func(w http.ResponseWriter, r *http.Request) {
		res, ok := lookup(w, r)
		if !ok {
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeError(w, http.StatusRequestEntityTooLarge, err)
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, err)
			return
		}
		rec, err := res.create(body)
		switch {
		case errors.Is(err, errIDsExhausted):
			writeError(w, http.StatusConflict, err)
			return
		case err != nil:
			writeError(w, http.StatusBadRequest, err)
			return
		}
		writeJSON(w, http.StatusCreated, rec)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusNotFound, struct{}{})
	})
	return mux
}

// pageLinks is the Link header of a page: first, prev and next when they
// exist, and last, each the request's URL with _page changed.
func pageLinks(r *http.Request, page, last int) string {
	link := func(n int, rel string) string {
		q := r.URL.Query()
		q.Set("_page", strconv.Itoa(n))
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	parts := []string{link(1, "first")}
	if page > 1 && page <= last {
		parts = append(parts, link(page-1, "prev"))
	}
	if page < last {
		parts = append(parts, link(page+1, "next"))
	}
	parts = append(parts, link(last, "last"))
	return strings.Join(parts, ", ")
}

// writeJSON writes v as compact JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"encoding the response failed"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError writes {"error": message} with status.
func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
