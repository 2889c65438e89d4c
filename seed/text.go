package seed

import "strings"

// Word returns a lorem ipsum word, like "voluptatem".
func (f *Faker) Word() string { return f.words(1)[0] }

// Words returns n lorem ipsum words (none when n <= 0; at most 10,000).
func (f *Faker) Words(n int) []string {
	return f.words(min(max(n, 0), maxWords))
}

// maxWords bounds the words asked of Words, so a hostile count cannot
// exhaust memory.
const maxWords = 10_000

// Sentence returns a sentence of 5 to 12 lorem words, capitalised and ending
// with a full stop.
func (f *Faker) Sentence() string {
	var b strings.Builder
	b.Grow(96)
	f.writeSentence(&b, loremWords)
	return b.String()
}

// writeSentence writes 5 to 12 words from list, the first capitalised,
// and a full stop.
func (f *Faker) writeSentence(b *strings.Builder, list []string) {
	n := f.IntBetween(5, 12)
	for i := range n {
		w := pick(f, list)
		if i == 0 {
			if w != "" && 'a' <= w[0] && w[0] <= 'z' {
				b.WriteByte(w[0] - 'a' + 'A')
				w = w[1:]
			}
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
}

// Paragraph returns 3 to 6 sentences separated by spaces.
func (f *Faker) Paragraph() string {
	list := loremWords
	n := f.IntBetween(3, 6)
	var b strings.Builder
	b.Grow(n * 80)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		f.writeSentence(&b, list)
	}
	return b.String()
}

// Title returns 2 to 6 capitalised lorem words, like "Quia Dolor Sit".
func (f *Faker) Title() string {
	w := f.words(f.IntBetween(2, 6))
	for i := range w {
		w[i] = capitalize(w[i])
	}
	return strings.Join(w, " ")
}

// Slug returns 2 to 4 lorem words joined by hyphens, like "dolor-sit-amet".
func (f *Faker) Slug() string {
	return strings.Join(f.words(f.IntBetween(2, 4)), "-")
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	return string(w[0]-'a'+'A') + w[1:]
}
