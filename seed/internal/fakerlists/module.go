package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
)

// fakerPath is the module path of faker.
const fakerPath = "github.com/go-faker/faker/v4"

// module is a module as go list -m reports it.
type module struct {
	Path, Version, Dir string
}

// findModule asks the go command for the module at path as the main
// module's go.mod selects it, and where its files are.
func findModule(path string) (module, error) {
	var stderr bytes.Buffer
	cmd := exec.Command("go", "list", "-m", "-json", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return module{}, fmt.Errorf("go list -m %s: %w: %s", path, err, bytes.TrimSpace(stderr.Bytes()))
	}
	var m module
	if err := json.Unmarshal(out, &m); err != nil {
		return module{}, fmt.Errorf("go list -m %s: %w", path, err)
	}
	if m.Dir == "" {
		return module{}, fmt.Errorf("module %s %s: %w (run go mod download)", path, m.Version, errNotDownloaded)
	}
	return m, nil
}

// errNotDownloaded reports a module whose files are not in the module cache.
var errNotDownloaded = errors.New("not downloaded")
