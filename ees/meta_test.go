package ees

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/figcheck/figcheck/position"
)

const header = "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"

func TestReadMeta(t *testing.T) {
	m, err := ReadMeta("m.meta.csv", []byte("\ufeff"+header+
		"sex,Filter,Sex,,,,Boys or girls,sex_group\n"+
		"pupils,Indicator,Number of pupils,Pupils,,,,\n"+
		"pt_fsm,Indicator,Percentage eligible for free school meals,Pupils,%,1,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{
		{Name: "sex", Filter: true, Label: "Sex", DP: -1, Hint: "Boys or girls", GroupingColumn: "sex_group", Pos: position.Pos{File: "m.meta.csv", Line: 2, Col: 1}},
		{Name: "pupils", Label: "Number of pupils", Grouping: "Pupils", DP: -1, Pos: position.Pos{File: "m.meta.csv", Line: 3, Col: 1}},
		{Name: "pt_fsm", Label: "Percentage eligible for free school meals", Grouping: "Pupils", Unit: "%", DP: 1, Pos: position.Pos{File: "m.meta.csv", Line: 4, Col: 1}},
	}
	if len(m.Columns) != len(want) {
		t.Fatalf("%d columns, want %d", len(m.Columns), len(want))
	}
	for i := range want {
		if m.Columns[i] != want[i] {
			t.Errorf("column %d: %+v, want %+v", i, m.Columns[i], want[i])
		}
	}
	if len(m.Filters()) != 1 || len(m.Indicators()) != 2 || m.Column("pupils") != &m.Columns[1] {
		t.Errorf("filters %d, indicators %d, pupils %v", len(m.Filters()), len(m.Indicators()), m.Column("pupils"))
	}
}

// TestReadMetaErrors holds every mistake to its message and position.
func TestReadMetaErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // each error as "line:col: part of the message"
	}{
		{"empty", "", []string{"m.meta.csv: the file is empty"}},
		{"no label column", "col_name,col_type\nx,Filter\n", []string{"m.meta.csv:1: the header has no label column"}},
		{"unknown column", "col_name,col_type,label,unit\n", []string{"m.meta.csv:1:25: unknown column \"unit\""}},
		{"column twice", "col_name,col_type,label,label\n", []string{"m.meta.csv:1:25: column label appears twice"}},
		{"no rows", header, []string{"m.meta.csv:1: the metadata lists no columns"}},
		{"bad col_type", header + "x,Measure,X,,,,,\n", []string{"m.meta.csv:2:3: col_type \"Measure\""}},
		{"empty name", header + ",Filter,X,,,,,\n", []string{"m.meta.csv:2:1: col_name is empty"}},
		{"bad name", header + "2x y,Filter,X,,,,,\n", []string{"m.meta.csv:2:1: col_name \"2x y\""}},
		{"standard column", header + "la_name,Filter,X,,,,,\n", []string{"m.meta.csv:2:1: col_name la_name is one of the EES time or geography columns"}},
		{"listed twice", header + "x,Filter,X,,,,,\nx,Filter,X,,,,,\n", []string{"m.meta.csv:3:1: col_name x is listed twice (first on line 2)"}},
		{"no label", header + "x,Filter,,,,,,\n", []string{"m.meta.csv:2:10: the label of x is empty"}},
		{"bad unit", header + "x,Indicator,X,,kg,,,\n", []string{"m.meta.csv:2:16: indicator_unit \"kg\""}},
		{"bad dp", header + "x,Indicator,X,,,one,,\n", []string{"m.meta.csv:2:17: indicator_dp \"one\""}},
		{"negative dp", header + "x,Indicator,X,,,-1,,\n", []string{"m.meta.csv:2:17: indicator_dp \"-1\""}},
		{"filter with unit", header + "x,Filter,X,,%,,,\n", []string{"m.meta.csv:2:1: filter x has an indicator_unit"}},
		{"indicator with hint", header + "x,Indicator,X,,,,hint,\n", []string{"m.meta.csv:2:1: indicator x has a filter_hint"}},
		{"indicator with default", "col_name,col_type,label,filter_default\nx,Indicator,X,Total\n", []string{"m.meta.csv:2:1: indicator x has a filter_hint, filter_grouping_column or filter_default"}},
		{"bad grouping column", header + "x,Filter,X,,,,,a b\n", []string{"m.meta.csv:2:16: filter_grouping_column \"a b\""}},
		{"bad quote", header + "x,\"Filter,X\n", []string{"m.meta.csv:2:"}},
		{"all of them", header + "x,Measure,,,kg,,,\n", []string{"m.meta.csv:2:3: col_type", "m.meta.csv:2:11: the label of x is empty", "m.meta.csv:2:13: indicator_unit"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadMeta("m.meta.csv", []byte(c.src))
			if err == nil {
				t.Fatal("no error")
			}
			var errs position.Errors
			if !errors.As(err, &errs) {
				var one *position.Error
				if !errors.As(err, &one) {
					t.Fatalf("%v is not positioned", err)
				}
				errs = position.Errors{one}
			}
			if len(errs) != len(c.want) {
				t.Fatalf("%d errors, want %d:\n%v", len(errs), len(c.want), err)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(errs[i].Error(), w) {
					t.Errorf("error %q, want it to start %q", errs[i].Error(), w)
				}
			}
		})
	}
}

// FuzzReadMeta holds the metadata reader to an error or metadata, never
// a panic, with every error positioned in the file and every column read
// with a name and a label.
func FuzzReadMeta(f *testing.F) {
	f.Add([]byte(header + "sex,Filter,Sex,,,,Boys or girls,\npupils,Indicator,Number of pupils,,,0,,\n"))
	f.Add([]byte(header + "x,Indicator,X,,%,1,,\n"))
	f.Add([]byte("col_name,col_type,label\nx,Filter,\"quoted, label\"\n"))
	f.Add([]byte(header + "x,\"Filter\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, src []byte) {
		m, err := ReadMeta("f.meta.csv", src)
		if err != nil {
			var errs position.Errors
			var one *position.Error
			if !errors.As(err, &errs) && !errors.As(err, &one) {
				t.Fatalf("error not positioned: %v", err)
			}
			for _, e := range append(errs, one) {
				if e != nil && e.Pos.File != "f.meta.csv" {
					t.Fatalf("error in %q: %v", e.Pos.File, e)
				}
			}
			return
		}
		if len(m.Columns) == 0 {
			t.Fatal("metadata without columns")
		}
		for _, c := range m.Columns {
			if c.Name == "" || c.Label == "" || c.Pos.Line < 2 {
				t.Fatalf("column %+v", c)
			}
		}
	})
}

// TestLoadMetaTooLarge refuses a metadata file larger than its limit,
// DefaultMetaBytes or the one given, before reading it whole, and reads it
// within a limit raised.
func TestLoadMetaTooLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.meta.csv")
	if err := os.WriteFile(big, []byte(header+strings.Repeat("x,Filter,X,,,,,\n", DefaultMetaBytes/16+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.meta.csv")
	if err := os.WriteFile(small, []byte(header+"pupils,Indicator,Pupils,,,0,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		max  int
		want string // "" to read it
	}{
		{big, 0, big + ": the metadata is larger than 16 MiB, the most figcheck reads in an EES metadata file: is this one? If it is, run with --limit metadata-size=SIZE to raise it"},
		{small, 100, small + ": the metadata is larger than 100 bytes"},
		{small, 1000, ""},
	} {
		m, err := LoadMeta(c.path, c.max)
		switch {
		case c.want == "" && (err != nil || len(m.Columns) != 1):
			t.Errorf("%s within %d: %v", c.path, c.max, err)
		case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
			t.Errorf("%s within %d: error %v, want %s", c.path, c.max, err, c.want)
		}
	}
}

// TestLoadMetaFolder refuses a folder named as metadata, without opening
// it (a pipe is refused so too, before it can block).
func TestLoadMetaFolder(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadMeta(dir, 0); err == nil || !strings.Contains(err.Error(), dir+": this is a folder, not an EES metadata file") {
		t.Errorf("error %v, want the folder refused", err)
	}
}
