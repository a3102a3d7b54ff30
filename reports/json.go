package reports

import (
	"io"
	"math"
	"strconv"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/locate"
	"github.com/figcheck/figcheck/position"
)

// jsonReporter writes the result as one JSON document whose shape is
// documented in the README and pinned by a golden file. Intervals are
// [low, high] pairs; an unbounded end is null.
type jsonReporter struct{}

// JSONVersion is the version of the JSON report's shape. It changes only
// when a field is removed or changes meaning. Version 2 renamed
// "suppressed" (what waivers and the baseline took out) to "accepted", so
// that it is not read as suppressed cells. Fields added since (the
// undecided claims of articles) leave it at 2.
const JSONVersion = 2

type jsonReport struct {
	Version  int                  `json:"version"`
	Summary  jsonSummary          `json:"summary"`
	Rules    []jsonRule           `json:"rules"`
	Findings []jsonFinding        `json:"findings"`
	Problems []jsonProblem        `json:"problems"`
	Accepted []checker.Acceptance `json:"accepted"`
	Inputs   []string             `json:"inputs"`
	// Undecided are the claims of articles found but not checked.
	Undecided []jsonUndecided `json:"undecided"`
}

// jsonUndecided is a claim of an article found but not checked: where the
// figure that makes it is, the figure, its sentence, and why.
type jsonUndecided struct {
	Location position.Pos `json:"location"`
	Document string       `json:"document"`
	Figure   string       `json:"figure"`
	Sentence string       `json:"sentence"`
	Reason   string       `json:"reason"`
}

type jsonSummary struct {
	Rules              int `json:"rules"`
	Evaluations        int `json:"evaluations"`
	Pass               int `json:"pass"`
	PassWithinRounding int `json:"pass_within_rounding"`
	Fail               int `json:"fail"`
	Skipped            int `json:"skipped"`
	Findings           int `json:"findings"`
	Problems           int `json:"problems"`
	Undecided          int `json:"undecided"`
}

type jsonRule struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Severity    string         `json:"severity"`
	Location    position.Pos   `json:"location"`
	Pass        int            `json:"pass"`
	Within      int            `json:"pass_within_rounding"`
	Fail        int            `json:"fail"`
	Skipped     int            `json:"skipped"`
	SkipReasons []checker.Skip `json:"skip_reasons"`
	Hidden      int            `json:"hidden_findings"`
	Engine      string         `json:"engine,omitempty"`
}

type jsonFinding struct {
	Rule        string           `json:"rule"`
	Title       string           `json:"title"`
	Severity    string           `json:"severity"`
	Verdict     string           `json:"verdict"`
	Subject     string           `json:"subject"`
	Location    position.Pos     `json:"location"`
	Message     string           `json:"message,omitempty"`
	Expr        string           `json:"expr"`
	Computation string           `json:"computation"`
	Comparisons []jsonComparison `json:"comparisons"`
	Figures     []jsonFigure     `json:"figures"`
	Culprits    []jsonCulprit    `json:"culprits,omitempty"`
}

// jsonCulprit is a figure of a repair: the figure, where its value should
// lie, and the slip that would explain it.
type jsonCulprit struct {
	Set       int               `json:"set"`
	Figure    *jsonFigure       `json:"figure,omitempty"`
	Interval  [2]jsonFloat      `json:"should_lie_in"`
	Diagnosis *locate.Diagnosis `json:"diagnosis,omitempty"`
	Explains  int               `json:"explains"`
	Limit     string            `json:"limit,omitempty"`
}

type jsonComparison struct {
	Expr         string    `json:"expr"`
	Op           string    `json:"op"`
	Left         jsonSide  `json:"left"`
	Right        jsonSide  `json:"right"`
	Gap          jsonFloat `json:"gap"`
	GapAsWritten jsonFloat `json:"gap_as_written"`
	Tolerance    jsonFloat `json:"tolerance"`
}

type jsonSide struct {
	Expr        string       `json:"expr"`
	Computation string       `json:"computation"`
	Value       jsonFloat    `json:"value"`
	Interval    [2]jsonFloat `json:"interval"`
}

type jsonFigure struct {
	Name     string        `json:"name"`
	Text     string        `json:"text"`
	Interval [2]jsonFloat  `json:"interval"`
	Location *position.Pos `json:"location,omitempty"`
	Column   string        `json:"column,omitempty"`
	Area     string        `json:"area,omitempty"`
	// Provenance is left out for a figure from a table or worked out.
	Provenance *jsonProvenance `json:"provenance,omitempty"`
}

type jsonProvenance struct {
	Measure  string `json:"measure,omitempty"`
	Period   string `json:"period,omitempty"`
	Area     string `json:"area,omitempty"`
	Unit     string `json:"unit,omitempty"`
	Quote    string `json:"quote,omitempty"`
	Document string `json:"document,omitempty"`
	URL      string `json:"url,omitempty"`
}

type jsonProblem struct {
	Location position.Pos `json:"location"`
	Message  string       `json:"message"`
}

// jsonFloat writes a number with twelve significant digits, and an infinite
// or undefined one as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', 12, 64), nil
}

func (jsonReporter) Report(w io.Writer, r *checker.Result) error {
	tot := r.Totals()
	out := jsonReport{
		Version: JSONVersion,
		Summary: jsonSummary{
			Rules: len(r.Rules), Evaluations: tot[0] + tot[1] + tot[2] + tot[3],
			Pass: tot[checker.Pass], PassWithinRounding: tot[checker.PassWithinRounding],
			Fail: tot[checker.Fail], Skipped: tot[checker.Skipped],
			Findings: len(r.Findings), Problems: len(r.Problems), Undecided: r.Undecided(),
		},
		Rules: []jsonRule{}, Findings: []jsonFinding{}, Problems: []jsonProblem{}, Inputs: r.Inputs, Undecided: []jsonUndecided{},
		Accepted: append([]checker.Acceptance{}, r.Accepted...),
	}
	for _, rr := range r.Rules {
		skips := rr.Skips
		if skips == nil {
			skips = []checker.Skip{}
		}
		out.Rules = append(out.Rules, jsonRule{
			ID: rr.Rule.ID, Title: rr.Rule.Title, Description: rr.Rule.Description,
			Severity: rr.Rule.Severity.String(), Location: rr.Rule.Pos,
			Pass: rr.Counts[checker.Pass], Within: rr.Counts[checker.PassWithinRounding],
			Fail: rr.Counts[checker.Fail], Skipped: rr.Counts[checker.Skipped], SkipReasons: skips, Hidden: rr.Hidden,
			Engine: rr.Engine,
		})
	}
	for _, p := range r.Problems {
		out.Problems = append(out.Problems, jsonProblem{Location: p.Pos, Message: p.Msg})
	}
	for _, a := range r.Articles {
		for _, u := range a.Undecided {
			out.Undecided = append(out.Undecided, jsonUndecided{Location: u.Pos, Document: a.Name,
				Figure: a.Figures[u.Figure].Text, Sentence: a.Sentences[u.Sentence].Text, Reason: u.Reason})
		}
	}
	// The findings, which may be many, are written one at a time.
	return encodeWithList(w, out, true, "findings", 1, len(r.Findings), func(i int) any { return findingJSON(&r.Findings[i]) })
}

// findingJSON is a finding as the JSON report writes it.
func findingJSON(f *checker.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule.ID, Title: f.Rule.Title, Severity: f.Rule.Severity.String(), Verdict: f.Verdict.String(),
		Subject: f.Subject, Location: f.Pos, Message: f.Message, Expr: f.Expr, Computation: f.Computation,
		Comparisons: []jsonComparison{}, Figures: []jsonFigure{},
	}
	for _, c := range f.Comparisons {
		jf.Comparisons = append(jf.Comparisons, jsonComparison{
			Expr: c.Expr, Op: c.Op, Left: side(c.Left), Right: side(c.Right),
			Gap: jsonFloat(c.Gap), GapAsWritten: jsonFloat(c.GapAsWritten), Tolerance: jsonFloat(c.Tolerance),
		})
	}
	for _, u := range f.Figures {
		jf.Figures = append(jf.Figures, figureJSON(u))
	}
	jf.Culprits = culpritsJSON(f.Culprits)
	return jf
}

func figureJSON(u checker.FigureUse) jsonFigure {
	fig := jsonFigure{Name: u.Name, Text: u.Text, Interval: [2]jsonFloat{jsonFloat(u.Lo), jsonFloat(u.Hi)}, Column: u.Column, Area: u.Area}
	if u.Pos.File != "" {
		pos := u.Pos
		fig.Location = &pos
	}
	fig.Provenance = provenanceJSON(u.Provenance)
	return fig
}

// culpritsJSON is a finding's culprits for the JSON and SARIF reports.
func culpritsJSON(cs []checker.Culprit) []jsonCulprit {
	var out []jsonCulprit
	for _, c := range cs {
		jc := jsonCulprit{Set: c.Set, Interval: [2]jsonFloat{jsonFloat(c.Lo), jsonFloat(c.Hi)}, Diagnosis: c.Diagnosis, Explains: c.Explains, Limit: c.Limit}
		if c.Set >= 0 {
			fig := figureJSON(c.Figure)
			jc.Figure = &fig
		}
		out = append(out, jc)
	}
	return out
}

// provenanceJSON is a figure's provenance for the JSON and SARIF reports,
// nil when its figure set says nothing of it.
func provenanceJSON(p checker.Provenance) *jsonProvenance {
	if p == (checker.Provenance{}) {
		return nil
	}
	return &jsonProvenance{Measure: p.Measure, Period: p.Period, Area: p.Area,
		Unit: p.Unit, Quote: p.Quote, Document: p.Document, URL: p.URL}
}

func side(s checker.Side) jsonSide {
	return jsonSide{Expr: s.Expr, Computation: s.Computation, Value: jsonFloat(s.Value), Interval: [2]jsonFloat{jsonFloat(s.Lo), jsonFloat(s.Hi)}}
}
