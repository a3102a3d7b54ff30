package reports

import (
	"bytes"
	"testing"
)

// TestEncodeWithList: a list written one item at a time gives the bytes
// of encoding the whole value at once, at the top level and nested, with
// HTML escaped or not, and with the list last among its keys or not.
func TestEncodeWithList(t *testing.T) {
	type item struct {
		Text string   `json:"text"`
		Tags []string `json:"tags"`
	}
	type inner struct {
		Name  string `json:"name"`
		Items []item `json:"items"`
	}
	type outer struct {
		Items []item  `json:"items"`
		Runs  []inner `json:"runs"`
		After string  `json:"after"`
	}
	all := []item{{"<b>a</b> & \"b\"", []string{"x", "y"}}, {"line\nbreak", nil}, {"::%", []string{}}}
	for _, c := range []struct {
		name  string
		key   string
		depth int
		whole func([]item) any
	}{
		{"top level, not last", "items", 1, func(items []item) any { return outer{Items: items, Runs: []inner{}, After: "z"} }},
		{"nested, last", "items", 3, func(items []item) any { return outer{Items: []item{}, Runs: []inner{{"r", items}}, After: "z"} }},
	} {
		for n := range len(all) + 1 {
			for _, escape := range []bool{true, false} {
				var want, got bytes.Buffer
				if err := encode(&want, c.whole(all[:n]), "", escape); err != nil {
					t.Fatal(err)
				}
				err := encodeWithList(&got, c.whole([]item{}), escape, c.key, c.depth, n, func(i int) any { return all[i] })
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("%s, %d items, escape %v:\n%s\nwant\n%s", c.name, n, escape, got.Bytes(), want.Bytes())
				}
			}
		}
	}
}
