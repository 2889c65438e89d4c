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
// Foreign keys are the fields with references, belongsTo foreign keys, the
// hasOne and hasMany foreign keys of the target resource and the two keys of
// a manyToMany through resource; names alone never make a foreign key. A
// foreign key always points at a record, whatever its generate rule says;
// a unique one (and a hasOne one, while targets last) points at a different
// record each time. A required foreign key into a resource with no records
// is an error naming the resource and the field.
//
// A pattern without a generate rule is met by generating strings from the
// pattern itself. Patterns that compile to more than a few hundred
// instructions are not generated from: such fields need a generate rule.
// At most [MaxCount] records are made per resource.
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
// generator, a specified algorithm that does not depend on the machine, and
// Generate visits resources, records, fields and maps in a fixed order: the
// same spec, options and seed give byte-identical data on every run and
// machine, whatever runs concurrently. A seed of 0 asks for a random seed,
// so each run differs.
//
// Names, words, addresses and countries are the lists of
// github.com/go-faker/faker/v4, copied into the package at build time by
// go generate (see internal/fakerlists). A Faker picks from them with its
// own generator and never calls faker, so faker's package-level random
// source plays no part: Servers in one process never perturb each other's
// data, and code that calls or seeds faker directly cannot perturb it
// either.
package seed
