package openapi

import (
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/pretendo-go/pretendo/internal/oas"
	"github.com/pretendo-go/pretendo/schema"
	"github.com/pretendo-go/pretendo/seed"
)

// resources finds the collections and items of the document and makes a
// resource of each: a path ending in a literal (/pets, /store/order) with
// the path below it that adds one parameter (/pets/{petId}).
func (im *importer) resources(templates []string, byPath map[string][]*operation) {
	parsed := make(map[string][]segment, len(templates))
	// items maps the shape of a collection to the first item path below it.
	items := map[string]string{}
	for _, t := range templates {
		segs := parseTemplate(t)
		parsed[t] = segs
		if n := len(segs); n > 0 && segs[n-1].param != "" {
			if k := shapeKey(segs[:n-1]); items[k] == "" {
				items[k] = t
			}
		}
	}
	for _, t := range templates {
		segs := parsed[t]
		if len(segs) == 0 || segs[len(segs)-1].param != "" {
			continue
		}
		var item []*operation
		var keyParam string
		itemPath := items[shapeKey(segs)]
		if itemPath != "" {
			us := parsed[itemPath]
			item, keyParam = byPath[itemPath], us[len(us)-1].param
		}
		im.resource(t, segs, byPath[t], itemPath, keyParam, item)
	}
}

// shapeKey is a template's segments with parameter names left out.
func shapeKey(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		if s.param != "" {
			b.WriteString("{}")
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

// allForward reports whether every operation is one the server answers
// itself (x-pretendo.forward).
func allForward(lists ...[]*operation) bool {
	for _, l := range lists {
		for _, o := range l {
			if !forwards(o) {
				return false
			}
		}
	}
	return true
}

// sameSegs reports whether two templates have the same segments (any
// parameter names).
func sameSegs(a, b []segment) bool {
	for i := range a {
		if a[i].lit != b[i].lit || (a[i].param == "") != (b[i].param == "") {
			return false
		}
	}
	return true
}

// resource makes a resource of a collection path and its item path, when
// they describe records.
func (im *importer) resource(collPath string, segs []segment, coll []*operation, itemPath, keyParam string, item []*operation) {
	getItem, putItem, patchItem, delItem := find(item, "GET"), find(item, "PUT"), find(item, "PATCH"), find(item, "DELETE")
	list, create, putColl := find(coll, "GET"), find(coll, "POST"), find(coll, "PUT")
	name := segs[len(segs)-1].lit

	var rec *jsonSchema
	var itemWrap string
	if s := successSchema(getItem); s != nil {
		rec, itemWrap = unwrapItem(s)
	}
	var listShape *listShape
	if s := successSchema(list); s != nil {
		items, sh := unwrapList(s, name)
		if items != nil && flatten(items, 0).isObject() {
			listShape = sh
			if rec == nil {
				rec = items
			}
		} else {
			list = nil
		}
	}
	if rec == nil && create != nil {
		if s := successSchema(create); s != nil {
			rec, itemWrap = unwrapItem(s)
		} else {
			rec = bodySchema(create)
		}
	}
	if rec == nil || !flatten(rec, 0).isObject() {
		return
	}
	if getItem == nil && (list == nil || create == nil) {
		// Nothing reads the records back, or nothing makes them: a
		// search (/pet/findByStatus) rather than a collection.
		return
	}
	flat := flatten(rec, 0)
	var res schema.Resource
	if x := flat.X; x != nil {
		if v, ok := x.Get("resource"); ok {
			if b, err := json.Marshal(v); err == nil && json.Unmarshal(b, &res) == nil && res.Name != "" {
				if im.api.resNames[res.Name] {
					// Another path of a resource already made (a nested
					// route of an exported spec).
					return
				}
				im.api.resNames[res.Name] = true
			}
		}
	}
	if res.Name == "" && allForward(coll, item) {
		return // the server's own routes (the admin API), not records
	}
	parents := map[string]string{}
	if res.Name == "" {
		res.Name = im.resourceName(name)
		key := pickKey(flat, keyParam)
		res.PrimaryKey = key
		res.Description = flat.Description
		res.Fields = im.fields(flat, bodySchema(create), key, keyParam, getItem)
		for _, sg := range segs {
			if sg.param == "" {
				continue
			}
			field := sg.param
			if flat.prop(field) == nil {
				res.Fields = append(res.Fields, schema.Field{Name: field, Type: schema.TypeString})
			}
			parents[sg.param] = field
		}
		im.initialData(&res, flat, list)
	} else if res.PrimaryKey == "" {
		res.PrimaryKey = "id"
	}
	if res.Key() != "id" || res.PrimaryKey == "id" {
		// keep as set
	}
	im.spec.Resources = append(im.spec.Resources, res)
	b := &binding{resource: res.Name, key: res.Key(), keyParam: keyParam, parents: parents, wrap: itemWrap, list: listShape, record: rec}
	bind := func(o *operation, a action) {
		if o != nil && o.act == actOther {
			o.act, o.res = a, b
		}
	}
	if list != nil {
		bind(list, actList)
		if listShape != nil {
			for _, p := range list.params {
				if p.in != "query" {
					continue
				}
				switch n := strings.ToLower(p.name); {
				case n == "limit" || n == "perpage" || n == "per_page" || n == "pagesize" || n == "page_size" || n == "size" || n == "_limit":
					listShape.limitParam = p.name
				case n == "offset" || n == "skip" || n == "_start" || n == "start":
					listShape.offsetParam = p.name
				case n == "page" || n == "_page" || n == "pagenumber" || n == "page_number":
					listShape.pageParam = p.name
				}
			}
		}
	}
	bind(create, actCreate)
	bind(getItem, actGet)
	bind(putItem, actReplace)
	bind(patchItem, actUpdate)
	bind(delItem, actDelete)
	if putColl != nil {
		if bs := bodySchema(putColl); bs != nil && flatten(bs, 0).prop(b.key) != nil {
			bind(putColl, actReplaceByBody)
		}
	}
	_ = collPath
}

// searches binds the other GET operations whose answer is a list of a
// resource's records (/pet/findByStatus) to that resource's list: their
// query parameters that name fields filter it.
func (im *importer) searches() {
	byRecord := map[*jsonSchema]*binding{}
	for _, o := range im.api.ops {
		if o.res != nil && (o.act == actGet || o.act == actList) {
			if s := o.res.record; s != nil {
				byRecord[s] = o.res
			}
		}
	}
	for _, o := range im.api.ops {
		if o.act != actOther || o.method != "GET" {
			continue
		}
		items, sh := unwrapList(successSchema(o), "")
		if items == nil || sh == nil {
			continue
		}
		b := byRecord[items]
		if b == nil {
			continue
		}
		nb := *b
		nb.list = sh
		nb.parents = nil
		o.act, o.res = actList, &nb
	}
}

// pickKey chooses the primary key of a record schema: the property the
// item path names, else its id read off the parameter (petId is id), else
// a read-only property, else id.
func pickKey(s *jsonSchema, param string) string {
	if param != "" && s.prop(param) != nil {
		return param
	}
	if param != "" {
		lp := strings.ToLower(param)
		for _, p := range s.Properties {
			if strings.ToLower(p.Name) == lp {
				return p.Name
			}
		}
	}
	if s.prop("id") != nil {
		return "id"
	}
	// A read-only property that looks like a key (a uuid, an integer, a
	// text) comes before others that can key.
	for _, strong := range []bool{true, false} {
		for _, p := range s.Properties {
			t := keyType(p.Schema)
			if p.Schema.ReadOnly && t != "" && (!strong || t != schema.TypeString) {
				return p.Name
			}
		}
	}
	if param != "" {
		return param
	}
	return "id"
}

// keyType is the pretendo type of a key schema, or "" when it cannot key.
func keyType(s *jsonSchema) string {
	f := flatten(s, 0)
	switch f.mainType() {
	case "integer":
		return schema.TypeInteger
	case "number":
		return schema.TypeNumber
	case "string", "":
		switch f.Format {
		case "uuid":
			return schema.TypeUUID
		case "date-time", "date", "time", "binary", "byte":
			// Instants and contents are no keys.
			return ""
		}
		return schema.TypeString
	}
	return ""
}

// fields makes the fields of a resource from its record schema and the
// schema of its create body.
func (im *importer) fields(rec, body *jsonSchema, key, keyParam string, getItem *operation) []schema.Field {
	var out []schema.Field
	seen := map[string]bool{}
	add := func(s *jsonSchema, owner *jsonSchema) {
		for _, p := range s.Properties {
			if seen[p.Name] {
				continue
			}
			seen[p.Name] = true
			out = append(out, im.field(p.Name, p.Schema, slices.Contains(owner.Required, p.Name), p.Name == key))
		}
	}
	add(rec, rec)
	if body != nil {
		fb := flatten(body, 0)
		if fb.isObject() {
			add(fb, fb)
		}
	}
	if !seen[key] {
		t := schema.TypeString
		if getItem != nil {
			for _, p := range getItem.params {
				if p.in == "path" && p.name == keyParam {
					if kt := keyType(p.schema); kt != "" {
						t = kt
					}
				}
			}
		}
		out = append([]schema.Field{{Name: key, Type: t}}, out...)
	}
	return out
}

// field maps one property to a field.
func (im *importer) field(name string, ps *jsonSchema, required, isKey bool) schema.Field {
	s := flatten(ps, 0)
	f := schema.Field{Name: name, Description: s.Description}
	g := &generator{f: seed.NewFaker(int64(len(name)) + 7), samples: im.samples}
	pickOne := func() {
		// Fields of the same named schema, or arrays of it, share their
		// values: a document uses its components many times.
		key := ps
		if s.mainType() == "array" && s.Items != nil && s.Items.Name != "" && s.MinItems == nil && s.MaxItems == nil && !s.UniqueItems {
			key = s.Items
		} else if ps.Name == "" {
			key = nil
		}
		values, ok := im.fieldValues[key]
		if !ok || key == nil {
			values = make([]any, 0, 6)
			g.limit = fieldValueBudget
			for range 6 {
				v := g.value(ps, name)
				if !containsValue(values, v) {
					values = append(values, v)
				}
			}
			if key != nil {
				im.fieldValues[key] = values
			}
		}
		f.Generate = &schema.Generate{Type: "pickOne", Options: map[string]any{"values": copyValue(values)}}
	}
	switch s.mainType() {
	case "integer":
		f.Type = schema.TypeInteger
	case "number":
		f.Type = schema.TypeNumber
	case "boolean":
		f.Type = schema.TypeBoolean
	case "object":
		f.Type = schema.TypeObject
	case "array":
		f.Type = schema.TypeArray
	case "string":
		f.Type = schema.TypeString
		switch s.Format {
		case "date-time":
			f.Type = schema.TypeDate
		case "uuid":
			f.Type = schema.TypeUUID
		case "email":
			f.Generate = &schema.Generate{Type: "email"}
		case "uri", "url":
			f.Generate = &schema.Generate{Type: "url"}
		}
	default:
		if len(s.Properties) > 0 {
			f.Type = schema.TypeObject
		} else {
			f.Type = schema.TypeString
			if !isKey {
				f.Type = "" // any JSON value
			}
		}
	}
	if f.Type == "" {
		f.Type = schema.TypeObject
		if len(s.OneOf)+len(s.AnyOf) > 0 || len(s.Types) == 0 {
			// Any value: leave the type to the document's validation.
			f.Type = schema.TypeString
		}
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e != nil {
				f.Enum = append(f.Enum, e)
			}
		}
	}
	if f.Type == schema.TypeInteger || f.Type == schema.TypeNumber {
		f.Min, f.Max = s.Minimum, s.Maximum
		if f.Type == schema.TypeInteger {
			if s.ExclusiveMin != nil {
				v := math.Floor(*s.ExclusiveMin) + 1
				f.Min = &v
			}
			if s.ExclusiveMax != nil {
				v := math.Ceil(*s.ExclusiveMax) - 1
				f.Max = &v
			}
			if s.Format == "int32" {
				if f.Min == nil {
					v := float64(math.MinInt32)
					f.Min = &v
				}
				if f.Max == nil {
					v := float64(math.MaxInt32)
					f.Max = &v
				}
			}
		}
	}
	if f.Type == schema.TypeString {
		f.MinLength, f.MaxLength, f.Pattern = s.MinLength, s.MaxLength, s.Pattern
	}
	if f.Type == schema.TypeArray {
		f.MinLength, f.MaxLength = s.MinItems, s.MaxItems
	}
	if s.HasDefault && s.Default != nil {
		f.DefaultValue = s.Default
	}
	if required && !isKey {
		f.Required = true
		if s.ReadOnly && f.DefaultValue == nil {
			if f.Type == schema.TypeDate {
				f.DefaultValue = schema.DefaultNow
			} else {
				f.DefaultValue = g.value(ps, name)
			}
		}
	}
	// Values the generator of generated data cannot be trusted with come
	// from the schema itself.
	if !isKey && f.Generate == nil && len(f.Enum) == 0 {
		switch {
		case f.Type == schema.TypeObject || f.Type == schema.TypeArray,
			f.Type == schema.TypeString && (s.Format != "" || len(s.OneOf)+len(s.AnyOf) > 0),
			s.MultipleOf != nil, s.ExclusiveMin != nil, s.ExclusiveMax != nil:
			pickOne()
		}
	}
	if x := s.X; x != nil {
		applyFieldExtension(&f, x)
	}
	return f
}

// applyFieldExtension applies a property's x-pretendo: unique,
// defaultValue, references, generate.
func applyFieldExtension(f *schema.Field, x *oas.Object) {
	b, err := json.Marshal(x)
	if err != nil {
		return
	}
	var ext struct {
		Unique       *bool             `json:"unique"`
		DefaultValue any               `json:"defaultValue"`
		References   *schema.Reference `json:"references"`
		Generate     *schema.Generate  `json:"generate"`
	}
	if json.Unmarshal(b, &ext) != nil {
		return
	}
	if ext.Unique != nil {
		f.Unique = *ext.Unique
	}
	if ext.DefaultValue != nil {
		f.DefaultValue = ext.DefaultValue
	}
	if ext.References != nil {
		f.References = ext.References
	}
	if ext.Generate != nil {
		f.Generate = ext.Generate
	}
}

// initialData gives a resource the records its schema documents: x-pretendo
// data, the schema's examples that are records, and the list answer's
// example.
func (im *importer) initialData(res *schema.Resource, rec *jsonSchema, list *operation) {
	var recs []any
	if x := rec.X; x != nil {
		if arr, ok := get(x, "data").([]any); ok {
			recs = append(recs, plainAll(arr)...)
		}
	}
	if len(recs) == 0 && list != nil && list.success != nil {
		if m := jsonMedia(list.success.media); m != nil {
			for _, ex := range m.examples {
				switch t := ex.(type) {
				case []any:
					recs = append(recs, t...)
				case map[string]any:
					if _, sh := unwrapList(m.schema, res.Name); sh != nil && sh.items != "" {
						if arr, ok := t[sh.items].([]any); ok {
							recs = append(recs, arr...)
						}
					}
				}
			}
		}
	}
	for _, r := range recs {
		m, ok := r.(map[string]any)
		if !ok || !valid(rec, m, toClient) {
			continue
		}
		if _, ok := m[res.Key()]; !ok {
			continue
		}
		dup := false
		for _, e := range res.InitialData {
			if e[res.Key()] == m[res.Key()] {
				dup = true
			}
		}
		if !dup {
			res.InitialData = append(res.InitialData, m)
		}
	}
}
