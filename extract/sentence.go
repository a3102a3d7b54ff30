package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSentence is the longest sentence read, in bytes.
const maxSentence = 1000

// Sentence is a sentence of a document's text, from Start to End.
type Sentence struct {
	Start, End int
	Text       string // with its breaks made spaces
}

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "cllr": true,
	"no": true, "nos": true, "ep": true, "vs": true, "v": true, "etc": true, "e.g": true, "i.e": true,
	"approx": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "inc": true,
	"ltd": true, "co": true, "rt": true, "hon": true, "jr": true, "sr": true, "fig": true,
	"p": true, "pp": true, "c": true, "ca": true, "cf": true, "gov": true, "govt": true, "dept": true,
}

// Sentences splits text into sentences. A sentence ends at a blank line,
// or at a full stop, question or exclamation mark (and the closing quotes
// or brackets after it) followed by a space and a capital, a digit or an
// opening quote; not after an abbreviation (Mr., No., Sept.), an initial
// (J. Smith, U.K.), or inside a decimal (3.4).
func Sentences(text string) []Sentence {
	var out []Sentence
	start := 0
	emitOne := func(from, end int) {
		s := strings.TrimSpace(text[from:end])
		if s != "" {
			lead := len(text[from:end]) - len(strings.TrimLeft(text[from:end], " \t\r\n"))
			out = append(out, Sentence{Start: from + lead, End: from + lead + len(s), Text: strings.Join(strings.Fields(s), " ")})
		}
	}
	emit := func(end int) {
		// A run of text with no sentence end is cut at a space every
		// maxSentence bytes, which bounds the work on one sentence.
		for end-start > maxSentence {
			cut := strings.LastIndexAny(text[start:start+maxSentence], " \n\t")
			if cut <= 0 {
				cut = maxSentence
				for cut < end-start && !utf8.RuneStart(text[start+cut]) {
					cut++
				}
			}
			emitOne(start, start+cut)
			start += cut
		}
		emitOne(start, end)
		start = end
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n':
			j := i + 1
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
				j++
			}
			if j < len(text) && text[j] == '\n' {
				emit(i)
				i = j
			}
		case c == '.' || c == '!' || c == '?':
			j := i + 1
			for j < len(text) && strings.ContainsRune(`"')]’”`, rune(text[j])) {
				j++
			}
			for j < len(text) && text[j] >= 0x80 {
				r, size := utf8.DecodeRuneInString(text[j:])
				if r != '’' && r != '”' {
					break
				}
				j += size
			}
			if j >= len(text) || (text[j] != ' ' && text[j] != '\n' && text[j] != '\t') {
				continue
			}
			if c == '.' && !endsSentence(text[:i]) {
				continue
			}
			k := j
			for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
				k++
			}
			if k < len(text) && startsSentence(text[k:]) {
				emit(j)
			}
		}
	}
	emit(len(text))
	return out
}

// endsSentence reports whether a full stop after before ends a sentence:
// not after an abbreviation or an initial.
func endsSentence(before string) bool {
	i := len(before)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:i])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		i -= size
	}
	word := before[i:]
	if word == "" {
		return true
	}
	if abbreviations[strings.ToLower(word)] {
		return false
	}
	// An initial, or letters with stops such as U.K.
	r, _ := utf8.DecodeRuneInString(word)
	return !(utf8.RuneCountInString(word) == 1 && unicode.IsUpper(r) || strings.Contains(word, "."))
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'‘“£$€(`, r)
}
