package pretendo

import "github.com/pretendo-go/pretendo/adapter"

// DatabaseAdapter is the storage contract; see package adapter for its
// documentation. Built-in adapters live in the memory and jsonfile
// packages; a custom one plugs in through WithAdapter.
type DatabaseAdapter = adapter.DatabaseAdapter

// Record is one stored record: a JSON object decoded into Go values.
type Record = adapter.Record

// Query is a parsed list query: filters, search, sort, page, fields and expand.
type Query = adapter.Query

// Filter is one condition of a Query.
type Filter = adapter.Filter

// SortKey is one key of a Query's sort.
type SortKey = adapter.SortKey

// Op is a filter operator.
type Op = adapter.Op

// The filter operators.
const (
	OpEq         = adapter.OpEq
	OpNe         = adapter.OpNe
	OpGt         = adapter.OpGt
	OpGte        = adapter.OpGte
	OpLt         = adapter.OpLt
	OpLte        = adapter.OpLte
	OpIn         = adapter.OpIn
	OpNin        = adapter.OpNin
	OpContains   = adapter.OpContains
	OpStartsWith = adapter.OpStartsWith
	OpEndsWith   = adapter.OpEndsWith
	OpExists     = adapter.OpExists
)
