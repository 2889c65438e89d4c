package seed

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// patternGen makes strings that match a regular expression, by walking its
// syntax tree with random choices. Unbounded repeats (*, +, {n,}) stop after
// a few more than their minimum.
type patternGen struct {
	re   *regexp.Regexp
	tree *syntax.Regexp
}

// Limits that keep a hostile pattern from making huge strings.
const (
	maxPatternLen    = 1000 // characters of the pattern itself
	maxRepeatExtra   = 8    // extra repetitions of an unbounded repeat
	maxPatternOutput = 4096 // bytes a generated string may reach
)

var errNoMatch = errors.New("the pattern can match nothing")

func newPatternGen(expr string) (*patternGen, error) {
	if len(expr) > maxPatternLen {
		return nil, fmt.Errorf("pattern longer than %d characters", maxPatternLen)
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("bad pattern: %w", err)
	}
	tree, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("bad pattern: %w", err)
	}
	return &patternGen{re: re, tree: tree.Simplify()}, nil
}

// generate returns a candidate string. It usually matches; the caller checks
// with match, since anchors, word boundaries and case folding are only
// approximated.
func (p *patternGen) generate(f *Faker) string {
	var b strings.Builder
	p.walk(f, p.tree, &b)
	return b.String()
}

// match reports whether s matches the pattern.
func (p *patternGen) match(s string) bool { return p.re.MatchString(s) }

func (p *patternGen) walk(f *Faker, t *syntax.Regexp, b *strings.Builder) {
	if b.Len() > maxPatternOutput {
		return
	}
	switch t.Op {
	case syntax.OpLiteral:
		for _, r := range t.Rune {
			if t.Flags&syntax.FoldCase != 0 && f.Bool() {
				r = unicode.SimpleFold(r)
			}
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(pickRune(f, t.Rune))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte(alnum[f.Intn(len(alnum))])
	case syntax.OpCapture:
		p.walk(f, t.Sub[0], b)
	case syntax.OpConcat:
		for _, s := range t.Sub {
			p.walk(f, s, b)
		}
	case syntax.OpAlternate:
		p.walk(f, t.Sub[f.Intn(len(t.Sub))], b)
	case syntax.OpStar:
		p.repeat(f, t.Sub[0], 0, -1, b)
	case syntax.OpPlus:
		p.repeat(f, t.Sub[0], 1, -1, b)
	case syntax.OpQuest:
		p.repeat(f, t.Sub[0], 0, 1, b)
	case syntax.OpRepeat:
		p.repeat(f, t.Sub[0], t.Min, t.Max, b)
	}
	// Empty-width ops (anchors, boundaries) and OpEmptyMatch write nothing;
	// OpNoMatch cannot be satisfied and is caught by match.
}

func (p *patternGen) repeat(f *Faker, sub *syntax.Regexp, lo, hi int, b *strings.Builder) {
	if hi < 0 {
		hi = lo + maxRepeatExtra
	}
	n := f.IntBetween(lo, hi)
	for i := 0; i < n && b.Len() <= maxPatternOutput; i++ {
		p.walk(f, sub, b)
	}
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// pickRune picks a rune from a character class given as [lo, hi] pairs,
// preferring letters and digits, then printable ASCII, then anything.
func pickRune(f *Faker, ranges []rune) rune {
	if len(ranges) < 2 {
		return 'x'
	}
	for _, pref := range [...][2]rune{{'0', 'z'}, {' ', '~'}} {
		if r, ok := pickWithin(f, ranges, pref[0], pref[1], pref[0] == '0'); ok {
			return r
		}
	}
	r, _ := pickWithin(f, ranges, 0, unicode.MaxRune, false)
	return r
}

// pickWithin picks uniformly among the runes of ranges inside [lo, hi]
// (only letters and digits when alnumOnly), reporting false if none.
func pickWithin(f *Faker, ranges []rune, lo, hi rune, alnumOnly bool) (rune, bool) {
	var candidates [][2]rune
	total := 0
	add := func(a, z rune) {
		if a <= z {
			candidates = append(candidates, [2]rune{a, z})
			total += int(z-a) + 1
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		a, z := max(ranges[i], lo), min(ranges[i+1], hi)
		if !alnumOnly {
			add(a, z)
			continue
		}
		for _, part := range [...][2]rune{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}} {
			add(max(a, part[0]), min(z, part[1]))
		}
	}
	if total == 0 {
		return 0, false
	}
	k := f.Intn(total)
	for _, c := range candidates {
		n := int(c[1]-c[0]) + 1
		if k < n {
			r := c[0] + rune(k)
			if r >= 0xD800 && r <= 0xDFFF { // surrogates are not valid runes
				r = 'x'
			}
			return r, true
		}
		k -= n
	}
	return candidates[0][0], true
}
