package describe

import (
	"strconv"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
)

// itoa formats a status.
func itoa(n int) string { return strconv.Itoa(n) }

// AddServerPaths adds to doc the paths a server serves whatever its spec:
// the admin API, tagged admin, and the document's own route. doc is the
// document of the server's API, from Document or from an imported
// document; its components get the schemas the added paths use.
func AddServerPaths(doc *oas.Object, o Options) {
	paths := doc.Object("paths")
	if paths == nil {
		paths = &oas.Object{}
		doc.Set("paths", paths)
	}
	components := doc.Object("components")
	if components == nil {
		components = &oas.Object{}
		doc.Set("components", components)
	}
	schemas := components.Object("schemas")
	if schemas == nil {
		schemas = &oas.Object{}
		components.Set("schemas", schemas)
	}
	var tags []any
	if v, ok := doc.Get("tags"); ok {
		tags, _ = v.([]any)
	}
	addTag := func(name, description string) {
		for _, t := range tags {
			if o, ok := t.(*oas.Object); ok && o.String("name") == name {
				return
			}
		}
		tags = append(tags, oas.New("name", name, "description", description))
	}
	if o.DocsPath != "" {
		addTag("docs", "This document.")
		paths.Set(o.DocsPath, oas.New("get", oas.New(
			"operationId", "pretendo.docs",
			"summary", "This OpenAPI document",
			"tags", []any{"docs"},
			"parameters", []any{param("format", "json (default) or yaml.", oas.New("type", "string", "enum", []any{"json", "yaml"}))},
			"responses", oas.New(
				"200", oas.New("description", "The document.", "content", oas.New(
					"application/json", oas.New("schema", oas.New("type", "object")),
					"application/yaml", oas.New("schema", oas.New("type", "object")))),
				"default", oas.New("description", "An error: a bad format is a 400 INVALID_QUERY; with options.docs.requireAuth, no token is a 401."),
			),
		)))
	}
	if o.AdminPath != "" {
		addTag("admin", "The admin API: storage, snapshots, stats, the request journal and the dashboard.")
		admin(paths, schemas, o)
		if o.AdminToken {
			schemes := components.Object("securitySchemes")
			if schemes == nil {
				schemes = &oas.Object{}
				components.Set("securitySchemes", schemes)
			}
			schemes.Set("adminToken", oas.New("type", "http", "scheme", "bearer", "description", "options.admin.token"))
		}
	}
	doc.Set("tags", tags)
	// These routes are the server's own: a document imported back hands
	// them to the server as they come.
	for _, p := range paths.Keys() {
		if p != o.DocsPath && (o.AdminPath == "" || p != o.AdminPath && !strings.HasPrefix(p, o.AdminPath+"/")) {
			continue
		}
		pi := paths.Object(p)
		for _, m := range pi.Keys() {
			if op := pi.Object(m); op != nil && m != "parameters" {
				op.Set("x-pretendo", oas.New("forward", true))
			}
		}
	}
	stages(doc, paths, o)
}

// admin describes the admin API under o.AdminPath.
func admin(paths, schemas *oas.Object, o Options) {
	errRef := oas.New("$ref", "#/components/schemas/AdminError")
	schemas.Set("AdminError", oas.New("type", "object", "required", []any{"status", "message", "code"}, "properties", oas.New(
		"status", oas.New("type", "integer"),
		"message", oas.New("type", "string"),
		"code", oas.New("type", "string"),
		"details", oas.New("type", "array", "items", oas.New("type", "object")),
	)))
	counts := oas.New("type", "object", "additionalProperties", oas.New("type", "integer", "minimum", 0))
	snapshot := oas.New("type", "object", "required", []any{"name", "description", "createdAt", "counts"}, "properties", oas.New(
		"name", oas.New("type", "string"),
		"description", oas.New("type", "string"),
		"createdAt", oas.New("type", "string", "format", "date-time"),
		"counts", counts,
	))
	schemas.Set("AdminSnapshot", snapshot)
	// The admin API answers in the server's dialect.
	d := o.Dialect
	if d == nil {
		d = Pretendo()
	}
	data := func(s *oas.Object) *oas.Object {
		if d.ItemKey == "" {
			return s
		}
		return oas.New("type", "object", "required", []any{d.ItemKey}, "properties", oas.New(d.ItemKey, s))
	}
	errs := func(r *oas.Object, statuses ...int) *oas.Object {
		if o.AdminToken {
			r.Set("401", response("UNAUTHORIZED: the admin token is missing or wrong.", errRef, nil))
		}
		for _, st := range statuses {
			if st == 404 && d.NotFound != nil {
				r.Set("404", response(adminErrors[st], d.NotFound, nil))
				continue
			}
			r.Set(itoa(st), response(adminErrors[st], errRef, nil))
		}
		if d.NotFound != nil {
			return r.Set("default", response("Any other error.", oas.New("anyOf", []any{errRef, d.NotFound}), nil))
		}
		return r.Set("default", response("Any other error.", errRef, nil))
	}
	op := func(id, summary string, responses *oas.Object) *oas.Object {
		op := oas.New("operationId", "admin."+id, "summary", summary, "tags", []any{"admin"})
		if o.AdminToken {
			op.Set("security", []any{oas.New("adminToken", []any{})})
		}
		return op.Set("responses", responses)
	}
	action := func(key string) *oas.Object {
		return data(oas.New("type", "object", "required", []any{"adapter", key, "counts"}, "properties", oas.New(
			"adapter", oas.New("type", "string"),
			key, oas.New("type", "boolean"),
			"counts", counts,
		)))
	}
	snapBody := func(create bool) *oas.Object {
		props := oas.New("name", oas.New("type", "string", "pattern", `^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$`))
		if create {
			props.Set("description", oas.New("type", "string"))
			props.Set("overwrite", oas.New("type", "boolean"))
		}
		return jsonBody(oas.New("type", "object", "required", []any{"name"}, "properties", props, "additionalProperties", false))
	}
	base := o.AdminPath
	paths.Set(base+"/save", oas.New("post", op("save", "Save the data to the store's file", errs(oas.New("200", response("Saved.", action("saved"), nil)), 503))))
	paths.Set(base+"/load", oas.New("post", op("load", "Load the data from the store's file", errs(oas.New("200", response("Loaded.", action("loaded"), nil)), 422))))
	paths.Set(base+"/reset", oas.New("post", op("reset", "Go back to the initial state", errs(oas.New("200", response("Reset.", action("reset"), nil))))))
	stats := data(oas.New("type", "object", "additionalProperties", oas.New("type", "object", "required", []any{"count", "lastModified"}, "properties", oas.New(
		"count", oas.New("type", "integer", "minimum", 0),
		"lastModified", oas.New("type", "string", "format", "date-time"),
	))))
	paths.Set(base+"/stats", oas.New("get", op("stats", "Record count and last change of each resource", errs(oas.New("200", response("The stats.", stats, nil))))))
	list := op("snapshots.list", "List the snapshots", errs(oas.New("200", response("The snapshots.", data(oas.New("type", "array", "items", oas.New("$ref", "#/components/schemas/AdminSnapshot"))), nil))))
	create := op("snapshots.create", "Take a snapshot of the whole state", errs(oas.New("201", response("Taken.", data(oas.New("$ref", "#/components/schemas/AdminSnapshot")), nil)), 400, 409))
	create.Set("requestBody", snapBody(true))
	paths.Set(base+"/snapshots", oas.New("get", list, "post", create))
	restore := op("snapshots.restore", "Restore a snapshot, id counters included", errs(oas.New("200", response("Restored.", data(oas.New("$ref", "#/components/schemas/AdminSnapshot")), nil)), 400, 404, 422))
	restore.Set("requestBody", snapBody(false))
	paths.Set(base+"/snapshots/restore", oas.New("post", restore))
	del := op("snapshots.delete", "Delete a snapshot", errs(oas.New("204", oas.New("description", "Deleted.")), 400, 404))
	paths.Set(base+"/snapshots/{name}", oas.New(
		"parameters", []any{pathParam("name", "The snapshot's name.", oas.New("type", "string"))},
		"delete", del))
	if o.Journal {
		journal(paths, schemas, base, op, errs)
	}
	if o.Dashboard {
		dashboard(paths, base)
	}
}

// adminErrors describes the error statuses of the admin API.
var adminErrors = map[int]string{
	400: "INVALID_NAME, INVALID_JSON or INVALID_QUERY: a name that is not allowed, a bad body, or a bad filter.",
	404: "SNAPSHOT_NOT_FOUND, or RECORD_NOT_FOUND for a request the journal no longer keeps.",
	409: "CONFLICT: the name is taken, or the server keeps as many snapshots as it may.",
	422: "VALIDATION_FAILED: a file that cannot be read.",
	503: "SAVE_FAILED.",
}
