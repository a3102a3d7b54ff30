package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is what a token is.
type tokKind uint8

const (
	tWord   tokKind = iota // letters, and digits or hyphens or apostrophes inside: COVID-19, children's
	tNum                   // digits with the commas and points inside them: 34,300, 3.4
	tSymbol                // £ $ € % and other punctuation, one character each
)

// token is a word, number or symbol of a document's text.
type token struct {
	kind       tokKind
	text       string
	lower      string
	start, end int  // offsets in the document's text
	space      bool // whitespace comes before it
}

// tokenize splits text[start:end] into tokens whose offsets are in text.
func tokenize(text string, start, end int) []token {
	var toks []token
	space := true
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case unicode.IsLetter(r):
			j := i + size
			for j < end {
				r2, s2 := utf8.DecodeRuneInString(text[j:end])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += s2
					continue
				}
				if r2 == '-' || r2 == '\'' || r2 == '’' {
					if r3, _ := utf8.DecodeRuneInString(text[j+s2 : end]); j+s2 < end && (unicode.IsLetter(r3) || unicode.IsDigit(r3)) {
						j += s2
						continue
					}
				}
				break
			}
			toks = append(toks, token{kind: tWord, text: text[i:j], start: i, end: j, space: space})
			i = j
		case r >= '0' && r <= '9':
			j := i + 1
			for j < end {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < end && text[j+1] >= '0' && text[j+1] <= '9' {
					j += 2
					continue
				}
				break
			}
			toks = append(toks, token{kind: tNum, text: text[i:j], start: i, end: j, space: space})
			i = j
		default:
			toks = append(toks, token{kind: tSymbol, text: text[i : i+size], start: i, end: i + size, space: space})
			i += size
		}
		space = false
	}
	for k := range toks {
		toks[k].lower = strings.ToLower(strings.ReplaceAll(toks[k].text, "’", "'"))
	}
	return toks
}

// words reports whether the tokens from i spell the words of phrase
// (separated by single spaces), and how many tokens they take.
func words(toks []token, i int, phrase string) (int, bool) {
	n := 0
	for phrase != "" {
		if i+n >= len(toks) {
			return 0, false
		}
		w := toks[i+n].lower
		if w == "" || !strings.HasPrefix(phrase, w) || len(phrase) > len(w) && phrase[len(w)] != ' ' {
			return 0, false
		}
		phrase = phrase[min(len(w)+1, len(phrase)):]
		n++
	}
	return n, true
}

// wordsBefore reports whether the tokens just before i spell phrase.
func wordsBefore(toks []token, i int, phrase string) bool {
	n := strings.Count(phrase, " ") + 1
	if i-n < 0 {
		return false
	}
	_, ok := words(toks, i-n, phrase)
	return ok
}

// isAny reports whether token i is one of the words ws.
func isAny(toks []token, i int, ws ...string) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == tWord && slices.Contains(ws, toks[i].lower)
}

// isWord reports whether token i is a word of set.
func isWord(toks []token, i int, set map[string]bool) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == tWord && set[toks[i].lower]
}

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// union is set with the words ws too, as a new set.
func union(set map[string]bool, ws ...string) map[string]bool {
	out := setOf(ws...)
	for w := range set {
		out[w] = true
	}
	return out
}
