package initial

import (
	"fmt"
	"slices"

	"github.com/pretendo-go/pretendo/schema"
)

// CopySpec returns a deep copy of spec that shares nothing with it. The
// spec's data and the resources' initialData may hold Go values: they are
// normalized before the copy, which would otherwise take them through
// encoding/json. A spec that cannot be copied is an error wrapping invalid.
func CopySpec(spec *schema.Spec, invalid error) (*schema.Spec, error) {
	data, err := Normalize("data", spec.Data)
	if err != nil {
		return nil, err
	}
	shallow := *spec
	shallow.Data = nil
	shallow.Resources = slices.Clone(spec.Resources)
	initialData := make([][]map[string]any, len(spec.Resources))
	for i := range shallow.Resources {
		res := &shallow.Resources[i]
		if initialData[i], err = NormalizeRecords(fmt.Sprintf("resources[%d].initialData", i), res.InitialData); err != nil {
			return nil, err
		}
		res.InitialData = nil
	}
	sp, err := shallow.Clone()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", invalid, err)
	}
	sp.Data = data
	for i := range sp.Resources {
		sp.Resources[i].InitialData = initialData[i]
	}
	return sp, nil
}
