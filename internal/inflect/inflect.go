// Package inflect makes English nouns plural the way json-server's
// pluralize module does for the names people give resources: postId names
// posts, categoryId categories, personId people. It covers the regular
// rules, the common irregular and uncountable nouns, and keeps a word that
// is already plural as it is.
package inflect

import "strings"

// irregular are nouns whose plural follows no rule.
var irregular = map[string]string{
	"person": "people", "man": "men", "woman": "women", "child": "children",
	"tooth": "teeth", "foot": "feet", "mouse": "mice", "goose": "geese",
	"ox": "oxen", "die": "dice", "quiz": "quizzes", "index": "indices",
	"matrix": "matrices", "vertex": "vertices", "criterion": "criteria",
	"datum": "data", "medium": "media", "analysis": "analyses",
}

// uncountable are nouns whose plural is themselves.
var uncountable = map[string]bool{
	"sheep": true, "fish": true, "deer": true, "series": true, "species": true,
	"news": true, "information": true, "equipment": true, "rice": true,
	"money": true, "music": true, "data": true, "media": true, "feedback": true,
	"software": true, "staff": true, "people": true, "children": true, "men": true,
	"women": true, "police": true, "traffic": true, "metadata": true,
}

// fves are the words in f or fe whose plural ends in ves.
var fves = map[string]bool{
	"knife": true, "wife": true, "life": true, "leaf": true, "half": true,
	"shelf": true, "wolf": true, "calf": true, "loaf": true, "thief": true,
	"elf": true, "self": true,
}

// Plural is the plural of word, its case kept for the rules (a word in
// capitals gets its ending in capitals too).
func Plural(word string) string {
	if word == "" {
		return ""
	}
	lower := strings.ToLower(word)
	upper := word == strings.ToUpper(word) && lower != word
	out := plural(lower)
	if lower == word {
		return out
	}
	if upper {
		return strings.ToUpper(out)
	}
	// Keep the word as typed and add the new ending.
	common := 0
	for common < len(lower) && common < len(out) && lower[common] == out[common] {
		common++
	}
	return word[:common] + out[common:]
}

func plural(w string) string {
	if uncountable[w] {
		return w
	}
	if p, ok := irregular[w]; ok {
		return p
	}
	for _, p := range irregular {
		if w == p {
			return w
		}
	}
	n := len(w)
	last := w[n-1]
	switch {
	case fves[w]:
		if strings.HasSuffix(w, "fe") {
			return w[:n-2] + "ves"
		}
		return w[:n-1] + "ves"
	case strings.HasSuffix(w, "sis"):
		return w[:n-3] + "ses"
	case last == 'y' && n > 1 && !vowel(w[n-2]):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "quy"):
		return w[:n-1] + "ies"
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "sh"), strings.HasSuffix(w, "ch"),
		strings.HasSuffix(w, "zz"), last == 'x':
		return w + "es"
	case strings.HasSuffix(w, "us") && n > 2 && !strings.ContainsRune("aou", rune(w[n-3])):
		return w + "es"
	case strings.HasSuffix(w, "hero"), strings.HasSuffix(w, "tomato"), strings.HasSuffix(w, "potato"), strings.HasSuffix(w, "echo"):
		return w + "es"
	case last == 's':
		// Already plural: posts, users.
		return w
	}
	return w + "s"
}

// vowel reports whether c is an English vowel letter.
func vowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
