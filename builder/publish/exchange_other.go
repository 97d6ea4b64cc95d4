//go:build !linux

package publish

// exchange replaces b with a and returns the path that now holds b's old
// contents. Between the two renames b is briefly missing.
func exchange(a, b string) (string, error) { return exchangeByRename(a, b) }
