package dialect

import (
	"bytes"
	"net/url"

	"github.com/pretendo-go/pretendo/adapter"
	"github.com/pretendo-go/pretendo/internal/jsonwire"
	"github.com/pretendo-go/pretendo/schema"
)

// SelectPage reads the records of res that q lets the reader see, shared
// with the store where it can hand them out (they are only read here),
// selects the page values asks for as Select does, and copies or encodes
// only the page's records.
func (d *JSONServer) SelectPage(tx adapter.Tx, res *schema.Resource, q *adapter.Query, values url.Values, asText bool) (adapter.Page, [][]byte, error) {
	jq, err := parseJSQuery(values, d.hidden(res))
	if err != nil {
		return adapter.Page{}, nil, err
	}
	var sp adapter.SharedPage
	if pushed := jq.pushDown(res); len(pushed) > 0 {
		if sp, err = adapter.ListShared(tx, res.Name, withFilters(q, pushed)); err != nil {
			return adapter.Page{}, nil, err
		}
	}
	if len(sp.Records) == 0 {
		if sp, err = adapter.ListShared(tx, res.Name, q); err != nil {
			return adapter.Page{}, nil, err
		}
	}
	idx, total := d.selectParsed(jq, res, sp.Records)
	if asText && sp.JSON != nil {
		texts := make([][]byte, len(idx))
		enc := jsonwire.Encoder{NoHTMLEscape: true}
		for i, j := range idx {
			text, err := sp.JSON(j)
			if err != nil {
				return adapter.Page{}, nil, err
			}
			if bytes.Contains(text, []byte(`\u`)) {
				// The kept text escapes what json-server writes as it
				// is (<, >, &): encode the record the dialect's way.
				if text, err = enc.Append(nil, map[string]any(sp.Records[j])); err != nil {
					return adapter.Page{}, nil, err
				}
			}
			texts[i] = text
		}
		return adapter.Page{Total: total}, texts, nil
	}
	page := make([]adapter.Record, len(idx))
	for i, j := range idx {
		page[i] = sp.Records[j]
		if sp.Shared {
			// The pipeline hides, projects and embeds in place.
			page[i] = adapter.Clone(page[i])
		}
	}
	return adapter.Page{Records: page, Total: total}, nil, nil
}
