package engines

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"os"
	"strings"

	"github.com/figcheck/figcheck/rules"
)

// fetchTable is the temporary table of the numbers of the rows to fetch,
// and fetchBatch how many numbers one statement puts in it.
const (
	fetchTable = "figcheck_fetch"
	fetchBatch = 10000
)

// rowsIn is the condition that a row's number is one of nums, a subquery
// that engines join (numbers ORed together, DuckDB tests one by one on
// every row). Where the engine has temporary tables the numbers go to one,
// a batch at a time: a statement listing them all took DuckDB about 6 GiB to
// read for the 1.9 million parts of 70 failing groups over 10^8 rows.
func (c *Check) rowsIn(ctx context.Context, nums []string) (string, error) {
	if c.traits.noTempTables {
		return rowCol + " IN (SELECT n FROM (VALUES (" + strings.Join(nums, "), (") + ")) AS r(n))", nil
	}
	if _, err := c.conn.ExecContext(ctx, "CREATE TEMPORARY TABLE "+fetchTable+" (n BIGINT)"); err != nil {
		return "", err
	}
	for len(nums) > 0 {
		batch := nums[:min(len(nums), fetchBatch)]
		nums = nums[len(batch):]
		if _, err := c.conn.ExecContext(ctx, "INSERT INTO "+fetchTable+" VALUES ("+strings.Join(batch, "), (")+")"); err != nil {
			return "", err
		}
	}
	return rowCol + " IN (SELECT n FROM " + fetchTable + ")", nil
}

// dropRowsIn drops the temporary table rowsIn filled, if it did, so that
// the connection may check again.
func (c *Check) dropRowsIn(ctx context.Context) error {
	if c.traits.noTempTables {
		return nil
	}
	_, err := c.conn.ExecContext(ctx, "DROP TABLE "+fetchTable)
	return err
}

// extract writes the rows of the source that where chooses ("" for every
// row) to a CSV file of the dataset's columns, in row order, streaming
// them from the engine.
func (c *Check) extract(ctx context.Context, where string) (_ *extract, err error) {
	var headers, cols []string
	for _, list := range [][]rules.Column{c.ds.Dimensions, c.ds.Measures} {
		for _, col := range list {
			headers = append(headers, col.HeaderText())
			cols = append(cols, c.text[col.HeaderText()])
		}
	}
	q := "SELECT " + rowCol + ", " + strings.Join(cols, ", ") + " FROM " + view
	if where != "" {
		q += " WHERE " + where
	}
	q += " ORDER BY " + rowCol
	f, err := os.CreateTemp("", "figcheck-rows-*.csv")
	if err != nil {
		return nil, err
	}
	ex := &extract{path: f.Name()}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			ex.close()
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	w := csv.NewWriter(bw)
	if err := w.Write(headers); err != nil {
		return nil, err
	}
	rows, err := c.conn.QueryContext(ctx, q)
	if err != nil {
		return nil, c.failed(err)
	}
	defer rows.Close()
	var row int64
	cells := make([]sql.NullString, len(cols))
	dest := []any{&row}
	for i := range cells {
		dest = append(dest, &cells[i])
	}
	rec := make([]string, len(cols))
	line := 2
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, c.failed(err)
		}
		spans := 0
		for i, cell := range cells {
			rec[i] = cell.String
			spans += strings.Count(cell.String, "\n")
		}
		if spans > 0 && ex.lines == nil { // from here on, lines are kept
			ex.lines = make([]int, len(ex.rows))
			for i := range ex.lines {
				ex.lines[i] = i + 2
			}
		}
		if ex.lines != nil {
			ex.lines = append(ex.lines, line)
		}
		ex.rows = append(ex.rows, row)
		line += 1 + spans
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, c.failed(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return ex, bw.Flush()
}
