package builder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"sort"
	"sync"
	"time"

	"intkb/builder/compare"
	"intkb/builder/markdown"
	"intkb/builder/model"
	"intkb/builder/publish"
)

// Options says what to build and where.
type Options struct {
	// Source is the site: site.toml, content/, and optionally layouts/ and
	// static/. Use os.DirFS or, to refuse symbolic links that leave the
	// site, (*os.Root).FS.
	Source fs.FS
	// Dest is the folder to publish into. It is replaced whole, and only
	// once the build has succeeded. Empty means check without writing.
	Dest string
	// Config is the site's settings, as LoadConfig read them from Source;
	// nil means read site.toml from Source. Build does not change it.
	Config *model.Config
	// BaseURL, when set, overrides site.toml's baseURL.
	BaseURL string
	// Drafts includes pages whose status is draft.
	Drafts bool
	// Offline writes a copy of the site that works opened from a folder,
	// with no web server (see offline.go): every link into the site is
	// relative and names the file of a page, and the search page reads
	// its index from scripts. Pair it with an index that writes them,
	// such as search.NewOfflineIndex. The copy works on a web server too.
	Offline bool
	// Now is the time the build runs as of: review dates are judged by
	// its day, and the open data, the workbook and the feed are stamped
	// with it. Zero means now.
	Now time.Time
	// Layouts holds the default layouts; nil means the built-in ones.
	Layouts fs.FS
	// Progress, if set, is called as each stage advances. Calls come from
	// one goroutine at a time.
	Progress func(stage string, done, total int)
	// NewIndex, if set, makes a search index inside the output folder
	// being written. Each published page is added to it as it renders,
	// and it is closed before the output is swapped in.
	NewIndex func(outputDir string) (PageIndexer, error)
	// Prepare, if set, is called once the build knows it will render the
	// site (a build that keeps the output because nothing changed does
	// not), before the pages load: what NewIndex will need may be read
	// meanwhile.
	Prepare func()
	// Strict makes warnings, such as an [[import]] that cannot be read,
	// fail the build.
	Strict bool
	// HTTPClient fetches [[import]] URLs; nil means a client that waits
	// at most 10 seconds.
	HTTPClient *http.Client
	// Preview marks a build that "intkb serve" shows at a local address:
	// the checks of where a published site points (its base URL, and
	// imports of its own preview) are left out. See guards.go.
	Preview bool
	// Once marks a build whose Result is published and then dropped,
	// never followed by NewLive. Each page's Markdown source, which only
	// live rebuilds read again, is let go once the checks are done, so
	// that the build's peak memory is lower.
	Once bool
	// Dir is the site's folder on disk, whose git history gives the
	// blueprints' history (see githistory.go); "" means none from git.
	// A live rebuild of some files reads it again only when it rebuilds
	// the whole site.
	Dir string
	// StateDir is the folder where builds keep what the next build may
	// reuse, the site's .intkb/ (see state.go), and the last good copy of
	// each [[import]] URL, in StateDir/imports/ (see importcache.go); ""
	// keeps nothing, so every URL is fetched whole and one that cannot be
	// read gives no areas.
	StateDir string
	// KeepUnchanged lets a build whose inputs are all as they were for
	// the last build that published into Dest, and whose Dest still holds
	// exactly what that build wrote, leave Dest as it is: it fetches the
	// imports, renders and indexes nothing, and returns a Result whose
	// Kept says so (see unchanged.go for what counts as an input). It
	// needs Dest and StateDir. NewIndex must write the same for the same
	// pages, and nothing outside Dest, or only what stays true of it
	// (such as search.NewIndexes, whose Bleve index "intkb build" keeps).
	KeepUnchanged bool
	// Rebuild, with KeepUnchanged, builds in full even when nothing has
	// changed, and records the build for the next as usual: for a caller
	// that knows something it keeps beside Dest is missing, or that its
	// NewIndex writes outside Dest.
	Rebuild bool
	// Clean ignores everything earlier builds kept in StateDir: every
	// page is rendered, every [[import]] URL fetched whole (and one that
	// cannot be read gives no areas), and every version of the
	// blueprints read from git again. What this build works out is kept
	// for the next, as usual.
	Clean bool
}

// A PageIndexer indexes pages for search. Add is called from many
// goroutines.
type PageIndexer interface {
	Add(p *Page) error
	Close() error
}

// A SearchMetaIndexer is a PageIndexer that writes a static index for
// the search page (package search/static). Once it is closed, SearchMeta
// returns the index's meta.json, which the search page then carries
// (View.SearchMeta), so that a search on it fetches the dictionary at
// once rather than meta.json first.
type SearchMetaIndexer interface {
	PageIndexer
	SearchMeta() []byte
}

// An OutputIndexer is a PageIndexer that publishes its files through the
// build's output rather than into the folder it was made for, so that
// they count with the site's and a build that updates the destination in
// place writes only those that changed (publish.BeginUpdate). WriteTo is
// called before the first Add.
type OutputIndexer interface {
	PageIndexer
	WriteTo(out *publish.Output)
}

// A StateIndexer is a PageIndexer that, once closed, goes on writing
// what it keeps for the next build while the build publishes. The build
// calls Wait before it returns, whether it published or not.
type StateIndexer interface {
	PageIndexer
	Wait()
}

// Result describes a finished build.
type Result struct {
	Config *model.Config
	Pages  []*Page        // the published content pages, by content path
	ByType map[string]int // how many pages of each type
	Site   *Site          // renders pages on request, as "intkb serve" does for search
	Files  int            // files published
	Bytes  int64          // bytes published
	// Unchanged is how many of Files the destination already held, byte
	// for byte, so that the build left them as they were (an update in
	// place; see publish.BeginUpdate). It is 0 for a build that wrote the
	// whole site.
	Unchanged int
	Duration  time.Duration
	Warnings  []string // problems that did not stop the build, such as an import that could not be read
	// Reviews are the pages whose review date has passed or is near,
	// the most overdue first: reminders, which Strict leaves as they are.
	Reviews []Review
	Drafts  []string // the files of the drafts left out, such as content/playbooks/x.md, sorted
	// Kept, when not zero, is when the build that wrote Dest finished:
	// nothing has changed since (Options.KeepUnchanged), so Dest was left
	// as it was and nothing was rendered. Pages and Site are then nil,
	// Reviews are worked out for Options.Now's day, and the rest is what
	// that build said.
	Kept time.Time

	bodiesReused int // page bodies reused from the last build rather than converted (see bodycache.go)
	// pagesRendered counts the pages with a render key that a build
	// rendered, the others being kept as the destination held them (see
	// renderkeys.go).
	pagesRendered int
	// recordsMade counts the open data's records made (writeOpenData).
	recordsMade int
	// picturesDrawn counts the pictures drawn (writePictures).
	picturesDrawn int
}

// A snapshot is a site as one build loaded it: its settings, pages,
// vocabularies, files and areas. Rendering and publishing read it and
// never change it; a live rebuild loads its edits into a copy (see
// clone), which shares the pages that did not change, and the Site
// serves the new one in one step.
type snapshot struct {
	// keys are the render keys of a build that records itself for the
	// next (see renderkeys.go), or nil.
	keys     *renderKeys
	src      fs.FS // where the site was read from
	layouts  fs.FS // the default layouts, or nil for the built-in ones
	cfg      *model.Config
	areas    *model.Vocab
	vocabs   model.Vocabs // the site's vocabularies, areas among them
	basePath string
	// public reports whether baseURL is a real public address
	// (model.PublicBaseURL): only then do pages name their absolute URL
	// (canonical, og:url) and the share image's.
	public bool
	// offline is Options.Offline: links are rewritten as each page is
	// written, and the search page is told.
	offline bool
	now     time.Time
	md      *markdown.Converter // the Markdown converter the settings ask for

	pages   []*Page
	intros  map[string]*Page // "" for the home page, else the section folder
	drafts  map[string]*Page // drafts left out, by content path
	byPath  map[string]*Page
	byURL   map[string]*Page // published content pages by URL
	urls    map[string]bool  // URLs of published content pages
	files   []string         // content files that are not pages, named as on disk
	fileSet map[string]bool  // the same, by content path (see nfc)
	static  []string         // files of static/ to publish, relative to it, sorted
	share   *ShareImage      // the share image, when baseURL is public (see sharing.go)

	compareAreas []*compare.Area // this site's blueprints and imported ones, for compare.go
	compareIndex *compare.Index  // the same, with their facets, made with them (setCompareAreas)
	git          gitVersions     // the blueprints' committed versions, read once per full build
	warnings     []*model.Error
	likes        likesByKey // the areas most like each area (see like.go)
}

// build is one run: loading a snapshot, whose fields it fills, then
// rendering and publishing it. Only the loading methods change the
// snapshot; it is not changed once they are done.
type build struct {
	*snapshot
	ctx    context.Context // cancelled when the build must stop without publishing
	opts   Options
	broken map[string]bool // content paths of pages that failed to load
	// bodies, while the bodies render, holds those the last build kept
	// (see bodycache.go); nil when no state is kept.
	bodies *bodyCache
	// fronts, while the pages load, holds the front matter the last
	// build kept (see frontcache.go); nil when no state is kept.
	fronts *frontCache
	// sources are the digests of the site's files as this build's
	// inputs read them, with their stamps (inputs.sources), or nil.
	sources map[string]keptDigest
	// reviewDates are the review dates of the pages reminders are
	// about (reviewDates), which a kept build works its reminders out
	// from.
	reviewDates []Review

	mu       sync.Mutex
	errs     model.ErrorList
	forgiven map[*model.Error]bool // warnings Strict lets pass (see warnForgiven)

	progressMu sync.Mutex
}

// fragmentLink is a link to a #fragment of a page, kept on the page that
// has it so that it can be checked again when the target changes.
type fragmentLink struct {
	to       string // the target's content path
	fragment string
	line     int
}

func numWorkers() int { return runtime.GOMAXPROCS(0) }

func (b *build) fail(errs ...*model.Error) {
	if len(errs) == 0 {
		return
	}
	b.mu.Lock()
	b.errs = append(b.errs, errs...)
	b.mu.Unlock()
}

// failed returns the problems reported so far as one error, or nil. It
// may be called while other goroutines report problems, as the one that
// reads the imports does while the pages load.
func (b *build) failed() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.errs.Err()
}

// noteFragment records a link to a #fragment, to check once every page
// has its headings. Only from's own renderer calls it.
func (b *build) noteFragment(from, to *Page, fragment string, line int) {
	from.frags = append(from.frags, fragmentLink{to.Path, fragment, line})
}

func (b *build) progress(stage string, done, total int) {
	if b.opts.Progress == nil {
		return
	}
	b.progressMu.Lock()
	b.opts.Progress(stage, done, total)
	b.progressMu.Unlock()
}

// Build reads the site, renders every page and, when opts.Dest is set,
// publishes the result there; with opts.KeepUnchanged, when nothing has
// changed since the last build, it leaves the destination as it is (see
// Result.Kept), and otherwise renders only the pages whose sources
// changed (see renderkeys.go). Authoring problems come back together as
// an ErrorList; the destination is then left as it was.
func Build(opts Options) (*Result, error) {
	return BuildContext(context.Background(), opts)
}

// BuildContext is Build, stopped when ctx is done: the build then ends
// without publishing, the destination is left as it was, and the error
// wraps ErrStopped and the context's cause.
func BuildContext(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Source == nil {
		return nil, errors.New("builder: no source")
	}
	b := newBuild(opts)
	b.ctx = ctx
	if err := b.loadConfig(); err != nil {
		return nil, err
	}
	b.progress("reading", 0, 0)
	imported := make(chan []*compare.Area, 1)
	var in inputs
	if b.keepsUnchanged() {
		// The imports are fetched, and the site's files read for the
		// digest, before any page is loaded.
		in = b.readInputs(imported)
		b.sources = in.sources
		if err := b.stopped(); err != nil {
			return nil, err
		}
		if res := b.keptResult(in, start); res != nil {
			// Nothing is published, but what killed builds left beside
			// the destination goes, as it would when publishing.
			if err := publish.Reclaim(opts.Dest); err != nil {
				res.Warnings = append(res.Warnings, warningLines([]*model.Error{leftoversError(opts.Dest, err)})...)
			}
			return res, nil
		}
	} else {
		go func() {
			areas, _ := b.readImports()
			imported <- areas
		}()
	}
	if opts.Prepare != nil {
		opts.Prepare()
	}
	fronts := make(chan *frontCache, 1)
	go func() { fronts <- readFrontCache(opts.StateDir, b.vocabs, opts.stateFrom()) }()
	bodies := make(chan *bodyCache, 1)
	go func() { bodies <- readBodyCache(opts.StateDir, b.cfg.Markdown, opts.stateFrom()) }()
	history := b.startGitHistory()
	b.fronts = <-fronts
	b.loadContent()
	if c := b.fronts; c != nil && b.ctx.Err() == nil && opts.KeepUnchanged {
		defer inBackground(c.shards.Write)() // as the bodies are, below
	}
	b.fronts = nil
	b.loadStatic()
	b.share = b.loadShareImage()
	// Bodies are rendered even when some pages failed, so that one run
	// reports every problem.
	b.bodies = <-bodies
	b.renderBodies()
	bodiesReused := 0
	if c := b.bodies; c != nil {
		bodiesReused = int(c.reused.Load())
		if b.ctx.Err() == nil && opts.KeepUnchanged {
			// What is kept for the next build is written while this
			// one goes on, and before it returns, by a build that
			// records itself for the next, as "intkb build" does:
			// "intkb serve" and "intkb check" read the bodies kept and
			// write nothing into the site's folder. A cache that
			// cannot be written is only a slower next build.
			defer inBackground(c.shards.Write)()
		}
	}
	b.bodies = nil
	if err := b.stopped(); err != nil {
		return nil, err
	}
	if err := b.failed(); err != nil {
		return nil, err
	}
	select {
	case b.git = <-history:
	case <-ctx.Done():
	}
	select {
	case areas := <-imported:
		b.setCompareAreas(b.listCompareAreas(areas))
	case <-ctx.Done():
	}
	if err := b.stopped(); err != nil {
		return nil, err
	}
	// The areas like each are worked out on one core while the checks
	// run on every core: at 10,000 pages, 0.08 s and 0.07 s.
	likes := make(chan likesByKey, 1)
	go func(areas []*compare.Area) { likes <- nearestAreas(areas) }(b.compareAreas)
	b.checkPublishing()
	if fails := b.strictFailures(); opts.Strict && len(fails) > 0 {
		return nil, model.ErrorList(fails).Err()
	}
	b.reviewDates = reviewDates(b.reviewedPages())
	b.likes = <-likes
	var keeping *inputs
	if b.keepsUnchanged() {
		keeping = &in
	}
	var pub *publishing
	if opts.Dest != "" {
		// The search indexes are written while the layouts load and
		// the pages render.
		var err error
		if pub, err = b.beginPublishing(keeping); err != nil {
			return nil, err
		}
		defer b.endPublishing(pub)
	}
	res := &Result{Config: b.cfg, Pages: b.pages, ByType: map[string]int{}, Warnings: warningLines(b.warnings), Reviews: reminders(b.reviewDates, b.now), Drafts: draftFiles(b.drafts), bodiesReused: bodiesReused}
	for _, p := range b.pages {
		res.ByType[p.Type]++
	}
	t, err := b.loadTemplates()
	if err != nil {
		return nil, err
	}
	b.checkLayouts(t, b.pages)
	if err := b.failed(); err != nil {
		return nil, err
	}
	if b.keepsUnchanged() {
		b.keys = b.renderKeys(&in, t) // before Once lets go of the pages' files
	}
	if opts.Once {
		for _, p := range b.pages {
			p.src = nil // every check that names a line has run
		}
	}
	sv := b.siteView()
	res.Site = newSite(b.snapshot, t, sv)
	jobs := b.jobs(sv)
	b.checkOutputs(jobs)
	if err := b.failed(); err != nil {
		return nil, err
	}
	if pub != nil {
		written, err := b.publish(res, jobs, keeping, pub)
		if err != nil {
			return nil, err
		}
		if b.keys != nil {
			res.pagesRendered = int(b.keys.rendered.Load())
			res.recordsMade = int(b.keys.records.Load())
			res.picturesDrawn = int(b.keys.pictures.Load())
		}
		if b.keepsUnchanged() {
			b.recordBuild(in, written, res, sv.showsDay() || b.keys.showsDay())
		}
	}
	res.Duration = time.Since(start)
	return res, nil
}

// inBackground runs write on a goroutine of its own, ignoring its error,
// and returns a function that waits for it to end.
func inBackground(write func() error) (wait func()) {
	wrote := make(chan struct{})
	go func() {
		_ = write()
		close(wrote)
	}()
	return func() { <-wrote }
}

// startGitHistory reads the blueprints' versions from the site's git
// history while the pages load, and sends them when done.
func (b *build) startGitHistory() <-chan gitVersions {
	history := make(chan gitVersions, 1)
	go func() {
		dir := b.opts.Dir
		if !b.cfg.ReadsGitHistory() {
			dir = ""
		}
		v, warning := readGitHistory(b.ctx, dir, b.opts.StateDir, b.opts.Clean)
		if warning != nil {
			b.warn(warning)
		}
		history <- v
	}()
	return history
}

// LoadConfig reads and validates site.toml from the site fsys, as Build
// does when Options.Config is nil. A site.toml that is missing or cannot
// be read is an *Error naming it.
func LoadConfig(fsys fs.FS) (*model.Config, error) {
	data, err := readRegular(fsys, "site.toml")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &model.Error{File: "site.toml", Msg: "not found: point --source at a site's folder, or make one with \"intkb new site DIR\""}
		}
		return nil, &model.Error{File: "site.toml", Msg: "cannot read: " + unwrapPathError(err)}
	}
	cfg, err := model.ParseConfig("site.toml", data)
	if err != nil || cfg.ImportLimit.List == "" {
		return cfg, err
	}
	if err := readImportList(fsys, cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// ErrStopped is wrapped by the error of a build whose context was done
// before it could publish.
var ErrStopped = errors.New("builder: build stopped before publishing")

// stopped returns an error wrapping ErrStopped if the build must stop.
func (b *build) stopped() error {
	if b.ctx.Err() == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrStopped, context.Cause(b.ctx))
}

// newBuild returns an empty build of opts.Source.
func newBuild(opts Options) *build {
	b := &build{
		snapshot: &snapshot{
			src:     opts.Source,
			layouts: opts.Layouts,
			intros:  map[string]*Page{},
			drafts:  map[string]*Page{},
			byPath:  map[string]*Page{},
			byURL:   map[string]*Page{},
			urls:    map[string]bool{},
			fileSet: map[string]bool{},
			now:     opts.Now,
			offline: opts.Offline,
		},
		ctx:    context.Background(),
		opts:   opts,
		broken: map[string]bool{},
	}
	if b.now.IsZero() {
		b.now = time.Now()
	}
	return b
}

func (b *build) loadConfig() error {
	cfg := b.opts.Config
	if cfg == nil {
		var err error
		if cfg, err = LoadConfig(b.src); err != nil {
			return err
		}
	}
	cfg = new(*cfg) // the override below is this build's own
	if b.opts.BaseURL != "" {
		if err := model.BaseURLProblem(b.opts.BaseURL); err != nil {
			return fmt.Errorf("--base-url %q %v", b.opts.BaseURL, err)
		}
		cfg.BaseURL = b.opts.BaseURL
	}
	b.cfg = cfg
	b.vocabs = cfg.Vocabs()
	b.areas = b.vocabs["area"]
	b.basePath = cfg.BasePath()
	b.public, _ = model.PublicBaseURL(cfg.BaseURL)
	b.md = markdown.New(cfg.Markdown)
	return nil
}

// renderBodies converts every page's Markdown on every core, then checks
// the #fragments that links point at and the links from the site's top.
func (b *build) renderBodies() {
	all := append([]*Page(nil), b.pages...)
	for _, p := range b.intros {
		all = append(all, p)
	}
	var done int
	var mu sync.Mutex
	parallel(len(all), func(i int) {
		if b.ctx.Err() != nil {
			return
		}
		b.fail(b.renderMarkdown(all[i])...)
		mu.Lock()
		done++
		if done%500 == 0 || done == len(all) {
			b.progress("rendering Markdown", done, len(all))
		}
		mu.Unlock()
	})
	b.checkFragments(all)
	b.checkSiteLinks(all, b.siteView)
}

// checkFragments reports links from pages to #fragments that do not exist.
func (b *build) checkFragments(pages []*Page) {
	for _, from := range pages {
		for _, f := range from.frags {
			to := b.byPath[f.to]
			if to == nil || to.ids[f.fragment] {
				continue
			}
			msg := fmt.Sprintf("link to #%s, but %s has no heading with that id", f.fragment, to.File)
			if from.suggestions < model.MaxSuggestions {
				from.suggestions++
				var ids []string
				for id := range to.ids {
					ids = append(ids, id)
				}
				sort.Strings(ids)
				if near := model.Suggest(f.fragment, ids); near != "" {
					msg += fmt.Sprintf(" (did you mean #%s?)", near)
				}
			}
			b.fail(&model.Error{File: from.File, Line: f.line, Msg: msg})
		}
	}
}
