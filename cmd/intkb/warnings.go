package main

import (
	"fmt"
	"io"
)

// printWarnings prints the problems a build went on despite, such as an
// [[import]] that could not be read. With --strict they are errors instead.
func printWarnings(w io.Writer, warnings []string) {
	for _, line := range warnings {
		fmt.Fprintf(w, "warning: %s\n", line)
	}
}
