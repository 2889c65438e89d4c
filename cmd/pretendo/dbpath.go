package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/pretendo-go/pretendo"
)

// Storage defaults of the CLI, which differ from the library's (memory).
const (
	adapterJSONFile = "json-file"
	adapterMemory   = "memory"
	defaultDBPath   = "./data/db.json"
)

// defaultAdapter sets the CLI's default adapter, json-file, when the spec
// names none. Flags are applied after it, so they still win.
func defaultAdapter(spec *pretendo.Spec) {
	if spec.Options.Database.Adapter == "" {
		spec.Options.Database.Adapter = adapterJSONFile
	}
}

// defaultDBFile sets the json-file path, ./data/db.json, when the spec and
// the flags chose the json-file adapter without a path.
func defaultDBFile(spec *pretendo.Spec) {
	db := &spec.Options.Database
	if db.Adapter == adapterJSONFile && db.DBPath == "" {
		db.DBPath = defaultDBPath
	}
}

// prepareDBPath makes sure the json-file store can be written at path:
// its folder exists (it is created if needed) and accepts new files, which
// atomic saves need. The error is one clear line naming the path.
func prepareDBPath(path string) error {
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("database path %s is a directory (want a file path, like %s)", path, defaultDBPath)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the folder of the database file %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, ".pretendo-check-*")
	if err != nil {
		return fmt.Errorf("cannot write the database file %s: %w", path, err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("cannot write the database file %s: %w", path, err)
	}
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("cannot write the database file %s: %w", path, err)
	}
	return nil
}
