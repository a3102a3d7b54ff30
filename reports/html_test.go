package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

func renderHTML(t *testing.T, r *checker.Result) string {
	t.Helper()
	var buf bytes.Buffer
	if err := newHTML().Report(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestHTMLGolden pins the page for the canned result; go test ./reports
// -update rewrites testdata/golden.html. Two runs give the same bytes.
func TestHTMLGolden(t *testing.T) {
	got := renderHTML(t, cannedResult())
	if again := renderHTML(t, cannedResult()); again != got {
		t.Fatal("two reports of the same result differ")
	}
	path := filepath.Join("testdata", "golden.html")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("golden.html differs from the report (run go test ./reports -update and look at the diff); got:\n%s", got)
	}
}

// hostileResult is the canned result with markup and web addresses in every
// text that comes from the user's files.
func hostileResult() *checker.Result {
	r := cannedResult()
	f := &r.Findings[0]
	f.Subject = `North <script>alert("subject")</script> East`
	f.Message = `see https://example.org/release?a=1&b=2 and <a href="https://example.org">this</a>`
	f.Computation = `14.8 == 100 * 282.3 / 2054.5 </style><style>body{background:url(https://example.org/x.png)}</style>`
	f.Comparisons[0].Expr = `x" onmouseover="alert(1)`
	f.Figures[0].Text = `<img src="http://example.org/pixel.gif">`
	f.Figures[0].Pos.File = `javascript:alert(1)`
	rule := *f.Rule
	rule.Title = `Turnover <b>rate</b> "quoted" & 'single'`
	rule.ID = `" href="https://example.org`
	f.Rule = &rule
	r.Rules[0].Rule = &rule
	r.Rules[0].Skips[0].Reason = `<iframe src="https://example.org">`
	r.Inputs = append(r.Inputs, "https://example.org/figures.csv")
	r.Problems = append(r.Problems, position.Errorf(position.Pos{File: "http://example.org/a.csv", Line: 1}, `cannot read "<svg onload=alert(1)>"`))
	return r
}

// markup returns the byte ranges of doc that are markup rather than text:
// every tag with its attributes, and the whole of style and script elements.
func markup(doc string) [][2]int {
	lower := strings.ToLower(doc)
	var spans [][2]int
	for i := 0; i < len(lower); {
		if lower[i] != '<' {
			i++
			continue
		}
		end := strings.IndexByte(lower[i:], '>')
		if end < 0 {
			spans = append(spans, [2]int{i, len(lower)})
			break
		}
		end += i + 1
		for _, raw := range []string{"style", "script"} {
			if strings.HasPrefix(lower[i+1:], raw) {
				if c := strings.Index(lower[end:], "</"+raw); c >= 0 {
					end += c
					end += strings.IndexByte(lower[end:], '>') + 1
				} else {
					end = len(lower)
				}
			}
		}
		spans = append(spans, [2]int{i, end})
		i = end
	}
	return spans
}

// notSelfContained lists what in doc would fetch or lead off the page: a
// web address anywhere but in text, elements and attributes that load or
// run things, links that are not to the page itself or to nothing on it.
//
// The one way out allowed is a figure's source: a plain link to a web
// address, opened without a referrer, which fetches nothing until clicked.
func notSelfContained(doc string) []string {
	var out []string
	var spans [][2]int
	for _, s := range markup(doc) {
		if !sourceLink.MatchString(doc[s[0]:s[1]]) {
			spans = append(spans, s)
		}
	}
	lower := strings.ToLower(doc)
	for _, scheme := range []string{"http://", "https://"} {
		for off := 0; ; {
			k := strings.Index(lower[off:], scheme)
			if k < 0 {
				break
			}
			k += off
			for _, s := range spans {
				if k >= s[0] && k < s[1] {
					out = append(out, fmt.Sprintf("%s in markup: %.200q", scheme, doc[s[0]:s[1]]))
				}
			}
			off = k + 1
		}
	}
	for _, s := range spans {
		tag := lower[s[0]:s[1]]
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "<base", "<meta http-equiv",
			"@import", "url(", " src=", " srcset=", " onload", " onerror", " onmouseover", "javascript:"} {
			if strings.Contains(tag, bad) {
				out = append(out, fmt.Sprintf("markup holds %q: %.200s", bad, tag))
			}
		}
	}
	for _, m := range regexp.MustCompile(`(?i)<[^>]*\s(?:xlink:)?href="([^"]*)"[^>]*>`).FindAllStringSubmatch(doc, -1) {
		switch {
		case sourceLink.MatchString(m[0]):
		case !strings.HasPrefix(m[1], "#"):
			out = append(out, fmt.Sprintf("link out of the page: href=%q", m[1]))
		case !strings.Contains(doc, ` id="`+m[1][1:]+`"`):
			out = append(out, fmt.Sprintf("link to %s, which the page does not have", m[1]))
		}
	}
	return out
}

// sourceLink is the tag of a link to a figure's source.
var sourceLink = regexp.MustCompile(`^<a href="https?://[^"<>\s]+" rel="noopener noreferrer">$`)

// TestNotSelfContained: the check above catches what it should and lets web
// addresses in text through.
func TestNotSelfContained(t *testing.T) {
	ok := `<!DOCTYPE html><html><head><style>p{color:red}</style></head><body id="top"><p>see https://example.org and http://x.y</p><a href="#top">top</a>` +
		`<cite><a href="https://example.org/draft" rel="noopener noreferrer">https://example.org/draft</a></cite></body></html>`
	if p := notSelfContained(ok); len(p) > 0 {
		t.Errorf("a page with addresses in text only: %q", p)
	}
	for _, bad := range []string{
		`<a href="https://example.org">x</a>`,
		`<p>see <span title="http://example.org">this</span></p>`,
		`<style>body{background:url(data:x)}</style>`,
		`<style>@import "https://example.org/x.css";</style>`,
		`<script>fetch("/x")</script>`,
		`<link rel="stylesheet" href="x.css">`,
		`<img src="x.png" alt="">`,
		`<svg><image xlink:href="https://example.org/x.png"/></svg>`,
		`<a href="#nowhere">x</a>`,
		`<a href="javascript:alert(1)" rel="noopener noreferrer">x</a>`,
		`<a href="https://example.org" rel="noopener noreferrer" onmouseover="x()">x</a>`,
		`<a href="https://example.org" rel="noopener">x</a>`,
	} {
		if p := notSelfContained(bad); len(p) == 0 {
			t.Errorf("%s passes the check", bad)
		}
	}
}

// TestHTMLSelfContained: the page fetches nothing, links only within
// itself, escapes everything from the result, and draws every comparison.
func TestHTMLSelfContained(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *checker.Result
	}{{"canned", cannedResult()}, {"hostile", hostileResult()}} {
		t.Run(tc.name, func(t *testing.T) {
			doc := renderHTML(t, tc.r)
			for _, p := range notSelfContained(doc) {
				t.Error(p)
			}

			comparisons := 0
			for _, f := range tc.r.Findings {
				comparisons += len(f.Comparisons)
			}
			svgs := strings.Count(doc, "<svg ")
			if comparisons == 0 || svgs != comparisons {
				t.Errorf("%d <svg> for %d comparisons", svgs, comparisons)
			}
			for _, svg := range regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(doc, -1) {
				if !strings.Contains(svg, "<title id=") || !strings.Contains(svg, `role="img"`) {
					t.Errorf("svg without a title or role: %.300s", svg)
				}
			}
			for _, f := range tc.r.Findings {
				if !strings.Contains(doc, escapeText(f.Subject)) {
					t.Errorf("finding %q is not on the page", f.Subject)
				}
			}
		})
	}
	doc := renderHTML(t, hostileResult())
	for _, want := range []string{
		`North &lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt; East`,
		`see https://example.org/release?a=1&amp;b=2`,
		`Turnover &lt;b&gt;rate&lt;/b&gt; &#34;quoted&#34; &amp; &#39;single&#39;`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("page does not hold %s", want)
		}
	}
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestHTMLVerdict: the header says at a glance whether anything disagrees.
func TestHTMLVerdict(t *testing.T) {
	doc := renderHTML(t, cannedResult())
	for _, want := range []string{
		`<h1 class="verdict fail">3 findings</h1>`,
		`<p class="severities">1 error · 1 warning · 1 info. 2 more failures are counted but not listed on this page.</p>`,
		`<p class="severities">Not counted: 2 accepted by waivers.</p>`,
		`<dt>evaluations</dt><dd>2,692</dd>`,
		`<dt>pass within rounding</dt><dd>192</dd>`,
		`<dt>undecided claim</dt><dd>1</dd>`,
		`<h2 id="problems">1 problem in the input</h2>`,
		`<a href="#finding-2">Local authorities add up to their region</a>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("page does not hold %s", want)
		}
	}
	clean := &checker.Result{Rules: []checker.RuleResult{{Rule: &rules.Rule{ID: "r", Title: "R"}, Counts: checker.Counts{3, 1, 0, 0}}}}
	doc = renderHTML(t, clean)
	for _, want := range []string{`<h1 class="verdict ok">No findings</h1>`, `<dt>fail</dt><dd>0</dd>`,
		`<p class="severities">Every figure agrees with the rules, allowing for rounding.</p>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("clean page does not hold %s", want)
		}
	}
	for _, unwanted := range []string{"<svg", `id="problems"`, "Findings by area"} {
		if strings.Contains(doc, unwanted) {
			t.Errorf("clean page holds %s", unwanted)
		}
	}
	// An article whose claims were all undecided: nothing agrees, nothing
	// was checked.
	a := cannedArticle()
	a.Claims = nil
	unchecked := &checker.Result{Rules: []checker.RuleResult{{Rule: &rules.Rule{ID: "articles-same-figure"}}}, Articles: []checker.Article{a}}
	doc = renderHTML(t, unchecked)
	want := `<p class="severities">Nothing was checked: no rule had figures to evaluate. 1 claim found in the article could not be checked: see the notes beside it.</p>`
	if !strings.Contains(doc, want) {
		t.Errorf("a page with nothing checked does not hold %s", want)
	}
}

// TestScale pins where numbers land on a chart.
func TestScale(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		x0, x1 float64
		values []float64
		at     map[float64]float64 // number → pixel
	}{
		{"bounded", 0, 480, []float64{0, 100}, map[float64]float64{0: 40, 50: 240, 100: 440, -1000: 0, 1000: 480}},
		{"bounded, offset plot", 52, 472, []float64{100, 0}, map[float64]float64{0: 87, 100: 437}},
		{"negative", 0, 480, []float64{-30, -10, -20}, map[float64]float64{-30: 40, -20: 240, -10: 440}},
		{"across zero", 0, 480, []float64{-50, 50}, map[float64]float64{-50: 40, 0: 240, 50: 440}},
		{"unbounded above", 0, 520, []float64{0, 100, inf}, map[float64]float64{0: 40, 100: 440, inf: 520}},
		{"unbounded below", 0, 520, []float64{-inf, 0, 100}, map[float64]float64{-inf: 0, 0: 80, 100: 480}},
		{"unbounded both ways", 0, 560, []float64{-inf, 0, 100, inf}, map[float64]float64{-inf: 0, 0: 80, 100: 480, inf: 560}},
		{"zero width", 0, 480, []float64{5, 5}, map[float64]float64{5: 240, 4.75: 40, 5.25: 440}},
		{"zero width at zero", 0, 480, []float64{0}, map[float64]float64{0: 240, -0.05: 40, 0.05: 440}},
		{"zero width, negative", 0, 480, []float64{-2000, -2000}, map[float64]float64{-2000: 240, -2100: 40}},
		{"NaN ignored", 0, 480, []float64{math.NaN(), 0, 100}, map[float64]float64{0: 40, 100: 440}},
		{"nothing finite", 0, 520, []float64{inf}, map[float64]float64{-1: 40, 1: 440, inf: 520}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := fitScale(tc.x0, tc.x1, tc.values...)
			for v, want := range tc.at {
				if got := s.x(v); math.Abs(got-want) > 1e-9 {
					t.Errorf("x(%g) = %g, want %g (scale %+v)", v, got, want, s)
				}
			}
			if !math.IsNaN(s.x(math.NaN())) {
				t.Error("x(NaN) is a number")
			}
		})
	}
	ticks, dec := fitScale(0, 480, 0, 100).ticks(5)
	if fmt.Sprint(ticks) != "[0 20 40 60 80 100]" || dec != 0 || math.Signbit(ticks[0]) {
		t.Errorf("ticks of [0, 100]: %v with %d decimals", ticks, dec)
	}
	ticks, dec = fitScale(0, 480, 13.7377, 14.85).ticks(5)
	if fmt.Sprint(ticks) != "[13.8 14 14.2 14.4 14.6 14.8]" || dec != 1 {
		t.Errorf("ticks of [13.74, 14.85]: %v with %d decimals", ticks, dec)
	}
	if ticks, _ := fitScale(0, 480, 1e17, 1e17+64).ticks(5); len(ticks) > 11 {
		t.Errorf("ticks of a span too small for its numbers: %v", ticks)
	}
	ticks, dec = fitScale(0, 480, -30.5, -15.7).ticks(5)
	if fmt.Sprint(ticks) != "[-30 -25 -20 -15]" || dec != 0 {
		t.Errorf("ticks of [-30.5, -15.7]: %v with %d decimals", ticks, dec)
	}
}

// TestChartShapes: narrow intervals stay visible, unbounded ones reach the
// edge with an arrow, and the gap lies between the intervals.
func TestChartShapes(t *testing.T) {
	canned := cannedResult()
	turnover := comparisonChart("t", canned.Findings[0].Comparisons[0])
	if w := turnover.Bars[1].W; w != px(minBarW) {
		t.Errorf("right side of the turnover rate is %s px wide, want the %g px of a tick", w, minBarW)
	}
	if turnover.Gap == nil || turnover.Gap.W == "" || turnover.Gap.Label != "gap 1.0066" {
		t.Errorf("turnover gap %+v", turnover.Gap)
	}
	sum := comparisonChart("s", canned.Findings[1].Comparisons[0])
	if sum.Gap.Label != "gap 53.15 · rule allows 0.5" {
		t.Errorf("sum gap label %q", sum.Gap.Label)
	}

	open := checker.Comparison{Expr: "fall >= 30", Op: ">=",
		Left:  checker.Side{Value: 12, Lo: 11.5, Hi: 12.5},
		Right: checker.Side{Value: 30, Lo: 30, Hi: math.Inf(1)},
		Gap:   17.5}
	c := comparisonChart("o", open)
	right := c.Bars[1]
	if len(right.Arrows) != 1 || !strings.HasPrefix(right.Arrows[0], px(plotX1)+",") {
		t.Errorf("unbounded side's arrows %q, want one pointing at %s", right.Arrows, px(plotX1))
	}
	if right.LabelAnchor != "end" {
		t.Errorf("the label of a bar that reaches the right edge is anchored %q", right.LabelAnchor)
	}
	sc := fitScale(plotX0, plotX1, 11.5, 12.5, 30, math.Inf(1))
	if c.Gap.X1 != px(sc.x(12.5)) || c.Gap.X2 != px(sc.x(30)) {
		t.Errorf("gap drawn from %s to %s, want %s to %s", c.Gap.X1, c.Gap.X2, px(sc.x(12.5)), px(sc.x(30)))
	}

	point := checker.Comparison{Expr: "a == b", Op: "==",
		Left:  checker.Side{Value: -3, Lo: -3, Hi: -3},
		Right: checker.Side{Value: -3, Lo: -3, Hi: -3}}
	c = comparisonChart("p", point)
	for _, b := range c.Bars {
		if b.W != px(minBarW) || b.H != px(barH+2*pointOver) {
			t.Errorf("a point is drawn %s×%s, want a %g px tick taller than a bar", b.W, b.H, minBarW)
		}
	}
	if c.Gap.W != "2" || c.Gap.Label != "the intervals touch" {
		t.Errorf("touching intervals: %+v, want a 2 px mark", c.Gap)
	}
	overlap := checker.Comparison{Expr: "a < b", Op: "<",
		Left:  checker.Side{Value: 1, Lo: 0.5, Hi: 1.5},
		Right: checker.Side{Value: 1.2, Lo: 1.15, Hi: 1.25}}
	if c := comparisonChart("v", overlap); c.Gap.W != "" || c.Gap.Label != "the intervals overlap" {
		t.Errorf("overlapping intervals: %+v, want no band", c.Gap)
	}

	undefined := checker.Comparison{Left: checker.Side{Lo: math.NaN(), Hi: math.NaN(), Value: math.NaN()}, Right: checker.Side{Lo: 1, Hi: 2}}
	if c := comparisonChart("u", undefined); c.Note == "" {
		t.Error("an undefined side is drawn")
	}
}

// chromiumPaths are where the browser test looks for Chromium when
// FIGCHECK_CHROMIUM does not name one.
var chromiumPaths = []string{"/usr/bin/chromium", "chromium"}

var errNoBrowser = errors.New("no browser to render the HTML report: install Chromium (apt-get install chromium) or set FIGCHECK_CHROMIUM to a Chromium or Chrome binary")

// lookChromium finds a Chromium: the one $FIGCHECK_CHROMIUM names, else the
// first of paths that is an executable. It returns errNoBrowser when there
// is none, and another error when FIGCHECK_CHROMIUM names a missing one.
func lookChromium(getenv func(string) string, paths []string) (string, error) {
	if name := getenv("FIGCHECK_CHROMIUM"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("FIGCHECK_CHROMIUM=%s: %w", name, err)
		}
		return path, nil
	}
	for _, p := range paths {
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", errNoBrowser
}

// browserMissing skips the test, or fails it when a browser is required
// (FIGCHECK_REQUIRE_BROWSER=1) or FIGCHECK_CHROMIUM names one that is not
// there.
func browserMissing(t testing.TB, err error, require bool) {
	t.Helper()
	switch {
	case !errors.Is(err, errNoBrowser):
		t.Fatalf("%v", err)
	case require:
		t.Fatalf("%v; FIGCHECK_REQUIRE_BROWSER=1 requires one", err)
	default:
		t.Skipf("skipping the browser test: %v (set FIGCHECK_REQUIRE_BROWSER=1 to make this a failure)", err)
	}
}

func chromium(t *testing.T) string {
	t.Helper()
	path, err := lookChromium(os.Getenv, chromiumPaths)
	if err != nil {
		browserMissing(t, err, os.Getenv("FIGCHECK_REQUIRE_BROWSER") == "1")
	}
	return path
}

// fakeTB records what browserMissing does instead of doing it.
type fakeTB struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed, f.msg = true, fmt.Sprintf(format, args...)
}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped, f.msg = true, fmt.Sprintf(format, args...)
}

// TestBrowserLookup: without a browser the browser test skips with a clear
// message, or fails when FIGCHECK_REQUIRE_BROWSER=1.
func TestBrowserLookup(t *testing.T) {
	noEnv := func(string) string { return "" }
	_, err := lookChromium(noEnv, []string{"/nonexistent/chromium", "figcheck-no-such-browser"})
	if !errors.Is(err, errNoBrowser) {
		t.Fatalf("no browser: err = %v", err)
	}
	var skip, fail fakeTB
	browserMissing(&skip, err, false)
	browserMissing(&fail, err, true)
	if !skip.skipped || skip.failed || !strings.Contains(skip.msg, "install Chromium") {
		t.Errorf("without FIGCHECK_REQUIRE_BROWSER: %+v, want a skip that says what to install", skip)
	}
	if !fail.failed || fail.skipped || !strings.Contains(fail.msg, "FIGCHECK_REQUIRE_BROWSER=1") {
		t.Errorf("with FIGCHECK_REQUIRE_BROWSER=1: %+v, want a failure", fail)
	}

	named := func(k string) string {
		if k == "FIGCHECK_CHROMIUM" {
			return "/nonexistent/chrome"
		}
		return ""
	}
	_, err = lookChromium(named, nil)
	var bad fakeTB
	browserMissing(&bad, err, false)
	if err == nil || !bad.failed || !strings.Contains(bad.msg, "/nonexistent/chrome") {
		t.Errorf("FIGCHECK_CHROMIUM naming a missing browser: err %v, %+v; want a failure", err, bad)
	}

	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to stand in for a browser")
	}
	got, err := lookChromium(func(k string) string {
		if k == "FIGCHECK_CHROMIUM" {
			return sh
		}
		return ""
	}, []string{"/nonexistent/chromium"})
	if err != nil || got != sh {
		t.Errorf("FIGCHECK_CHROMIUM=%s: %q, %v", sh, got, err)
	}
}

// runChromium runs a headless Chromium with a fresh profile and no network
// chatter, returning what it printed.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	profile, err := os.MkdirTemp("", "figcheck-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	// Chromium's helpers may still be writing when it exits; a profile left
	// behind in the temporary folder is not a test failure.
	t.Cleanup(func() { os.RemoveAll(profile) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}
	cmd := exec.CommandContext(ctx, bin, append(flags, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestHTMLInBrowser renders the canned report in headless Chromium: the
// rendered DOM holds every finding and chart, and a screenshot is taken.
func TestHTMLInBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(renderHTML(t, cannedResult())), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + filepath.ToSlash(page)

	dom := string(runChromium(t, bin, "--dump-dom", url))
	for _, want := range []string{"3 findings", "North East, 2022", "Inner London, 2023", "draft.md",
		`id="finding-1"`, `id="finding-2"`, `id="finding-3"`, "gap 1.0066", "Every rule",
		`id="article-1"`, "The article, annotated", `id="article-1-note-1"`, `id="article-1-note-2"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered DOM lacks %q", want)
		}
	}
	if n := strings.Count(dom, "<svg "); n != 3 {
		t.Errorf("rendered DOM has %d <svg> elements, want 3", n)
	}
	if n := strings.Count(dom, `class="bar"`); n < 6 {
		t.Errorf("rendered DOM has %d bars, want at least 6", n)
	}

	shot := filepath.Join(dir, "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1200,2400", "--hide-scrollbars", url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if len(data) < 8<<10 {
		t.Errorf("screenshot is only %d bytes", len(data))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 1000 || b.Dy() < 2000 {
		t.Errorf("screenshot is %v, want about 1200×2400", b)
	}
	if !hasRed(img) {
		t.Error("the screenshot has no red: the verdict or the gaps did not render")
	}
}

// TestArticleInBrowser checks the draft of the CLI tests, and a real
// article when ../shared is there, as figcheck check does, and renders the
// annotated report in headless Chromium: the rendered DOM holds the
// article with its figures marked and its claims noted, and the
// screenshot shows the failing claim's red and the undecided claim's blue.
func TestArticleInBrowser(t *testing.T) {
	bin := chromium(t)
	pages := []struct {
		path string
		want []string
	}{
		{"../testdata/cli/check-article/draft.md", []string{"Leavers fell from ", `<span class="fig fig-fail culprit in-fail">470`,
			"<code>pct_change(540, 470) == -21%</code>", "Not checked: the value that 3.2% is a change from is not in the text.",
			`<span class="fig fig-pass">12.3%`, `<span class="fig fig-unused">3,860`,
			"Likely culprit: 470 should lie in [423.5075, 429.6975], probably 430 (retyped): 470 has one digit wrong: 430 fits"}},
	}
	if shared, _ := filepath.Glob(filepath.Join(sharedArticles, "000_*.txt")); len(shared) > 0 {
		pages = append(pages, struct {
			path string
			want []string
		}{shared[0], []string{`<span class="fig fig-pass">173`, `<span class="fig fig-undecided">four per cent`}})
	} else {
		t.Logf("no articles in %s: checking the draft only", sharedArticles)
	}
	for _, pg := range pages {
		t.Run(filepath.Base(pg.path), func(t *testing.T) {
			r := checkArticles(t, pg.path)
			dir := t.TempDir()
			page := filepath.Join(dir, "report.html")
			if err := os.WriteFile(page, []byte(renderHTML(t, r)), 0o644); err != nil {
				t.Fatal(err)
			}
			url := "file://" + filepath.ToSlash(page)
			dom := string(runChromium(t, bin, "--dump-dom", url))
			for _, want := range append(pg.want, `<section class="articles"`, `class="note note-undecided"`) {
				if !strings.Contains(dom, want) {
					t.Errorf("rendered DOM lacks %q", want)
				}
			}
			shot := filepath.Join(dir, "article.png")
			runChromium(t, bin, "--screenshot="+shot, "--window-size=1200,1600", "--hide-scrollbars", url)
			img, err := png.Decode(bytes.NewReader(readFile(t, shot)))
			if err != nil {
				t.Fatalf("screenshot is not a PNG: %v", err)
			}
			if r.Totals()[checker.Fail] > 0 && !hasRed(img) {
				t.Error("the screenshot has no red: the failing claim did not render")
			}
			checkNotesBeside(t, bin, dir, page)
		})
	}
}

// layoutScript writes where each paragraph with notes and its first note
// are laid out into the page's body, for --dump-dom to show: the
// paragraph's right edge and top, then the note's left edge and top.
const layoutScript = `<script>
const rows = [];
for (const row of document.querySelectorAll(".para-row")) {
  const p = row.querySelector(".para"), n = row.querySelector(".note");
  if (!n) continue;
  const a = p.getBoundingClientRect(), b = n.getBoundingClientRect();
  rows.push([a.right, a.top, b.left, b.top].map(Math.round).join(","));
}
document.body.setAttribute("data-layout", rows.join(";"));
</script>`

// checkNotesBeside lays out a copy of the page, with a script that
// measures it, at a desktop width: every note sits to the right of its
// paragraph, level with its top. The report itself has no script.
func checkNotesBeside(t *testing.T, bin, dir, page string) {
	t.Helper()
	doc := strings.Replace(string(readFile(t, page)), "</body>", layoutScript+"</body>", 1)
	measured := filepath.Join(dir, "measured.html")
	if err := os.WriteFile(measured, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(runChromium(t, bin, "--window-size=1200,1600", "--dump-dom", "file://"+filepath.ToSlash(measured)))
	m := regexp.MustCompile(`data-layout="([^"]*)"`).FindStringSubmatch(dom)
	if m == nil || m[1] == "" {
		t.Fatalf("no notes laid out: %.300s", dom)
	}
	for _, row := range strings.Split(m[1], ";") {
		var paraRight, paraTop, noteLeft, noteTop float64
		if _, err := fmt.Sscanf(row, "%g,%g,%g,%g", &paraRight, &paraTop, &noteLeft, &noteTop); err != nil {
			t.Fatalf("layout %q: %v", row, err)
		}
		if noteLeft < paraRight || math.Abs(noteTop-paraTop) > 24 {
			t.Errorf("a note at left %g, top %g is not beside its paragraph (right %g, top %g)", noteLeft, noteTop, paraRight, paraTop)
		}
	}
}

// readFile reads a file a test needs.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hasRed reports whether some pixel is clearly red, as the verdict is.
func hasRed(img image.Image) bool {
	return hasColour(img, func(r, g, b uint32) bool { return r > 0x8000 && g < 0x5000 && b < 0x5000 })
}

// hasColour reports whether some pixel's colour is one that is wanted.
func hasColour(img image.Image, wanted func(r, g, b uint32) bool) bool {
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if wanted(r, g, b) {
				return true
			}
		}
	}
	return false
}
