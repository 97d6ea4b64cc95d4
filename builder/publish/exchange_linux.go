package publish

import "golang.org/x/sys/unix"

// exchange swaps the folders a and b in one step, so that b is never
// missing, and returns the path that now holds b's old contents.
func exchange(a, b string) (string, error) {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == nil {
		return a, nil
	}
	// Some file systems cannot exchange: fall back to two renames.
	return exchangeByRename(a, b)
}
