package dfa

import (
	"regexp"
	"testing"
)

var patterns = []string{
	`(?s).*a.{7}`,
	`(?s).*a.{8}`,
	`^E(92|12|06)[0-9]{6}$`,
	`^[0-9]{4}-Q[1-4]$`,
	`^[0-9]{4}(/[0-9]{2})?$`,
	`Q[1-4]`,
	`^$`,
	`$`,
	`^`,
	`a*`,
	`x+y`,
	`(?i)north`,
	`(?i)^k$`,
	`^.*$`,
	`^.+\.$`,
	`[^0-9]`,
	`^[^,]*$`,
	`ab|cd$`,
	`^ab|cd`,
	`\d+%$`,
	`^\s*$`,
	`é`,
	`^[a-z]é`,
	`(a|b)*abb`,
	`\bword\b`,
	`(?m)^x$`,
	`^(a+)+$`,
}

var values = []string{
	"", "E92000001", "E12000009", "E06000047", "E0600004", "E060000471", "E10000001", "e92000001",
	"2024-Q1", "2024-Q5", "2024", "2024/25", "2024/2", "Q3", "xQ3y",
	"a", "aa", "b", "xy", "xxxy", "x", "y", "North East", "NORTH", "K", "k", "\u212a",
	"abc.", "abc", ".", "12%", "12 %", "%", "   ", " \t", "ab", "cd", "xcd", "abx", "cdx",
	"é", "aé", "zé!", "café", "abb", "babb", "ababb", "word", "a word here", "x\ny", "\n", "line\nx",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "1,2", "\x00", "\x7f",
}

// TestAgreesWithRegexp holds the automaton to regexp on every pattern and
// value above.
func TestAgreesWithRegexp(t *testing.T) {
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		m := New(re)
		for _, v := range values {
			if got, want := m.MatchString(v), re.MatchString(v); got != want {
				t.Errorf("%q on %q: automaton %v, regexp %v", p, v, got, want)
			}
		}
	}
}

// TestBuildsAutomata checks that the patterns rules use get an automaton,
// and that those it cannot follow are left to regexp.
func TestBuildsAutomata(t *testing.T) {
	for _, tc := range []struct {
		pattern   string
		automaton bool
	}{
		{`^E(92|12|06)[0-9]{6}$`, true},
		{`^[0-9]{4}-Q[1-4]$`, true},
		{`(?i)north`, true},
		{`^.*$`, true},
		{`\bword\b`, false},
		{`(?m)^x$`, false},
		{`(?s).*a.{7}`, true},     // exactly maxStates states
		{`(?s).*a.{8}`, false},    // more states than maxStates
		{`^[a-z]{1,300}$`, false}, // more instructions than maxInsts
	} {
		m := New(regexp.MustCompile(tc.pattern))
		if got := m.states != nil; got != tc.automaton {
			t.Errorf("%q: automaton %v, want %v (%d states)", tc.pattern, got, tc.automaton, len(m.states))
		}
	}
}

// FuzzMatchString holds the automaton to regexp on any pattern and value.
func FuzzMatchString(f *testing.F) {
	for i, p := range patterns {
		f.Add(p, values[i%len(values)])
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		re, err := regexp.Compile(pattern)
		if err != nil {
			return
		}
		if got, want := New(re).MatchString(value), re.MatchString(value); got != want {
			t.Fatalf("%q on %q: automaton %v, regexp %v", pattern, value, got, want)
		}
	})
}

func BenchmarkMatchString(b *testing.B) {
	re := regexp.MustCompile(`^E(92|12|06)[0-9]{6}$`)
	m := New(re)
	for _, tc := range []struct {
		name  string
		match func(string) bool
	}{{"automaton", m.MatchString}, {"regexp", re.MatchString}} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				if !tc.match("E06000047") {
					b.Fatal("no match")
				}
			}
		})
	}
}
