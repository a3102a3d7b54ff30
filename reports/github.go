package reports

import (
	"io"
	"strconv"
	"strings"

	"github.com/figcheck/figcheck/checker"
	"github.com/figcheck/figcheck/position"
	"github.com/figcheck/figcheck/rules"
)

// github writes the result as GitHub Actions workflow commands, one
// annotation per finding and per input problem, and a notice per claim of
// an article found but not checked:
//
//	::error file=data/csww.csv,line=412,title=turnover-rate-fte%3A Turnover rate…::North East, 2022: …
//
// Errors are ::error, warnings ::warning and info ::notice. Nothing else is
// printed: the annotations are the report.
type github struct{}

func newGitHub() Reporter { return github{} }

var githubCommand = map[rules.Severity]string{
	rules.Error:   "error",
	rules.Warning: "warning",
	rules.Info:    "notice",
}

func (github) Report(w io.Writer, r *checker.Result) error {
	r = printable(r, true)
	ew := &errWriter{w: w}
	for i := range r.Findings {
		f := &r.Findings[i]
		ew.printf("%s\n", githubAnnotation(githubCommand[f.Rule.Severity], f.Pos, f.Rule.ID+": "+f.Rule.Title, sentenceWithMessage(f)+culpritClause(f)+quotesBrief(f)))
	}
	for _, p := range r.Problems {
		ew.printf("%s\n", githubAnnotation("error", p.Pos, "figcheck/input: the input could not be read", p.Msg))
	}
	for i := range r.Articles {
		a := &r.Articles[i]
		for _, u := range a.Undecided {
			ew.printf("%s\n", githubAnnotation("notice", u.Pos, "figcheck/undecided: a claim not checked",
				undecidedLine(a, u)+". Sentence: "+quoted(a.Sentences[u.Sentence].Text)))
		}
	}
	return ew.err
}

// quotesBrief names the words the finding's figures were taken from, each
// cut to a few words: " Quoted: before “In 2023 the council had 45…”".
func quotesBrief(f *checker.Finding) string {
	var quotes []string
	for _, u := range f.Figures {
		if q := oneLine(u.Provenance.Quote); q != "" {
			quotes = append(quotes, u.Name+" “"+cut(q, briefQuote)+"”")
		}
	}
	if len(quotes) == 0 {
		return ""
	}
	return " Quoted: " + strings.Join(quotes, "; ") + "."
}

// briefQuote is how many characters of a quote an annotation shows.
const briefQuote = 60

// githubAnnotation writes one workflow command: ::command file=…,line=…,col=…,title=…::message.
func githubAnnotation(command string, pos position.Pos, title, message string) string {
	var props []string
	if pos.File != "" {
		props = append(props, "file="+githubProperty(slashPath(pos.File)))
		if pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(pos.Line))
			if pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(pos.Col))
			}
		}
	}
	props = append(props, "title="+githubProperty(title))
	return "::" + command + " " + strings.Join(props, ",") + "::" + githubMessage(message)
}

// githubMessage escapes the message of a workflow command as GitHub's
// toolkit does (escapeData): %, carriage return and line feed.
var githubMessage = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// githubProperty escapes a property value of a workflow command as GitHub's
// toolkit does (escapeProperty): as a message, and also : and , which
// would otherwise end the value.
var githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
