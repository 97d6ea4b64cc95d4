package server

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"intkb/builder"
	"intkb/search"
)

// demo is the demo site, built once for http://127.0.0.1/ with its
// search index, for the tests of the handlers.
var demo struct {
	once  sync.Once
	dir   string
	dest  string
	res   *builder.Result
	index *search.Index
	err   error
}

// demoSite returns the folder the demo site was built into, the build's
// result and its search index, open. They are shared: tests must not
// change them. TestMain removes them.
func demoSite(tb testing.TB) (string, *builder.Result, *search.Index) {
	tb.Helper()
	demo.once.Do(func() {
		demo.dir, demo.err = os.MkdirTemp("", "intkb-server-test-")
		if demo.err != nil {
			return
		}
		root, err := os.OpenRoot("../..")
		if err != nil {
			demo.err = err
			return
		}
		defer root.Close()
		demo.dest = filepath.Join(demo.dir, "site")
		demo.res, demo.err = builder.Build(builder.Options{Source: root.FS(), Dest: demo.dest, BaseURL: "http://127.0.0.1/", NewIndex: search.NewWriter})
		if demo.err == nil {
			demo.index, demo.err = search.Open(demo.dest)
		}
	})
	if demo.err != nil {
		tb.Fatal(demo.err)
	}
	return demo.dest, demo.res, demo.index
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demo.index != nil {
		demo.index.Close()
	}
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}
