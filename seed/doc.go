// Package seed makes the generated data of a pretendo server: the records
// asked for by options.generateData, and the [Faker] handed to Go seed
// callbacks ([Func]).
//
// # Generated data
//
// [Generate] makes Counts[name] records for each resource. Every declared
// field gets a value from its generate rule or, without one, a value that
// fits its name and type: an "email" field looks like an email, "createdAt"
// is a date, "price" a positive number with two decimals, "userId" a foreign
// key to an existing user. Fields with a defaultValue that are neither
// required nor unique are left out, so the server applies the default.
//
// Generated records obey the constraints of the spec: unique fields are
// unique (among themselves and the existing records), enum values are valid,
// numbers respect min and max, strings their lengths and pattern, and every
// foreign key points at a record that exists (an existing one or one
// generated before it). Resources are generated in dependency order; a cycle
// of optional references is broken by leaving the references that close it
// null, and a cycle of required references is an error naming it.
//
// Primary keys are assigned by Generate: number and integer keys continue
// after the largest existing one, uuid and plain string keys are version 4
// UUIDs drawn from the Faker's own random source.
//
// Dates are RFC 3339 strings in UTC with second precision; without a rule or
// a hint from the field's name they fall in [2020-01-01, 2025-01-01), a fixed
// window so that a seed gives the same data whatever the day. All values are
// JSON-native: string, float64, bool, nil, map[string]any and []any.
//
// # Determinism
//
// A [Faker] draws every random choice from its own math/rand/v2 PCG
// generator, whose sequence is fixed by the Go specification: the same spec,
// options and seed give byte-identical data on every run and machine. A seed
// of 0 asks for a random seed, so each run differs.
//
// Names, words, addresses and phone numbers come from
// github.com/go-faker/faker/v4, which keeps its random source in a package
// variable. The Faker installs its own generator there for the duration of
// each call, under a lock private to this package, and puts a neutral source
// back before releasing it; faker never keeps a reference to a Faker's
// generator. Servers in one process therefore never perturb each other's
// data. Code that calls faker's package-level functions itself, concurrently
// with seeding, races with this and may perturb the data; use a Faker
// instead.
package seed
