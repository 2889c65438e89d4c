package describe

import "github.com/pretendo-go/pretendo/internal/oas"

// journal describes the request journal under the admin path (package
// journalapi): the list, the count, one request, the live stream and the
// clearing, with the filters the list, the count and the stream take.
func journal(paths, schemas *oas.Object, base string, op func(id, summary string, responses *oas.Object) *oas.Object,
	errs func(r *oas.Object, statuses ...int) *oas.Object) {
	text := oas.New("type", []any{"string", "null"})
	schemas.Set("AdminRecordedRequest", oas.New("type", "object",
		"required", []any{"id", "method", "path", "query", "headers", "body", "bodyTruncated", "status", "time", "durationMs", "responseBody", "responseBodyTruncated"},
		"properties", oas.New(
			"id", oas.New("type", "integer", "minimum", 1),
			"method", oas.New("type", "string"),
			"path", oas.New("type", "string"),
			"query", oas.New("type", "string", "description", "The raw query, without the \"?\"."),
			"headers", oas.New("type", "object", "additionalProperties", oas.New("type", "array", "items", oas.New("type", "string"))),
			"body", oas.New("type", []any{"string", "null"}, "description", "The request body when it is UTF-8 text, else null and bodyBase64 holds it."),
			"bodyBase64", oas.New("type", "string", "contentEncoding", "base64"),
			"bodyTruncated", oas.New("type", "boolean"),
			"status", oas.New("type", "integer", "description", "0 when the client left before an answer."),
			"time", oas.New("type", "string", "format", "date-time"),
			"durationMs", oas.New("type", "number", "minimum", 0),
			"responseBody", text,
			"responseBodyBase64", oas.New("type", "string", "contentEncoding", "base64"),
			"responseBodyTruncated", oas.New("type", "boolean"),
		)))
	filters := func(limit bool) []any {
		list := func(name, description string) *oas.Object {
			return param(name, description, oas.New("type", "array", "items", oas.New("type", "string"))).Set("style", "form").Set("explode", true)
		}
		ps := []any{
			list("method", "A method in any case, a comma list of them, or * for any; repeated: any of them."),
			list("path", "A path pattern: * matches text within a segment, :id or {id} one segment, ** any number of them; ?a=1 after it requires those query values; repeated: any of them."),
			list("status", "A status like 404 or a class like 4xx, or a comma list of them; repeated: any of them."),
			param("since", "Requests that arrived at this RFC 3339 instant or later.", oas.New("type", "string")),
		}
		if limit {
			ps = append(ps, param("limit", "At most this many, the newest.", oas.New("type", "integer", "minimum", 1)))
		}
		return append(ps, param("admin", "true includes the requests to the admin API and those of the dashboard, left out by default (strconv.ParseBool's spellings).", oas.New("type", "string")))
	}
	data := func(s *oas.Object) *oas.Object {
		return oas.New("type", "object", "required", []any{"data"}, "properties", oas.New("data", s))
	}
	list := op("requests.list", "The recorded requests the filters select, newest first", errs(oas.New("200", response("The requests.",
		oas.New("type", "object", "required", []any{"data", "meta"}, "properties", oas.New(
			"data", oas.New("type", "array", "items", ref("AdminRecordedRequest")),
			"meta", oas.New("type", "object", "required", []any{"total"}, "properties", oas.New("total", oas.New("type", "integer", "minimum", 0))),
		)), nil)), 400))
	list.Set("parameters", filters(true))
	clear := op("requests.clear", "Forget every recorded request", errs(oas.New("204", oas.New("description", "Cleared.")), 400))
	paths.Set(base+"/requests", oas.New("get", list, "delete", clear))

	count := op("requests.count", "How many recorded requests the filters select", errs(oas.New("200", response("The count.",
		data(oas.New("type", "object", "required", []any{"count"}, "properties", oas.New("count", oas.New("type", "integer", "minimum", 0)))), nil)), 400))
	count.Set("parameters", filters(false))
	paths.Set(base+"/requests/count", oas.New("get", count))

	stream := op("requests.stream", "The requests as they are recorded, as server-sent events", errs(oas.New("200", oas.New(
		"description", "Events \"request\" (the request's id, method, path, query, status, time and durationMs; its id is the event's), "+
			"\"dropped\" ({\"count\":N} requests left out for a slow client) and \"cleared\" ({\"through\":ID}). With limit=N it first sends the newest N; "+
			"Last-Event-ID resumes after that id.",
		"content", oas.New("text/event-stream", oas.New("schema", oas.New("type", "string"))))), 400))
	stream.Set("parameters", append(filters(true), oas.New("name", "Last-Event-ID", "in", "header", "schema", oas.New("type", "string"))))
	paths.Set(base+"/requests/stream", oas.New("get", stream))

	one := op("requests.get", "One recorded request", errs(oas.New("200", response("The request.", data(ref("AdminRecordedRequest")), nil)), 400, 404))
	paths.Set(base+"/requests/{id}", oas.New(
		"parameters", []any{pathParam("id", "The request's number.", oas.New("type", "integer", "minimum", 1))},
		"get", one))
}

// dashboard describes the page of the admin dashboard. Its script, style
// and image files below the same path are the page's own, not the API's,
// and are left out, as is the redirect of the path without its slash.
func dashboard(paths *oas.Object, base string) {
	paths.Set(base+"/ui/", oas.New("get", oas.New("operationId", "admin.dashboard", "summary", "The admin dashboard, a web page",
		"tags", []any{"admin"},
		"responses", oas.New("200", oas.New("description", "The page; it asks for the admin token itself.",
			"content", oas.New("text/html", oas.New("schema", oas.New("type", "string"))))))))
}
