package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// encodeWithList writes v as json.Encoder writes it with an indent of two
// spaces (escaping HTML or not), except that the list under key, which
// stands empty in v at the given depth of nesting, is filled with the n
// items item returns, each encoded as it is written. A report with many
// findings is so never held whole in memory, and its bytes are those of
// encoding it at once.
func encodeWithList(w io.Writer, v any, escapeHTML bool, key string, depth, n int, item func(int) any) error {
	var head bytes.Buffer
	if err := encode(&head, v, "", escapeHTML); err != nil {
		return err
	}
	if n == 0 {
		_, err := w.Write(head.Bytes())
		return err
	}
	indent := strings.Repeat("  ", depth)
	empty := []byte("\n" + indent + fmt.Sprintf("%q", key) + ": []")
	at := bytes.Index(head.Bytes(), empty)
	if at < 0 {
		return fmt.Errorf("the report has no empty list %q to write its items in", key)
	}
	open := at + len(empty) - 1 // the closing bracket of the empty list
	bw := bufio.NewWriter(w)
	bw.Write(head.Bytes()[:open])
	var b bytes.Buffer
	for i := range n {
		b.Reset()
		if err := encode(&b, item(i), indent+"  ", escapeHTML); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n" + indent + "  ")
		bw.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n" + indent)
	bw.Write(head.Bytes()[open:])
	return bw.Flush()
}

// encode writes v as indented JSON, each line after the first beginning
// with prefix.
func encode(w io.Writer, v any, prefix string, escapeHTML bool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(escapeHTML)
	return enc.Encode(v)
}
