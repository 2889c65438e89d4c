package initial

import (
	"encoding/json"
	"fmt"

	"github.com/pretendo-go/pretendo/internal/yaml12"
	"github.com/pretendo-go/pretendo/seed"
)

// ParseData reads a data file (YAML or JSON): one object of resource name
// to an array of records.
func ParseData(data []byte) (seed.Data, error) {
	js, err := yaml12.ToJSON(data)
	if err != nil {
		return nil, err
	}
	var d seed.Data
	if err := json.Unmarshal(js, &d); err != nil {
		return nil, fmt.Errorf("want an object of resource name to array of records: %w", err)
	}
	return d, nil
}
