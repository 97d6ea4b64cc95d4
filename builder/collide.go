package builder

import (
	"fmt"
	"path"
	"strings"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// SearchIndexDir is the folder of the output, relative to the site root,
// where the search index for plain hosting is written (by the indexer of
// Options.NewIndex). No file of the site may be published inside it.
const SearchIndexDir = "search/index/"

// An outputClaim is what puts a file in the output: a file an author
// wrote, or something intkb makes.
type outputClaim struct {
	file string // the author's file, such as static/x.css or content/about.md
	what string // when file is "": what intkb makes, such as the home page
}

func (c outputClaim) String() string {
	if c.file != "" {
		return c.file
	}
	return c.what + " that intkb writes"
}

// outputPlan maps every file a build writes to what writes it, so that two
// that would land on one path are found before anything is written: in
// the output, the one written last silently wins.
type outputPlan struct {
	files    map[string]outputClaim // output path -> what writes it
	dirs     map[string]outputClaim // folders holding those files -> the first of them
	reserved map[string]outputClaim // folders intkb fills whole -> what fills them
	errs     model.ErrorList
}

func newOutputPlan() *outputPlan {
	return &outputPlan{files: map[string]outputClaim{}, dirs: map[string]outputClaim{}, reserved: map[string]outputClaim{}}
}

// claim records that c writes the output file rel, and reports a clash
// with what another claim writes at, above or below that path.
func (p *outputPlan) claim(rel string, c outputClaim) {
	if other, ok := p.files[rel]; ok {
		p.clash(c, other, fmt.Sprintf("has the same output path %s as %s", rel, other))
		return
	}
	if other, ok := p.dirs[rel]; ok {
		p.clash(c, other, fmt.Sprintf("would be written at %s, which is a folder of %s", rel, other))
		return
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if other, ok := p.reserved[d]; ok {
			p.clash(c, other, fmt.Sprintf("would be written inside %s/, which holds %s", d, other))
			return
		}
		if other, ok := p.files[d]; ok {
			p.clash(c, other, fmt.Sprintf("would be written inside %s/, but %s is a file of %s", d, d, other))
			return
		}
	}
	p.files[rel] = c
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if _, ok := p.dirs[d]; ok {
			break // and so are the folders above it
		}
		p.dirs[d] = c
	}
}

// clash reports that c, claimed after other, would write where other
// does. Claims are made in an order that puts intkb's own first, so the
// error is on the author's file; two of intkb's own files cannot clash,
// whatever the site holds, and are not reported.
func (p *outputPlan) clash(c, other outputClaim, msg string) {
	if c.file == "" {
		return
	}
	fix := "rename or remove one of them"
	if other.file == "" {
		fix = "rename or remove " + c.file
	}
	p.errs = append(p.errs, &model.Error{File: c.file, Msg: msg + ": " + fix})
}

// checkOutputs reports every file of the site that would be published at
// the same path as another file, or as a file intkb writes, whether it
// would replace the other or be replaced by it. jobs are every page of
// the site. Built-in static files (layouts/static, css/code.css) are not
// claimed: a site's own static file of the same name replaces them, as
// documented. Hidden files and folders, such as .intkb, are never
// published, so cannot clash with the ones intkb keeps there.
func (b *build) checkOutputs(jobs []job) {
	p := newOutputPlan()
	p.reserved[strings.TrimSuffix(SearchIndexDir, "/")] = outputClaim{what: "the search index for plain hosting"}
	// What intkb makes first, so that a clash is always found on the
	// author's file, which is the one to change.
	for _, j := range jobs {
		if j.view.Kind != "page" {
			p.claim(j.rel, jobClaim(j))
		}
	}
	plan := &publish.Output{Record: func(rel string) { p.claim(rel, outputClaim{what: "the " + rel}) }}
	for _, write := range b.listFiles() {
		write(plan) // a failure here fails the real write too, and says so there
	}
	for _, j := range jobs {
		if j.view.Kind == "page" {
			p.claim(j.rel, jobClaim(j))
		}
	}
	for _, rel := range b.static {
		p.claim(rel, outputClaim{file: staticDir + "/" + rel})
	}
	for _, rel := range b.files {
		p.claim(rel, outputClaim{file: contentDir + "/" + rel})
	}
	b.fail(p.errs...)
}

// jobClaim says what writes a page: a content file, or intkb.
func jobClaim(j job) outputClaim {
	if j.view.Kind == "page" {
		return outputClaim{file: j.view.Page.File}
	}
	return claimOf(j.view)
}
