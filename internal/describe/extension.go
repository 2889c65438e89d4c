package describe

import (
	"encoding/json"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
)

// The x-pretendo extension carries what OpenAPI cannot say about a spec,
// so that importing the document serves the same API: on a record schema
// the resource as the spec declares it (fields with their defaults,
// unique and references, relationships, access), on the document the
// options that shape the API and the initial data, on the server's own
// routes forward (they are handed to the server as they come), and on a
// custom route's operation the route. Secrets (passwords, tokens, database addresses) are left out.

// resourceExtension is the x-pretendo member of a record schema.
func resourceExtension(res *schema.Resource) *oas.Object {
	r := *res
	r.InitialData = nil
	return oas.New("resource", r)
}

// extension is the document's x-pretendo member: the options that shape
// the API.
func extension(sp *schema.Spec) *oas.Object {
	o := sp.Options
	o.Admin.Token = ""
	o.Database = schema.Database{StrictValidation: o.Database.StrictValidation}
	o.DBPath = ""
	o.Auth.Users = nil
	o.Auth.SecretKey = ""
	o.Auth.JWT = nil
	o.Port, o.Host = 0, ""
	o.Server = schema.Server{}
	x := &oas.Object{}
	b, err := json.Marshal(o)
	if err == nil && string(b) != "{}" {
		x.Set("options", json.RawMessage(b))
	}
	if len(sp.Data) > 0 {
		if b, err := json.Marshal(sp.Data); err == nil {
			x.Set("data", json.RawMessage(b))
		}
	}
	return x
}
