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
func (f *Faker) Sentence() string { return f.sentence(5, 12) }

func (f *Faker) sentence(lo, hi int) string {
	w := f.words(f.IntBetween(lo, hi))
	return joinSentence(w)
}

func joinSentence(w []string) string {
	if len(w) == 0 {
		return ""
	}
	w[0] = capitalize(w[0])
	return strings.Join(w, " ") + "."
}

// Paragraph returns 3 to 6 sentences separated by spaces.
func (f *Faker) Paragraph() string { return f.paragraph(3, 6) }

func (f *Faker) paragraph(lo, hi int) string {
	sizes := make([]int, f.IntBetween(lo, hi))
	total := 0
	for i := range sizes {
		sizes[i] = f.IntBetween(5, 12)
		total += sizes[i]
	}
	w := f.words(total)
	var b strings.Builder
	for i, n := range sizes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(joinSentence(w[:n]))
		w = w[n:]
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
