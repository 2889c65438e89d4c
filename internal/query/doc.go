// Package query reads the query string of a list request into an
// [adapter.Query]: filters, search, sort, page, fields and expand
// (contract section 3). It runs once per request and rejects, with an
// [*Error] naming the parameter, anything it cannot read; the server answers
// those with 400 INVALID_QUERY.
//
// # Grammar
//
//	field=value              equality, read by the field's declared type;
//	                         repeated: one filter matching any of the values
//	field[op]=value          op is one of eq ne gt gte lt lte in nin contains
//	                         startsWith endsWith exists; each occurrence is a
//	                         filter of its own (all must match)
//	i:field[op]=value        the same, case-insensitive (string and uuid fields)
//	q=text                   search; empty is ignored
//	sortBy=a.asc,-b,c.desc   sort keys, ascending unless said otherwise
//	page=2&perPage=20        positive decimal integers
//	fields=a,b               keep only these top-level fields
//	expand=author,posts.comments
//	                         relationship paths, at most [MaxExpandDepth] deep
//
// Values are read strictly: numbers in decimal notation (an optional minus,
// digits, an optional fraction and exponent; no hex, no underscores, no
// "Inf"), booleans as true or false, dates as [adapter.ParseTime] reads them,
// uuids as 8-4-4-4-12 hexadecimal digits. The elements of an in or nin list
// are separated by commas and cannot themselves contain one.
//
// The names q, sortBy, page, perPage, fields and expand are reserved: a
// resource field of one of those names is filtered with an explicit
// operator (page[eq]=3).
//
// Fields the resource does not declare are stored all the same (the spec
// is a floor, not a cage), so they can be filtered, sorted and selected
// too: their filters have the type "" and their values are
// [adapter.Untyped], read against each record by the JSON type of the value
// stored there. Their names must be valid UTF-8 without control characters.
// With [Options.Strict] (options.strictValidation, which keeps undeclared
// fields out of records) a name the resource does not declare is an error
// that suggests a declared one.
//
// Parameters that belong to someone else (the error-simulation trigger, say)
// are listed in [Options.Ignore]; every other unknown parameter is an error,
// so a typo never silently returns an empty list.
package query
