package seed

import (
	"fmt"
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

// compileRule turns a field's generate rule into a value function. Path is
// the rule's path, like resources[0].fields[2].generate. The rule and its
// options are checked with [schema.CheckGenerate], the same check spec
// validation runs, so an unvalidated spec fails here with the same message.
func compileRule(fld *schema.Field, path string) (compiled, error) {
	g := fld.Generate
	if probs := schema.CheckGenerate(g, fld); len(probs) > 0 {
		at := path
		if probs[0].Path != "" {
			at += "." + probs[0].Path
		}
		return compiled{}, &Error{Path: at, Err: fmt.Errorf("%w: %s", ErrInvalidRule, probs[0].Message)}
	}
	o := ruleOptions{path: path + ".options", m: g.Options}
	free := func(fn valueFunc) (compiled, error) { return compiled{gen: fn, distinct: -1, fit: true}, nil }
	exact := func(fn valueFunc) (compiled, error) { return compiled{gen: fn, distinct: -1}, nil }
	if r, ok := fakerRules[g.Type]; ok {
		gen := r.gen
		return compiled{gen: func(f *Faker, _ *recordCtx) any { return gen(f) }, distinct: -1, fit: r.free}, nil
	}
	switch g.Type {
	case schema.RuleUsername:
		return free(func(f *Faker, rc *recordCtx) any { return f.username(rc.names(f)) })
	case schema.RuleEmail:
		domain, hasDomain, err := o.text("domain")
		if err != nil {
			return compiled{}, err
		}
		return exact(func(f *Faker, rc *recordCtx) any {
			d := rc.domain
			if hasDomain {
				d = domain
			}
			first, last := rc.names(f)
			return f.email(first, last, d)
		})
	case schema.RuleName:
		return free(func(f *Faker, rc *recordCtx) any {
			first, last := rc.names(f)
			return first + " " + last
		})
	case schema.RuleDate:
		return compileDate(o)
	case schema.RuleNumber:
		return compileNumber(o, fld, false)
	case schema.RulePrice:
		return compileNumber(o, fld, true)
	case schema.RuleBoolean:
		return compiled{distinct: 2, gen: func(f *Faker, _ *recordCtx) any { return f.Bool() }}, nil
	case schema.RulePickOne:
		return compilePickOne(o)
	case schema.RuleConstant:
		v, err := jsonValue(g.Options["value"])
		if err != nil {
			return compiled{}, o.errorf("value", "%v", err)
		}
		p := &picker{values: []any{v}}
		return compiled{distinct: 1, gen: func(f *Faker, _ *recordCtx) any { return p.pick(f) }}, nil
	}
	// Only reached if schema knows a rule this package does not.
	return compiled{}, &Error{Path: path + ".type", Err: fmt.Errorf("%w: rule %q is not implemented", ErrInvalidRule, g.Type)}
}

// fakerRules are the rules without options that make a value with one of
// Faker's methods. Free ones make text that may be bent to a field's range
// and lengths; the others (URLs, ids, codes) keep their form.
var fakerRules = map[string]struct {
	gen  func(*Faker) string
	free bool
}{
	schema.RuleFirstName: {(*Faker).FirstName, true},
	schema.RuleLastName:  {(*Faker).LastName, true},
	schema.RuleWord:      {(*Faker).Word, true},
	schema.RuleSentence:  {(*Faker).Sentence, true},
	schema.RuleParagraph: {(*Faker).Paragraph, true},
	schema.RulePassword:  {(*Faker).Password, true},
	schema.RuleCompany:   {(*Faker).Company, true},
	schema.RuleAddress:   {(*Faker).Address, true},
	schema.RuleCity:      {(*Faker).City, true},
	schema.RuleCountry:   {(*Faker).Country, true},
	schema.RuleURL:       {(*Faker).URL, false},
	schema.RuleAvatar:    {(*Faker).Avatar, false},
	schema.RuleUUID:      {(*Faker).UUID, false},
	schema.RulePhone:     {(*Faker).Phone, false},
	schema.RuleZipCode:   {(*Faker).ZipCode, false},
}

func compileDate(o ruleOptions) (compiled, error) {
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
		return f.Date(from, to).Format(schema.DateLayout)
	}}, nil
}

// defaultSpan is the width of a number range that has only one bound.
const defaultSpan = 1000

// compileNumber reads the number and price rules; the range is narrowed to
// the field's min and max, so that every value it makes is valid. A price
// has two decimals and defaults to [1, 1000].
func compileNumber(o ruleOptions, fld *schema.Field, price bool) (compiled, error) {
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
	if price {
		decimals = 2
		if !hasLo {
			lo, hasLo = min(1, max(hi, 0)), true
		}
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
