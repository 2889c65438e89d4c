package problem

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/constraints"
	"github.com/pretendo-go/pretendo/internal/httperr"
	"github.com/pretendo-go/pretendo/snapshot"
)

func TestFor(t *testing.T) {
	t.Parallel()
	tests := map[string]struct {
		err    error
		status int
		code   string
	}{
		"not found":        {fmt.Errorf("pretendo: reading: %w", adapter.ErrNotFound), http.StatusNotFound, httperr.CodeRecordNotFound},
		"conflict":         {adapter.ErrConflict, http.StatusConflict, httperr.CodeConflict},
		"validation":       {constraints.ErrValidation, http.StatusUnprocessableEntity, httperr.CodeValidationFailed},
		"not saved":        {adapter.ErrNotSaved, http.StatusServiceUnavailable, httperr.CodeSaveFailed},
		"save failed":      {adapter.ErrSaveFailed, http.StatusServiceUnavailable, httperr.CodeSaveFailed},
		"unavailable":      {adapter.ErrUnavailable, http.StatusServiceUnavailable, httperr.CodeStoreUnavailable},
		"snapshot name":    {snapshot.ErrInvalidName, http.StatusBadRequest, httperr.CodeInvalidName},
		"snapshot missing": {snapshot.ErrNotFound, http.StatusNotFound, httperr.CodeSnapshotNotFound},
		"unknown":          {errors.New("boom"), http.StatusInternalServerError, httperr.CodeInternal},
		"wrapped twice":    {fmt.Errorf("a: %w", fmt.Errorf("b: %w", adapter.ErrConflict)), http.StatusConflict, httperr.CodeConflict},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := For(tt.err)
			assert.Equal(t, tt.status, p.Status)
			assert.Equal(t, tt.code, p.Code)
			assert.NotContains(t, p.Message, prefix, "no Go package prefix reaches a client")
		})
	}
}

func TestMessage(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "invalid snapshot name", Message(errors.New("pretendo: invalid snapshot name")))
	assert.Equal(t, "plain", Message(errors.New("plain")))
}
