// Command gen writes a generated knowledge base for benchmarks:
//
//	go run ./bench/gen -n 10000 -out /tmp/corpus-10k
package main

import (
	"flag"
	"fmt"
	"os"

	"intkb/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "how many pages")
	out := flag.String("out", "", "the folder to write the site into (required)")
	seed := flag.Int64("seed", 1, "the random seed; one seed always gives the same files")
	flag.Parse()
	if *out == "" || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.Write(*out, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
