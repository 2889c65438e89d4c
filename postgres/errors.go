package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/pretendo-go/pretendo/adapter"
)

// SQLSTATE codes the adapter maps to sentinels.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
)

// unknownResource reports a resource the spec does not declare.
func unknownResource(name string) error {
	return fmt.Errorf("postgres: unknown resource %q: %w", name, adapter.ErrNotFound)
}

// missingRecord reports a primary key with no record.
func missingRecord(resource string, id any) error {
	return fmt.Errorf("postgres: %s %v: %w", resource, id, adapter.ErrNotFound)
}

// wrap adds context to an error from PostgreSQL. A unique violation
// (SQLSTATE 23505: a taken primary key or unique value) and a foreign key
// violation (23503: a reference to no record, or a delete or restore that
// would leave one) both wrap adapter.ErrConflict; the *pgconn.PgError stays
// reachable with errors.As for its constraint and detail.
func wrap(what string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case codeUniqueViolation:
			return fmt.Errorf("postgres: %s: duplicate value (%s): %w: %w", what, pe.ConstraintName, adapter.ErrConflict, err)
		case codeForeignKeyViolation:
			return fmt.Errorf("postgres: %s: reference violated (%s): %w: %w", what, pe.ConstraintName, adapter.ErrConflict, err)
		}
	}
	return fmt.Errorf("postgres: %s: %w", what, err)
}
