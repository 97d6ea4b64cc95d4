package builder

import (
	"fmt"
	"io/fs"
	"syscall"
)

// fileStamp says which version of a file info describes, for the digests
// kept between builds (unchanged.go): its device, inode, size and
// modification and change times. The change time cannot be set back by
// any program, so a file written again has a new stamp. ok is false when
// info does not come from the operating system.
func fileStamp(info fs.FileInfo) (stamp string, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d %d %d %d.%09d %d.%09d", st.Dev, st.Ino, st.Size, st.Mtim.Sec, st.Mtim.Nsec, st.Ctim.Sec, st.Ctim.Nsec), true
}

// stampTimes returns the latest of the modification and change times
// fileStamp reads, in Unix nanoseconds.
func stampTimes(info fs.FileInfo) int64 {
	st := info.Sys().(*syscall.Stat_t)
	return max(st.Mtim.Nano(), st.Ctim.Nano())
}
