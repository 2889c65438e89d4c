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
	re *regexp.Regexp
	// tree is nil for a pattern too large to generate from: checking a long
	// candidate against it would cost too much, so values must come from a
	// generate rule.
	tree *syntax.Regexp
}

// Limits that keep a hostile pattern from making huge strings.
const (
	maxPatternLen    = 1000 // characters of the pattern itself
	maxPatternInsts  = 500  // instructions of the compiled pattern, to generate from it
	maxRepeatExtra   = 8    // extra repetitions of an unbounded repeat
	maxPatternOutput = 512  // bytes a generated string may reach
	maxPatternSteps  = 1 << 16
)

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
	tree = tree.Simplify()
	if prog, err := syntax.Compile(tree); err != nil || len(prog.Inst) > maxPatternInsts {
		tree = nil
	}
	return &patternGen{re: re, tree: tree}, nil
}

// generate returns a candidate string. It usually matches; the caller checks
// with match, since anchors, word boundaries and case folding are only
// approximated.
func (p *patternGen) generate(f *Faker) string {
	if p.tree == nil {
		return ""
	}
	w := patternWalk{f: f}
	w.walk(p.tree)
	return w.b.String()
}

// match reports whether s matches the pattern.
func (p *patternGen) match(s string) bool { return p.re.MatchString(s) }

// patternWalk is one walk of a pattern's syntax tree. Steps bounds the
// work, so that nested repeats of empty-width operators stay cheap.
type patternWalk struct {
	f     *Faker
	b     strings.Builder
	steps int
}

func (w *patternWalk) walk(t *syntax.Regexp) {
	w.steps++
	if w.b.Len() > maxPatternOutput || w.steps > maxPatternSteps {
		return
	}
	f := w.f
	switch t.Op {
	case syntax.OpLiteral:
		for _, r := range t.Rune {
			if t.Flags&syntax.FoldCase != 0 && f.Bool() {
				r = unicode.SimpleFold(r)
			}
			w.b.WriteRune(r)
		}
	case syntax.OpCharClass:
		w.b.WriteRune(pickRune(f, t.Rune))
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		w.b.WriteByte(alnum[f.Intn(len(alnum))])
	case syntax.OpCapture:
		w.walk(t.Sub[0])
	case syntax.OpConcat:
		for _, s := range t.Sub {
			w.walk(s)
		}
	case syntax.OpAlternate:
		w.walk(t.Sub[f.Intn(len(t.Sub))])
	case syntax.OpStar:
		w.repeat(t.Sub[0], 0, -1)
	case syntax.OpPlus:
		w.repeat(t.Sub[0], 1, -1)
	case syntax.OpQuest:
		w.repeat(t.Sub[0], 0, 1)
	case syntax.OpRepeat:
		w.repeat(t.Sub[0], t.Min, t.Max)
	}
	// Empty-width ops (anchors, boundaries) and OpEmptyMatch write nothing;
	// OpNoMatch cannot be satisfied and is caught by match.
}

func (w *patternWalk) repeat(sub *syntax.Regexp, lo, hi int) {
	if hi < 0 {
		hi = lo + maxRepeatExtra
	}
	n := w.f.IntBetween(lo, hi)
	for i := 0; i < n && w.b.Len() <= maxPatternOutput && w.steps <= maxPatternSteps; i++ {
		w.walk(sub)
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

// ErrNoMatch reports a pattern that Match could not make a string for.
var ErrNoMatch = errors.New("seed: no string generated for the pattern")

// Match returns a string that matches the regular expression pattern (Go
// syntax), made from the pattern itself as generated data is: unbounded
// repeats stop a few past their minimum. It tries a few times and then
// fails with an error wrapping ErrNoMatch; a pattern that does not compile,
// or compiles to more than a few hundred instructions, is an error too.
func (f *Faker) Match(pattern string) (string, error) {
	p, err := newPatternGen(pattern)
	if err != nil {
		return "", fmt.Errorf("seed: %w", err)
	}
	if p.tree == nil {
		return "", fmt.Errorf("%w: %q is too large to generate from", ErrNoMatch, pattern)
	}
	for range 16 {
		if s := p.generate(f); p.match(s) {
			return s, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrNoMatch, pattern)
}
