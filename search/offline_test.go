package search

import (
	"bytes"
	"encoding/json"
	"fmt"
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
// folder: its static index is scripts alone, each handing over its file's
// JSON, and a search answered from the scripts gives what one answered
// from an ordinary build's compressed files gives. The Bleve index, which
// nothing opened from a folder reads, is left out.
func TestOfflineIndex(t *testing.T) {
	demoIndex(t)
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
	dir, web := static.Dir(out), static.Dir(filepath.Join(demo.dir, "public"))
	// The ordinary build's records are in record packs; the copy's are a
	// script each.
	records, err := static.ReadRecords(func(rel string) ([]byte, error) { return os.ReadFile(filepath.Join(web, filepath.FromSlash(rel))) })
	if err != nil {
		t.Fatal(err)
	}
	// Its meta.json says its records are files of their own, and so
	// names another build.
	js, err := os.ReadFile(filepath.Join(dir, "meta.js"))
	if err != nil {
		t.Fatal(err)
	}
	var meta static.Meta
	if err := json.Unmarshal(js[bytes.Index(js, []byte("] = "))+4:len(js)-2], &meta); err != nil {
		t.Fatalf("meta.js: %v", err)
	}
	copyBuild := meta.Build
	data, err := readIndexFile(web, "meta.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	meta.RecordPack, meta.RecordUnit, meta.Build = 0, 0, copyBuild
	copyMeta, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	scripts := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		if filepath.Ext(p) != ".js" {
			t.Errorf("%s: the copy's search reads only scripts", rel)
			return nil
		}
		scripts++
		name := strings.TrimSuffix(rel, ".js") + ".json"
		var data []byte
		var n int
		switch _, err = fmt.Sscanf(name, "d/%d.json", &n); {
		case err == nil && n < len(records):
			data = records[n]
		case name == "meta.json":
			data, err = copyMeta, nil
		case name == "build.json":
			data, err = []byte(`{"build":"`+copyBuild+`"}`), nil
		default:
			data, err = readIndexFile(web, name+".gz")
		}
		if err != nil {
			t.Errorf("%s: the ordinary build has no %s: %v", rel, name, err)
			return nil
		}
		js, _ := os.ReadFile(p)
		if !bytes.Equal(js, static.Script(name, data)) {
			t.Errorf("%s is not %s's JSON handed over: %.80s", rel, name, js)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scripts < 50 {
		t.Errorf("%d scripts", scripts)
	}
	if got, want := string(static.Script("t/3.json", []byte(`[1]`))), "(window.intkbIndex = window.intkbIndex || {})[\"t/3.json\"] = [1];\n"; got != want {
		t.Errorf("Script = %q, want %q", got, want)
	}

	reqs := []map[string]any{{"query": "frailty care homes"}, {"query": "pharmasy"}, {"query": `"unity of effort"`},
		{"query": "team", "filters": map[string][]string{"type": {"case-study"}}}}
	var fromFiles, fromScripts struct {
		Responses []any
		Fetched   []string
	}
	runEngine(t, map[string]any{"index": web, "requests": reqs}, &fromFiles)
	runEngine(t, map[string]any{"index": dir, "requests": reqs, "scripts": true}, &fromScripts)
	if !reflect.DeepEqual(fromFiles.Responses, fromScripts.Responses) {
		t.Errorf("the scripts answer otherwise than the compressed files:\n%v\n%v", fromFiles.Responses, fromScripts.Responses)
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
