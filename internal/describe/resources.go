package describe

import (
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
)

// datePattern matches the texts a date field takes: an RFC 3339 date and
// time, one without a zone, or a date alone.
const datePattern = `^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?)?$`

// hashPattern matches the digests of $hash fields.
const hashPattern = "^[0-9a-f]{64}$"

// fieldSchema is the JSON Schema of a field's values; nullable adds null.
func fieldSchema(f *schema.Field, nullable bool) *oas.Object {
	s := &oas.Object{}
	var typ string
	switch f.Type {
	case schema.TypeString, schema.TypeDate, schema.TypeUUID:
		typ = "string"
	case "":
		typ = ""
	default:
		typ = f.Type
	}
	if typ != "" {
		if nullable {
			s.Set("type", []any{typ, "null"})
		} else {
			s.Set("type", typ)
		}
	}
	if f.Description != "" {
		s.Set("description", f.Description)
	}
	switch f.Type {
	case schema.TypeDate:
		s.Set("pattern", datePattern)
		if f.Description == "" {
			s.Set("description", "A date: RFC 3339 (2024-05-01T12:00:00.000Z), or a date alone (2024-05-01).")
		}
	case schema.TypeUUID:
		s.Set("format", "uuid")
	}
	if len(f.Enum) > 0 {
		enum := append([]any(nil), f.Enum...)
		if nullable {
			enum = append(enum, nil)
		}
		s.Set("enum", enum)
	}
	if f.Min != nil {
		s.Set("minimum", *f.Min)
	}
	if f.Max != nil {
		s.Set("maximum", *f.Max)
	}
	switch f.Type {
	case schema.TypeArray:
		if f.MinLength != nil {
			s.Set("minItems", *f.MinLength)
		}
		if f.MaxLength != nil {
			s.Set("maxItems", *f.MaxLength)
		}
	default:
		if f.MinLength != nil {
			s.Set("minLength", *f.MinLength)
		}
		if f.MaxLength != nil {
			s.Set("maxLength", *f.MaxLength)
		}
	}
	if f.Pattern != "" && f.Type != schema.TypeDate {
		s.Set("pattern", f.Pattern)
	}
	if d, ok := f.DefaultValue.(string); ok && strings.HasPrefix(d, "$") {
		s.Set("description", joinText(s.String("description"), specialDefault(d)))
	} else if f.DefaultValue != nil {
		s.Set("default", f.DefaultValue)
	}
	return s
}

// specialDefault says what a special default value fills in.
func specialDefault(d string) string {
	switch d {
	case schema.DefaultNow:
		return "Defaults to the time of the write."
	case schema.DefaultUUID:
		return "Defaults to a new UUID."
	case schema.DefaultIncrement:
		return "Defaults to one more than the largest value of the field."
	case schema.DefaultUserID:
		return "Defaults to the id of the signed-in user who writes the record."
	case schema.DefaultHash:
		return "Stored as the SHA-256 digest of the value sent."
	}
	return "Defaults to " + d + "."
}

// joinText joins two sentences.
func joinText(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// keySchema is the schema of a primary key in a path.
func keySchema(res *schema.Resource) *oas.Object {
	f := res.KeyField()
	if f == nil {
		return oas.New("type", "string")
	}
	switch f.Type {
	case schema.TypeNumber, schema.TypeInteger:
		return oas.New("type", "integer")
	case schema.TypeUUID:
		return oas.New("type", "string", "format", "uuid")
	}
	return oas.New("type", "string")
}

// recordSchema is the schema of a record as the server answers it: every
// declared field (a field may be absent, as ?fields= leaves out the
// others), the relationships that expand embeds, and undeclared fields
// unless strict validation keeps them out.
func (b *builder) recordSchema(res *schema.Resource) *oas.Object {
	props := &oas.Object{}
	hidden := b.o.Hidden[res.Name]
	for i := range res.Fields {
		f := &res.Fields[i]
		if f.Name == hidden {
			continue
		}
		if f.DefaultValue == schema.DefaultHash {
			props.Set(f.Name, oas.New("type", []any{"string", "null"}, "pattern", hashPattern,
				"description", joinText(f.Description, "The SHA-256 digest of the value written.")))
			continue
		}
		props.Set(f.Name, fieldSchema(f, true))
	}
	for _, rel := range res.Relationships {
		name := rel.Name()
		if res.Field(name) != nil || b.sp.Resource(rel.Resource) == nil {
			continue
		}
		target := ref(rel.Resource)
		switch rel.Type {
		case schema.BelongsTo, schema.HasOne:
			props.Set(name, oas.New("description", "The related record, with ?expand="+name+".", "anyOf", []any{target, oas.New("type", "null")}))
		default:
			props.Set(name, oas.New("description", "The related records, with ?expand="+name+".", "type", "array", "items", target))
		}
	}
	s := oas.New("type", "object")
	if res.Description != "" {
		s.Set("description", res.Description)
	}
	s.Set("properties", props)
	if b.sp.Options.StrictValidation {
		s.Set("additionalProperties", false)
	}
	x := resourceExtension(res)
	s.Set("x-pretendo", x)
	return s
}

// inputSchema is the schema of a body that writes a whole record (POST and
// PUT): required fields are required, unless the server fills them (the
// primary key, a default).
func (b *builder) inputSchema(res *schema.Resource, patch bool) *oas.Object {
	props := &oas.Object{}
	var required []any
	hidden := b.o.Hidden[res.Name]
	for i := range res.Fields {
		f := &res.Fields[i]
		s := fieldSchema(f, !f.Required)
		if f.Name == hidden {
			s.Set("writeOnly", true)
		}
		if f.DefaultValue == schema.DefaultHash {
			// The rules hold for the value sent; a PUT may send the
			// stored digest back.
			s = oas.New("anyOf", []any{s, oas.New("type", "string", "pattern", hashPattern)})
		}
		props.Set(f.Name, s)
		if !patch && f.Required && f.Name != res.Key() && f.DefaultValue == nil {
			required = append(required, f.Name)
		}
	}
	s := oas.New("type", "object", "properties", props)
	if len(required) > 0 {
		s.Set("required", required)
	}
	if b.sp.Options.StrictValidation {
		s.Set("additionalProperties", false)
	}
	return s
}

// inputSchemaWithout is the create body of res on a nested route, which
// sets the foreign key fk itself.
func (b *builder) inputSchemaWithout(res *schema.Resource, fk string) *oas.Object {
	s := b.inputSchema(res, false)
	if v, ok := s.Get("required"); ok {
		var keep []any
		for _, r := range v.([]any) {
			if r != fk {
				keep = append(keep, r)
			}
		}
		if len(keep) == 0 {
			s.Delete("required")
		} else {
			s.Set("required", keep)
		}
	}
	return s
}

// anyID makes the id of the path any text for op: OPTIONS answers
// whatever the id.
func anyID(op *oas.Object) *oas.Object {
	return op.Set("parameters", []any{pathParam("id", "Any text.", oas.New("type", "string"))})
}

// item wraps a record schema as the dialect sends one record.
func (b *builder) item(s *oas.Object) *oas.Object {
	if b.d.ItemKey == "" {
		return s
	}
	return oas.New("type", "object", "required", []any{b.d.ItemKey}, "properties", oas.New(b.d.ItemKey, s))
}

// nullableItem is item for a record that may be missing (belongsTo and
// hasOne).
func (b *builder) nullableItem(s *oas.Object) *oas.Object {
	return b.item(oas.New("anyOf", []any{s, oas.New("type", "null")}))
}

// list wraps a record schema as the dialect sends a list.
func (b *builder) list(s *oas.Object) *oas.Object {
	arr := oas.New("type", "array", "items", s)
	if b.d.ListKey == "" {
		return arr
	}
	props := oas.New(b.d.ListKey, arr)
	required := []any{b.d.ListKey}
	if b.d.ListMeta != nil {
		props.Set(b.d.ListMetaKey, b.d.ListMeta)
		required = append(required, b.d.ListMetaKey)
	}
	return oas.New("type", "object", "required", required, "properties", props)
}

// listParams are the query parameters of a list of res: equality per
// field, the operators, and the dialect's paging and selection.
func (b *builder) listParams(res *schema.Resource) []any {
	var out []any
	reserved := map[string]bool{}
	for _, p := range b.d.ListParams {
		out = append(out, param(p.Name, p.Description, p.Schema))
		reserved[p.Name] = true
	}
	hidden := b.o.Hidden[res.Name]
	var names []any
	for i := range res.Fields {
		f := &res.Fields[i]
		if f.Name == hidden || reserved[f.Name] {
			continue
		}
		names = append(names, f.Name)
		v := oas.New("type", "string")
		switch {
		case b.d.FilterText:
			// Compared as text, whatever the field's type.
		case f.Type == schema.TypeNumber || f.Type == schema.TypeInteger:
			// 1e1 reads as 10 for an integer field too.
			v = oas.New("type", "number")
		case f.Type == schema.TypeBoolean:
			v = oas.New("type", "boolean")
		}
		what := "read by the field's type"
		if b.d.FilterText {
			what = "compared as text"
		}
		p := param(f.Name, "Records whose "+f.Name+" equals the value, "+what+"; repeated, any of the values.", oas.New("type", "array", "items", v))

		p.Set("style", "form").Set("explode", true).Set("allowEmptyValue", true)
		out = append(out, p)
	}
	if b.d.Filter != "" && len(b.d.Operators) > 0 {
		ops := make([]string, len(b.d.Operators))
		for i, op := range b.d.Operators {
			ops[i] = regexpQuote(op)
		}
		fieldAlt := `[A-Za-z_$][^\[\]]*`
		name := strings.NewReplacer("[", `\[`, "]", `\]`).Replace(b.d.Filter)
		name = strings.Replace(name, "{field}", fieldAlt, 1)
		name = strings.Replace(name, "{op}", "("+strings.Join(ops, "|")+")", 1)
		prefix := ""
		if b.d.CaseInsensitive != "" {
			prefix = "(" + regexpQuote(b.d.CaseInsensitive) + ")?"
		}
		desc := "Filters written " + b.d.Filter + "=value (" + strings.Join(b.d.Operators, ", ") + "); " + b.d.FilterNote
		if b.d.CaseInsensitive != "" {
			desc += " With the prefix " + b.d.CaseInsensitive + " they ignore case."
		}
		p := param("filters", desc, oas.New("type", "object",
			"patternProperties", oas.New("^"+prefix+name+"$", oas.New("type", "string")),
			"additionalProperties", oas.New("type", "string")))
		p.Set("style", "form").Set("explode", true).Set("allowEmptyValue", true)
		out = append(out, p)
	}
	return out
}

// regexpQuote escapes the metacharacters of s.
func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// itemParams are the query parameters of a single record.
func (b *builder) itemParams() []any {
	var out []any
	for _, p := range b.d.ItemParams {
		out = append(out, param(p.Name, p.Description, p.Schema))
	}
	return out
}

// jsonBody is a required JSON request body of schema s.
func jsonBody(s *oas.Object) *oas.Object {
	return oas.New("description", "Read as JSON whatever its Content-Type.", "required", true,
		"content", oas.New("application/json", oas.New("schema", s)))
}

// resource describes the routes of res.
func (b *builder) resource(res *schema.Resource) {
	name := res.Name
	b.schemas.Set(name, b.recordSchema(res))
	b.schemas.Set(name+"Input", b.inputSchema(res, false))
	b.schemas.Set(name+"Patch", b.inputSchema(res, true))
	desc := "The " + name + " resource."
	if res.Description != "" {
		desc = res.Description
	}
	b.tag(name, desc)
	tags := []any{name}
	rec := ref(name)
	op := func(id, summary string, kinds ...Kind) *oas.Object {
		return b.security(oas.New("operationId", id, "summary", summary, "tags", tags))
	}
	collection := "/" + name
	item := collection + "/{id}"
	idParam := pathParam("id", "The primary key ("+res.Key()+") of the record.", keySchema(res))

	list := op(name+".list", "List "+name)
	list.Set("parameters", b.listParams(res))
	list.Set("responses", b.responses(oas.New("200", response("A page of "+name+".", b.list(rec), b.d.ListHeaders)), KindList))
	head := op(name+".head", "As GET, without a body")
	head.Set("parameters", b.listParams(res))
	head.Set("responses", oas.New("200", response("As GET.", nil, b.d.ListHeaders), "default", oas.New("description", "Any error, without a body.")))
	create := op(name+".create", "Create a record of "+name)
	create.Set("requestBody", jsonBody(ref(name+"Input")))
	create.Set("responses", b.responses(oas.New(itoa(b.d.CreateStatus), response("The record created.", b.item(rec), b.d.CreateHeaders)), KindCreate))
	b.paths.Set(collection, oas.New("get", list, "head", head, "post", create,
		"options", optionsOp(name+".options", "GET, HEAD, POST, OPTIONS")))

	get := op(name+".get", "Read a record of "+name)
	get.Set("parameters", b.itemParams())
	get.Set("responses", b.responses(oas.New("200", response("The record.", b.item(rec), b.itemHeaders())), KindGet))
	itemHead := op(name+".item.head", "As GET, without a body")
	itemHead.Set("parameters", b.itemParams())
	itemHead.Set("responses", oas.New("200", oas.New("description", "As GET."), "default", oas.New("description", "Any error, without a body.")))
	replace := op(name+".replace", "Replace a record of "+name+": the path's id wins, absent fields take their defaults")
	replace.Set("requestBody", jsonBody(ref(name+"Input")))
	replace.Set("responses", b.responses(oas.New("200", response("The record as replaced.", b.item(rec), nil)), KindReplace))
	update := op(name+".update", "Update fields of a record of "+name+": top-level keys replace, null removes a key")
	update.Set("requestBody", jsonBody(ref(name+"Patch")))
	update.Set("responses", b.responses(oas.New("200", response("The record as updated.", b.item(rec), nil)), KindUpdate))
	del := op(name+".delete", "Delete a record of "+name+", applying the onDelete rules of the records that reference it")
	del.Set("responses", b.responses(oas.New(itoa(b.d.DeleteStatus), response("Deleted.", b.d.DeleteBody, nil)), KindDelete))
	b.cached(list, head, get, itemHead)
	b.paths.Set(item, oas.New("parameters", []any{idParam}, "get", get, "head", itemHead, "put", replace, "patch", update, "delete", del,
		"options", anyID(optionsOp(name+".item.options", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"))))

	for _, rel := range res.Relationships {
		target := b.sp.Resource(rel.Resource)
		if target == nil {
			continue
		}
		b.related(res, &rel, target, idParam, tags)
	}
}

// related describes the nested route of one relationship.
func (b *builder) related(res *schema.Resource, rel *schema.Relationship, target *schema.Resource, idParam *oas.Object, tags []any) {
	rn := rel.Name()
	id := res.Name + "." + rn
	path := "/" + res.Name + "/{id}/" + rn
	trec := ref(target.Name)
	one := rel.Type == schema.BelongsTo || rel.Type == schema.HasOne
	get := b.security(oas.New("operationId", id+".get", "summary", "The "+rn+" of a record of "+res.Name, "tags", tags))
	var ok *oas.Object
	if one {
		get.Set("parameters", b.itemParams())
		ok = response("The related record, or null.", b.nullableItem(trec), b.itemHeaders())
	} else {
		get.Set("parameters", b.listParams(target))
		ok = response("A page of the related records.", b.list(trec), b.d.ListHeaders)
	}
	get.Set("responses", b.responses(oas.New("200", ok), KindRelated))
	head := b.security(oas.New("operationId", id+".head", "summary", "As GET, without a body", "tags", tags,
		"responses", oas.New("200", oas.New("description", "As GET."), "default", oas.New("description", "Any error, without a body."))))
	b.cached(get, head)
	pi := oas.New("parameters", []any{idParam}, "get", get, "head", head)
	if rel.Type == schema.HasMany {
		create := b.security(oas.New("operationId", id+".create", "summary", "Create a record of "+target.Name+" whose "+rel.ForeignKey+" is the path's id", "tags", tags))
		create.Set("requestBody", jsonBody(b.inputSchemaWithout(target, rel.ForeignKey)))
		create.Set("responses", b.responses(oas.New(itoa(b.d.CreateStatus), response("The record created.", b.item(trec), b.d.CreateHeaders)), KindRelatedCreate))
		pi.Set("post", create)
	}
	// POST on another relationship answers 405: not an operation.
	pi.Set("options", anyID(optionsOp(id+".options", "GET, HEAD, POST, OPTIONS")))
	b.paths.Set(path, pi)
}

// itemHeaders are the headers of an answer of one record.
func (b *builder) itemHeaders() []Header {
	if b.d.ETag {
		return []Header{etag}
	}
	return nil
}

// cached adds to GET and HEAD operations the 304 of the dialect's ETags.
func (b *builder) cached(ops ...*oas.Object) {
	if !b.d.ETag {
		return
	}
	for _, op := range ops {
		if r := op.Object("responses"); r != nil {
			r.Set("304", oas.New("description", "Not modified: If-None-Match names the answer's ETag. No body."))
		}
	}
}

// database describes GET /db, every resource's records by name.
func (b *builder) database() {
	props := &oas.Object{}
	var names []any
	for _, res := range b.sp.Resources {
		props.Set(res.Name, oas.New("type", "array", "items", ref(res.Name)))
		names = append(names, res.Name)
	}
	get := b.security(oas.New("operationId", "db", "summary", "Every resource's records, by resource name",
		"responses", b.responses(oas.New("200", response("The records.", oas.New("type", "object", "required", names, "properties", props), []Header{etag})), KindList)))
	b.cached(get)
	b.paths.Set("/db", oas.New("get", get))
}
