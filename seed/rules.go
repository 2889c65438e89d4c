package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/pretendo-go/pretendo/schema"
)

// recordCtx is what a value function sees while one record is made: the
// fields made so far (in spec order) and the spec's email domain.
type recordCtx struct {
	rec    map[string]any
	domain string
}

// valueFunc makes one value of a field.
type valueFunc func(f *Faker, rc *recordCtx) any

// compiled is a field's value function with what is known of its range.
type compiled struct {
	gen valueFunc
	// distinct is how many different values gen can make, or -1 when that
	// is unbounded or unknown; it lets unique fields fail fast.
	distinct int
	// fit tells that gen's values are free (text, inferred numbers) and may
	// be bent to the field's range and lengths.
	fit bool
}

// Rules lists the generate rule names Generate understands, in the order
// error messages show them.
func Rules() []string {
	return []string{
		"username", "email", "firstName", "lastName", "name", "fullName",
		"word", "sentence", "paragraph", "title", "slug",
		"url", "imageUrl", "uuid", "phone", "color",
		"city", "state", "country", "address", "zipCode", "company",
		"date", "number", "boolean", "pickOne", "constant", "pattern",
	}
}

// compileRule turns a field's generate rule into a value function. Path is
// the rule's path, like resources[0].fields[2].generate.
func compileRule(fld *schema.Field, path string) (compiled, error) {
	g := fld.Generate
	o := ruleOptions{path: path + ".options", m: g.Options}
	simple := func(fn valueFunc) (compiled, error) {
		if err := o.only(g.Type); err != nil {
			return compiled{}, err
		}
		return compiled{gen: fn, distinct: -1}, nil
	}
	switch g.Type {
	case "username":
		return simple(func(f *Faker, rc *recordCtx) any { return f.username(rc.names(f)) })
	case "email":
		if err := o.only(g.Type, "domain"); err != nil {
			return compiled{}, err
		}
		domain, hasDomain, err := o.text("domain")
		if err != nil {
			return compiled{}, err
		}
		if hasDomain && strings.TrimSpace(domain) == "" {
			return compiled{}, o.errorf("domain", "must not be empty")
		}
		return compiled{distinct: -1, gen: func(f *Faker, rc *recordCtx) any {
			d := rc.domain
			if hasDomain {
				d = domain
			}
			first, last := rc.names(f)
			return f.email(first, last, d)
		}}, nil
	case "firstName":
		return simple(func(f *Faker, _ *recordCtx) any { return f.FirstName() })
	case "lastName":
		return simple(func(f *Faker, _ *recordCtx) any { return f.LastName() })
	case "name", "fullName":
		return simple(func(f *Faker, rc *recordCtx) any {
			first, last := rc.names(f)
			return first + " " + last
		})
	case "word":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Word() })
	case "sentence":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Sentence() })
	case "paragraph":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Paragraph() })
	case "title":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Title() })
	case "slug":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Slug() })
	case "url":
		return simple(func(f *Faker, _ *recordCtx) any { return f.URL() })
	case "imageUrl":
		return simple(func(f *Faker, _ *recordCtx) any { return f.ImageURL() })
	case "uuid":
		return simple(func(f *Faker, _ *recordCtx) any { return f.UUID() })
	case "phone":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Phone() })
	case "color":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Color() })
	case "city":
		return simple(func(f *Faker, _ *recordCtx) any { return f.City() })
	case "state":
		return simple(func(f *Faker, _ *recordCtx) any { return f.State() })
	case "country":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Country() })
	case "address":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Address() })
	case "zipCode":
		return simple(func(f *Faker, _ *recordCtx) any { return f.ZipCode() })
	case "company":
		return simple(func(f *Faker, _ *recordCtx) any { return f.Company() })
	case "date":
		return compileDate(o)
	case "number":
		return compileNumber(o, fld)
	case "boolean":
		if err := o.only(g.Type, "probability"); err != nil {
			return compiled{}, err
		}
		p, ok, err := o.number("probability")
		if err != nil {
			return compiled{}, err
		}
		if !ok {
			return compiled{distinct: 2, gen: func(f *Faker, _ *recordCtx) any { return f.Bool() }}, nil
		}
		if p < 0 || p > 1 {
			return compiled{}, o.errorf("probability", "must be from 0 to 1, not %v", p)
		}
		return compiled{distinct: 2, gen: func(f *Faker, _ *recordCtx) any { return f.Chance(p) }}, nil
	case "pickOne":
		return compilePickOne(o)
	case "constant":
		if err := o.only(g.Type, "value"); err != nil {
			return compiled{}, err
		}
		raw, ok := g.Options["value"]
		if !ok {
			return compiled{}, o.errorf("value", "rule constant needs a value")
		}
		v, err := jsonValue(raw)
		if err != nil {
			return compiled{}, o.errorf("value", "%v", err)
		}
		p := &picker{values: []any{v}}
		return compiled{distinct: 1, gen: func(f *Faker, _ *recordCtx) any { return p.pick(f) }}, nil
	case "pattern":
		if err := o.only(g.Type, "pattern"); err != nil {
			return compiled{}, err
		}
		expr, ok, err := o.text("pattern")
		if err != nil {
			return compiled{}, err
		}
		if !ok {
			expr = fld.Pattern
		}
		if expr == "" {
			return compiled{}, o.errorf("pattern", "rule pattern needs a pattern (or the field's)")
		}
		pg, err := newPatternGen(expr)
		if err != nil {
			return compiled{}, o.errorf("pattern", "%v", err)
		}
		return compiled{distinct: -1, gen: func(f *Faker, _ *recordCtx) any { return pg.generate(f) }}, nil
	case "":
		return compiled{}, &Error{Path: path + ".type", Err: fmt.Errorf("%w: missing rule type (want one of %s)", ErrInvalidRule, strings.Join(Rules(), ", "))}
	}
	return compiled{}, &Error{Path: path + ".type", Err: fmt.Errorf("%w: unknown rule %q (want one of %s)", ErrInvalidRule, g.Type, strings.Join(Rules(), ", "))}
}

func compileDate(o ruleOptions) (compiled, error) {
	if err := o.only("date", "from", "to"); err != nil {
		return compiled{}, err
	}
	from, _, err := o.date("from")
	if err != nil {
		return compiled{}, err
	}
	to, _, err := o.date("to")
	if err != nil {
		return compiled{}, err
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return compiled{}, o.errorf("to", "%s is before from (%s)", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return compiled{distinct: -1, gen: func(f *Faker, _ *recordCtx) any {
		return f.Date(from, to).Format(time.RFC3339)
	}}, nil
}

// defaultSpan is the width of a number range that has only one bound.
const defaultSpan = 1000

// compileNumber reads the number rule; its range is narrowed to the field's
// min and max, so that every value it makes is valid.
func compileNumber(o ruleOptions, fld *schema.Field) (compiled, error) {
	if err := o.only("number", "min", "max", "decimals"); err != nil {
		return compiled{}, err
	}
	lo, hasLo, err := o.number("min")
	if err != nil {
		return compiled{}, err
	}
	hi, hasHi, err := o.number("max")
	if err != nil {
		return compiled{}, err
	}
	decimals, _, err := o.integer("decimals", 0, maxDecimals)
	if err != nil {
		return compiled{}, err
	}
	switch {
	case !hasLo && !hasHi:
		lo, hi = 0, defaultSpan
	case !hasLo:
		lo = min(0, hi-defaultSpan)
	case !hasHi:
		hi = lo + defaultSpan
	}
	if lo > hi {
		return compiled{}, o.errorf("max", "%v is below min (%v)", hi, lo)
	}
	if fld.Min != nil && *fld.Min > lo {
		lo = *fld.Min
	}
	if fld.Max != nil && *fld.Max < hi {
		hi = *fld.Max
	}
	if lo > hi {
		return compiled{}, o.errorf("min", "the rule's range lies outside the field's min and max")
	}
	if fld.Type == schema.TypeInteger {
		decimals = 0
	}
	distinct := -1
	if decimals == 0 && hi-lo < 1<<31 {
		distinct = int(floorF(hi) - ceilF(lo) + 1)
		if distinct <= 0 {
			return compiled{}, o.errorf("max", "no whole number lies between min (%v) and max (%v)", lo, hi)
		}
	}
	return compiled{distinct: distinct, gen: func(f *Faker, _ *recordCtx) any {
		return f.Number(lo, hi, decimals)
	}}, nil
}

func compilePickOne(o ruleOptions) (compiled, error) {
	if err := o.only("pickOne", "values", "weights"); err != nil {
		return compiled{}, err
	}
	values, _, err := o.list("values")
	if err != nil {
		return compiled{}, err
	}
	if len(values) == 0 {
		return compiled{}, o.errorf("values", "rule pickOne needs a non-empty list of values")
	}
	weights, hasWeights, err := o.numbers("weights")
	if err != nil {
		return compiled{}, err
	}
	if hasWeights && weights == nil {
		weights = []float64{}
	}
	p, err := newPicker(values, weights)
	if err != nil {
		return compiled{}, &Error{Path: o.path + ".weights", Err: err}
	}
	return compiled{distinct: countDistinct(values), gen: func(f *Faker, _ *recordCtx) any { return p.pick(f) }}, nil
}

// names returns the record's firstName and lastName when it has both as
// strings, so that emails and user names match the person; otherwise it
// draws new ones.
func (rc *recordCtx) names(f *Faker) (first, last string) {
	if rc != nil {
		first, ok1 := rc.rec["firstName"].(string)
		last, ok2 := rc.rec["lastName"].(string)
		if ok1 && ok2 && first != "" && last != "" {
			return first, last
		}
	}
	return f.firstLast()
}
