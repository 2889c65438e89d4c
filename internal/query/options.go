package query

// Page-size defaults, used when the matching [Options] field is zero.
const (
	// DefaultPageSize is the page size when a request gives no perPage.
	DefaultPageSize = 10
	// MaxPageSize is the largest page size; larger requests are clamped.
	MaxPageSize = 100
)

// Options bounds paging and names parameters the parser leaves to others.
type Options struct {
	// DefaultPageSize is the perPage of a request that gives none
	// ([DefaultPageSize] when zero or negative; never more than the maximum).
	DefaultPageSize int
	// MaxPageSize clamps perPage ([MaxPageSize] when zero or negative).
	MaxPageSize int
	// Ignore lists parameters read elsewhere (the error-simulation trigger,
	// for example); Parse skips them.
	Ignore []string
	// Strict refuses filters, sort keys and fields on fields the resource
	// does not declare (options.strictValidation, which keeps them out of
	// records); otherwise they are queried by their stored values' types.
	Strict bool
}

// pageSizes returns the default and the maximum page size of o.
func (o Options) pageSizes() (def, limit int) {
	limit = o.MaxPageSize
	if limit <= 0 {
		limit = MaxPageSize
	}
	def = o.DefaultPageSize
	if def <= 0 {
		def = DefaultPageSize
	}
	if def > limit {
		def = limit
	}
	return def, limit
}

// ignored reports whether the parameter name is left to others.
func (o Options) ignored(name string) bool {
	for _, n := range o.Ignore {
		if n == name {
			return true
		}
	}
	return false
}
