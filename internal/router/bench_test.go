package router_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"

	"github.com/pretendo-go/pretendo/internal/router"
)

// muxTable is the server's table of routes as gorilla/mux serves it as
// designed: path templates, a subrouter for the admin API, Methods
// matchers (and so its 405), variables through mux.Vars.
func muxTable(h http.HandlerFunc) http.Handler {
	m := mux.NewRouter().UseEncodedPath().SkipClean(true)
	admin := m.PathPrefix("/admin").Subrouter()
	admin.HandleFunc("/save", h).Methods("POST")
	admin.HandleFunc("/load", h).Methods("POST")
	admin.HandleFunc("/reset", h).Methods("POST")
	admin.HandleFunc("/stats", h).Methods("GET", "HEAD")
	admin.HandleFunc("/snapshots", h).Methods("GET", "HEAD", "POST")
	admin.HandleFunc("/snapshots/restore", h).Methods("POST")
	admin.HandleFunc("/snapshots/{name}", h).Methods("DELETE")
	m.HandleFunc("/auth/login", h).Methods("POST")
	m.HandleFunc("/auth/logout", h).Methods("POST")
	m.HandleFunc("/auth/me", h).Methods("GET", "HEAD")
	m.HandleFunc("/health", h).Methods("GET", "HEAD")
	m.HandleFunc("/", h).Methods("GET", "HEAD")
	m.HandleFunc("/{resource}", h).Methods("GET", "HEAD", "POST")
	m.HandleFunc("/{resource}/{id}", h).Methods("GET", "HEAD", "PUT", "PATCH", "DELETE")
	m.HandleFunc("/{resource}/{id}/{rel}", h).Methods("GET", "HEAD", "POST")
	return m
}

// table is the same table of routes in this package's router.
func table(h router.HandlerFunc) http.Handler {
	cfg := router.Config{
		NotFound:         func(w http.ResponseWriter, _ *http.Request, _ router.Params) { w.WriteHeader(http.StatusNotFound) },
		MethodNotAllowed: func(w http.ResponseWriter, _ *http.Request, _ string) { w.WriteHeader(http.StatusMethodNotAllowed) },
		Options:          func(w http.ResponseWriter, _ *http.Request, _ string) { w.WriteHeader(http.StatusNoContent) },
	}
	admin := router.New(cfg)
	post := map[string]router.HandlerFunc{http.MethodPost: h}
	must(admin.HandleMethods("/admin/save", post))
	must(admin.HandleMethods("/admin/load", post))
	must(admin.HandleMethods("/admin/reset", post))
	must(admin.HandleMethods("/admin/stats", map[string]router.HandlerFunc{http.MethodGet: h}))
	must(admin.HandleMethods("/admin/snapshots", map[string]router.HandlerFunc{http.MethodGet: h, http.MethodPost: h}))
	must(admin.HandleMethods("/admin/snapshots/restore", post))
	must(admin.HandleMethods("/admin/snapshots/{name}", map[string]router.HandlerFunc{http.MethodDelete: h}))
	rt := router.New(cfg)
	rt.Mount("/admin", func(w http.ResponseWriter, r *http.Request, _ router.Params) { admin.ServeHTTP(w, r) })
	must(rt.HandleMethods("/auth/login", post))
	must(rt.HandleMethods("/auth/logout", post))
	must(rt.HandleMethods("/auth/me", map[string]router.HandlerFunc{http.MethodGet: h}))
	must(rt.HandleMethods("/health", map[string]router.HandlerFunc{http.MethodGet: h}))
	must(rt.Handle("/", h))
	must(rt.Handle("/{resource}", h))
	must(rt.Handle("/{resource}/{id}", h))
	must(rt.Handle("/{resource}/{id}/{rel}", h))
	return rt
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// BenchmarkRouting measures reaching the handler of GET /users/{id} and
// reading the id, through gorilla/mux used as designed and through this
// package's router, with the same table of routes.
func BenchmarkRouting(b *testing.B) {
	var id string
	routers := []struct {
		name string
		h    http.Handler
	}{
		{"mux", muxTable(func(w http.ResponseWriter, r *http.Request) { id = mux.Vars(r)["id"] })},
		{"router", table(func(w http.ResponseWriter, r *http.Request, p router.Params) { id = p.Segment(1) })},
	}
	for _, rt := range routers {
		b.Run(rt.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/users/123", nil)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				rt.h.ServeHTTP(w, req)
			}
			if id != "123" {
				b.Fatalf("id %q", id)
			}
		})
	}
}
