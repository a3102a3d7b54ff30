// Package yamlnode walks YAML node trees so that every value keeps its file
// position and every mistake in a user's file (an unknown key, a list where a
// string belongs) becomes an error that points at it.
package yamlnode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/figcheck/figcheck/internal/size"
	"github.com/figcheck/figcheck/position"
)

// Doc is a YAML file being read, with the errors found in it so far.
type Doc struct {
	File string
	Src  []byte
	Errs position.Errors
}

// ReadFile reads the YAML file at path within max bytes (see ReadWithin,
// which says what the file is and which limit raises it) and parses it:
// the document's root mapping, or an error at the file: that it could not
// be read, or the positioned mistakes of Parse.
func ReadFile(path string, max int, what, limit string) (*Doc, *yaml.Node, error) {
	src, err := ReadWithin(path, max, what, limit)
	if err != nil {
		return nil, nil, CannotRead(path, err)
	}
	d, root := Parse(path, src)
	if root == nil {
		return nil, nil, d.Errs
	}
	return d, root, nil
}

// CannotRead is the error of a file that cannot be read, at the file, for
// the reason err gives (ReadSource's errors say it in words).
func CannotRead(path string, err error) *position.Error {
	return position.Errorf(position.Pos{File: path}, "cannot read this file: %v", err)
}

// ErrTooLarge is ReadSource's error for a file longer than its limit.
var ErrTooLarge = errors.New("the file is larger than its limit")

// ReadSource reads the file at path whole, if it is a regular file (a
// folder, device or pipe is refused before it is opened: a pipe could
// block, a device never end) of at most max bytes (0 for no limit). Its
// errors say why in words that never quote the file, without the path.
func ReadSource(path string, max int) ([]byte, error) {
	if err := Regular(path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	var r io.Reader = f
	if max > 0 {
		r = io.LimitReader(f, int64(max)+1)
	}
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	if max > 0 && len(src) > max {
		return nil, ErrTooLarge
	}
	return src, nil
}

// ReadWithin reads the file at path as ReadSource does, within max bytes,
// and past them says so in words: that it is larger than max, the most
// figcheck reads in what ("a waiver file"), and which limit raises it.
func ReadWithin(path string, max int, what, limit string) ([]byte, error) {
	src, err := ReadSource(path, max)
	if errors.Is(err, ErrTooLarge) {
		err = fmt.Errorf("it is larger than %s, the most figcheck reads in %s; run with --limit %s=SIZE to raise it", size.Text(max), what, limit)
	}
	return src, err
}

// Regular returns nil if path is a regular file, or why it cannot be read
// as one ("it is a named pipe, not a file"), without opening it.
func Regular(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("it is %s, not a file", fileKind(info.Mode()))
	}
	return nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// unwrapPathError returns the reason of an error about a path without the
// operation and the path ("no such file or directory").
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse parses src as one YAML document and returns its root mapping, or
// nil with an error in d.Errs.
//
// A file that is not text (a NUL byte, bytes that are not UTF-8, unless it
// starts with a UTF-16 byte order mark) is said to be so at the first such
// byte; a syntax error is placed at the line and
// column where the text stops being YAML, and the error never quotes the
// file: it may be anything a user named.
func Parse(file string, src []byte) (d *Doc, root *yaml.Node) {
	src, bad := Text(src)
	d = &Doc{File: file, Src: src}
	if bad >= 0 {
		d.Errs.Add(d.posAt(bad), "the file is not UTF-16 text here, though it starts as UTF-16: save it as UTF-8")
		return d, nil
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		d.Errs.Add(d.posAt(i), "the file holds a NUL byte here: it is binary, not a YAML text file")
		return d, nil
	}
	if !utf8.Valid(src) {
		d.Errs.Add(d.posAt(firstInvalid(src)), "the file is not UTF-8 text here: save it as UTF-8")
		return d, nil
	}
	var doc, next yaml.Node
	if err := unmarshal(src, &doc, &next); err != nil {
		d.Errs = append(d.Errs, d.syntaxError(err))
		return d, nil
	}
	// A document after the first would be left unread: a trailing --- with
	// nothing after it is the only one allowed.
	if next.Kind != 0 && !(len(next.Content) == 1 && next.Content[0].Tag == "!!null" && next.Content[0].Value == "") {
		d.Errorf(&next, "a second YAML document starts here: write everything in one document, without ---")
		return d, nil
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		d.Errs.Add(position.Pos{File: file, Line: 1, Col: 1}, "the file is empty")
		return d, nil
	}
	root = doc.Content[0]
	if root.Kind != yaml.MappingNode {
		d.Errorf(root, "the file must be a mapping of keys to values, not %s", shapeName(root))
		return d, nil
	}
	return d, root
}

// Text returns src as YAML reads it, so that its lines and columns are the
// ones node positions count: without a byte order mark, and decoded from
// UTF-16 where the mark says so. Where that UTF-16 is broken (a surrogate
// alone, an odd byte at the end), bad is the offset in text of the
// break, and the rest is left out; else bad is -1.
func Text(src []byte) (text []byte, bad int) {
	var unit func(b []byte) uint16
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		return src[3:], -1
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		unit = func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		unit = func(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }
	default:
		return src, -1
	}
	src = src[2:]
	text = make([]byte, 0, len(src))
	for i := 0; i < len(src); i += 2 {
		if i+1 == len(src) {
			return text, len(text)
		}
		r := rune(unit(src[i:]))
		if utf16.IsSurrogate(r) {
			if i+3 >= len(src) {
				return text, len(text)
			}
			if r = utf16.DecodeRune(r, rune(unit(src[i+2:]))); r == unicode.ReplacementChar {
				return text, len(text)
			}
			i += 2
		}
		text = utf8.AppendRune(text, r)
	}
	return text, -1
}

// unmarshal parses the first YAML document of src into out and the second,
// if any, into next, turning a panic in the parser into an error so that no
// input can crash figcheck.
func unmarshal(src []byte, out, next *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for _, n := range []*yaml.Node{out, next} {
		if err := dec.Decode(n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError places a YAML syntax error. yaml.v3 gives the line where the
// construct around the error began (a mapping three lines up) and no
// column, so the place is found again: the end of the shortest start of
// the file that fails with the same message. Errors are found as the text
// streams, so a start that holds the mistake fails as the whole file does.
func (d *Doc) syntaxError(err error) *position.Error {
	line, msg := yamlMessage(err)
	pos := position.Pos{File: d.File, Line: line}
	if end, ok := d.failingPrefix(line, msg); ok {
		pos = d.posAt(end - 1)
	}
	if strings.Contains(msg, "tab character") {
		msg += " (YAML indents with spaces, not tabs)"
	}
	format := "YAML"
	if strings.EqualFold(filepath.Ext(d.File), ".json") {
		format = "JSON"
	}
	return position.Errorf(pos, "invalid %s: %s", format, msg)
}

// yamlMessage splits an error of yaml.v3 into its line (0 if none) and
// message.
func yamlMessage(err error) (int, string) {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return line, m[2]
	}
	return 0, strings.TrimPrefix(err.Error(), "yaml: ")
}

// maxSearched is the largest file whose syntax errors are placed to the
// column: each step of the search parses the file again.
const maxSearched = 256 << 10

// failingPrefix returns the length of the shortest start of the file that
// yaml.v3 rejects with msg, searched from the line it gave: lines at
// doubling distances, then halving, then the bytes of the line.
func (d *Doc) failingPrefix(from int, msg string) (int, bool) {
	if len(d.Src) > maxSearched {
		return 0, false
	}
	fails := func(n int) bool {
		var doc, next yaml.Node
		err := unmarshal(d.Src[:n], &doc, &next)
		if err == nil {
			return false
		}
		_, got := yamlMessage(err)
		return got == msg
	}
	var ends []int // the end of each line, newline included
	for i, c := range d.Src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(d.Src) {
		ends = append(ends, len(d.Src))
	}
	lo := min(max(from-1, 0), len(ends)-1) // lines before lo hold no error
	hi := lo
	for step := 1; !fails(ends[hi]); step *= 2 {
		if hi == len(ends)-1 {
			return 0, false
		}
		lo, hi = hi+1, min(hi+step, len(ends)-1)
	}
	l := lo + sort.Search(hi-lo, func(i int) bool { return fails(ends[lo+i]) })
	start := 0
	if l > 0 {
		start = ends[l-1]
	}
	return start + sort.Search(ends[l]-start, func(i int) bool { return fails(start + i + 1) }) + 1, true
}

// posAt returns the position of the byte at offset in the file: its line,
// and its column in characters (a byte that is not UTF-8 counts as one).
func (d *Doc) posAt(offset int) position.Pos {
	offset = min(max(offset, 0), len(d.Src))
	start := bytes.LastIndexByte(d.Src[:offset], '\n') + 1
	line := bytes.Count(d.Src[:start], []byte("\n")) + 1
	return position.Pos{File: d.File, Line: line, Col: utf8.RuneCount(d.Src[start:offset]) + 1}
}

// firstInvalid returns the offset of the first byte of src that is not
// part of valid UTF-8.
func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// Pos returns the position of n in the file.
func (d *Doc) Pos(n *yaml.Node) position.Pos {
	return position.Pos{File: d.File, Line: n.Line, Col: n.Column}
}

// Errorf records an error at n.
func (d *Doc) Errorf(n *yaml.Node, format string, args ...any) {
	d.Errs.Add(d.Pos(n), format, args...)
}

// Field is one key of a mapping that a reader accepts.
type Field struct {
	Name     string
	Required bool
	Read     func(key, value *yaml.Node)
}

// Fields reads the mapping n of the thing named what: each key goes to its
// Field's Read; unknown, repeated and missing keys are errors.
func (d *Doc) Fields(n *yaml.Node, what string, fields ...Field) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f := findField(fields, k.Value)
		switch {
		case f == nil:
			d.Errorf(k, "unknown key %q in %s%s", k.Value, what, suggest(k.Value, fieldNames(fields)))
		case seen[k.Value]:
			d.Errorf(k, "key %q appears twice in %s", k.Value, what)
		default:
			seen[k.Value] = true
			f.Read(k, v)
		}
	}
	for _, f := range fields {
		if f.Required && !seen[f.Name] {
			d.Errorf(n, "%s has no %q", what, f.Name)
		}
	}
}

func findField(fields []Field, name string) *Field {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

func fieldNames(fields []Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

// Pairs returns the keys and values of the mapping n in file order, reporting
// repeated keys.
func (d *Doc) Pairs(n *yaml.Node, what string) (keys, values []*yaml.Node) {
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s must be a mapping, not %s", what, kindName(n))
		return nil, nil
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if seen[k.Value] {
			d.Errorf(k, "%q appears twice in %s", k.Value, what)
			continue
		}
		seen[k.Value] = true
		keys, values = append(keys, k), append(values, n.Content[i+1])
	}
	return keys, values
}

// String returns the scalar n as a string.
func (d *Doc) String(n *yaml.Node, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s must be a single value, not %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// Strings returns n, a list of scalars or a single scalar, as strings.
func (d *Doc) Strings(n *yaml.Node, what string) ([]string, []*yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		return []string{n.Value}, []*yaml.Node{n}
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list, not %s", what, kindName(n))
		return nil, nil
	}
	var out []string
	var nodes []*yaml.Node
	for _, item := range n.Content {
		if s, ok := d.String(item, "each item of "+what); ok {
			out = append(out, s)
			nodes = append(nodes, item)
		}
	}
	return out, nodes
}

// Float returns the scalar n as a number.
func (d *Doc) Float(n *yaml.Node, what string) (float64, bool) {
	s, ok := d.String(n, what)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		d.Errorf(n, "%s must be a number, not %q", what, s)
		return 0, false
	}
	return f, true
}

// Bool returns the scalar n as true or false.
func (d *Doc) Bool(n *yaml.Node, what string) (bool, bool) {
	s, ok := d.String(n, what)
	if !ok {
		return false, false
	}
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.Errorf(n, "%s must be true or false, not %q", what, s)
	return false, false
}

// shapeName is kindName without the value itself, for a file's top level:
// a file that is not a rule file at all (a password file, a key) must not
// be shown in the error about it.
func shapeName(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return "a single value"
	}
	return kindName(n)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	default:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
}

// suggest returns a hint for an unknown key: the known key closest to it, or
// the list of known keys when none is close.
func suggest(name string, known []string) string {
	if hint := Suggest(name, known); hint != "" {
		return hint
	}
	sorted := append([]string(nil), known...)
	sort.Strings(sorted)
	return " (known keys: " + strings.Join(sorted, ", ") + ")"
}

// Suggest returns ` (did you mean "x"?)` for the name in known closest to
// name, or "" when none is close.
func Suggest(name string, known []string) string {
	best, bestDist := "", max(2, len(name)/3)+1
	for _, k := range known {
		if dist := editDistance(name, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
