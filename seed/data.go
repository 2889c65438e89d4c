package seed

// Data is generated or seeded data: resource name to records. [Generate]
// returns records of JSON-native values (string, float64, bool, nil,
// map[string]any, []any); a seed callback ([Func]) may use any Go value
// with a JSON form (ints, time.Time, structs with json tags, ...), which the
// server normalizes with adapter.Normalize before storing it.
type Data map[string][]map[string]any

// Func is a Go seed callback: the Go form of the JavaScript
// `generate: (faker) => ({ users, posts })`. It receives a [Faker] seeded
// for the server and returns the records to add after the spec's data and
// the generated data. The server validates them like any other write, so a
// record that breaks a rule fails the start with that record named.
type Func func(f *Faker) (Data, error)
