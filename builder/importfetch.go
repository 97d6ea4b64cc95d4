package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"sync"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file reads the imports: [imports] concurrency of them at once,
// each a file through the site's fs.FS, so that it cannot be outside the
// site's folder, or a URL fetched with a time limit. A URL's last good
// copy is kept between builds (importcache.go): it is asked for again
// with If-None-Match and If-Modified-Since, so that an unchanged source
// costs one small request and a 304 answer, and when the source is down,
// slow, answers with an error or gives what is not open data, its areas
// come from that copy, marked Stale, with a warning giving its age.
// Anything else that goes wrong is a warning naming the import, and the
// build goes on with what it could read, except a source that is not a
// regular file (a named pipe would block the build for ever): that is
// never data, so it is an error.

// importTimeout bounds how long a build waits for another site's data.
const importTimeout = 10 * time.Second

// importRead is what reading one import gave.
type importRead struct {
	areas    []*compare.Area
	problems []string // warnings naming the import
	// kept is the warning that the last good copy stands in for the
	// source, within its age limit: one that --strict lets pass.
	kept    string
	notFile bool // the source is not a regular file: an error
	// read says what the areas were read from, for the digest of a
	// build's inputs (unchanged.go): the body's digest and, for a kept
	// copy, when it was fetched and how old it was said to be.
	read string
}

// readImports reads the imports, a bounded number at once, and returns
// the areas they hold, in order (site.toml's, then the list file's),
// within the limits importlimits.go sets, and a line for each import
// saying what it was read as, for the digest of the build's inputs
// (unchanged.go). What cannot be read, and what is left out, becomes a
// warning that names the import; the build goes on without it.
func (b *build) readImports() (areas []*compare.Area, read []string) {
	imports := b.cfg.Imports
	if len(imports) == 0 {
		return nil, nil
	}
	checker, err := compileSchema(importSchema(b.vocabs), schemaGen{vocabs: b.vocabs})
	if err != nil {
		b.fail(&model.Error{File: "site.toml", Msg: "the schema imports are checked against does not compile, a bug in intkb: " + err.Error()})
		return nil, nil
	}
	reads := make([]importRead, len(imports))
	cache := newImportCache(b.opts.StateDir)
	if cache != nil {
		cache.ignoreKept = b.opts.Clean
	}
	slots := make(chan struct{}, b.cfg.ImportLimit.ConcurrencyOrDefault())
	var wg sync.WaitGroup
	for i, imp := range imports {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			reads[i] = b.readImport(imp, cache, checker)
		})
	}
	wg.Wait()
	admit := newAreaAdmitter(b.cfg.ImportLimit)
	for i, imp := range imports {
		r := reads[i]
		read = append(read, fmt.Sprintf("%q %q %s %q %q", imp.Name, imp.Source, r.read, r.kept, r.problems))
		kept, notes := admit.admit(imp, r.areas)
		file, line := importAt(imp)
		say := func(p string) *model.Error {
			return &model.Error{File: file, Line: line, Msg: fmt.Sprintf("import %q: %s", imp.Name, p)}
		}
		if r.kept != "" {
			b.warnForgiven(say(r.kept))
		}
		for _, p := range shortenProblems(r.problems) {
			if r.notFile {
				b.fail(say(p))
			} else {
				b.warn(say(p))
			}
		}
		for _, p := range notes {
			b.warn(say(p))
		}
		areas = append(areas, kept...)
	}
	return areas, read
}

// readImport reads one import: a file, or a URL with its kept copy.
func (b *build) readImport(imp model.Import, cache *importCache, checker *compiledSchema) importRead {
	isURL, err := model.ImportSource(imp.Source)
	if err != nil {
		return importRead{problems: []string{fmt.Sprintf("source %q %v", imp.Source, err)}}
	}
	if isURL {
		return b.readURLImport(imp, cache, checker)
	}
	data, err := b.readImportFile(imp)
	if err != nil {
		return importRead{problems: []string{err.Error()}, notFile: errors.As(err, new(*notRegularError))}
	}
	areas, problems, _ := parseImport(imp, data, compare.Provenance{FetchedAt: time.Now().UTC()}, b.vocabs, checker)
	return importRead{areas: areas, problems: problems, read: "file " + hexDigest(data)}
}

// readURLImport fetches a URL import, conditionally when it has a kept
// copy, and keeps what it gets when it is open data. When the source
// cannot give it, the kept copy stands in, marked Stale; when there is
// none, the import gives nothing.
func (b *build) readURLImport(imp model.Import, cache *importCache, checker *compiledSchema) importRead {
	kept := cache.load(imp.Source)
	got, err := b.fetchImport(imp.Source, kept)
	var failure string
	if err != nil {
		failure = err.Error()
	} else {
		cp := &importCopy{URL: imp.Source, ETag: got.etag, LastModified: got.lastModified, FetchedAt: time.Now().UTC(), body: got.body}
		if got.notModified {
			cp.ETag, cp.LastModified, cp.body = kept.ETag, kept.LastModified, kept.body
		}
		areas, problems, ok := parseImport(imp, cp.body, compare.Provenance{FetchedAt: cp.FetchedAt}, b.vocabs, checker)
		if ok {
			if err := cache.store(cp); err != nil {
				problems = append(problems, fmt.Sprintf("cannot keep a copy of it for the next build: %v", unwrapPathError(err)))
			}
			return importRead{areas: areas, problems: problems, read: "fetched " + hexDigest(cp.body)}
		}
		failure = problems[0]
	}
	if kept == nil {
		return importRead{problems: []string{failure}}
	}
	age := time.Since(kept.FetchedAt)
	prov := compare.Provenance{FetchedAt: kept.FetchedAt, Stale: true, Age: ageWords(age)}
	areas, problems, ok := parseImport(imp, kept.body, prov, b.vocabs, checker)
	if !ok {
		return importRead{problems: []string{failure}}
	}
	note := fmt.Sprintf("%s: using the copy from %s (%s)", failure, kept.FetchedAt.Format(time.DateOnly), prov.Age)
	read := fmt.Sprintf("kept %s %q %s", kept.FetchedAt.Format(time.RFC3339Nano), prov.Age, hexDigest(kept.body))
	if limit := imp.MaxAgeOrDefault(b.cfg.ImportLimit); age > limit {
		note += fmt.Sprintf(", older than its maxAge of %s, so --strict fails until it is fetched again", durationWords(limit))
		return importRead{areas: areas, problems: append([]string{note}, problems...), read: read}
	}
	return importRead{areas: areas, problems: problems, kept: note, read: read}
}

// hexDigest returns the SHA-256 of data, in hex: of an import's body, a
// page's file (Page.fileSum), or any file of the site, as digestFiles
// gives it.
func hexDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// durationWords writes a maxAge back as days or hours, or as Go writes
// it.
func durationWords(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}

// readImportFile returns the bytes of a file import, through the site's
// fs.FS, so that it cannot leave the site's folder. It may be at most
// MaxFileSize.
func (b *build) readImportFile(imp model.Import) ([]byte, error) {
	name := path.Clean(imp.Source)
	info, err := statRegular(b.src, name)
	if nr := (*notRegularError)(nil); errors.As(err, &nr) {
		return nil, fmt.Errorf("cannot read %s: %w", name, nr)
	} else if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", name, unwrapPathError(err))
	}
	if info.Size() > model.MaxFileSize {
		return nil, fmt.Errorf("cannot read %s: %s", name, tooLarge)
	}
	data, err := readRegular(b.src, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %s", name, unwrapPathError(err))
	}
	return data, nil
}

var tooLarge = fmt.Sprintf("it is larger than %d MB, the most an import may be", model.MaxFileSize>>20)

// fetchedBody is what a server answered: a new body with its validators,
// or that the kept copy is still current.
type fetchedBody struct {
	body               []byte
	etag, lastModified string
	notModified        bool
}

// fetchImport fetches src with a time limit, asking only for a body
// newer than kept when there is a kept copy. The body may be at most
// MaxFileSize.
func (b *build) fetchImport(src string, kept *importCopy) (*fetchedBody, error) {
	client := b.opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: importTimeout}
	}
	req, err := http.NewRequest(http.MethodGet, src, nil)
	if err != nil {
		return nil, fmt.Errorf("cannot fetch %s: %v", src, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "intkb")
	if kept != nil {
		if kept.ETag != "" {
			req.Header.Set("If-None-Match", kept.ETag)
		}
		if kept.LastModified != "" {
			req.Header.Set("If-Modified-Since", kept.LastModified)
		}
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				return nil, fmt.Errorf("cannot fetch %s: no answer within %s", src, client.Timeout)
			}
			err = ue.Err
		}
		return nil, fmt.Errorf("cannot fetch %s: %v", src, err)
	}
	defer resp.Body.Close()
	conditional := req.Header.Get("If-None-Match") != "" || req.Header.Get("If-Modified-Since") != ""
	if resp.StatusCode == http.StatusNotModified && conditional {
		return &fetchedBody{notModified: true}, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cannot fetch %s: the server answered %s", src, resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, model.MaxFileSize+1))
	if err != nil {
		var te interface{ Timeout() bool }
		if errors.As(err, &te) && te.Timeout() {
			return nil, fmt.Errorf("cannot fetch %s: the answer did not arrive within %s", src, client.Timeout)
		}
		return nil, fmt.Errorf("cannot fetch %s: %v", src, err)
	}
	if len(data) > model.MaxFileSize {
		return nil, fmt.Errorf("cannot fetch %s: %s", src, tooLarge)
	}
	return &fetchedBody{body: data, etag: resp.Header.Get("ETag"), lastModified: resp.Header.Get("Last-Modified")}, nil
}
