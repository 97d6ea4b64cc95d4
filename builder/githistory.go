package builder

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// This file reads the blueprints' history from the site's git repository:
// every committed version of each blueprint, in two git processes for the
// whole site, however many blueprints and commits there are, decoding
// only the versions no earlier build decoded (see historyStateFile), and
// of those only what a history reads (see historyfront.go). It runs the
// git that is installed rather than a Go implementation of git: that is
// what authors who keep their site in git already have, it reads every
// repository they can, and it adds no dependency. A site that is not in
// git, or a computer without git, has no history from git and pays
// nothing but one failed process.

// gitVersions are the committed versions of each blueprint, by its file,
// such as content/blueprints/saltmere.md, oldest first.
type gitVersions map[string][]compare.Version

// shallowWarning is the warning of a build from a shallow clone.
const shallowWarning = "the site is a shallow git clone, so blueprints show no history from git: fetch the whole history (in GitHub Actions, fetch-depth: 0 on actions/checkout)"

// readGitHistory reads every committed version of the blueprints under
// the site folder dir. It returns nothing, and no error, when dir is ""
// or not in a git repository, or git is not installed; a shallow clone
// gives the warning shallowWarning and no versions, since its history
// is cut short. A version that cannot be read as a blueprint is left
// out: the history shows what it can. What was decoded is kept in the
// state folder stateDir ("" for none; see historyStateFile), so that the
// next build decodes only versions it has not seen; fresh ignores what
// is kept there and decodes every version (Options.Clean).
func readGitHistory(ctx context.Context, dir, stateDir string, fresh bool) (gitVersions, *model.Error) {
	if dir == "" {
		return nil, nil
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, nil
	}
	out, err := git(ctx, dir, nil, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return nil, nil // not a repository, or one without commits
	}
	if strings.TrimSpace(string(out)) == "true" {
		return nil, &model.Error{File: "git", Msg: shallowWarning}
	}
	log, err := git(ctx, dir, nil, "log", "--relative", "--no-renames", "--diff-filter=AM", "--format=%x1e%H %cs", "--raw", "--no-abbrev", "--", contentDir+"/"+model.Sections[sectionIndex(model.TypeBlueprint)].Dir)
	if err != nil {
		return nil, nil
	}
	changes := parseGitLog(log)
	if len(changes) == 0 {
		return nil, nil
	}
	versions, err := catBlueprints(ctx, dir, stateDir, fresh, changes)
	if err != nil {
		return nil, &model.Error{File: "git", Msg: "reading the blueprints' history: " + err.Error()}
	}
	return versions, nil
}

// sectionIndex returns the index in model.Sections of the section of typ.
func sectionIndex(typ string) int {
	for i, s := range model.Sections {
		if s.Type == typ {
			return i
		}
	}
	panic("builder: no section of type " + typ)
}

// git runs git in dir with args, feeding it stdin, and returns what it
// wrote. Its configuration cannot change what the builder reads: paths
// are not quoted, and no pager or prompt runs.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.quotePath=false", "--no-pager", "-C", dir}, args...)...)
	cmd.Stdin = stdin
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// gitChange is one blueprint file as one commit left it.
type gitChange struct {
	blob, file string // the file's blob, by its object name
	date       model.Date
}

// parseGitLog reads git log's --raw output, newest commit first, as
// readGitHistory asks for it, into the blueprint files each commit
// added or changed. Files that are not pages (such as _index.md or a
// picture) are left out.
func parseGitLog(out []byte) []gitChange {
	var changes []gitChange
	for rec := range strings.SplitSeq(string(out), "\x1e") {
		lines := strings.Split(strings.TrimSpace(rec), "\n")
		_, day, ok := strings.Cut(lines[0], " ")
		t, err := time.Parse(time.DateOnly, day)
		if !ok || err != nil {
			continue
		}
		for _, l := range lines[1:] {
			// :100644 100644 OLD NEW M<TAB>path
			meta, file, ok := strings.Cut(l, "\t")
			f := strings.Fields(meta)
			if !ok || len(f) != 5 || !strings.HasSuffix(file, ".md") || path.Base(file) == "_index.md" {
				continue
			}
			changes = append(changes, gitChange{blob: f[3], file: file, date: model.Date{Time: t}})
		}
	}
	return changes
}

// historyStateFile is the state file (see state.go) that keeps what a
// history reads of each version of the blueprints, by the version's
// blob: the blob's name is the digest of its contents, so what was
// decoded from it once holds for ever.
const historyStateFile = "githistory.gob"

// catBlueprints returns the versions of changes, oldest first. Blobs kept
// in stateDir are not read again; the others are read by one git
// cat-file --batch, each once however many versions share it, and
// decoded (decodeBlobs). What is kept afterwards is what this history
// holds, so the state folder does not grow with blobs no longer in it.
// With fresh, nothing kept is read.
func catBlueprints(ctx context.Context, dir, stateDir string, fresh bool, changes []gitChange) (gitVersions, error) {
	kept := map[string]*model.Blueprint{}
	if !fresh {
		readState(stateDir, historyStateFile, &kept)
	}
	var missing []string
	asked := map[string]bool{}
	for _, c := range changes {
		if kept[c.blob] == nil && !asked[c.blob] {
			asked[c.blob] = true
			missing = append(missing, c.blob)
		}
	}
	decoded, err := decodeBlobs(ctx, dir, missing)
	if err != nil {
		return nil, err
	}
	now := make(map[string]*model.Blueprint, len(asked)+len(kept))
	versions := gitVersions{}
	for i := len(changes) - 1; i >= 0; i-- {
		c := changes[i]
		bp := kept[c.blob]
		if bp == nil {
			bp = decoded[c.blob]
		}
		if bp != nil {
			now[c.blob] = bp
			versions[c.file] = append(versions[c.file], compare.Version{Date: c.date, Blueprint: bp})
		}
	}
	if len(missing) > 0 || len(now) != len(kept) {
		// A folder that cannot be written to only costs the next build time.
		_ = writeState(stateDir, historyStateFile, now)
	}
	return versions, nil
}

// decodeBlobs runs one git cat-file --batch for blobs and decodes what a
// history reads of each one's front matter (trackedFront) as the answers
// stream in, on every core, so that decoding overlaps git's reading.
// Blobs whose cut front matter is the same, such as versions that
// changed only the body, are decoded once and share a blueprint, which
// nothing changes. A blob that is not a blueprint is left out.
func decodeBlobs(ctx context.Context, dir string, blobs []string) (map[string]*model.Blueprint, error) {
	if len(blobs) == 0 {
		return nil, nil
	}
	cmd := exec.CommandContext(ctx, "git", "-c", "core.quotePath=false", "--no-pager", "-C", dir, "cat-file", "--batch")
	cmd.Stdin = strings.NewReader(strings.Join(blobs, "\n") + "\n")
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	bps := make([]*model.Blueprint, len(blobs))
	work := make(chan int, 256)
	fronts := make([][]byte, len(blobs))
	var seen sync.Map // cut front matter → *model.Blueprint
	var wg sync.WaitGroup
	for range numWorkers() {
		wg.Go(func() {
			for i := range work {
				bps[i] = decodeHistoryVersion(fronts[i], &seen)
				fronts[i] = nil
			}
		})
	}
	readErr := readBlobs(bufio.NewReaderSize(out, 1<<16), len(blobs), func(i int, front []byte) {
		fronts[i] = front
		work <- i
	})
	close(work)
	wg.Wait()
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = err
	}
	if readErr != nil {
		return nil, readErr
	}
	decoded := make(map[string]*model.Blueprint, len(blobs))
	for i, b := range blobs {
		if bps[i] != nil {
			decoded[b] = bps[i]
		}
	}
	return decoded, nil
}

// readBlobs reads n answers of git cat-file --batch from r and calls
// found with the index and the front matter (see frontOf) of each that
// is a blob no larger than a page may be; a missing object is skipped.
func readBlobs(r *bufio.Reader, n int, found func(i int, front []byte)) error {
	for i := range n {
		head, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			continue // missing: the file was not a blob there
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("git cat-file: %q", head)
		}
		if size > model.MaxPageBytes {
			if _, err := r.Discard(size + 1); err != nil {
				return err
			}
			continue
		}
		data := make([]byte, size+1)
		if _, err := io.ReadFull(r, data); err != nil {
			return err
		}
		found(i, frontOf(data[:size]))
	}
	return nil
}

// frontOf returns the front matter of a page's file, without its
// fences, or nil when it has none that can be read.
func frontOf(data []byte) []byte {
	src, e := model.SplitSource("", data)
	if e != nil {
		return nil
	}
	return src.Front
}

// decodeHistoryVersion decodes what a history reads of a blueprint's
// front matter (see trackedFront), or returns nil when it cannot: when
// front is nil, or the TOML or its types are wrong. A version decoded
// before, recorded in seen by its cut front matter, is given again.
func decodeHistoryVersion(front []byte, seen *sync.Map) *model.Blueprint {
	if front == nil {
		return nil
	}
	cut := trackedFront(front)
	if cut == nil {
		cut = front
	}
	if bp, ok := seen.Load(string(cut)); ok {
		return bp.(*model.Blueprint)
	}
	bp := &model.Blueprint{}
	if _, fatal := model.DecodeFront(&model.Source{Front: cut, FrontLine: 1}, bp); fatal {
		return nil
	}
	seen.Store(string(cut), bp)
	return bp
}
