// Command formats writes the reference workload's CSV (bench/run.sh, from
// ../shared/bench/gen.py) as NDJSON and as Parquet, to time figcheck on the
// same rows in other forms: in NDJSON every cell is a JSON string; in
// Parquet the four dimensions are strings and the measures optional
// doubles, empty cells null.
//
// Usage: go run ./bench/formats data_1000000.csv
// writes data_1000000.ndjson and data_1000000.parquet beside it.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// row is a row of the reference workload.
type row struct {
	AreaCode     string   `parquet:"area_code"`
	AreaLevel    string   `parquet:"area_level"`
	ParentCode   string   `parquet:"parent_code"`
	Period       string   `parquet:"period"`
	FTE          *float64 `parquet:"fte,optional"`
	Leavers      *float64 `parquet:"leavers,optional"`
	TurnoverRate *float64 `parquet:"turnover_rate,optional"`
	AgencyFTE    *float64 `parquet:"agency_fte,optional"`
	AgencyRate   *float64 `parquet:"agency_rate,optional"`
	Vacancies    *float64 `parquet:"vacancies,optional"`
	VacancyRate  *float64 `parquet:"vacancy_rate,optional"`
	Cases        *float64 `parquet:"cases,optional"`
	Caseload     *float64 `parquet:"caseload,optional"`
}

func main() {
	if len(os.Args) != 2 || !strings.HasSuffix(os.Args[1], ".csv") {
		fmt.Fprintln(os.Stderr, "usage: formats DATA.csv")
		os.Exit(2)
	}
	if err := convert(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "formats:", err)
		os.Exit(1)
	}
}

func convert(path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	base := strings.TrimSuffix(path, ".csv")
	nd, err := os.Create(base + ".ndjson")
	if err != nil {
		return err
	}
	pq, err := os.Create(base + ".parquet")
	if err != nil {
		return err
	}
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	header, err := r.Read()
	if err != nil {
		return err
	}
	if len(header) != 13 {
		return fmt.Errorf("%s has %d columns, not the reference workload's 13", path, len(header))
	}
	ndw := bufio.NewWriterSize(nd, 1<<20)
	pw := parquet.NewGenericWriter[row](pq)
	var batch []row
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		obj := map[string]string{}
		for i, name := range header {
			obj[name] = rec[i]
		}
		line, err := json.Marshal(obj)
		if err != nil {
			return err
		}
		ndw.Write(append(line, '\n'))
		num := func(s string) *float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil
			}
			return &v
		}
		batch = append(batch, row{rec[0], rec[1], rec[2], rec[3], num(rec[4]), num(rec[5]), num(rec[6]),
			num(rec[7]), num(rec[8]), num(rec[9]), num(rec[10]), num(rec[11]), num(rec[12])})
		if len(batch) == 10_000 {
			if _, err := pw.Write(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if _, err := pw.Write(batch); err != nil {
		return err
	}
	if err := pw.Close(); err != nil {
		return err
	}
	if err := ndw.Flush(); err != nil {
		return err
	}
	if err := nd.Close(); err != nil {
		return err
	}
	return pq.Close()
}
