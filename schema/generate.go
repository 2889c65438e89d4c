package schema

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// MaxGenerateCount is the largest number of records options.generateData
// may ask for, per resource. It keeps a typing slip (an extra zero or three)
// from filling memory at start.
const MaxGenerateCount = 1_000_000

// Names of the rules a field's generate.type may name. [GenerateRules]
// describes each one.
const (
	RuleUsername  = "username"
	RuleEmail     = "email"
	RuleFirstName = "firstName"
	RuleLastName  = "lastName"
	RuleName      = "name"
	RuleSentence  = "sentence"
	RuleParagraph = "paragraph"
	RuleWord      = "word"
	RuleURL       = "url"
	RuleUUID      = "uuid"
	RulePhone     = "phone"
	RuleDate      = "date"
	RuleNumber    = "number"
	RuleBoolean   = "boolean"
	RulePickOne   = "pickOne"
	RuleConstant  = "constant"
	RuleCompany   = "company"
	RuleAddress   = "address"
	RuleCity      = "city"
	RuleCountry   = "country"
	RuleZipCode   = "zipCode"
	RuleAvatar    = "avatar"
	RulePrice     = "price"
	RulePassword  = "password"
)

// GenerateRule describes one rule for generated data: what it makes, which
// field types it can fill and which options it takes. The seed package
// implements the rules; [CheckGenerate] checks a field's use of one.
type GenerateRule struct {
	// Name is the value of generate.type that selects the rule.
	Name string
	// Types lists the field types the rule can fill.
	Types []string
	// Options lists the keys generate.options may hold for this rule.
	Options []string
	// Required lists the options that must be present.
	Required []string
	// Doc says what the rule makes and what its options mean.
	Doc string
}

// ruleDef is a rule with the check of its options.
type ruleDef struct {
	GenerateRule
	check func(c *optionCheck)
}

// ruleDefs returns every rule, in the order GenerateRules lists them.
func ruleDefs() []ruleDef {
	str := func() []string { return []string{TypeString} }
	all := func() []string { return slices.Clone(Types) }
	text := func(name, doc string) ruleDef {
		return ruleDef{GenerateRule: GenerateRule{Name: name, Types: str(), Doc: doc}}
	}
	return []ruleDef{
		text(RuleUsername, "a user name, like \"jdoe42\""),
		{GenerateRule{Name: RuleEmail, Types: str(), Options: []string{"domain"},
			Doc: "an email address; options.domain (a string) fixes the part after \"@\""}, checkEmail},
		text(RuleFirstName, "a first name"),
		text(RuleLastName, "a last name"),
		text(RuleName, "a full name"),
		text(RuleSentence, "a sentence of lorem ipsum"),
		text(RuleParagraph, "a paragraph of lorem ipsum"),
		text(RuleWord, "a single word"),
		text(RuleURL, "an http or https URL"),
		{GenerateRule: GenerateRule{Name: RuleUUID, Types: []string{TypeUUID, TypeString}, Doc: "a UUID v4"}},
		text(RulePhone, "a phone number"),
		{GenerateRule{Name: RuleDate, Types: []string{TypeDate, TypeString}, Options: []string{"from", "to"},
			Doc: "an RFC 3339 instant; options.from and options.to (dates, from <= to) bound it"}, checkDate},
		{GenerateRule{Name: RuleNumber, Types: []string{TypeNumber, TypeInteger}, Options: []string{"min", "max", "decimals"},
			Doc: "a number in [options.min, options.max] (min <= max) with options.decimals (0 to 10) decimal places; integer fields get whole numbers"}, checkNumber},
		{GenerateRule: GenerateRule{Name: RuleBoolean, Types: []string{TypeBoolean}, Doc: "true or false, equally likely"}},
		{GenerateRule{Name: RulePickOne, Types: all(), Options: []string{"values", "weights"}, Required: []string{"values"},
			Doc: "one of options.values (a non-empty list of values of the field's type), chosen with the relative options.weights (one non-negative number per value, not all zero) or uniformly"}, checkPickOne},
		{GenerateRule{Name: RuleConstant, Types: all(), Options: []string{"value"}, Required: []string{"value"},
			Doc: "always options.value, a value of the field's type"}, checkConstant},
		text(RuleCompany, "a company name"),
		text(RuleAddress, "a street address"),
		text(RuleCity, "a city name"),
		text(RuleCountry, "a country name"),
		text(RuleZipCode, "a postal code"),
		text(RuleAvatar, "the URL of an avatar image"),
		{GenerateRule{Name: RulePrice, Types: []string{TypeNumber}, Options: []string{"min", "max"},
			Doc: "a price with two decimal places in [options.min, options.max] (0 <= min <= max)"}, checkPrice},
		text(RulePassword, "a random password"),
	}
}

// GenerateRules returns every rule a field's generate.type may name, in a
// fixed order. The slice and its contents are new on each call.
func GenerateRules() []GenerateRule {
	defs := ruleDefs()
	rules := make([]GenerateRule, len(defs))
	for i, d := range defs {
		rules[i] = d.GenerateRule
	}
	return rules
}

// LookupGenerateRule returns the rule named name, and false if there is none.
func LookupGenerateRule(name string) (GenerateRule, bool) {
	for _, d := range ruleDefs() {
		if d.Name == name {
			return d.GenerateRule, true
		}
	}
	return GenerateRule{}, false
}

// CheckGenerate reports what is wrong with g as the generate rule of field
// f: an unknown rule, a rule that cannot fill f's type, an unknown option,
// a missing required option, or an option of the wrong type or out of
// range. Paths are relative to g ("type", "options.weights"); [Spec.Validate]
// prefixes them with the field's path. A nil g has no problems; a nil f, or
// one of an unknown type, skips the checks that depend on the field's type.
func CheckGenerate(g *Generate, f *Field) []Problem {
	if g == nil {
		return nil
	}
	var r report
	defs := ruleDefs()
	i := slices.IndexFunc(defs, func(d ruleDef) bool { return d.Name == g.Type })
	if i < 0 {
		names := make([]string, len(defs))
		for j, d := range defs {
			names[j] = d.Name
		}
		if g.Type == "" {
			r.add("type", "type is required (want one of %s)", strings.Join(names, ", "))
		} else {
			r.add("type", "unknown rule %s (want one of %s)", quote(g.Type), strings.Join(names, ", "))
		}
		return r.problems
	}
	d := defs[i]
	typ := ""
	if f != nil && knownType(f.Type) {
		typ = f.Type
		if !slices.Contains(d.Types, typ) {
			r.add("type", "rule %s cannot fill a %s field (it fills %s fields)", quote(d.Name), typ, strings.Join(d.Types, " and "))
		}
	}
	keys := make([]string, 0, len(g.Options))
	for k := range g.Options {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(d.Options, k) {
			continue
		}
		if len(d.Options) == 0 {
			r.add(child("options", k), "rule %s takes no options", quote(d.Name))
		} else {
			r.add(child("options", k), "unknown option for rule %s (want %s)", quote(d.Name), strings.Join(d.Options, " or "))
		}
	}
	for _, k := range d.Required {
		if _, ok := g.Options[k]; !ok {
			r.add(child("options", k), "rule %s needs options.%s", quote(d.Name), k)
		}
	}
	if d.check != nil {
		d.check(&optionCheck{report: &r, rule: d.Name, opts: g.Options, typ: typ})
	}
	return r.problems
}

// optionCheck is what a rule's check of its options works with.
type optionCheck struct {
	*report
	rule string
	opts map[string]any
	typ  string // the field's type, or "" when unknown
}

// path returns the path of option key.
func (c *optionCheck) path(key string) string { return child("options", key) }

// number reads option key as a finite number; ok is false when it is
// absent or reported.
func (c *optionCheck) number(key string) (float64, bool) {
	v, present := c.opts[key]
	if !present || v == nil {
		return 0, false
	}
	f, ok := toFloat(v)
	if !ok {
		c.add(c.path(key), "want a finite number, got %s", describe(v))
	}
	return f, ok
}

// text reads option key as a string; ok is false when it is absent or
// reported.
func (c *optionCheck) text(key string) (string, bool) {
	v, present := c.opts[key]
	if !present || v == nil {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		c.add(c.path(key), "want a string, got %s", describe(v))
	}
	return s, ok
}

// typed checks that v, at path, is a value of the field's type.
func (c *optionCheck) typed(path string, v any) {
	if c.typ != "" && !valueMatches(c.typ, v) {
		c.add(path, "%s is not %s", describe(v), typeNoun(c.typ))
	}
}

// bounds reads options min and max and checks min <= max.
func (c *optionCheck) bounds() (lo, hi float64, hasLo, hasHi bool) {
	lo, hasLo = c.number("min")
	hi, hasHi = c.number("max")
	if hasLo && hasHi && lo > hi {
		c.add(c.path("min"), "min %s is greater than max %s", formatFloat(lo), formatFloat(hi))
	}
	return lo, hi, hasLo, hasHi
}

func checkEmail(c *optionCheck) {
	d, ok := c.text("domain")
	if !ok {
		return
	}
	if d == "" || strings.ContainsAny(d, "@ \t\r\n") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		c.add(c.path("domain"), "invalid domain %s (want a host name like \"example.com\")", quote(d))
	}
}

func checkDate(c *optionCheck) {
	var ends [2]struct {
		ok bool
		t  time.Time
		s  string
	}
	for i, key := range []string{"from", "to"} {
		s, ok := c.text(key)
		if !ok {
			continue
		}
		t, ok := ParseDate(s)
		if !ok {
			c.add(c.path(key), "%s is not %s", quote(s), typeNoun(TypeDate))
			continue
		}
		ends[i].ok, ends[i].t, ends[i].s = true, t, s
	}
	if ends[0].ok && ends[1].ok && ends[0].t.After(ends[1].t) {
		c.add(c.path("from"), "from %s is after to %s", quote(ends[0].s), quote(ends[1].s))
	}
}

func checkNumber(c *optionCheck) {
	lo, hi, hasLo, hasHi := c.bounds()
	if d, ok := c.number("decimals"); ok {
		switch {
		case d != math.Trunc(d) || d < 0 || d > 10:
			c.add(c.path("decimals"), "decimals %s out of range (want a whole number from 0 to 10)", formatFloat(d))
		case c.typ == TypeInteger && d != 0:
			c.add(c.path("decimals"), "decimals must be 0 for an integer field, got %s", formatFloat(d))
		}
	}
	if c.typ == TypeInteger && hasLo && hasHi && lo <= hi && math.Ceil(lo) > math.Floor(hi) {
		c.add(c.path("min"), "no whole number between min %s and max %s", formatFloat(lo), formatFloat(hi))
	}
}

func checkPrice(c *optionCheck) {
	lo, hi, hasLo, hasHi := c.bounds()
	if hasLo && lo < 0 {
		c.add(c.path("min"), "min must be 0 or more, got %s", formatFloat(lo))
	}
	if hasHi && hi < 0 {
		c.add(c.path("max"), "max must be 0 or more, got %s", formatFloat(hi))
	}
}

func checkPickOne(c *optionCheck) {
	raw, present := c.opts["values"]
	if !present {
		return
	}
	values, ok := toList(raw)
	if !ok {
		c.add(c.path("values"), "want a list of values, got %s", describe(raw))
		return
	}
	if len(values) == 0 {
		c.add(c.path("values"), "values must list at least one value")
		return
	}
	for i, v := range values {
		c.typed(elem(c.path("values"), i), v)
	}
	rawW, present := c.opts["weights"]
	if !present || rawW == nil {
		return
	}
	weights, ok := toList(rawW)
	if !ok {
		c.add(c.path("weights"), "want a list of numbers, got %s", describe(rawW))
		return
	}
	if len(weights) != len(values) {
		c.add(c.path("weights"), "%d weights for %d values", len(weights), len(values))
		return
	}
	sum, bad := 0.0, false
	for i, w := range weights {
		n, ok := toFloat(w)
		if !ok || n < 0 {
			c.add(elem(c.path("weights"), i), "weight %s is not a number of 0 or more", describe(w))
			bad = true
			continue
		}
		sum += n
	}
	if !bad && !(sum > 0 && !math.IsInf(sum, 0)) {
		c.add(c.path("weights"), "weights sum to %s (want a positive, finite sum)", strconv.FormatFloat(sum, 'g', -1, 64))
	}
}

func checkConstant(c *optionCheck) {
	v, present := c.opts["value"]
	if !present {
		return
	}
	c.typed(c.path("value"), v)
}
