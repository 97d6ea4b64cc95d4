//go:build !unix

package workdir

import "os"

const supported = false

func lock(string) (*os.File, error) { return nil, nil }

func tryLock(string) (*os.File, error) { return nil, nil }
