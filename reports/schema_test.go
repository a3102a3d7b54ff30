package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/rules"
)

const (
	reportSchemaPath = "schema/report.schema.json"
	// The rule-file schema lives with the rules, but is tested here.
	rulesSchemaPath = "../rules/schema/rules.schema.json"
)

func readJSON(t *testing.T, path string) any {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// TestReportSchema: the JSON report's golden file matches its schema, also
// with every object closed to fields the schema does not describe (so that
// the schema keeps up with the report), and broken reports do not.
func TestReportSchema(t *testing.T) {
	sch := compileSchema(t, reportSchemaPath, false)
	golden := readJSON(t, filepath.Join("testdata", "golden.json"))
	if err := sch.Validate(golden); err != nil {
		t.Fatalf("golden.json does not match %s:\n%v", reportSchemaPath, err)
	}

	// Close every object of the schema and validate again: a field the
	// report writes but the schema leaves out fails here.
	raw := readJSON(t, reportSchemaPath)
	closeObjects(raw)
	closedSrc, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	closed := compileSchemaFrom(t, "closed-"+filepath.Base(reportSchemaPath), bytes.NewReader(closedSrc))
	if err := closed.Validate(golden); err != nil {
		t.Errorf("golden.json has fields %s does not describe:\n%v", reportSchemaPath, err)
	}

	broken := []struct {
		name   string
		break_ func(doc map[string]any)
	}{
		{"no version", func(d map[string]any) { delete(d, "version") }},
		{"version 1", func(d map[string]any) { d["version"] = json.Number("1") }},
		{"the key of version 1 for what was accepted", func(d map[string]any) { d["suppressed"] = d["accepted"]; delete(d, "accepted") }},
		{"a string for a count", func(d map[string]any) { obj(d, "summary")["pass"] = "2481" }},
		{"a negative count", func(d map[string]any) { obj(d, "summary")["fail"] = json.Number("-1") }},
		{"a string for a gap", func(d map[string]any) {
			obj(item(obj(item(d["findings"], 0), "")["comparisons"], 0), "")["gap"] = "1.0066"
		}},
		{"an interval of three", func(d map[string]any) {
			obj(item(obj(item(d["findings"], 0), "")["figures"], 0), "")["interval"] = []any{json.Number("1"), json.Number("2"), json.Number("3")}
		}},
		{"an interval of one", func(d map[string]any) {
			obj(item(obj(item(d["findings"], 0), "")["figures"], 0), "")["interval"] = []any{json.Number("1")}
		}},
		{"a number for a quote", func(d map[string]any) {
			obj(item(obj(item(d["findings"], 2), "")["figures"], 0), "provenance")["quote"] = json.Number("45")
		}},
		{"an unknown severity", func(d map[string]any) { obj(item(d["rules"], 0), "")["severity"] = "fatal" }},
		{"a finding without subject", func(d map[string]any) { delete(obj(item(d["findings"], 0), ""), "subject") }},
		{"a location without file", func(d map[string]any) { delete(obj(item(d["problems"], 0), "location"), "file") }},
	}
	for _, tc := range broken {
		t.Run(tc.name, func(t *testing.T) {
			doc := readJSON(t, filepath.Join("testdata", "golden.json")).(map[string]any)
			tc.break_(doc)
			if err := sch.Validate(doc); err == nil {
				t.Errorf("a report with %s matches the schema", tc.name)
			}
		})
	}
}

// obj returns v's member key as an object, or v itself for key "".
func obj(v any, key string) map[string]any {
	m := v.(map[string]any)
	if key == "" {
		return m
	}
	return m[key].(map[string]any)
}

func item(v any, i int) any { return v.([]any)[i] }

// closeObjects sets additionalProperties to false in every schema object
// that lists properties.
func closeObjects(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			if _, set := v["additionalProperties"]; !set {
				v["additionalProperties"] = false
			}
		}
		for _, sub := range v {
			closeObjects(sub)
		}
	case []any:
		for _, sub := range v {
			closeObjects(sub)
		}
	}
}

// TestRulesSchema validates every rule file under the repository's
// testdata against rules/schema/rules.schema.json. A file the loader
// accepts must match the schema, and a file with a key the loader does not
// know must not.
func TestRulesSchema(t *testing.T) {
	sch := compileSchema(t, rulesSchemaPath, false)
	var checked []string
	err := filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ext := filepath.Ext(path)
		// .figcheck.yaml lists rule files under rules:; it is not one.
		if (ext != ".yaml" && ext != ".yml") || d.Name() == ".figcheck.yaml" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := yamlToJSON(src)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			return nil
		}
		if m, ok := doc.(map[string]any); !ok || m["rules"] == nil {
			return nil // a figure set, not a rule file
		}
		checked = append(checked, filepath.ToSlash(path))
		schemaErr := sch.Validate(doc)
		_, loadErr := rules.Load(path)
		switch {
		case loadErr == nil && schemaErr != nil:
			t.Errorf("%s: figcheck reads it, but it does not match the schema:\n%v", path, schemaErr)
		case loadErr != nil && strings.Contains(loadErr.Error(), "unknown key") && schemaErr == nil:
			t.Errorf("%s matches the schema, but figcheck finds an unknown key in it:\n%v", path, loadErr)
		case schemaErr != nil:
			t.Logf("%s does not match the schema, and figcheck rejects it too", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	found := strings.Join(checked, " ")
	for _, want := range []string{"testdata/workforce/csww-rules.yaml", "testdata/article/claims.yaml"} {
		if !strings.Contains(found, want) {
			t.Errorf("%s was not among the rule files checked: %s", want, found)
		}
	}
}

// TestRulesSchemaCases: every form the rule file allows matches the schema,
// and the mistakes the loader reports for shape do not.
func TestRulesSchemaCases(t *testing.T) {
	sch := compileSchema(t, rulesSchemaPath, false)
	const dataset = `
dataset:
  dimensions: [time_period, area]
  period: time_period
  area: area
  measures:
    a: 0.1
    b: exact
    c: as-written
    d:
    e: {precision: 10}
    f: "0.5"
  suppressed: [x, "[c]"]
`
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"every field", dataset + `
include: other.yaml
rules:
  - id: r.1/a_b-c
    title: A rule
    description: Longer.
    severity: info
    when: area == "England"
    assert: a == 100 * b / c
    tolerance: {absolute: 0.05, relative: 1.5%}
    message: "{subject}: {a}"
  - id: sum
    title: Parts add up
    group: {by: [time_period], parts: area != "England", whole: area == "England"}
    assert: a == sum(parts.a)
    tolerance: 0.5
  - id: same
    title: One value
    severity: warning
    same_figure: true
`, true},
		{"measures as a list", "dataset: {dimensions: year, measures: [a, b]}\nrules: []\n", true},
		{"figure-set rules", "rules:\n  - id: x\n    title: X\n    assert: a < b\n", true},
		{"an unknown key in a rule", "rules:\n  - id: x\n    title: X\n    asert: a < b\n", false},
		{"an unknown top-level key", "rule:\n  - id: x\n    title: X\n    assert: a < b\n", false},
		{"an unknown key in the dataset", "dataset: {dimensions: [y], measures: [a], periods: y}\n", false},
		{"an unknown key in a measure", "dataset: {dimensions: [y], measures: {a: {precison: 0.1}}}\n", false},
		{"an unknown key in a group", "dataset: {dimensions: [y], measures: [a]}\nrules:\n  - {id: x, title: X, assert: a == sum(parts.a), group: {by: y, parts: 'true', whole: 'true', sum: a}}\n", false},
		{"an unknown severity", "rules:\n  - {id: x, title: X, assert: a < b, severity: fatal}\n", false},
		{"no title", "rules:\n  - {id: x, assert: a < b}\n", false},
		{"no assert", "rules:\n  - {id: x, title: X}\n", false},
		{"a blank assert", "rules:\n  - {id: x, title: X, assert: ' '}\n", false},
		{"same_figure with assert", "rules:\n  - {id: x, title: X, assert: a < b, same_figure: true}\n", false},
		{"a bad id", "rules:\n  - {id: -x, title: X, assert: a < b}\n", false},
		{"a relative tolerance without %", "rules:\n  - {id: x, title: X, assert: a < b, tolerance: {relative: 0.5}}\n", false},
		{"a negative tolerance", "rules:\n  - {id: x, title: X, assert: a < b, tolerance: -1}\n", false},
		{"a bad precision", "dataset: {dimensions: [y], measures: {a: rounded}}\n", false},
		{"a zero precision", "dataset: {dimensions: [y], measures: {a: 0}}\n", false},
		{"a column name with a space", "dataset: {dimensions: [time period], measures: [a]}\n", false},
		{"tables as written", "dataset:\n  delimiter: \";\"\n  decimal: \",\"\n  missing: [NA, \"\"]\n  dimensions: [id, {incl_prob: {column: incl.prob}}]\n  measures: {other_rev: {column: other.rev, precision: exact}}\nrules: []\n", true},
		{"a tab", "dataset: {delimiter: \"\\t\", dimensions: [y], measures: [a]}\n", true},
		{"a delimiter figcheck does not read", "dataset: {delimiter: \"|\", dimensions: [y], measures: [a]}\n", false},
		{"a dimension of two names", "dataset: {dimensions: [{a: {column: x}, b: {column: y}}], measures: [m]}\n", false},
		{"a renamed dimension without its column", "dataset: {dimensions: [{a: {header: x}}], measures: [m]}\n", false},
		{"a dataset without measures", "dataset: {dimensions: [y]}\n", false},
		{"rules as a mapping", "rules: {id: x, title: X, assert: a < b}\n", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := yamlToJSON([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			err = sch.Validate(doc)
			if tc.ok && err != nil {
				t.Errorf("does not match the schema:\n%v", err)
			}
			if !tc.ok && err == nil {
				t.Errorf("matches the schema")
			}
		})
	}
}

// yamlToJSON decodes YAML into the values a JSON decoder would give:
// objects with string keys, arrays, strings, numbers, booleans and null.
func yamlToJSON(src []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	v, err := jsonValue(v)
	if err != nil {
		return nil, err
	}
	// A round trip through JSON turns every number into json.Number, as
	// jsonschema.UnmarshalJSON reads them.
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

func jsonValue(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			j, err := jsonValue(x)
			if err != nil {
				return nil, err
			}
			out[k] = j
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			j, err := jsonValue(x)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(k)] = j
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			j, err := jsonValue(x)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return out, nil
	case nil, bool, string, int, int64, uint64, float64:
		return v, nil
	default:
		return nil, fmt.Errorf("a YAML value of type %T has no JSON form", v)
	}
}
