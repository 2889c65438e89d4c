package seed

import (
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/schema"
)

// inferField chooses how to make a field that has no generate rule: from
// its enum, else by its type and name. Count is the number of records to
// make, used to size the range of unique numbers.
func inferField(res *schema.Resource, fld *schema.Field, count int) compiled {
	if len(fld.Enum) > 0 {
		values := make([]any, len(fld.Enum))
		for i, e := range fld.Enum {
			v, err := jsonValue(e)
			if err != nil {
				v = e
			}
			values[i] = v
		}
		p := &picker{values: values}
		return compiled{distinct: countDistinct(values), gen: func(f *Faker, _ *recordCtx) any { return p.pick(f) }}
	}
	name := normalize(fld.Name)
	switch fld.Type {
	case schema.TypeBoolean:
		return compiled{distinct: 2, gen: func(f *Faker, _ *recordCtx) any { return f.Bool() }}
	case schema.TypeUUID:
		return compiled{distinct: -1, gen: func(f *Faker, _ *recordCtx) any { return f.UUID() }}
	case schema.TypeDate:
		return compiled{distinct: -1, gen: inferDate(fld.Name, name)}
	case schema.TypeNumber, schema.TypeInteger:
		c := inferNumber(fld, name, count)
		c.fit = true
		return c
	case schema.TypeObject:
		return compiled{distinct: -1, gen: func(*Faker, *recordCtx) any { return map[string]any{} }}
	case schema.TypeArray:
		return compiled{distinct: -1, fit: true, gen: func(f *Faker, _ *recordCtx) any {
			w := f.words(f.IntBetween(1, 4))
			out := make([]any, len(w))
			for i, s := range w {
				out[i] = s
			}
			return out
		}}
	}
	gen, free := inferString(res, fld.Name, name)
	return compiled{distinct: -1, gen: gen, fit: free}
}

// normalize lower-cases a field name and drops separators, so that
// first_name, first-name and firstName all read "firstname".
func normalize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r != '_' && r != '-' && r != ' ' && r != '.' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// is reports whether the normalized name n is one of words, or ends with
// one of them when suffix is set.
func is(n string, suffix bool, words ...string) bool {
	for _, w := range words {
		if n == w || suffix && strings.HasSuffix(n, w) {
			return true
		}
	}
	return false
}

// isDateName reports whether a field name reads as a date: createdAt,
// created_at, birthDate, date, timestamp.
func isDateName(orig, n string) bool {
	return strings.HasSuffix(orig, "At") || strings.HasSuffix(strings.ToLower(orig), "_at") ||
		is(n, true, "date", "timestamp", "time", "datetime") || strings.HasSuffix(orig, "On")
}

func inferDate(orig, n string) valueFunc {
	if is(n, true, "birthdate", "birthday", "dob", "dateofbirth") {
		from := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2005, 12, 31, 0, 0, 0, 0, time.UTC)
		return func(f *Faker, _ *recordCtx) any { return f.Date(from, to).Format(schema.DateLayout) }
	}
	if n != "createdat" && strings.HasSuffix(n, "at") {
		// updatedAt, publishedAt, ...: not before the record's createdAt.
		return func(f *Faker, rc *recordCtx) any {
			from := defaultFrom
			if s, ok := rc.rec["createdAt"].(string); ok {
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					from = t
				}
			}
			to := defaultTo
			if to.Before(from) {
				to = from
			}
			return f.Date(from, to).Format(schema.DateLayout)
		}
	}
	return func(f *Faker, _ *recordCtx) any { return f.Date(defaultFrom, defaultTo).Format(schema.DateLayout) }
}

// numberHint is the range a number field's name suggests.
type numberHint struct {
	lo, hi   float64
	decimals int
}

func hintNumber(n string) numberHint {
	switch {
	case is(n, true, "price", "amount", "cost", "total", "subtotal", "salary", "balance", "fee", "tax", "discount", "budget", "revenue"):
		return numberHint{1, 1000, 2}
	case is(n, true, "quantity", "qty", "count", "stock", "inventory", "size"):
		return numberHint{1, 100, 0}
	case is(n, true, "rating", "stars", "score"):
		return numberHint{1, 5, 1}
	case is(n, true, "percent", "percentage", "progress"):
		return numberHint{0, 100, 0}
	case is(n, false, "age", "ageyears", "ageinyears"):
		return numberHint{18, 90, 0}
	case is(n, false, "lat", "latitude"):
		return numberHint{-90, 90, 6}
	case is(n, false, "lng", "lon", "long", "longitude"):
		return numberHint{-180, 180, 6}
	case is(n, true, "year"):
		return numberHint{1990, 2025, 0}
	case is(n, true, "views", "likes", "followers", "votes", "visits", "downloads"):
		return numberHint{0, 10000, 0}
	case is(n, true, "weight", "height", "width", "length", "duration"):
		return numberHint{1, 200, 1}
	}
	return numberHint{1, 1000, 2}
}

func inferNumber(fld *schema.Field, n string, count int) compiled {
	h := hintNumber(n)
	if fld.Type == schema.TypeInteger {
		h.decimals = 0
	}
	if fld.Unique && fld.Min == nil && fld.Max == nil {
		// Room enough that unique values rarely collide.
		h.hi = max(h.hi, h.lo+float64(10*count))
	}
	lo, hi := h.lo, h.hi
	switch {
	case fld.Min != nil && fld.Max != nil:
		lo, hi = *fld.Min, *fld.Max
	case fld.Min != nil:
		lo = *fld.Min
		if hi < lo {
			hi = lo + (h.hi - h.lo)
		}
	case fld.Max != nil:
		hi = *fld.Max
		if lo > hi {
			lo = hi - (h.hi - h.lo)
		}
	}
	lo, hi = finite(lo), finite(hi)
	distinct := -1
	if h.decimals == 0 && hi >= lo && hi-lo < 1<<31 {
		distinct = max(int(floorF(hi)-ceilF(lo)+1), 0)
	}
	decimals := h.decimals
	return compiled{distinct: distinct, gen: func(f *Faker, _ *recordCtx) any { return f.Number(lo, hi, decimals) }}
}

// personish lists resource names whose "name" field is a person's name.
func personish(resource string) bool {
	r := normalize(resource)
	for _, w := range [...]string{"user", "person", "people", "customer", "author", "employee", "member", "contact",
		"account", "profile", "student", "teacher", "owner", "admin", "staff", "client", "patient", "player", "friend", "writer"} {
		if strings.HasPrefix(r, w) || strings.HasSuffix(r, w) || strings.HasSuffix(r, w+"s") {
			return true
		}
	}
	return false
}

// inferString chooses a string maker by the field's name; free tells that
// its values are free text that may be cut or padded to the field's lengths.
func inferString(res *schema.Resource, orig, n string) (gen valueFunc, free bool) {
	switch {
	case is(n, true, "email", "emailaddress"):
		return func(f *Faker, rc *recordCtx) any {
			first, last := rc.names(f)
			return f.email(first, last, rc.domain)
		}, false
	case is(n, true, "username", "login", "handle", "nickname", "screenname"):
		return func(f *Faker, rc *recordCtx) any { return f.username(rc.names(f)) }, true
	case is(n, false, "firstname", "givenname", "forename"):
		return func(f *Faker, _ *recordCtx) any { return f.FirstName() }, true
	case is(n, false, "lastname", "surname", "familyname"):
		return func(f *Faker, _ *recordCtx) any { return f.LastName() }, true
	case is(n, true, "fullname", "displayname", "authorname", "customername", "contactname") || n == "author" ||
		n == "name" && personish(res.Name):
		return func(f *Faker, rc *recordCtx) any {
			first, last := rc.names(f)
			return first + " " + last
		}, true
	case is(n, true, "companyname", "company", "organization", "organisation", "employer"):
		return func(f *Faker, _ *recordCtx) any { return f.Company() }, true
	case n == "name" || is(n, true, "title", "subject", "headline", "heading", "label"):
		return func(f *Faker, _ *recordCtx) any { return f.Title() }, true
	case is(n, true, "avatar", "avatarurl", "profileimage", "profilepicture"):
		return func(f *Faker, _ *recordCtx) any { return f.Avatar() }, false
	case is(n, true, "image", "photo", "picture", "thumbnail", "logo", "icon", "imageurl", "photourl"):
		return func(f *Faker, _ *recordCtx) any { return f.ImageURL() }, false
	case is(n, true, "url", "website", "link", "homepage", "uri", "href"):
		return func(f *Faker, _ *recordCtx) any { return f.URL() }, false
	case is(n, true, "phone", "phonenumber", "mobile", "telephone") || is(n, false, "tel", "fax", "cell"):
		return func(f *Faker, _ *recordCtx) any { return f.Phone() }, false
	case is(n, true, "city", "town"):
		return func(f *Faker, _ *recordCtx) any { return f.City() }, true
	case is(n, true, "country"):
		return func(f *Faker, _ *recordCtx) any { return f.Country() }, true
	case is(n, false, "state", "province", "region"):
		return func(f *Faker, _ *recordCtx) any { return f.State() }, true
	case is(n, true, "zip", "zipcode", "postalcode", "postcode"):
		return func(f *Faker, _ *recordCtx) any { return f.ZipCode() }, false
	case is(n, true, "address", "street", "streetaddress", "address1", "addressline1"):
		return func(f *Faker, _ *recordCtx) any { return f.Address() }, true
	case is(n, true, "slug"):
		return func(f *Faker, _ *recordCtx) any { return f.Slug() }, true
	case is(n, true, "color", "colour"):
		return func(f *Faker, _ *recordCtx) any { return f.Color() }, false
	case is(n, true, "password", "passwd"):
		return func(f *Faker, _ *recordCtx) any { return f.Password() }, true
	case is(n, true, "secret", "token", "apikey"):
		return func(f *Faker, _ *recordCtx) any { return f.Characters(32) }, true
	case is(n, true, "uuid", "guid"):
		return func(f *Faker, _ *recordCtx) any { return f.UUID() }, false
	case isDateName(orig, n):
		return inferDate(orig, n), false
	case is(n, true, "content", "body", "text", "details", "abstract", "article"):
		return func(f *Faker, _ *recordCtx) any { return f.Paragraph() }, true
	case is(n, true, "description", "summary", "bio", "about", "excerpt", "comment", "note", "notes", "message", "caption", "review", "question", "answer"):
		return func(f *Faker, _ *recordCtx) any { return f.Sentence() }, true
	}
	return func(f *Faker, _ *recordCtx) any {
		return strings.Join(f.words(f.IntBetween(1, 3)), " ")
	}, true
}
