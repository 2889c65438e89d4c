package schema_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pretendo-go/pretendo/schema"
)

// posts is a valid resource that refers to users.
const posts = `{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"users","onDelete":"cascade"}},{"name":"title","type":"string"}],` +
	`"relationships":[{"type":"belongsTo","resource":"users","foreignKey":"userId","as":"author"}]}`

// withField returns a users resource with one more field, given as JSON.
func withField(field string) string {
	return `{"name":"users","fields":[{"name":"id","type":"number"},` + field + `]}`
}

func TestDecodeSemantics(t *testing.T) {
	tests := []struct {
		name string
		json string
		path string
		msg  string
	}{
		// Resources.
		{"no resources", `{"resources":[]}`, "resources", "at least one resource is required"},
		{"resources absent", `{"options":{}}`, "resources", "at least one resource is required"},
		{"resource without a name", doc(`{"fields":[{"name":"id","type":"number"}]}`), "resources[0].name", "name is required"},
		{"name starting with a digit", doc(`{"name":"1users","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", `invalid resource name "1users"`},
		{"name with a slash", doc(`{"name":"users/x","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", "invalid resource name"},
		{"name with a space", doc(`{"name":"my users","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", "invalid resource name"},
		{"duplicate resource", doc(users + "," + users), "resources[1].name", `duplicate resource name "users" (also resources[0])`},
		{"clash with the admin API", doc(`{"name":"admin","fields":[{"name":"id","type":"number"}]}`), "resources[0].name", `clashes with the admin API at "/admin"`},
		{"clash with a custom admin path", doc(users+`,{"name":"internal","fields":[{"name":"id","type":"number"}]}`, `"options":{"admin":{"path":"/internal/admin"}}`), "resources[1].name", `clashes with the admin API at "/internal/admin"`},
		{"clash with auth", doc(`{"name":"auth","fields":[{"name":"id","type":"number"}]}`, `"options":{"auth":{"enabled":true}}`), "resources[0].name", "clashes with the auth endpoints"},
		{"clash with a custom auth endpoint", doc(users+`,{"name":"login","fields":[{"name":"id","type":"number"}]}`, `"options":{"auth":{"enabled":true,"authEndpoint":"/login"}}`), "resources[1].name", "clashes with the auth endpoints"},
		// Fields.
		{"field without a name", doc(withField(`{"type":"string"}`)), "resources[0].fields[1].name", "name is required"},
		{"duplicate field", doc(withField(`{"name":"id","type":"number"}`)), "resources[0].fields[1].name", `duplicate field name "id" (also fields[0])`},
		{"unknown type", doc(withField(`{"name":"email","type":"strng"}`)), "resources[0].fields[1].type", `unknown type "strng" (want one of string, number, integer, boolean, date, object, array, uuid)`},
		{"type in the wrong case", doc(withField(`{"name":"email","type":"String"}`)), "resources[0].fields[1].type", `unknown type "String"`},
		{"type missing", doc(withField(`{"name":"email"}`)), "resources[0].fields[1].type", "type is required"},
		{"primary key missing", doc(`{"name":"users","fields":[{"name":"email","type":"string"}]}`), "resources[0].fields", `primary key field "id" is not declared`},
		{"named primary key missing", doc(`{"name":"users","primaryKey":"uid","fields":[{"name":"id","type":"number"}]}`), "resources[0].primaryKey", `primary key field "uid" is not declared`},
		{"boolean primary key", doc(`{"name":"users","fields":[{"name":"id","type":"boolean"}]}`), "resources[0].fields[0].type", `primary key "id" must be of type number, integer, string or uuid, not boolean`},
		// Rules.
		{"enum value of the wrong type", doc(withField(`{"name":"role","type":"string","enum":["a",3]}`)), "resources[0].fields[1].enum[1]", "enum value 3 is not a string"},
		{"enum of integers with a fraction", doc(withField(`{"name":"n","type":"integer","enum":[1,2.5]}`)), "resources[0].fields[1].enum[1]", "enum value 2.5 is not an integer"},
		{"enum of bad dates", doc(withField(`{"name":"d","type":"date","enum":["2024-01-01","yesterday"]}`)), "resources[0].fields[1].enum[1]", `enum value "yesterday" is not a date`},
		{"enum of bad uuids", doc(withField(`{"name":"u","type":"uuid","enum":["not-a-uuid"]}`)), "resources[0].fields[1].enum[0]", "is not a uuid"},
		{"uuid with a bad hex digit", doc(withField(`{"name":"u","type":"uuid","enum":["f47ac10b-58cc-4372-a567-0e02b2c3d47g"]}`)), "resources[0].fields[1].enum[0]", "is not a uuid"},
		{"uuid with a moved hyphen", doc(withField(`{"name":"u","type":"uuid","defaultValue":"f47ac10b-58cc4-372-a567-0e02b2c3d479"}`)), "resources[0].fields[1].defaultValue", "is not a uuid"},
		{"empty enum", doc(withField(`{"name":"role","type":"string","enum":[]}`)), "resources[0].fields[1].enum", "enum must list at least one value"},
		{"min above max", doc(withField(`{"name":"age","type":"integer","min":5,"max":1}`)), "resources[0].fields[1].min", "min 5 is greater than max 1"},
		{"min on a string", doc(withField(`{"name":"email","type":"string","min":1}`)), "resources[0].fields[1].min", "min applies only to number and integer fields, not string"},
		{"max on a date", doc(withField(`{"name":"at","type":"date","max":1}`)), "resources[0].fields[1].max", "max applies only to number and integer fields, not date"},
		{"negative minLength", doc(withField(`{"name":"email","type":"string","minLength":-1}`)), "resources[0].fields[1].minLength", "minLength must be 0 or more, got -1"},
		{"maxLength on a number", doc(withField(`{"name":"n","type":"number","maxLength":3}`)), "resources[0].fields[1].maxLength", "maxLength applies only to string, uuid and array fields, not number"},
		{"minLength above maxLength", doc(withField(`{"name":"tags","type":"array","minLength":3,"maxLength":2}`)), "resources[0].fields[1].minLength", "minLength 3 is greater than maxLength 2"},
		{"JavaScript lookahead", doc(withField(`{"name":"pw","type":"string","pattern":"^(?=.*\\d).{8,}$"}`)), "resources[0].fields[1].pattern", "lookahead, lookbehind and backreferences are JavaScript-only"},
		{"JavaScript backreference", doc(withField(`{"name":"pw","type":"string","pattern":"(a)\\1"}`)), "resources[0].fields[1].pattern", "JavaScript-only"},
		{"broken pattern", doc(withField(`{"name":"pw","type":"string","pattern":"[a-"}`)), "resources[0].fields[1].pattern", `invalid pattern "[a-": error parsing regexp`},
		{"pattern on a number", doc(withField(`{"name":"n","type":"number","pattern":"^1"}`)), "resources[0].fields[1].pattern", "pattern applies only to string, uuid and date fields, not number"},
		{"default of the wrong type", doc(withField(`{"name":"n","type":"number","defaultValue":"1"}`)), "resources[0].fields[1].defaultValue", `defaultValue "1" is not a number`},
		{"default object for an array", doc(withField(`{"name":"tags","type":"array","defaultValue":{}}`)), "resources[0].fields[1].defaultValue", "defaultValue an object is not an array"},
		{"$now on a number", doc(withField(`{"name":"n","type":"number","defaultValue":"$now"}`)), "resources[0].fields[1].defaultValue", "$now applies only to date and string fields, not number"},
		{"$uuid on an integer", doc(withField(`{"name":"n","type":"integer","defaultValue":"$uuid"}`)), "resources[0].fields[1].defaultValue", "$uuid applies only to uuid and string fields"},
		{"$increment on a string", doc(withField(`{"name":"n","type":"string","defaultValue":"$increment"}`)), "resources[0].fields[1].defaultValue", "$increment applies only to number and integer fields, not string"},
		{"default outside the enum", doc(withField(`{"name":"role","type":"string","enum":["admin","user"],"defaultValue":"root"}`)), "resources[0].fields[1].defaultValue", `defaultValue "root" is not one of the enum values`},
		// References.
		{"reference to a missing resource", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"usres"}}]}`), "resources[1].fields[1].references.resource", `unknown resource "usres" (did you mean "users"?)`},
		{"reference without a resource", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{}}]}`), "resources[1].fields[1].references.resource", "resource is required"},
		{"reference to a missing field", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"users","field":"uid"}}]}`), "resources[1].fields[1].references.field", `field "uid" is not declared in resource "users"`},
		{"reference of the wrong type", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"string","references":{"resource":"users"}}]}`), "resources[1].fields[1].references", "type string does not match users.id (number)"},
		{"reference to a non-key field of another type", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"owner","type":"number","references":{"resource":"users","field":"email"}}]}`), "resources[1].fields[1].references", "type number does not match users.email (string)"},
		{"unknown onDelete", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"users","onDelete":"drop"}}]}`), "resources[1].fields[1].references.onDelete", `unknown onDelete "drop" (want one of cascade, restrict, nullify)`},
		// Relationships.
		{"unknown relationship type", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"hasmany","resource":"posts","foreignKey":"userId"}]},` + posts), "resources[0].relationships[0].type", `unknown relationship type "hasmany" (want one of hasOne, hasMany, belongsTo, manyToMany)`},
		{"relationship to a missing resource", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"hasMany","resource":"post","foreignKey":"userId"}]},` + posts), "resources[0].relationships[0].resource", `unknown resource "post" (did you mean "posts"?)`},
		{"relationship without a foreign key", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"hasMany","resource":"posts"}]},` + posts), "resources[0].relationships[0].foreignKey", "foreignKey is required"},
		{"hasMany key missing on the target", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"hasMany","resource":"posts","foreignKey":"ownerId"}]},` + posts), "resources[0].relationships[0].foreignKey", `"ownerId" is not a field of "posts"`},
		{"hasOne key of the wrong type", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"hasOne","resource":"posts","foreignKey":"title"}]},` + posts), "resources[0].relationships[0].foreignKey", "posts.title (string) does not match users.id (number)"},
		{"belongsTo key missing on this resource", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"belongsTo","resource":"users","foreignKey":"userId"}]}`), "resources[1].relationships[0].foreignKey", `"userId" is not a field of "posts"`},
		{"manyToMany without through", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"manyToMany","resource":"posts","foreignKey":"userId","targetKey":"postId"}]},` + posts), "resources[0].relationships[0].through", "through is required for manyToMany"},
		{"manyToMany through a missing resource", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"manyToMany","resource":"posts","foreignKey":"userId","targetKey":"postId","through":"likes"}]},` + posts), "resources[0].relationships[0].through", `unknown resource "likes"`},
		{"manyToMany target key missing", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"manyToMany","resource":"posts","foreignKey":"userId","targetKey":"postId","through":"likes"}]},` + posts + `,{"name":"likes","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number"}]}`), "resources[0].relationships[0].targetKey", `"postId" is not a field of "likes"`},
		{"manyToMany without a target key", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"manyToMany","resource":"posts","foreignKey":"userId","through":"likes"}]},` + posts + `,{"name":"likes","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number"}]}`), "resources[0].relationships[0].targetKey", "targetKey is required for manyToMany"},
		{"manyToMany foreign key of the wrong type", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"relationships":[{"type":"manyToMany","resource":"posts","foreignKey":"userId","targetKey":"postId","through":"likes"}]},` + posts + `,{"name":"likes","fields":[{"name":"id","type":"number"},{"name":"userId","type":"uuid"},{"name":"postId","type":"integer"}]}`), "resources[0].relationships[0].foreignKey", "likes.userId (uuid) does not match users.id (number)"},
		{"duplicate relationship name", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number"},{"name":"editorId","type":"number"}],"relationships":[{"type":"belongsTo","resource":"users","foreignKey":"userId"},{"type":"belongsTo","resource":"users","foreignKey":"editorId"}]}`), "resources[1].relationships[1].resource", `duplicate relationship name "users" (also relationships[0]); set "as" to tell them apart`},
		{"invalid relationship name", doc(users + `,{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number"}],"relationships":[{"type":"belongsTo","resource":"users","foreignKey":"userId","as":"the.author"}]}`), "resources[1].relationships[0].as", `invalid relationship name "the.author"`},
		// Access.
		{"ownedBy a missing field", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"ownedBy":"userId"}`), "resources[0].ownedBy", `ownedBy "userId" is not a field of "users"`},
		{"empty role", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"access":{"delete":["admin",""]}}`), "resources[0].access.delete[1]", "role must not be empty"},
		{"resource latency min above max", doc(`{"name":"users","fields":[{"name":"id","type":"number"}],"latency":{"min":10,"max":5}}`), "resources[0].latency.min", "min 10 is greater than max 5"},
		// Data.
		{"data for a missing resource", doc(users, `"data":{"usres":[]}`), "data.usres", `unknown resource (did you mean "users"?)`},
		// Options.
		{"port too large", doc(users, `"options":{"port":70000}`), "options.port", "port 70000 out of range (want 0 to 65535)"},
		{"negative port", doc(users, `"options":{"port":-1}`), "options.port", "out of range"},
		{"negative page size", doc(users, `"options":{"defaultPageSize":-5}`), "options.defaultPageSize", "defaultPageSize must be 0 or more, got -5"},
		{"default page above max", doc(users, `"options":{"defaultPageSize":50,"maxPageSize":20}`), "options.defaultPageSize", "defaultPageSize 50 is greater than maxPageSize 20"},
		{"negative body limit", doc(users, `"options":{"maxBodyBytes":-1}`), "options.maxBodyBytes", "maxBodyBytes must be 0 or more"},
		{"admin path without a slash", doc(users, `"options":{"admin":{"path":"admin"}}`), "options.admin.path", `invalid admin path "admin"`},
		{"admin path with a space", doc(users, `"options":{"admin":{"path":"/ad min"}}`), "options.admin.path", "invalid admin path"},
		{"admin path with a parameter", doc(users, `"options":{"admin":{"path":"/admin/:id"}}`), "options.admin.path", "invalid admin path"},
		{"admin path of a slash", doc(users, `"options":{"admin":{"path":"/"}}`), "options.admin.path", "invalid admin path"},
		{"admin path with dots", doc(users, `"options":{"admin":{"path":"/../admin"}}`), "options.admin.path", "invalid admin path"},
		{"unknown adapter", doc(users, `"options":{"database":{"adapter":"sqlite"}}`), "options.database.adapter", `unknown adapter "sqlite" (want one of json-file, memory, postgres)`},
		{"negative save interval", doc(users, `"options":{"database":{"saveInterval":-1}}`), "options.database.saveInterval", "saveInterval must be 0 or more"},
		{"empty indexed field", doc(users, `"options":{"database":{"optimizations":{"indexedFields":["email",""]}}}`), "options.database.optimizations.indexedFields[1]", "empty field name"},
		{"negative cache size", doc(users, `"options":{"database":{"optimizations":{"cacheSize":-1}}}`), "options.database.optimizations.cacheSize", "cacheSize must be 0 or more"},
		{"count for a missing resource", doc(users, `"options":{"generateData":{"counts":{"user":5}}}`), "options.generateData.counts.user", `unknown resource (did you mean "users"?)`},
		{"count too large", doc(users, `"options":{"generateData":{"counts":{"users":1000001}}}`), "options.generateData.counts.users", "count 1000001 out of range (want 0 to 1000000)"},
		{"negative count", doc(users, `"options":{"generateData":{"counts":{"users":-1}}}`), "options.generateData.counts.users", "out of range"},
		{"negative latency", doc(users, `"options":{"latency":{"fixed":-10}}`), "options.latency.fixed", "fixed must be 0 or more, got -10"},
		{"latency min above max", doc(users, `"options":{"latency":{"min":500,"max":100}}`), "options.latency.min", "min 500 is greater than max 100"},
		{"error rate above one", doc(users, `"options":{"errorSimulation":{"rate":1.5}}`), "options.errorSimulation.rate", "rate 1.5 out of range (want 0 to 1)"},
		{"negative error rate", doc(users, `"options":{"errorSimulation":{"rate":-0.1}}`), "options.errorSimulation.rate", "out of range"},
		{"bad status code", doc(users, `"options":{"errorSimulation":{"statusCodes":[500,42]}}`), "options.errorSimulation.statusCodes[1]", "status code 42 out of range (want 100 to 599)"},
		{"unknown user resource", doc(users, `"options":{"auth":{"userResource":"members"}}`), "options.auth.userResource", `unknown resource "members"`},
		{"negative token expiration", doc(users, `"options":{"auth":{"tokenExpiration":-1}}`), "options.auth.tokenExpiration", "tokenExpiration must be 0 or more"},
		{"auth endpoint without a slash", doc(users, `"options":{"auth":{"authEndpoint":"login"}}`), "options.auth.authEndpoint", `authEndpoint "login" must start with "/"`},
		{"negative journal size", doc(users, `"options":{"journal":{"size":-1}}`), "options.journal.size", "size must be 0 or more"},
		// Routes.
		{"route without a path", doc(users, `"routes":[{"method":"get"}]`), "routes[0].path", "path is required"},
		{"route path without a slash", doc(users, `"routes":[{"path":"status","method":"get"}]`), "routes[0].path", `path "status" must start with "/"`},
		{"route path with an empty segment", doc(users, `"routes":[{"path":"/a//b","method":"get"}]`), "routes[0].path", "empty segment"},
		{"route parameter starting with a digit", doc(users, `"routes":[{"path":"/users/:1d","method":"get"}]`), "routes[0].path", `invalid parameter name "1d"`},
		{"empty route parameter", doc(users, `"routes":[{"path":"/users/{}","method":"get"}]`), "routes[0].path", `invalid parameter name ""`},
		{"unclosed brace", doc(users, `"routes":[{"path":"/users/{id","method":"get"}]`), "routes[0].path", "a {param} must be a whole segment"},
		{"repeated route parameter", doc(users, `"routes":[{"path":"/a/:id/b/{id}","method":"get"}]`), "routes[0].path", `repeats parameter "id"`},
		{"route without a method", doc(users, `"routes":[{"path":"/x"}]`), "routes[0].method", "method is required"},
		{"unknown method", doc(users, `"routes":[{"path":"/x","method":"fetch"}]`), "routes[0].method", `unknown method "fetch" (want one of get, post, put, patch, delete, head, options)`},
		{"unknown route type", doc(users, `"routes":[{"path":"/x","method":"get","type":"python"}]`), "routes[0].type", `unknown route type "python" (want json or javascript)`},
		{"status too small", doc(users, `"routes":[{"path":"/x","method":"get","status":99}]`), "routes[0].status", "status 99 out of range (want 100 to 599)"},
		{"status too large", doc(users, `"routes":[{"path":"/x","method":"get","status":600}]`), "routes[0].status", "out of range"},
		{"duplicate route", doc(users, `"routes":[{"path":"/users/:id/x","method":"get"},{"path":"/users/{uid}/x","method":"GET"}]`), "routes[1].path", `duplicate route GET "/users/{uid}/x" (also routes[0])`},
		// Generate rules.
		{"unknown generate rule", doc(withField(`{"name":"email","type":"string","generate":{"type":"emial"}}`)), "resources[0].fields[1].generate.type", `unknown rule "emial"`},
		{"mismatched weights", doc(`{"name":"users","fields":[{"name":"id","type":"number"},{"name":"a","type":"string"},{"name":"b","type":"string"},{"name":"role","type":"string","generate":{"type":"pickOne","options":{"values":["admin","editor","user"],"weights":[1,4]}}}]}`), "resources[0].fields[3].generate.options.weights", "2 weights for 3 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, tt.json)
			require.Len(t, ps, 1, "problems: %v", ps)
			assert.Equal(t, tt.path, ps[0].Path)
			assert.Contains(t, ps[0].Message, tt.msg)
		})
	}
}

func TestDecodeAcceptsValidSpecs(t *testing.T) {
	tests := []struct {
		name string
		json string
	}{
		{"minimal", doc(users)},
		{"references and relationships", doc(users + "," + posts)},
		{"number refers to integer", doc(`{"name":"users","fields":[{"name":"id","type":"integer"}]},{"name":"posts","fields":[{"name":"id","type":"number"},{"name":"userId","type":"number","references":{"resource":"users"}}]}`)},
		{"string refers to uuid", doc(`{"name":"users","fields":[{"name":"id","type":"uuid"}]},{"name":"posts","fields":[{"name":"id","type":"string"},{"name":"userId","type":"string","references":{"resource":"users"}}],"relationships":[{"type":"belongsTo","resource":"users","foreignKey":"userId"}]}`)},
		{"self reference", doc(`{"name":"nodes","fields":[{"name":"id","type":"number"},{"name":"parentId","type":"number","references":{"resource":"nodes","onDelete":"nullify"}}],"relationships":[{"type":"belongsTo","resource":"nodes","foreignKey":"parentId","as":"parent"},{"type":"hasMany","resource":"nodes","foreignKey":"parentId","as":"children"}]}`)},
		{"custom primary key", doc(`{"name":"users","primaryKey":"uid","fields":[{"name":"uid","type":"string"}]}`)},
		{"admin resource with the admin API off", doc(`{"name":"admin","fields":[{"name":"id","type":"number"}]}`, `"options":{"admin":{"enabled":false}}`)},
		{"admin resource with the admin API moved", doc(`{"name":"admin","fields":[{"name":"id","type":"number"}]}`, `"options":{"admin":{"path":"/_admin"}}`)},
		{"auth resource with auth off", doc(`{"name":"auth","fields":[{"name":"id","type":"number"}]}`)},
		{"every rule", doc(withField(`{"name":"age","type":"integer","min":0,"max":150,"enum":[1,2],"defaultValue":1},{"name":"code","type":"string","minLength":0,"maxLength":8,"pattern":"^[A-Z]+$","enum":["A","B"],"defaultValue":"B"},{"name":"tags","type":"array","minLength":1,"defaultValue":[]},{"name":"at","type":"date","defaultValue":"$now","pattern":"^20"},{"name":"ref","type":"uuid","defaultValue":"$uuid"},{"name":"seq","type":"integer","defaultValue":"$increment"},{"name":"stamp","type":"string","defaultValue":"$now"},{"name":"meta","type":"object","defaultValue":{"a":1}},{"name":"ok","type":"boolean","defaultValue":false}`))},
		{"uuids", doc(withField(`{"name":"u","type":"uuid","enum":["F47AC10B-58CC-4372-A567-0E02B2C3D479","550e8400-e29b-41d4-a716-446655440000"],"defaultValue":"550e8400-e29b-41d4-a716-446655440000"}`))},
		{"latency fixed only", doc(users, `"options":{"latency":{"enabled":true,"fixed":100}}`)},
		{"routes", doc(users, `"routes":[{"path":"/","method":"get"},{"path":"/users/:id/x","method":"get"},{"path":"/users/:id/x","method":"POST","type":"javascript","code":"return 1"},{"path":"/v1/{name}/status.json","method":"options","status":204,"headers":{"X-A":"b"}}]`)},
		{"indexed fields no resource declares", doc(users, `"options":{"database":{"optimizations":{"indexedFields":["email","createdAt","category"]}}}`)},
		{"counts at the limit", doc(users, `"options":{"generateData":{"enabled":true,"seed":42,"counts":{"users":1000000}}}`)},
		{"every option", doc(users, `"options":{"port":65535,"host":"0.0.0.0","corsEnabled":false,"defaultPageSize":10,"maxPageSize":10,"maxBodyBytes":0,"strictValidation":true,"domain":"example.com","admin":{"enabled":true,"path":"/_admin/v1","token":"t"},"database":{"adapter":"postgres","dbPath":"x","dsn":"postgres://u@h/db","autoSave":false,"saveInterval":0,"snapshots":{"enabled":true,"directory":"s"},"optimizations":{"indexedFields":["email"],"cacheSize":0,"lazyLoading":true}},"latency":{"enabled":true,"min":0,"max":0},"errorSimulation":{"enabled":true,"rate":1,"statusCodes":[100,599],"queryParamTrigger":"e"},"seed":-5,"auth":{"enabled":true,"users":[{"username":"a","password":"b","role":"admin","email":"a@b.c"}],"userResource":"users","usernameField":"email","passwordField":"pw","emailField":"email","roleField":"role","tokenExpiration":0,"authEndpoint":"/auth/login"},"docs":{"enabled":true,"requireAuth":true},"journal":{"size":10}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := schema.Decode([]byte(tt.json))
			require.NoError(t, err)
			require.NotNil(t, s)
			assert.NotEmpty(t, s.Resources)
			assert.NoError(t, s.Validate())
		})
	}
}

// validSpec returns a small valid spec built in Go.
func validSpec() *schema.Spec {
	return &schema.Spec{
		Resources: []schema.Resource{
			{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}, {Name: "email", Type: schema.TypeString}}},
			{Name: "posts", Fields: []schema.Field{
				{Name: "id", Type: schema.TypeNumber},
				{Name: "userId", Type: schema.TypeInteger, References: &schema.Reference{Resource: "users"}},
			}, Relationships: []schema.Relationship{{Type: schema.BelongsTo, Resource: "users", ForeignKey: "userId"}}},
		},
	}
}

func TestValidate(t *testing.T) {
	f64 := func(f float64) *float64 { return &f }
	tests := []struct {
		name   string
		change func(s *schema.Spec)
		want   []schema.Problem
	}{
		{"valid", func(*schema.Spec) {}, nil},
		{"Go integers in an enum", func(s *schema.Spec) {
			s.Resources[0].Fields = append(s.Resources[0].Fields, schema.Field{Name: "level", Type: schema.TypeInteger, Enum: []any{1, int64(2), uint8(3)}, DefaultValue: 2})
		}, nil},
		{"Go string slice for pickOne", func(s *schema.Spec) {
			s.Resources[0].Fields[1].Generate = &schema.Generate{Type: schema.RulePickOne, Options: map[string]any{"values": []string{"a", "b"}, "weights": []int{1, 2}}}
		}, nil},
		{"NaN bound", func(s *schema.Spec) {
			s.Resources[0].Fields[0].Min = f64(math.NaN())
		}, []schema.Problem{{Path: "resources[0].fields[0].min", Message: "min must be a finite number"}}},
		{"infinite error rate", func(s *schema.Spec) {
			s.Options.ErrorSimulation.Rate = math.Inf(1)
		}, []schema.Problem{{Path: "options.errorSimulation.rate", Message: "rate +Inf out of range (want 0 to 1)"}}},
		{"NaN error rate", func(s *schema.Spec) {
			s.Options.ErrorSimulation.Rate = math.NaN()
		}, []schema.Problem{{Path: "options.errorSimulation.rate", Message: "rate NaN out of range (want 0 to 1)"}}},
		{"nil record", func(s *schema.Spec) {
			s.Data = map[string][]map[string]any{"users": {{"id": 1}, nil}}
		}, []schema.Problem{{Path: "data.users[1]", Message: "want an object, got null"}}},
		{"value of a Go type no JSON has", func(s *schema.Spec) {
			s.Resources[0].Fields[1].DefaultValue = struct{}{}
		}, []schema.Problem{{Path: "resources[0].fields[1].defaultValue", Message: "defaultValue a value of type struct {} is not a string"}}},
		{"problems in Spec field order", func(s *schema.Spec) {
			s.Routes = []schema.Route{{Path: "x", Method: "get"}}
			s.Options.Port = -1
			s.Data = map[string][]map[string]any{"nobody": nil}
			s.Resources[1].Fields[1].References.Resource = "nobody"
			s.Resources[0].Name = "users!"
		}, []schema.Problem{
			{Path: "resources[0].name", Message: `invalid resource name "users!" (want a letter, then letters, digits, "_" or "-")`},
			{Path: "resources[1].fields[1].references.resource", Message: `unknown resource "nobody"`},
			{Path: "resources[1].relationships[0].resource", Message: `unknown resource "users" (did you mean "users!"?)`},
			{Path: "data.nobody", Message: "unknown resource"},
			{Path: "options.port", Message: "port -1 out of range (want 0 to 65535)"},
			{Path: "routes[0].path", Message: `path "x" must start with "/"`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSpec()
			tt.change(s)
			err := s.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			var e *schema.Error
			require.True(t, errors.As(err, &e), "error: %v", err)
			assert.Equal(t, tt.want, e.Problems)
		})
	}
}

func TestValidateNilSpec(t *testing.T) {
	var s *schema.Spec
	err := s.Validate()
	var e *schema.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, []schema.Problem{{Message: "spec is nil"}}, e.Problems)
}

func TestValidateEmptySpec(t *testing.T) {
	err := (&schema.Spec{}).Validate()
	require.Error(t, err)
	assert.Equal(t, "resources: at least one resource is required", err.Error())
}

func TestValidateDoesNotModifyTheSpec(t *testing.T) {
	s := validSpec()
	s.Resources[0].Fields[0].Type = "strng"
	before, err := s.Clone()
	require.NoError(t, err)
	require.Error(t, s.Validate())
	assert.Equal(t, before, s)
}

func TestValidateManyProblemsIsLinear(t *testing.T) {
	// Thousands of duplicate names are reported one each, quickly.
	s := &schema.Spec{}
	for i := 0; i < 5000; i++ {
		s.Resources = append(s.Resources, schema.Resource{Name: "users", Fields: []schema.Field{{Name: "id", Type: schema.TypeNumber}}})
	}
	var e *schema.Error
	require.True(t, errors.As(s.Validate(), &e))
	assert.Len(t, e.Problems, 4999)
	assert.True(t, strings.HasPrefix(e.Problems[0].Path, "resources[1]."), e.Problems[0].Path)
	assert.Equal(t, "resources[4999].name", e.Problems[4998].Path)
}

func TestValidateLargeSpec(t *testing.T) {
	// A spec of thousands of resources and fields that all refer to each
	// other is checked without trouble, and a problem in it is still found.
	s := &schema.Spec{}
	for i := 0; i < 2000; i++ {
		r := schema.Resource{Name: "r" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26)}
		r.Fields = append(r.Fields, schema.Field{Name: "id", Type: schema.TypeNumber})
		for j := 0; j < 50; j++ {
			r.Fields = append(r.Fields, schema.Field{Name: "f" + string(rune('a'+j%26)) + strings.Repeat("z", j/26), Type: schema.TypeNumber, References: &schema.Reference{Resource: "ra"}})
		}
		r.Relationships = []schema.Relationship{{Type: schema.BelongsTo, Resource: "ra", ForeignKey: "fa"}}
		s.Resources = append(s.Resources, r)
	}
	require.NoError(t, s.Validate())
	s.Resources[1999].Fields[50].References.Field = "nope"
	var e *schema.Error
	require.True(t, errors.As(s.Validate(), &e))
	assert.Equal(t, []schema.Problem{{Path: "resources[1999].fields[50].references.field", Message: `field "nope" is not declared in resource "ra"`}}, e.Problems)
}
