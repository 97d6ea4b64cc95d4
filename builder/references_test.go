package builder

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// referencesSite is the minimal site with references on its playbook and
// case study: one with every key, one with a title only, and one whose
// title holds markup.
var referencesSite = strings.NewReplacer(
	"[[steps]]\ntitle = \"Gather what you know\"\n", "[[steps]]\ntitle = \"Gather what you know\"\n\n[[references]]\ntitle = \"Next steps for integrating primary care\"\npublisher = \"NHS England\"\nyear = 2022\nurl = \"https://example.org/fuller\"\n\n[[references]]\ntitle = \"A report <b>without</b> a link\"\n",
	"caveat = \"Small numbers\"\n", "caveat = \"Small numbers\"\n\n[[references]]\ntitle = \"An evaluation\"\npublisher = \"An analytics unit\"\n",
).Replace(minimalSite)

// TestReferences renders the references of a playbook and a case study
// as a list at the end of the page, each title cited and linked when it
// has a url.
func TestReferences(t *testing.T) {
	if referencesSite == minimalSite {
		t.Fatal("the fixture did not change")
	}
	dest := filepath.Join(t.TempDir(), "public")
	if err := buildDir(t, writeSite(t, referencesSite), dest, Options{}); err != nil {
		t.Fatal(err)
	}
	section := regexp.MustCompile(`(?s)<section class="references" aria-labelledby="references-title">\s*<h2 id="references-title">References</h2>\s*<ol class="references__list">(.*?)</ol>\s*</section>`)
	pb := readOut(t, dest, "playbooks/start-with-needs/index.html")
	m := section.FindStringSubmatch(pb)
	if m == nil {
		t.Fatal("the playbook has no References section")
	}
	items := strings.Split(strings.TrimSpace(m[1]), "\n")
	for i, want := range []string{
		`<li><cite><a href="https://example.org/fuller" rel="external">Next steps for integrating primary care</a></cite>. NHS England, 2022.</li>`,
		`<li><cite>A report &lt;b&gt;without&lt;/b&gt; a link</cite>.</li>`,
	} {
		if i >= len(items) || strings.TrimSpace(items[i]) != want {
			t.Errorf("reference %d is\n%v\nwant\n%s", i, items, want)
		}
	}
	if strings.Index(pb, `id="references-title"`) < strings.Index(pb, `id="steps-title"`) {
		t.Error("the references are not at the end of the playbook")
	}
	if !strings.Contains(pb, `<a href="#references-title">References</a>`) && strings.Contains(pb, `id="toc-title"`) {
		t.Error("the playbook's contents do not list its references")
	}
	cs := readOut(t, dest, "case-studies/saltmere-frailty/index.html")
	if m := section.FindStringSubmatch(cs); m == nil || !strings.Contains(m[1], `<li><cite>An evaluation</cite>. An analytics unit.</li>`) {
		t.Error("the case study does not list its reference")
	}
	if strings.Contains(readOut(t, dest, "frameworks/first-conversation/index.html"), "references-title") {
		t.Error("a page without references has a References section")
	}
}
