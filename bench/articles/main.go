// Command articles scores figcheck's reading of articles against the
// ground truth written by hand for the corpus beside it: figure recall and
// precision (by span, and by value), claim recall and precision, planted
// errors found and false alarms.
//
//	go run ./bench/articles [CORPUS-DIR TRUTH-FILE]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck"
	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/figures"
)

// truth is the ground truth of a corpus, by file.
type truth struct {
	Files map[string]struct {
		Figures   [][]any `yaml:"figures"`   // [line, text]
		Claims    [][]any `yaml:"claims"`    // [line, figure texts...]
		Undecided [][]any `yaml:"undecided"` // [line, figure text]
		Errors    [][]any `yaml:"errors"`    // [line, what]
	} `yaml:"files"`
}

// score is what a run found, against the truth.
type score struct {
	figures, extracted, spanHits, valueHits int
	claims, claimsFound, claimHits          int
	undecided, undecidedFound               int
	errors, errorsFound, falseAlarms        int
	missed, alarms                          []string
}

func main() {
	dir, truthFile := filepath.Join("bench", "articles", "corpus"), filepath.Join("bench", "articles", "truth.yaml")
	if len(os.Args) == 3 {
		dir, truthFile = os.Args[1], os.Args[2]
	}
	s, err := run(dir, truthFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	s.write(os.Stdout)
}

func line(v any) int { n, _ := v.(int); return n }
func text(v any) string {
	s, _ := v.(string)
	return s
}

// run reads the corpus as figcheck check does and scores it.
func run(dir, truthFile string) (*score, error) {
	src, err := os.ReadFile(truthFile)
	if err != nil {
		return nil, err
	}
	var t truth
	if err := yaml.Unmarshal(src, &t); err != nil {
		return nil, fmt.Errorf("%s: %v", truthFile, err)
	}
	cfg, err := figcheck.Resolve([]string{dir}, figcheck.Overrides{})
	if err != nil {
		return nil, err
	}
	r, err := figcheck.Load(cfg)
	if err != nil {
		return nil, err
	}
	res, err := r.Check(context.Background(), checker.Options{})
	if err != nil {
		return nil, err
	}
	s := &score{}
	// Figures: by line and text (the span), and by line and value.
	type place struct {
		file string
		line int
	}
	type got struct {
		text string
		v    float64
	}
	extracted := map[place][]got{}
	type claimKey struct {
		file string
		line int
		figs string
	}
	claims := map[claimKey]bool{}
	undecided := map[place]int{}
	for _, a := range r.Articles {
		file := filepath.Base(a.Doc.Path)
		if _, ok := t.Files[file]; !ok {
			continue // a file with no ground truth, such as a folder's README, is not scored
		}
		for _, f := range a.Figures {
			p := place{file, f.Pos.Line}
			extracted[p] = append(extracted[p], got{f.Text, f.Value.Num.V})
			s.extracted++
		}
		for _, c := range a.Claims {
			var texts []string
			for _, fi := range c.Figures {
				texts = append(texts, a.Figures[fi].Text)
			}
			claims[claimKey{file, a.Doc.Pos(a.Sentences[c.Sentence].Start).Line, key(texts)}] = true
			s.claimsFound++
		}
		for _, u := range a.Undecided {
			undecided[place{file, a.Doc.Pos(a.Sentences[u.Sentence].Start).Line}]++
			s.undecidedFound++
		}
	}
	for file, ft := range t.Files {
		for _, tf := range ft.Figures {
			s.figures++
			p := place{file, line(tf[0])}
			want, err := figures.Parse(text(tf[1]), figures.AsWritten)
			if _, bare, ok := strings.Cut(text(tf[1]), " "); err != nil && ok {
				want, err = figures.Parse(bare, figures.AsWritten) // a hedge figures does not read
			}
			for _, g := range extracted[p] {
				if g.text == text(tf[1]) {
					s.spanHits++
				}
				if err == nil && g.v == want.Num.V && strings.Contains(g.text, strings.Fields(text(tf[1]))[len(strings.Fields(text(tf[1])))-1]) {
					s.valueHits++
					break
				}
			}
		}
		for _, tc := range ft.Claims {
			s.claims++
			var texts []string
			for _, v := range tc[1:] {
				texts = append(texts, text(v))
			}
			found := false
			for k := range claims {
				if k.file == file && k.line == line(tc[0]) && sameFigures(k.figs, texts) {
					found = true
				}
			}
			if found {
				s.claimHits++
			} else {
				s.missed = append(s.missed, fmt.Sprintf("claim %s:%d %s", file, line(tc[0]), strings.Join(texts, ", ")))
			}
		}
		for _, tu := range ft.Undecided {
			s.undecided++
			if undecided[place{file, line(tu[0])}] > 0 {
				undecided[place{file, line(tu[0])}]--
				continue
			}
			s.missed = append(s.missed, fmt.Sprintf("undecided %s:%d %s", file, line(tu[0]), text(tu[1])))
		}
		s.errors += len(ft.Errors)
	}
	// Errors: a failing finding is a planted error when its claim's
	// sentence, or one of its figures, is on the error's line.
	found := map[string]bool{}
	for _, f := range res.Findings {
		lines := []place{{filepath.Base(f.Rule.Pos.File), f.Rule.Pos.Line}}
		for _, u := range f.Figures {
			lines = append(lines, place{filepath.Base(u.Pos.File), u.Pos.Line})
		}
		hit := ""
		for file, ft := range t.Files {
			for _, e := range ft.Errors {
				for _, l := range lines {
					if l.file == file && l.line == line(e[0]) && f.Rule.Pos.File != "" && hit == "" {
						hit = fmt.Sprintf("%s:%d", file, line(e[0]))
					}
				}
			}
		}
		if hit == "" {
			s.falseAlarms++
			s.alarms = append(s.alarms, fmt.Sprintf("%s %s: %s", f.Rule.ID, f.Pos, f.Computation))
			continue
		}
		found[hit] = true
	}
	s.errorsFound = len(found)
	for file, ft := range t.Files {
		for _, e := range ft.Errors {
			if !found[fmt.Sprintf("%s:%d", file, line(e[0]))] {
				s.missed = append(s.missed, fmt.Sprintf("error %s:%d %s", file, line(e[0]), text(e[1])))
			}
		}
	}
	sort.Strings(s.missed)
	return s, nil
}

// key is a claim's figures, in one order.
func key(texts []string) string {
	texts = slices.Clone(texts)
	sort.Strings(texts)
	return strings.Join(texts, "|")
}

// sameFigures reports whether a claim's figures, as extracted, are the
// truth's: each written the same, or with a hedge before it.
func sameFigures(got string, want []string) bool {
	gs := strings.Split(got, "|")
	if len(gs) != len(want) {
		return false
	}
	for _, w := range want {
		ok := false
		for _, g := range gs {
			ok = ok || g == w || strings.HasSuffix(g, " "+w)
		}
		if !ok {
			return false
		}
	}
	return true
}

func pct(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

func (s *score) write(w io.Writer) {
	fmt.Fprintf(w, "figures   %d written down, %d extracted\n", s.figures, s.extracted)
	fmt.Fprintf(w, "  by span   recall %s (%d), precision %s\n", pct(s.spanHits, s.figures), s.spanHits, pct(s.spanHits, s.extracted))
	fmt.Fprintf(w, "  by value  recall %s (%d), precision %s\n", pct(s.valueHits, s.figures), s.valueHits, pct(s.valueHits, s.extracted))
	fmt.Fprintf(w, "claims    %d written down, %d found: recall %s (%d), precision %s\n", s.claims, s.claimsFound, pct(s.claimHits, s.claims), s.claimHits, pct(s.claimHits, s.claimsFound))
	fmt.Fprintf(w, "undecided %d written down, %d counted\n", s.undecided, s.undecidedFound)
	fmt.Fprintf(w, "errors    %d planted, %d found, %d false alarms\n", s.errors, s.errorsFound, s.falseAlarms)
	for _, m := range s.missed {
		fmt.Fprintln(w, "  missed", m)
	}
	for _, a := range s.alarms {
		fmt.Fprintln(w, "  false alarm", a)
	}
}
