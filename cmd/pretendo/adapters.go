package main

// The command serves every adapter pretendo ships: memory and json-file are
// always registered, and this import registers postgres.
import _ "github.com/pretendo-go/pretendo/postgres"
