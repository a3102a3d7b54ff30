package tables

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
)

// Read opens a table from r, such as standard input, as the table called
// name. Checking reads a table more than once (failing rows are read again
// to explain them), so r is copied to a temporary file, which Close
// removes. The format is told from the first bytes: Parquet's PAR1, and
// for text, gzip-compressed or not, NDJSON when the first character that
// is not white space is {, CSV otherwise.
func Read(name string, r io.Reader, o Options) (*Table, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(br.Size())
	f, err := os.CreateTemp("", "figcheck-*"+sniffExt(head))
	if err != nil {
		return nil, fmt.Errorf("%s: cannot keep the table to read it again: %v", name, err)
	}
	_, err = io.Copy(f, br)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return nil, fmt.Errorf("%s: cannot read the table: %v", name, err)
	}
	t, err := openFile(f.Name(), name, o)
	if err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	t.spooled = true
	return t, nil
}

// sniffExt returns the extension that names the format of a table that
// starts with head.
func sniffExt(head []byte) string {
	if bytes.HasPrefix(head, []byte("PAR1")) {
		return ".parquet"
	}
	gz := ""
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		gz = ".gz"
		z, err := gzip.NewReader(bytes.NewReader(head))
		if err != nil {
			return ".csv.gz" // reading it says what is wrong
		}
		head, _ = io.ReadAll(io.LimitReader(z, 1024)) // a truncated stream still gives its start
	}
	if text := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n"); len(text) > 0 && text[0] == '{' {
		return ".ndjson" + gz
	}
	return ".csv" + gz
}

// Close removes the copy of a table read from a reader. For a table opened
// from its file it does nothing.
func (t *Table) Close() error {
	if !t.spooled {
		return nil
	}
	t.spooled = false
	return os.Remove(t.file)
}
