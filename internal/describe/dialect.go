package describe

import "github.com/pretendo-go/pretendo/internal/oas"

// Dialect describes how a server speaks HTTP about its resources: the shape
// of its answers, the parameters its lists take, the statuses and error
// codes it answers with. The document is built from it alone, so a server
// that speaks another dialect (json-server's, say) is described by another
// Dialect value, not by other code.
type Dialect struct {
	// Name names the dialect in the document's description.
	Name string
	// ItemKey wraps a single record ({"data": record}); "" sends it bare.
	ItemKey string
	// ListKey wraps the records of a list; "" sends a bare array.
	ListKey string
	// ListMetaKey and ListMeta are the member of a list answer that holds
	// its paging (the schema of its value), when ListKey is set.
	ListMetaKey string
	ListMeta    *oas.Object
	// ListHeaders are the headers of a list answer.
	ListHeaders []Header
	// ListParams are the query parameters every list takes (paging,
	// sorting, search, field selection, embedding); ItemParams those a
	// single record takes.
	ListParams []Param
	ItemParams []Param
	// Filter is how a filter on a field is written, {field} and {op}
	// standing for the field and the operator ("{field}[{op}]"); Operators
	// lists the operators, and CaseInsensitive is the prefix that makes
	// them ignore case ("i:"), or "".
	Filter          string
	Operators       []string
	CaseInsensitive string
	// FilterNote says more of the operators, after their list.
	FilterNote string
	// FilterText reports that field=value filters compare the value as
	// text, whatever the field's type; otherwise they read it by the
	// field's type.
	FilterText bool
	// CreateStatus and DeleteStatus answer a create and a delete.
	CreateStatus, DeleteStatus int
	// CreateHeaders are the headers of a create's answer (Location).
	CreateHeaders []Header
	// DeleteBody is the schema of a delete's answer, nil for none.
	DeleteBody *oas.Object
	// NotFound is the schema of every 404's body, when it is not Error.
	NotFound *oas.Object
	// ETag reports that answers of records carry an ETag, and that a GET
	// or HEAD whose If-None-Match names it is a 304 without a body.
	ETag bool
	// Database reports that GET /db answers every resource's records, an
	// object of resource names to lists (unless a resource is named db).
	Database bool
	// Error is the schema of every error answer, or nil when errors have
	// no body; ErrorCode names its member that holds the error code.
	Error     *oas.Object
	ErrorCode string
	// Errors lists, for each kind of operation, the error statuses it may
	// answer with and the codes of each.
	Errors map[Kind][]Status
	// Root is the schema of the answer of GET /, or nil when the server
	// does not serve it.
	Root *oas.Object
}

// Kind is a kind of operation on resources.
type Kind string

// The kinds of operation on resources.
const (
	KindList          Kind = "list"
	KindGet           Kind = "get"
	KindCreate        Kind = "create"
	KindReplace       Kind = "replace"
	KindUpdate        Kind = "update"
	KindDelete        Kind = "delete"
	KindRelated       Kind = "related"
	KindRelatedCreate Kind = "relatedCreate"
	// KindAuth is any operation on resources when sign-in is on.
	KindAuth Kind = "auth"
	// KindAny is any operation that reads or writes records.
	KindAny Kind = "any"
)

// Status is an error status and the codes answered with it.
type Status struct {
	Status int
	Codes  []string
}

// Header is a response header.
type Header struct {
	Name, Description string
	Schema            *oas.Object
}

// Param is a query parameter.
type Param struct {
	Name, Description string
	Schema            *oas.Object
}

// Pretendo returns the dialect of pretendo's own API (contract sections 2
// to 4): records wrapped in {"data": ...}, lists with paging meta, the
// query language of section 3 and the error body of section 4.
func Pretendo() *Dialect {
	str := func() *oas.Object { return oas.New("type", "string") }
	link := oas.New("type", "string", "description", "URL of the page, keeping every other query parameter of the request")
	return &Dialect{
		Name:        "pretendo",
		ItemKey:     "data",
		ListKey:     "data",
		ListMetaKey: "meta",
		ListMeta: oas.New("type", "object", "required", []any{"pagination"}, "properties", oas.New(
			"pagination", oas.New("type", "object",
				"required", []any{"currentPage", "perPage", "totalPages", "totalItems", "links"},
				"properties", oas.New(
					"currentPage", oas.New("type", "integer", "minimum", 1),
					"perPage", oas.New("type", "integer", "minimum", 1),
					"totalPages", oas.New("type", "integer", "minimum", 1),
					"totalItems", oas.New("type", "integer", "minimum", 0),
					"links", oas.New("type", "object", "required", []any{"first", "last"}, "properties", oas.New(
						"first", link, "last", link, "prev", link, "next", link)),
				)),
		)),
		ListHeaders: []Header{
			{Name: "X-Total-Count", Description: "The number of records that match the filters, on every page.", Schema: oas.New("type", "integer", "minimum", 0)},
			{Name: "Link", Description: `Links to the first, last, previous and next pages (RFC 8288: <url>; rel="first", ...), keeping every other query parameter.`, Schema: str()},
		},
		ListParams: []Param{
			{Name: "page", Description: "The page, from 1 (default 1). A page past the end answers an empty list.", Schema: oas.New("type", "integer", "minimum", 1)},
			{Name: "perPage", Description: "Records per page (default options.defaultPageSize, clamped to options.maxPageSize).", Schema: oas.New("type", "integer", "minimum", 1)},
			{Name: "sortBy", Description: "Sort keys, comma-separated: a.asc, b.desc or -b; stable; missing values sort last.", Schema: str()},
			{Name: "q", Description: "Case-insensitive search in every string field.", Schema: str()},
			{Name: "fields", Description: "Keep only these top-level fields, comma-separated.", Schema: str()},
			{Name: "expand", Description: "Embed related records by relationship name, comma-separated, nested with dots (comments.author), to a depth of 3.", Schema: str()},
		},
		ItemParams: []Param{
			{Name: "fields", Description: "Keep only these top-level fields, comma-separated.", Schema: str()},
			{Name: "expand", Description: "Embed related records by relationship name, comma-separated, nested with dots, to a depth of 3.", Schema: str()},
		},
		Filter:          "{field}[{op}]",
		Operators:       []string{"eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startsWith", "endsWith", "exists"},
		CaseInsensitive: "i:",
		FilterNote:      "in and nin take a comma list, exists true or false; dates compare as instants.",
		CreateStatus:    201,
		DeleteStatus:    204,
		CreateHeaders: []Header{
			{Name: "Location", Description: "The path of the new record, as the client addresses the server.", Schema: str()},
		},
		Error: oas.New("type", "object", "required", []any{"status", "message", "code"}, "properties", oas.New(
			"status", oas.New("type", "integer", "description", "The HTTP status."),
			"message", oas.New("type", "string"),
			"code", oas.New("type", "string", "description", "The error code (RESOURCE_NOT_FOUND, VALIDATION_FAILED, ...)."),
			"details", oas.New("type", "array", "items", oas.New("$ref", "#/components/schemas/Violation")),
		)),
		ErrorCode: "code",
		Errors: map[Kind][]Status{
			KindList:          {{400, []string{"INVALID_QUERY"}}},
			KindGet:           {{400, []string{"INVALID_QUERY"}}, {404, []string{"RECORD_NOT_FOUND"}}},
			KindCreate:        writeErrors(false),
			KindReplace:       writeErrors(true),
			KindUpdate:        writeErrors(true),
			KindDelete:        {{404, []string{"RECORD_NOT_FOUND"}}, {409, []string{"CONFLICT"}}, {503, []string{"SAVE_FAILED"}}},
			KindRelated:       {{400, []string{"INVALID_QUERY"}}, {404, []string{"RECORD_NOT_FOUND"}}},
			KindRelatedCreate: writeErrors(true),
			KindAuth:          {{401, []string{"UNAUTHORIZED", "INVALID_TOKEN"}}, {403, []string{"FORBIDDEN"}}},
			// A store whose file failed to load in the background.
			KindAny: {{503, []string{"STORE_UNAVAILABLE"}}},
		},
		Root: oas.New("type", "object", "required", []any{"name", "resources"}, "properties", oas.New(
			"name", oas.New("type", "string", "const", "pretendo"),
			"resources", oas.New("type", "array", "items", str()),
		)),
	}
}

// writeErrors are the errors of a write; found adds the 404 of a write to
// a record that must exist.
func writeErrors(found bool) []Status {
	out := []Status{
		{400, []string{"INVALID_JSON", "INVALID_QUERY"}},
	}
	if found {
		out = append(out, Status{404, []string{"RECORD_NOT_FOUND"}})
	}
	return append(out,
		Status{408, []string{"REQUEST_TIMEOUT"}},
		Status{409, []string{"CONFLICT"}},
		Status{413, []string{"BODY_TOO_LARGE"}},
		Status{422, []string{"VALIDATION_FAILED"}},
		Status{503, []string{"SAVE_FAILED"}},
	)
}
