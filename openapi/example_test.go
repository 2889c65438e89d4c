package openapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pretendo-go/pretendo"
	_ "github.com/pretendo-go/pretendo/openapi" // pretendo.ParseSpec reads OpenAPI documents
)

// A document given as the spec: /pets and /pets/{petId} make a resource,
// whose records keep the document's shape, and requests are checked
// against it.
func Example() {
	spec, err := pretendo.ParseSpec([]byte(`
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets:
    get:
      responses:
        "200":
          description: The pets.
          content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Pet" } } } }
    post:
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
      responses:
        "201":
          description: Created.
          content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
  /pets/{petId}:
    get:
      parameters: [ { name: petId, in: path, required: true, schema: { type: integer } } ]
      responses:
        "200":
          description: A pet.
          content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string, minLength: 1 }
`))
	if err != nil {
		panic(err)
	}
	srv := pretendo.New(spec)
	defer srv.Close()
	ts := httptest.NewServer(srv)
	defer ts.Close()

	show := func(resp *http.Response, err error) {
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		fmt.Println(resp.StatusCode, strings.TrimSpace(string(body)))
	}
	show(http.Post(ts.URL+"/pets", "application/json", strings.NewReader(`{"name":"Rex"}`)))
	show(http.Get(ts.URL + "/pets/1"))
	show(http.Get(ts.URL + "/pets"))
	show(http.Post(ts.URL+"/pets", "application/json", strings.NewReader(`{"name":""}`)))
	// Output:
	// 201 {"id":1,"name":"Rex"}
	// 200 {"id":1,"name":"Rex"}
	// 200 [{"id":1,"name":"Rex"}]
	// 422 {"status":422,"message":"validation failed","code":"VALIDATION_FAILED","details":[{"field":"name","code":"minLength","message":"name must have at least 1 characters"}]}
}
