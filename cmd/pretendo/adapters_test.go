package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/pretendo-go/pretendo/adapter"
)

// The command serves every adapter a spec may name.
func TestCommandRegistersEveryAdapter(t *testing.T) {
	t.Parallel()
	assert.Subset(t, adapter.Drivers(), []string{"json-file", "memory", "postgres"})
}
