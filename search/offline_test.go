package search

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"intkb/builder"
	"intkb/search/static"
)

// TestOfflineIndex builds the demo site as a copy to be opened from a
// folder: beside every file of the static index is its script, the same
// bytes handed to the page, and a search answered from the scripts gives
// what one answered from the JSON gives. The Bleve index, which nothing
// opened from a folder reads, is left out.
func TestOfflineIndex(t *testing.T) {
	root, err := os.OpenRoot("..")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.Build(builder.Options{Source: root.FS(), Dest: out, Offline: true, NewIndex: NewOfflineIndex}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, ".intkb")); err == nil {
		t.Error("the offline copy holds the Bleve index")
	}
	dir := static.Dir(out)
	files, scripts := 0, 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		switch filepath.Ext(p) {
		case ".json":
			files++
			data, _ := os.ReadFile(p)
			js, err := os.ReadFile(strings.TrimSuffix(p, ".json") + ".js")
			if err != nil {
				t.Errorf("%s has no script: %v", rel, err)
			} else if !bytes.Equal(js, static.Script(rel, data)) {
				t.Errorf("%s's script is not its bytes handed over: %.80s", rel, js)
			}
			if !json.Valid(data) {
				t.Errorf("%s is not JSON", rel)
			}
		case ".js":
			scripts++
		default:
			t.Errorf("%s is neither JSON nor its script", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 || scripts != files {
		t.Errorf("%d files and %d scripts", files, scripts)
	}
	if got, want := string(static.Script("t/3.json", []byte(`[1]`))), "(window.intkbIndex = window.intkbIndex || {})[\"t/3.json\"] = [1];\n"; got != want {
		t.Errorf("Script = %q, want %q", got, want)
	}

	reqs := []map[string]any{{"query": "frailty care homes"}, {"query": "pharmasy"}, {"query": `"unity of effort"`},
		{"query": "team", "filters": map[string][]string{"type": {"case-study"}}}}
	var fromJSON, fromScripts struct {
		Responses []any
		Fetched   []string
	}
	runEngine(t, map[string]any{"index": dir, "requests": reqs}, &fromJSON)
	runEngine(t, map[string]any{"index": dir, "requests": reqs, "scripts": true}, &fromScripts)
	if !reflect.DeepEqual(fromJSON.Responses, fromScripts.Responses) {
		t.Errorf("the scripts answer otherwise than the JSON:\n%v\n%v", fromJSON.Responses, fromScripts.Responses)
	}
	for i, r := range fromScripts.Responses {
		if total, _ := r.(map[string]any)["total"].(float64); total == 0 {
			t.Errorf("query %v found nothing", reqs[i])
		}
	}
	if len(fromScripts.Fetched) < 5 || len(fromScripts.Responses) != len(reqs) {
		t.Errorf("read %d scripts for %d answers", len(fromScripts.Fetched), len(fromScripts.Responses))
	}
}
