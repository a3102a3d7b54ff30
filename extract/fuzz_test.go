package extract

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

var fuzzExts = []string{".txt", ".md", ".html", ".rss"}

// FuzzExtract reads any bytes as each kind of article: no panic, every
// figure's span holds its text, and the figure set and rule file written
// read back without error, in bounded time.
func FuzzExtract(f *testing.F) {
	for _, seed := range []string{
		"Councils had 34,300 social workers in 2024, up four per cent on 2023.",
		"Leavers fell from 540 in 2023 to 470 in 2024, a fall of 21%.",
		"# Title\n\n3,120 out of 8,400 (37%) left. More in London (640) than in Kent (560).",
		"<p>London had 1,650 agency workers, 28% of the 6,520 in England.</p><script>1</script>",
		"<rss><item><title>A</title><description>&lt;p&gt;9 vacancies&lt;/p&gt;</description></item></rss>",
		"It rose by 250 (4.1%) to 6,350 \"from 6,100\". £1.2m; 2.5 percentage points; nearly 18; 2023-24.",
	} {
		for k := range fuzzExts {
			f.Add([]byte(seed), uint8(k))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		path := "a" + fuzzExts[int(kind)%len(fuzzExts)]
		// No input may take 5 seconds: the fuzzer cannot stop a call that
		// hangs, so the watchdog stops the process, naming the input.
		watch := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("figcheck extract hangs on %q as %s", data, path)) })
		defer watch.Stop()
		docs, err := Read(path, data)
		if err != nil {
			return
		}
		for _, d := range docs {
			a := Extract(d, "")
			for _, fig := range a.Figures {
				if a.Doc.Text[fig.Start:fig.End] != fig.Text || !strings.HasSuffix(fig.Text, fig.ValueText) {
					t.Fatalf("figure %q has span %q and value %q", fig.Text, a.Doc.Text[fig.Start:fig.End], fig.ValueText)
				}
			}
			set, err := figures.ReadSet("a.figures.yaml", a.FigureSet())
			if err != nil {
				t.Fatalf("the figure set does not read: %v\n%s", err, a.FigureSet())
			}
			if len(set.Figures) != len(a.Figures) {
				t.Fatalf("%d figures read back of %d", len(set.Figures), len(a.Figures))
			}
			// The set checked in memory is the set written.
			mem := a.Set("a.figures.yaml")
			if mem.Name != set.Name {
				t.Fatalf("set %q in memory, %q written", mem.Name, set.Name)
			}
			for i := range set.Figures {
				w, g := set.Figures[i], mem.Figures[i]
				w.Pos, g.Pos = position.Pos{}, position.Pos{}
				if !reflect.DeepEqual(w, g) {
					t.Fatalf("figure in memory %+v, written %+v", g, w)
				}
			}
			written, err := rules.Read("a.claims.yaml", a.RuleFile())
			if err != nil {
				t.Fatalf("the rule file does not read: %v\n%s", err, a.RuleFile())
			}
			// The rules checked in memory are the rules written.
			if msg := sameRules(a.Rules(), written.Rules); msg != "" {
				t.Fatalf("%s\n%s", msg, a.RuleFile())
			}
		}
	})
}

// sameRules says how the rules made in memory differ from those read from
// the file written of them, or returns "".
func sameRules(mem, written []*rules.Rule) string {
	if len(mem) != len(written) {
		return fmt.Sprintf("%d rules in memory, %d written", len(mem), len(written))
	}
	for i, m := range mem {
		w := written[i]
		if m.ID != w.ID || m.Title != w.Title || m.Description != w.Description || m.Severity != w.Severity ||
			m.Assert.Text != w.Assert.Text || m.Tolerance != w.Tolerance || m.SameFigure != w.SameFigure {
			return fmt.Sprintf("rule in memory %+v, written %+v", *m, *w)
		}
	}
	return ""
}

// TestRuleFiles checks that the rule files written read back as the rules
// made in memory, for the claims of every kind and the rule for figures
// stated twice.
func TestRuleFiles(t *testing.T) {
	docs, err := Read("a.md", []byte("Leavers fell from 540 in 2023 to 470 in 2024, a fall of 13%. Vacancies doubled from 150 to 320. "+
		"3,120 out of 8,400 (37%) left: 640 in London, 560 in Kent and 150 elsewhere, a total of 1,350. It rose by 4% on 2022."))
	if err != nil {
		t.Fatal(err)
	}
	a := Extract(docs[0], "")
	for _, c := range []struct {
		name string
		mem  []*rules.Rule
		file []byte
	}{{"claims", a.Rules(), a.RuleFile()}, {"same figure", []*rules.Rule{SameFigureRule()}, SameFigureFile()}} {
		written, err := rules.Read("a.claims.yaml", c.file)
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.name, err, c.file)
		}
		if msg := sameRules(c.mem, written.Rules); msg != "" {
			t.Errorf("%s: %s\n%s", c.name, msg, c.file)
		}
	}
	kinds := map[ClaimKind]bool{}
	for _, c := range a.Claims {
		kinds[c.Kind] = true
	}
	if len(kinds) < 4 || len(a.Undecided) == 0 {
		t.Errorf("the text makes claims of %d kinds and %d undecided, want at least 4 kinds and one undecided:\n%s", len(kinds), len(a.Undecided), a.RuleFile())
	}
}

// TestLargeInput bounds the time of one long run of figures with no
// sentence end: the work per sentence is bounded.
func TestLargeInput(t *testing.T) {
	text := strings.Repeat("from 1 in 2020 to 2 in 2021 in London, a rise of 3% and more (4) than 5 ", 8000)
	start := time.Now()
	docs, _ := Read("a.txt", []byte(text))
	a := Extract(docs[0], "")
	if len(a.Figures) == 0 {
		t.Fatal("no figures")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("%d bytes took %v", len(text), d)
	}
	t.Logf("%d bytes, %d figures, %d claims in %v", len(text), len(a.Figures), len(a.Claims), time.Since(start))
}
