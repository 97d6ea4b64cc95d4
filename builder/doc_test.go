package builder

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"intkb/builder/model"
)

// docReference renders the front-matter reference that ends the package
// doc comment, from the same struct tags the validator uses.
func docReference() string {
	var b strings.Builder
	b.WriteString("// # Front matter reference\n//\n")
	b.WriteString("// Made from the front-matter structs by \"go test -run TestDocReference\n")
	b.WriteString("// -update\". Required keys are marked *. Keys under a table are written\n")
	b.WriteString("// with its name: form.members.role is role in a [[form.members]] table.\n")
	b.WriteString("// Area values are the slugs of the [[areas]] in site.toml. On plain pages\n")
	b.WriteString("// only title is required; case studies and blueprints also need area and\n")
	b.WriteString("// cohorts.\n")
	for _, st := range model.Schema() {
		fmt.Fprintf(&b, "//\n// %s: %s\n//\n", st.Title, st.Where)
		for _, f := range st.Fields {
			req := ""
			if f.Required {
				req = " *"
			}
			fmt.Fprintf(&b, "//\t%-32s %s. %s\n", f.Key+req, f.Type, f.Doc)
			if len(f.Values) > 0 {
				fmt.Fprintf(&b, "//\t%-32s one of: %s\n", "", strings.Join(f.Values, ", "))
			}
		}
	}
	b.WriteString("package builder\n")
	return b.String()
}

// TestDocReference checks that the package doc lists every front-matter
// key, its type and its allowed values as the code has them.
func TestDocReference(t *testing.T) {
	data, err := os.ReadFile("reference.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, "// # Front matter reference")
	if i < 0 {
		t.Fatal("reference.go has no front matter reference")
	}
	want := docReference()
	if doc[i:] == want {
		return
	}
	if *update {
		if err := os.WriteFile("reference.go", []byte(doc[:i]+want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("reference.go's front matter reference is out of date: run go test ./builder -run TestDocReference -update")
}
