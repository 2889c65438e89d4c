package jsonfile_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/adaptertest"
	"github.com/pretendo-go/pretendo/jsonfile"
)

func TestConformance(t *testing.T) {
	modes := map[string][]jsonfile.Option{
		"default":      nil,
		"interval 0":   {jsonfile.WithSaveInterval(0)},
		"interval 1ms": {jsonfile.WithSaveInterval(time.Millisecond)},
		"autoSave off": {jsonfile.WithAutoSave(false)},
		"lazy loading": {jsonfile.WithLazyLoading(true)},
	}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			adaptertest.Run(t, func(t *testing.T) adapter.DatabaseAdapter {
				s, err := jsonfile.Open(filepath.Join(t.TempDir(), "db.json"), append(opts, jsonfile.WithLogger(quiet()))...)
				require.NoError(t, err)
				return s
			})
		})
	}
}
