package checker

import (
	"context"
	"testing"

	"github.com/figcheck/figcheck/figures"
	"github.com/figcheck/figcheck/rules"
)

// TestProvenanceReachesFindings: what a figure set says of a figure, its
// identity, unit, quote, document and address, is in the findings that
// rest on it, for assertions and for the same-figure rule alike.
func TestProvenanceReachesFindings(t *testing.T) {
	set, err := figures.ReadSet("figures.yaml", []byte(`document: Draft article
url: https://example.org/draft
figures:
  fte_2024:
    value: "34,300"
    measure: inpost_fte
    period: "2024"
    area: England
    unit: FTE
    quote: Councils had 34,300 FTE social workers
  fte_again:
    value: "34,900"
    measure: inpost_fte
    period: "2024"
    area: England
    document: Summary
`))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := rules.Read("rules.yaml", []byte("rules:\n  - {id: equal, title: t, assert: fte_2024 == fte_again}\n  - {id: same, title: t, same_figure: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(rs, []*figures.Set{set})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := Provenance{Measure: "inpost_fte", Period: "2024", Area: "England", Unit: "FTE",
		Quote: "Councils had 34,300 FTE social workers", Document: "Draft article", URL: "https://example.org/draft"}
	second := Provenance{Measure: "inpost_fte", Period: "2024", Area: "England", Document: "Summary", URL: "https://example.org/draft"}
	if len(res.Findings) != 2 {
		t.Fatalf("%d findings, want 2: %+v", len(res.Findings), res.Findings)
	}
	for _, f := range res.Findings {
		if len(f.Figures) != 2 {
			t.Fatalf("%s: figures %+v", f.Rule.ID, f.Figures)
		}
		if got := f.Figures[0].Provenance; got != first {
			t.Errorf("%s: first figure's provenance %+v, want %+v", f.Rule.ID, got, first)
		}
		if got := f.Figures[1].Provenance; got != second {
			t.Errorf("%s: second figure's provenance %+v, want %+v", f.Rule.ID, got, second)
		}
	}
}
