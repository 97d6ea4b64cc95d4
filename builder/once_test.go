package builder

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOnceLetsGoOfSources builds the demo with and without Options.Once:
// the output is the same, and a build made Once holds no page's source
// afterwards (which NewLive would need, so it refuses).
func TestOnceLetsGoOfSources(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var outs [2]map[string]string
	for i, once := range []bool{false, true} {
		dest := filepath.Join(t.TempDir(), "public")
		opts := Options{Source: root.FS(), Dest: dest, BaseURL: publicBase, Once: once, Now: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
		res, err := Build(opts)
		if err != nil {
			t.Fatalf("once=%v: %v", once, err)
		}
		held := 0
		for _, p := range res.Pages {
			if p.src != nil {
				held++
			}
		}
		if want := map[bool]int{false: len(res.Pages), true: 0}[once]; held != want {
			t.Errorf("once=%v: %d of %d pages hold their source after the build, want %d", once, held, len(res.Pages), want)
		}
		outs[i] = fileMap(t, dest)
		if once {
			func() {
				defer func() {
					if recover() == nil {
						t.Error("NewLive of a build made Once did not panic")
					}
				}()
				NewLive(opts, res)
			}()
		}
	}
	if len(outs[0]) != len(outs[1]) {
		t.Fatalf("Once wrote %d files, without it %d", len(outs[1]), len(outs[0]))
	}
	for name, data := range outs[0] {
		if outs[1][name] != data {
			t.Errorf("%s differs when built Once", name)
		}
	}
}
