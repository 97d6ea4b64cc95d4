//go:build !unix

package builder

// mapStateFile reads the file name into memory, where files are not
// mapped (see statemap_unix.go): on Windows a file that is mapped cannot
// be replaced, as the next state file written in its place replaces it.
func mapStateFile(name string) ([]byte, func(), error) { return readStateFile(name) }
