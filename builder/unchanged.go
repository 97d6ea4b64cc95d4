package builder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"intkb/builder/compare"
	"intkb/builder/publish"
)

// This file lets a build whose inputs have not changed since the last
// build that published into the same folder leave that folder as it is
// (Options.KeepUnchanged). After publishing, a build keeps, in the state
// file lastBuildStateFile, the digest of everything that decided what it
// wrote (its inputs) and a list of what it wrote (its output). The next
// build fetches the imports as always, works out its inputs' digest
// before it reads a page, and when the digest is the same, the day is
// one on which the output stays as it was (below) and the destination
// still holds exactly the files listed, it renders and indexes nothing
// and writes nothing. Anything else (no state file, or one damaged, cut
// short or written by another intkb program; an input that changed; a
// day on which a page becomes overdue; a file of the destination
// changed, added or removed) and it builds in full, as it would without
// the state.
//
// The inputs are:
//   - the program, whose digest heads every state file (state.go);
//   - the options that decide the output: the base URL, drafts, offline,
//     strict and preview, and the site's settings as the build uses
//     them;
//   - every file under the site's folder, by its contents, except the
//     state folder, the destination and its stages (when they are in the
//     site's folder) and git's own folders; and the files of
//     Options.Layouts, when it is set (the built-in layouts are part of
//     the program);
//   - where the site's git history stands, when blueprints' history is
//     read from it: whether git is installed, HEAD's commit and the
//     branch it names, the site's place in the repository, whether the
//     clone is shallow, and any replaced commits;
//   - each import as read: the digest of its body (fetched, or the kept
//     copy after a 304 answer), and, when a kept copy stood in for a
//     source that failed, when it was fetched and how old it was said
//     to be, with every warning about it.
//
// A build whose inputs changed renders everything, but when the
// destination still holds exactly what the last build listed, it
// publishes only what differs from it (priorOutput, publish.BeginUpdate):
// the list keeps each file's key (publish.Made), and the state file is
// removed before the destination starts to change, so that a build
// killed part way through the update leaves none and the next build
// writes the whole site.
//
// The day is not an input, so that a nightly build of a site nobody
// changed keeps what it published. What the output says depends on the
// day (Options.Now, in UTC) only where a page is past its review date,
// which its page and its cards then say (Page.Overdue), and where a
// site's own layouts show the day of the build (SiteView.Built). So the
// state keeps the day of the build and the first day after it on which a
// page becomes overdue (or the next day, when a layout showed the day),
// and a build on a day before the build's, or on that day or later, is
// made in full. The reminders of pages whose review is due
// (Result.Reviews) are worked out again for the day from the review dates
// the state keeps.
//
// The time of day is not an input either. What the output says of it (the
// "generated" stamps of the open data and the workbook, the updated time
// of the feed of a site without dated pages, and the minute each import
// was fetched) says when the kept files were written and their data
// read, which stays true of them. Anything else would make every build
// differ from the last, and no output could be kept.
//
// The site's files are read in full only when they may have changed: the
// state file keeps each one's digest with its stamp (fileStamp: its
// inode, size, and modification and change times, which no program can
// set back), and a file with the same stamp has the same digest. A file
// changed less than racyWindow before it was read is read again next
// time, since a change within the same tick of the file system's clock
// would leave its stamp as it was. A fresh clone has new stamps, and is
// read in full once.
//
// The output is listed by each file's and folder's path, type,
// permissions, size and modification time, and checked by those alone,
// not by a digest of its contents: reading back every file (at 10,000
// pages, 46,000 files in 12,000 folders, 390 MB) costs 2 to 3 seconds,
// ten times checking their times, while any ordinary edit, copy or
// deploy step changes a file's size or time, kept to the nanosecond by
// most file systems, and adding or removing a file changes its folder's
// time; so only the top folder, whose time publishing changes, is read.
// What was written less than the racy window before the listing is
// checked in full: a file by the digest of its contents, a folder by its
// names. The window is racyWindow where the file system keeps whole
// seconds, and fineRacyWindow where it keeps parts of one.
// A destination restored with its times, as from a CI cache, can still
// be recognised. The folder .intkb at the top of the destination, where
// a search index is written before the caller moves it away, is not
// listed; nor are other names starting with a dot at its top that the
// build did not write, such as .git, which publishing keeps (see package
// publish).

// lastBuildStateFile is the state file of the last build that published
// with Options.KeepUnchanged.
const lastBuildStateFile = "lastbuild"

// oldLastBuildStateFile is where earlier versions of intkb kept it, in
// gob: removed when a build records itself.
const oldLastBuildStateFile = "lastbuild.gob"

// racyWindow is how close to when a file was read a change to it may
// leave its times as they were: longer than the tick of any file
// system's clock (FAT's is 2 seconds). Tests set it to 0, to check what
// is known by times alone.
var racyWindow = 3 * time.Second

// fineRacyWindow is racyWindow on a file system whose times show parts
// of a second (see racyWindowOf): ext4, XFS, Btrfs, APFS and NTFS keep
// nanoseconds or tenths of a microsecond, and move them at each tick of
// the system's clock, at most 10 ms on Linux and 15.6 ms on Windows. The
// 3 seconds FAT needs would make racy everything a large build writes in
// its last seconds (the static index is written then), and a build with
// nothing changed would read all of it back: 17,000 files, 0.35 of its
// 0.8 CPU-seconds, on bench/gen's 10,000 pages.
const fineRacyWindow = 100 * time.Millisecond

// racyWindowOf returns the racy window for the listing files:
// fineRacyWindow (or racyWindow, if shorter) when any of their times has
// a part of a second, which a file system that keeps whole seconds (FAT,
// ext3, HFS+) never gives; racyWindow when none has.
func racyWindowOf(files []outputFile) time.Duration {
	for _, f := range files {
		if f.ModTime%int64(time.Second) != 0 {
			return min(racyWindow, fineRacyWindow)
		}
	}
	return racyWindow
}

// lastBuild is what a build that published keeps for the next one.
type lastBuild struct {
	Inputs   string       // the digest of its inputs (inputsDigest)
	Dest     string       // the destination, as an absolute path
	Output   []outputFile // what it wrote there, in the order listOutput gives
	Finished time.Time
	// Day is the day it judged review dates on (reviewDate), and Until
	// the first day after it on which a page becomes overdue, which
	// changes what the layouts show ("" for none): from Day until the
	// day before Until, the output is what a build would write.
	Day, Until string
	// Sources are the digests of the site's files, by path, that the
	// next build may take as they are (see keptDigest).
	Sources map[string]keptDigest
	// What its Result said, which a build that keeps the output gives
	// again.
	ByType   map[string]int
	Files    int
	Bytes    int64
	Warnings []string
	Drafts   []string
	// ReviewDates are the review dates the reminders are worked out
	// from on the day of the build that keeps the output (reviewDates).
	ReviewDates []Review
}

// keptDigest is the digest of a file of the site as it was when it had
// the stamp Stamp (fileStamp).
type keptDigest struct{ Stamp, Sum string }

// outputFile is one file or folder a build wrote.
type outputFile struct {
	Path    string // slash-separated, under the destination
	Mode    fs.FileMode
	Size    int64 // 0 for a folder
	ModTime int64 // in Unix nanoseconds
	// Racy marks what was written less than the racy window before it was
	// listed, whose time may not show a change made just after: such a
	// file is checked by Sum, the SHA-256 of its contents, and such a
	// folder by its names.
	Racy bool
	Sum  string
	// Key is how the file was made (publish.Made), for the next build
	// to write only what changed; nil when not known. From marks a key of
	// the source the file was made from.
	Key  []byte
	From bool
	// Source is the key of what a rendered page was made from
	// (publish.Made.Source), or nil.
	Source []byte
}

// inputs are what a build with KeepUnchanged works out before it reads a
// page.
type inputs struct {
	digest  string                // of everything that decides the output; "" when not all of it could be known
	shape   string                // the same, but for the pages' files, which renderKeys adds as loaded; "" when digest is
	sources map[string]keptDigest // the site's files' digests, for the next build
	last    *lastBuild            // what the last build kept; nil when none could be read
}

// keepsUnchanged reports whether the build works out its inputs' digest,
// to keep an unchanged output or to record it for the next build.
func (b *build) keepsUnchanged() bool {
	return b.opts.KeepUnchanged && b.opts.Dest != "" && b.opts.StateDir != ""
}

// readInputs reads what the last build kept and the imports, while the
// site's files are read for the digest of the build's inputs, then sends
// the imported areas and returns the inputs.
func (b *build) readInputs(imported chan<- []*compare.Area) inputs {
	type read struct {
		areas []*compare.Area
		lines []string
	}
	reads := make(chan read, 1)
	go func() {
		areas, lines := b.readImports()
		reads <- read{areas, lines}
	}()
	var in inputs
	last := readLastBuild(b.opts.StateDir, b.opts.stateFrom())
	if last != nil {
		in.last = last
	} else {
		last = new(lastBuild)
	}
	sums, sources, ok := digestFiles(b.src, b.excluded(), last.Sources)
	r := <-reads
	imported <- r.areas
	if ok {
		files, shape := sha256.New(), sha256.New()
		writeSums(files, "site", sums, nil)
		writeSums(shape, "site", sums, isPageFile)
		in.digest, in.sources = b.inputsDigest(hex.EncodeToString(files.Sum(nil)), r.lines), sources
		if in.digest != "" {
			in.shape = b.inputsDigest(hex.EncodeToString(shape.Sum(nil)), r.lines)
		}
	}
	return in
}

// keptResult returns the Result of a build that keeps its destination as
// it is: the one the last build returned, when its inputs were in and the
// destination holds exactly what it wrote. It returns nil when the build
// must be made in full.
func (b *build) keptResult(in inputs, start time.Time) *Result {
	last := in.last
	if in.digest == "" || last == nil || b.opts.Rebuild || b.failed() != nil {
		return nil
	}
	dest, err := filepath.Abs(b.opts.Dest)
	if err != nil || last.Inputs != in.digest || last.Dest != dest || !last.holdsOn(b.now) || !outputIntact(dest, last.Output) {
		return nil
	}
	return &Result{Config: b.cfg, ByType: last.ByType, Files: last.Files, Bytes: last.Bytes, Warnings: last.Warnings, Reviews: reminders(last.ReviewDates, b.now), Drafts: last.Drafts, Kept: last.Finished, Duration: time.Since(start)}
}

// holdsOn reports whether the output of the last build is what a build on
// the day of now would write, its inputs being the same: whether the day
// is from its Day until the day before its Until. A clock set back is not
// trusted to give what an earlier day's build would.
func (last *lastBuild) holdsOn(now time.Time) bool {
	day := reviewDate(now)
	return last.Day != "" && day >= last.Day && (last.Until == "" || day < last.Until)
}

// recordBuild keeps what the build that just published res says for the
// next build: the digest of its inputs and what it wrote, and until when
// that holds; daily when its layouts showed the day it was built
// (SiteView.Built). With no digest or no listing, it removes what the
// last build kept, which no longer describes the destination. Failing
// only costs the next build time.
func (b *build) recordBuild(in inputs, written []outputFile, res *Result, daily bool) {
	file := filepath.Join(b.opts.StateDir, lastBuildStateFile)
	dest, err := filepath.Abs(b.opts.Dest)
	if in.digest == "" || written == nil || err != nil {
		os.Remove(file)
		return
	}
	until := marksChange(b.reviewedPages(), b.now)
	if tomorrow := reviewDate(reviewDay(b.now).AddDate(0, 0, 1)); daily && (until == "" || tomorrow < until) {
		until = tomorrow
	}
	last := lastBuild{
		Inputs: in.digest, Dest: dest, Output: written, Finished: time.Now().UTC(),
		Day: reviewDate(b.now), Until: until,
		Sources: in.sources, ByType: res.ByType, Files: res.Files, Bytes: res.Bytes, Warnings: res.Warnings, Drafts: res.Drafts, ReviewDates: b.reviewDates,
	}
	if writeStateBytes(b.opts.StateDir, lastBuildStateFile, last.encode()) != nil {
		os.Remove(file)
	}
	os.Remove(filepath.Join(b.opts.StateDir, oldLastBuildStateFile))
}

// readLastBuild returns what the last build recorded in the state folder
// dir (recordBuild), read as from says, or nil when there is none that
// reads back whole.
func readLastBuild(dir string, from StateFrom) *lastBuild {
	data, ok := readStateBytes(dir, lastBuildStateFile, from)
	if !ok {
		return nil
	}
	return decodeLastBuild(data)
}

// encode returns last as decodeLastBuild reads it. It is written at the
// end of every build and read at the start of the next, on the way of
// both: with gob, at 10,000 pages (30,000 files listed), that took 0.13 s
// of the two; this takes a few hundredths.
func (last *lastBuild) encode() []byte {
	var e StateEncoder
	e.Str(last.Inputs)
	e.Str(last.Dest)
	e.Int(len(last.Output))
	for _, f := range last.Output {
		e.Str(f.Path)
		e.Int64(int64(f.Mode))
		e.Int64(f.Size)
		e.Int64(f.ModTime)
		e.Bool(f.Racy)
		e.Str(f.Sum)
		e.Bytes(f.Key)
		e.Bool(f.From)
		e.Bytes(f.Source)
	}
	e.Int64(last.Finished.UnixNano())
	e.Str(last.Day)
	e.Str(last.Until)
	paths := slices.Sorted(maps.Keys(last.Sources))
	e.Int(len(paths))
	for _, p := range paths {
		e.Str(p)
		e.Str(last.Sources[p].Stamp)
		e.Str(last.Sources[p].Sum)
	}
	types := slices.Sorted(maps.Keys(last.ByType))
	e.Int(len(types))
	for _, t := range types {
		e.Str(t)
		e.Int(last.ByType[t])
	}
	e.Int(last.Files)
	e.Int64(last.Bytes)
	for _, list := range [][]string{last.Warnings, last.Drafts} {
		e.Int(len(list))
		for _, s := range list {
			e.Str(s)
		}
	}
	e.Int(len(last.ReviewDates))
	for _, r := range last.ReviewDates {
		e.Str(r.File)
		e.Int(r.Line)
		due, err := r.Due.Time.MarshalBinary()
		if err != nil {
			due = nil // a date that cannot be written reads back as none: the review is worked out again
		}
		e.Bytes(due)
		e.Int64(int64(r.Days))
	}
	return e.Encoded()
}

// decodeLastBuild reads what lastBuild.encode wrote, or returns nil when
// it does not read back whole. What it returns shares data's memory.
func decodeLastBuild(data []byte) *lastBuild {
	d := NewStateDecoder(data)
	last := &lastBuild{Inputs: d.Str(), Dest: d.Str()}
	last.Output = StateList[outputFile](d.Count())
	for i := range last.Output {
		f := &last.Output[i]
		f.Path = d.Str()
		f.Mode = fs.FileMode(d.Int64())
		f.Size = d.Int64()
		f.ModTime = d.Int64()
		f.Racy = d.Bool()
		f.Sum = d.Str()
		if k := d.Bytes(); len(k) > 0 {
			f.Key = k
		}
		f.From = d.Bool()
		if src := d.Bytes(); len(src) > 0 {
			f.Source = src
		}
	}
	last.Finished = time.Unix(0, d.Int64()).UTC()
	last.Day, last.Until = d.Str(), d.Str()
	if n := d.Count(); n > 0 {
		last.Sources = make(map[string]keptDigest, n)
		for range n {
			p := d.Str()
			last.Sources[p] = keptDigest{Stamp: d.Str(), Sum: d.Str()}
		}
	}
	if n := d.Count(); n > 0 {
		last.ByType = make(map[string]int, n)
		for range n {
			t := d.Str()
			last.ByType[t] = d.Int()
		}
	}
	last.Files = d.Int()
	last.Bytes = d.Int64()
	for _, list := range []*[]string{&last.Warnings, &last.Drafts} {
		*list = StateList[string](d.Count())
		for i := range *list {
			(*list)[i] = d.Str()
		}
	}
	last.ReviewDates = StateList[Review](d.Count())
	for i := range last.ReviewDates {
		r := &last.ReviewDates[i]
		r.File, r.Line = d.Str(), d.Int()
		if due := d.Bytes(); len(due) > 0 {
			if err := r.Due.Time.UnmarshalBinary(due); err != nil {
				return nil
			}
		}
		r.Days = int(d.Int64())
	}
	if !d.Done() {
		return nil
	}
	return last
}

// inputsDigest returns the digest of everything that decides what the
// build writes (see the top of this file), given the digest of the
// site's files (digestFiles) and what each import was read as, or ""
// when some input cannot be known, such as a symbolic link to a folder:
// such a build is always made in full. It runs before any page is read,
// so that a file changed while the build runs makes the next build's
// digest differ rather than this one's.
func (b *build) inputsDigest(site string, imports []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "program %s\n", programDigest())
	o := b.opts
	fmt.Fprintf(h, "options baseURL=%q drafts=%t offline=%t strict=%t preview=%t\n", o.BaseURL, o.Drafts, o.Offline, o.Strict, o.Preview)
	cfg, err := json.Marshal(b.cfg)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "settings %s\n", cfg)
	fmt.Fprintf(h, "site %s\n", site)
	if b.layouts != nil {
		sums, _, ok := digestFiles(b.layouts, nil, nil)
		if !ok {
			return ""
		}
		writeSums(h, "layouts", sums, nil)
	}
	if o.Dir != "" && b.cfg.ReadsGitHistory() {
		fmt.Fprintf(h, "git %q\n", gitState(b.ctx, o.Dir))
	}
	for _, imp := range imports {
		fmt.Fprintf(h, "import %s\n", imp)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// excluded returns what digestFiles leaves out of the site's folder
// besides git's folders: the state folder and the destination, with the
// stages beside it (".public.new-*"), when they are in the site's
// folder, as paths relative to it. Without Options.Dir they cannot be
// found, and are read like any file: the digest then changes with every
// build, which is never kept.
func (b *build) excluded() func(name string) bool {
	if b.opts.Dir == "" {
		return nil
	}
	rel := func(p string) string {
		site, err1 := filepath.Abs(b.opts.Dir)
		abs, err2 := filepath.Abs(p)
		if err1 != nil || err2 != nil {
			return ""
		}
		r, err := filepath.Rel(site, abs)
		if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return ""
		}
		return filepath.ToSlash(r)
	}
	state, dest := rel(b.opts.StateDir), rel(b.opts.Dest)
	stages := path.Join(path.Dir(dest), publish.StagePrefix(dest))
	return func(name string) bool {
		return name == state || (dest != "" && (name == dest || strings.HasPrefix(name, stages)))
	}
}

// digestFiles returns the path and the SHA-256 of each file of fsys, in
// order, leaving out folders named .git and the names skip reports. A
// file whose stamp is the one kept gives it has the digest kept, unread.
// It also returns the digests the next call may take, and false when an
// entry cannot be read as the build would read it (a symbolic link to a folder, or a walk that fails). Files that are
// neither regular nor links to regular files (a named pipe would block
// the read) count by their type alone: the build refuses them anyway.
func digestFiles(fsys fs.FS, skip func(name string) bool, kept map[string]keptDigest) ([]fileSum, map[string]keptDigest, bool) {
	type file struct {
		name  string
		info  fs.FileInfo // nil for a link
		sum   string
		stamp string
	}
	var files []file
	ok := true
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && (d.Name() == ".git" || (skip != nil && skip(name))) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
		case d.Type()&fs.ModeSymlink != 0:
			info, err := fs.Stat(fsys, name)
			if err == nil && info.IsDir() {
				ok = false
				return fs.SkipAll
			}
			files = append(files, file{name: name})
		default:
			info, err := d.Info()
			if err != nil {
				return err
			}
			files = append(files, file{name: name, info: info})
		}
		return nil
	})
	if err != nil || !ok {
		return nil, nil, false
	}
	now := time.Now().UnixNano()
	next := make(map[string]keptDigest, len(files))
	var mu sync.Mutex
	parallel(len(files), func(i int) {
		f := &files[i]
		if f.info != nil && f.info.Mode().IsRegular() {
			if stamp, ok := fileStamp(f.info); ok {
				if k, ok := kept[f.name]; ok && k.Stamp == stamp {
					f.sum = k.Sum
				}
				if now-stampTimes(f.info) > int64(racyWindow) {
					f.stamp = stamp
				}
			}
		}
		if f.sum == "" {
			f.sum = fileDigest(fsys, f.name)
		}
		if f.stamp != "" {
			mu.Lock()
			next[f.name] = keptDigest{f.stamp, f.sum}
			mu.Unlock()
		}
	})
	sums := make([]fileSum, len(files))
	for i, f := range files {
		sums[i] = fileSum{f.name, f.sum}
	}
	return sums, next, true
}

// A fileSum is a file's path and the SHA-256 of its contents, in hex (or
// what fileDigest says instead).
type fileSum struct{ name, sum string }

// writeSums writes to h each of sums under the heading what, leaving out
// the names skip reports.
func writeSums(h hash.Hash, what string, sums []fileSum, skip func(name string) bool) {
	for _, f := range sums {
		if skip == nil || !skip(f.name) {
			fmt.Fprintf(h, "%s %q %s\n", what, f.name, f.sum)
		}
	}
}

// fileDigest returns the SHA-256 of the file name in fsys, in hex, or
// what it is when it is not a regular file or cannot be read.
func fileDigest(fsys fs.FS, name string) string {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return "unreadable: " + unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		return "not a file: " + info.Mode().Type().String()
	}
	f, err := fsys.Open(name)
	if err != nil {
		return "unreadable: " + unwrapPathError(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unreadable: " + unwrapPathError(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// gitState says where the git history of the site folder dir stands, as
// readGitHistory would read it: what git says of the repository, or why
// it says nothing.
func gitState(ctx context.Context, dir string) string {
	if _, err := exec.LookPath("git"); err != nil {
		return "no git"
	}
	out, err := git(ctx, dir, nil, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD", "--symbolic-full-name", "HEAD", "--glob=refs/replace/*")
	if err != nil {
		return err.Error()
	}
	return string(out)
}

// listWritten lists what a build wrote into dir, its stage or, after an
// update in place, the destination, for lastBuild, with the key of each
// file o wrote or kept (publish.Output.Keys): all of it but the .intkb
// folder at its top, which holds what is not published, and the other
// names starting with a dot at its top that the build did not write.
// What was written less than the racy window ago (racyWindowOf what is
// listed) is marked Racy, and a racy file's contents read for its Sum,
// which must agree with its key when that is of its contents. It returns
// nil when dir cannot be listed or read back.
func listWritten(dir string, o *publish.Output) []outputFile {
	now := time.Now() // before any file is read: see finishListing
	var out []outputFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == StateFolder || !strings.Contains(rel, "/") && strings.HasPrefix(rel, ".") && rel != publish.MarkerFile && !o.Wrote(rel) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, listedFile(rel, info))
		return nil
	})
	if err != nil {
		return nil
	}
	return finishListing(dir, out, o, now)
}

// listUpdated lists what an update in place left in dest, as listWritten
// does, from what the last build listed (last, which dest held when the
// build began: outputIntact) and what o wrote and kept: only the files o
// wrote or added, and the folders it added or whose entries it changed,
// are read again, rather than every file of the site. What the last
// build listed is taken as it is for the rest; had anything else changed
// it since, the next build's outputIntact finds it, as it would have.
// It returns nil when a file cannot be read back.
func listUpdated(dest string, last []outputFile, o *publish.Output) []outputFile {
	now := time.Now() // before any file is read: see finishListing
	made := o.Keys()
	before := make(map[string]*outputFile, len(last))
	for i := range last {
		before[last[i].Path] = &last[i]
	}
	dirs := map[string]bool{} // every folder of the site now
	for rel := range made {
		for d := path.Dir(rel); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	again := map[string]bool{} // what is read again
	changed := func(rel string) {
		again[rel] = true
		if d := path.Dir(rel); d != "." {
			again[d] = true // its folder's entries changed, and so its time
		}
	}
	for rel, m := range made {
		if _, ok := before[rel]; !ok || !m.Kept {
			changed(rel)
		}
	}
	for d := range dirs {
		if _, ok := before[d]; !ok {
			changed(d)
		}
	}
	for _, f := range last {
		if _, ok := made[f.Path]; !ok && !dirs[f.Path] {
			changed(f.Path) // gone: read again, its folder is
		}
	}
	out := make([]outputFile, 0, len(made)+len(dirs))
	list := func(out []outputFile, rel string) ([]outputFile, bool) {
		if !again[rel] {
			f := *before[rel]
			f.Racy, f.Sum, f.Key, f.From, f.Source = false, "", nil, false, nil
			return append(out, f), true
		}
		info, err := os.Lstat(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			return out, false
		}
		return append(out, listedFile(rel, info)), true
	}
	// What the last build listed and is still there comes in the order
	// it was listed in, the order of a walk; what is new is sorted, and
	// the two merged. At 10,000 pages, sorting the whole listing (40,000
	// paths) took most of this function's 0.1 s.
	ok := true
	for _, f := range last {
		if _, kept := made[f.Path]; kept || dirs[f.Path] {
			if out, ok = list(out, f.Path); !ok {
				return nil
			}
		}
	}
	var added []outputFile
	for _, names := range []iter.Seq[string]{maps.Keys(made), maps.Keys(dirs)} {
		for rel := range names {
			if _, listed := before[rel]; listed {
				continue
			}
			if added, ok = list(added, rel); !ok {
				return nil
			}
		}
	}
	byPath := func(a, b outputFile) int { return walkOrder(a.Path, b.Path) }
	slices.SortFunc(added, byPath)
	if !slices.IsSortedFunc(out, byPath) {
		slices.SortFunc(out, byPath) // a listing not in a walk's order: not one this wrote
	}
	return finishListing(dest, mergeSorted(out, added, byPath), o, now)
}

// mergeSorted returns the items of a and b, each sorted by cmp, in one
// list sorted by cmp.
func mergeSorted[T any](a, b []T, cmp func(x, y T) int) []T {
	if len(b) == 0 {
		return a
	}
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if cmp(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// walkOrder compares two slash-separated paths in the order a walk of
// their folder lists them (filepath.WalkDir): a folder before what it
// holds, and the names in each folder in byte order.
func walkOrder(a, b string) int {
	for {
		an, arest, amore := strings.Cut(a, "/")
		bn, brest, bmore := strings.Cut(b, "/")
		if c := strings.Compare(an, bn); c != 0 {
			return c
		}
		switch {
		case !amore && !bmore:
			return 0
		case !amore:
			return -1
		case !bmore:
			return 1
		}
		a, b = arest, brest
	}
}

// listedFile is the listing's entry for the file or folder rel, whose
// information info is.
func listedFile(rel string, info fs.FileInfo) outputFile {
	f := outputFile{Path: rel, Mode: info.Mode(), ModTime: info.ModTime().UnixNano()}
	if !info.IsDir() {
		f.Size = info.Size()
	}
	return f
}

// finishListing gives each file of out, listed in dir, the key o made it
// with, and marks what is racy, reading its Sum, as listWritten says.
// The racy window runs back from now, a time taken before any of out was
// read: a file written just before it was read could otherwise change
// again within its time's tick unseen.
func finishListing(dir string, out []outputFile, o *publish.Output, now time.Time) []outputFile {
	made := o.Keys()
	for i := range out {
		f := &out[i]
		if m, ok := made[f.Path]; ok && !f.Mode.IsDir() && m.Size == f.Size {
			f.Key, f.From = m.Key[:], m.From
			if m.Source != ([sha256.Size]byte{}) {
				f.Source = m.Source[:]
			}
		}
	}
	window := int64(racyWindowOf(out))
	for i := range out {
		out[i].Racy = now.UnixNano()-out[i].ModTime < window
	}
	var failed atomic.Bool
	parallel(len(out), func(i int) {
		f := &out[i]
		if f.Racy && f.Mode.IsRegular() {
			if f.Sum = contentDigest(filepath.Join(dir, filepath.FromSlash(f.Path))); f.Sum == "" {
				failed.Store(true)
			}
			if f.Key != nil && !f.From && hex.EncodeToString(f.Key) != f.Sum {
				f.Key, f.Source = nil, nil // changed since it was written: not what the key says
			}
		}
	})
	if failed.Load() {
		return nil
	}
	return out
}

// priorOutput returns what the destination holds, for a build that
// writes only what differs from it (publish.BeginUpdate): the last
// build's list, with each file's key, when the destination is the one it
// published to and holds exactly what it listed (outputIntact). It
// returns nil otherwise, and the build is swapped in whole.
func (b *build) priorOutput(in *inputs) []publish.Prior {
	if in == nil || in.last == nil || b.opts.Clean {
		return nil
	}
	last := in.last
	dest, err := filepath.Abs(b.opts.Dest)
	if err != nil || last.Dest != dest || !outputIntact(dest, last.Output) {
		return nil
	}
	prior := make([]publish.Prior, len(last.Output))
	for i, f := range last.Output {
		p := publish.Prior{Path: f.Path, Dir: f.Mode.IsDir()}
		if len(f.Key) == sha256.Size && f.Mode.IsRegular() {
			p.Made = publish.Made{Size: f.Size, From: f.From}
			copy(p.Made.Key[:], f.Key)
			if len(f.Source) == sha256.Size {
				copy(p.Made.Source[:], f.Source)
			}
		}
		prior[i] = p
	}
	return prior
}

// contentDigest returns the SHA-256 of the file name, in hex, or "" when
// it cannot be read.
func contentDigest(name string) string {
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// outputIntact reports whether dest holds exactly the files written,
// besides the names starting with a dot at its top that the build did
// not write, which publishing keeps. Only the top folder and the racy
// folders are read; every other entry is checked by its own times.
func outputIntact(dest string, written []outputFile) bool {
	children := map[string][]string{"": nil} // of the top and the racy folders
	for _, f := range written {
		if f.Racy && f.Mode.IsDir() {
			children[f.Path] = nil
		}
	}
	for _, f := range written {
		dir, name := path.Split(f.Path)
		dir = strings.TrimSuffix(dir, "/")
		if names, ok := children[dir]; ok {
			children[dir] = append(names, name)
		}
	}
	sameNames := func(dir string, top bool) bool {
		entries, err := os.ReadDir(filepath.Join(dest, filepath.FromSlash(dir)))
		if err != nil {
			return false
		}
		var names []string
		for _, e := range entries {
			if top && (e.Name() == StateFolder || strings.HasPrefix(e.Name(), ".") && !slices.Contains(children[""], e.Name())) {
				continue
			}
			names = append(names, e.Name())
		}
		return slices.Equal(names, children[dir])
	}
	if !sameNames("", true) {
		return false
	}
	var changed atomic.Bool
	const chunk = 256
	parallel((len(written)+chunk-1)/chunk, func(c int) {
		for _, f := range written[c*chunk : min(len(written), (c+1)*chunk)] {
			if changed.Load() {
				return
			}
			name := filepath.Join(dest, filepath.FromSlash(f.Path))
			info, err := os.Lstat(name)
			same := err == nil && info.Mode() == f.Mode && info.ModTime().UnixNano() == f.ModTime && (info.IsDir() || info.Size() == f.Size)
			if same && f.Racy {
				if info.IsDir() {
					same = sameNames(f.Path, false)
				} else {
					same = contentDigest(name) == f.Sum
				}
			}
			if !same {
				changed.Store(true)
			}
		}
	})
	return !changed.Load()
}
