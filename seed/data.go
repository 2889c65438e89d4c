package seed

// Data is generated or seeded data: resource name to records, each record
// a JSON object of JSON-native values (string, float64, bool, nil,
// map[string]any, []any). It is what [Generate] returns and what a seed
// callback ([Func]) gives back.
type Data map[string][]map[string]any

// Func is a Go seed callback: the Go form of the JavaScript
// `generate: (faker) => ({ users, posts })`. It receives a [Faker] seeded
// for the server and returns the records to add after the spec's data and
// the generated data. The server validates them like any other write, so a
// record that breaks a rule fails the start with that record named.
type Func func(f *Faker) (Data, error)
