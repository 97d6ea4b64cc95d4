//go:build unix

package builder

import (
	"fmt"
	"os"
	"syscall"
)

// mapStateFile maps the file name into memory, read only, and returns its
// bytes with the function that unmaps them. Reading a mapped file costs
// no copy, and the system fills in its pages many at a time, where
// reading it into new memory takes a fault for each page of that memory.
func mapStateFile(name string) ([]byte, func(), error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := info.Size()
	switch {
	case !info.Mode().IsRegular():
		return nil, nil, fmt.Errorf("%s: not a file", name)
	case size == 0:
		return []byte{}, func() {}, nil // a mapping cannot be empty
	case size != int64(int(size)):
		return nil, nil, fmt.Errorf("%s: too large to map", name)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("mapping %s: %w", name, err)
	}
	return data, func() { syscall.Munmap(data) }, nil
}
