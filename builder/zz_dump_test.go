package builder

import (
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	_, dest, err := buildImporting(t, portalSite(t, 1250, ""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll("/tmp/comparescale-out")
	os.Rename(dest, "/tmp/comparescale-out")
}
