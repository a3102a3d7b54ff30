// Command floor reads a CSV file the plainest fast way Go offers, with no
// checks at all: encoding/csv and strconv.ParseFloat of every numeric cell,
// on two goroutines each reading half of the file. Its time is the floor
// that bench/run.sh measures figcheck against.
//
// Usage: go run ./bench/floor DATA.csv FIRST_NUMERIC_COLUMN
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor DATA.csv FIRST_NUMERIC_COLUMN")
		os.Exit(2)
	}
	first, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	info, err := f.Stat()
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(2)
	}
	size := info.Size()
	buf := make([]byte, 1<<16)
	n, _ := f.ReadAt(buf, size/2)
	mid := size
	if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
		mid = size/2 + int64(i) + 1
	}
	var wg sync.WaitGroup
	cells := make([]int, 2)
	for i, span := range [][2]int64{{0, mid}, {mid, size}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := csv.NewReader(bufio.NewReaderSize(io.NewSectionReader(f, span[0], span[1]-span[0]), 1<<20))
			r.ReuseRecord = true
			if span[0] == 0 {
				r.Read() // the header
			}
			for {
				rec, err := r.Read()
				if err != nil {
					return
				}
				for _, c := range rec[first:] {
					if _, err := strconv.ParseFloat(c, 64); err == nil {
						cells[i]++
					}
				}
			}
		}()
	}
	wg.Wait()
	fmt.Println(cells[0]+cells[1], "numbers read")
}
