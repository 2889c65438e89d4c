package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// errNullRecord reports a null in place of a record in the data file.
var errNullRecord = errors.New("bare: null record")

// dbFile is the data file in json-server form. Other collections in the
// file are ignored.
type dbFile struct {
	Users []*user `json:"users"`
	Posts []*post `json:"posts"`
}

// loadDB reads a data file and returns its collections by name.
func loadDB(r io.Reader) (map[string]resource, error) {
	var f dbFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("bare: reading the data file: %w", err)
	}
	for i, u := range f.Users {
		if u == nil {
			return nil, fmt.Errorf("users[%d]: %w", i, errNullRecord)
		}
	}
	for i, p := range f.Posts {
		if p == nil {
			return nil, fmt.Errorf("posts[%d]: %w", i, errNullRecord)
		}
	}
	return map[string]resource{
		"users": newTable(userLayout(), f.Users),
		"posts": newTable(postLayout(), f.Posts),
	}, nil
}
