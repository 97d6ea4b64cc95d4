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
// whole site, however many blueprints and commits there are. It runs the
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
// out: the history shows what it can.
func readGitHistory(ctx context.Context, dir string) (gitVersions, *model.Error) {
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
	log, err := git(ctx, dir, nil, "log", "--relative", "--no-renames", "--diff-filter=AM", "--format=%x1e%H %cs", "--name-only", "--", contentDir+"/"+model.Sections[sectionIndex(model.TypeBlueprint)].Dir)
	if err != nil {
		return nil, nil
	}
	commits := parseGitLog(log)
	if len(commits) == 0 {
		return nil, nil
	}
	var req bytes.Buffer
	for _, c := range commits {
		fmt.Fprintf(&req, "%s:./%s\n", c.hash, c.file)
	}
	versions, err := catBlueprints(ctx, dir, &req, commits)
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
	hash, file string
	date       model.Date
}

// parseGitLog reads git log's output, newest commit first, as
// readGitHistory asks for it, into the blueprint files each commit
// changed. Files that are not pages (such as _index.md or a picture)
// are left out.
func parseGitLog(out []byte) []gitChange {
	var changes []gitChange
	for rec := range strings.SplitSeq(string(out), "\x1e") {
		lines := strings.Split(strings.TrimSpace(rec), "\n")
		hash, day, ok := strings.Cut(lines[0], " ")
		t, err := time.Parse(time.DateOnly, day)
		if !ok || err != nil {
			continue
		}
		for _, f := range lines[1:] {
			f = strings.TrimSpace(f)
			if strings.HasSuffix(f, ".md") && path.Base(f) != "_index.md" {
				changes = append(changes, gitChange{hash: hash, file: f, date: model.Date{Time: t}})
			}
		}
	}
	return changes
}

// catBlueprints runs one git cat-file --batch for every version in
// changes (whose requests are req, in order) and decodes each
// blueprint's front matter as its answer streams in, on every core, so
// that decoding overlaps git's reading. Only the front matter of each
// answer is kept. The versions come out oldest first.
func catBlueprints(ctx context.Context, dir string, req io.Reader, changes []gitChange) (gitVersions, error) {
	cmd := exec.CommandContext(ctx, "git", "-c", "core.quotePath=false", "--no-pager", "-C", dir, "cat-file", "--batch")
	cmd.Stdin = req
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	bps := make([]*model.Blueprint, len(changes))
	work := make(chan int, 256)
	fronts := make([][]byte, len(changes))
	var wg sync.WaitGroup
	for range numWorkers() {
		wg.Go(func() {
			for i := range work {
				bps[i] = decodeBlueprint(changes[i].file, fronts[i])
				fronts[i] = nil
			}
		})
	}
	readErr := readBlobs(bufio.NewReaderSize(out, 1<<16), len(changes), func(i int, front []byte) {
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
	versions := gitVersions{}
	for i := len(changes) - 1; i >= 0; i-- {
		if bps[i] != nil {
			c := changes[i]
			versions[c.file] = append(versions[c.file], compare.Version{Date: c.date, Blueprint: bps[i]})
		}
	}
	return versions, nil
}

// readBlobs reads n answers of git cat-file --batch from r and calls
// found with the index and the front matter (the file up to the line
// after its closing fence) of each that is a blob no larger than a page
// may be; a missing object is skipped.
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

// frontOf returns data up to the end of its front matter's closing
// fence, or all of it when it has none: the body is not needed.
func frontOf(data []byte) []byte {
	open, _, ok := bytes.Cut(data, []byte("\n"))
	if !ok {
		return data
	}
	fence := bytes.TrimSpace(open)
	if i := bytes.Index(data[len(open)+1:], append([]byte("\n"), fence...)); i >= 0 {
		end := len(open) + 1 + i + 1 + len(fence)
		return append(data[:end:end], '\n')
	}
	return data
}

// decodeBlueprint reads a blueprint's front matter from one version of
// its file, or returns nil when it cannot.
func decodeBlueprint(file string, data []byte) *model.Blueprint {
	if data == nil {
		return nil
	}
	src, e := model.SplitSource(file, data)
	if e != nil {
		return nil
	}
	bp := &model.Blueprint{}
	if _, fatal := model.DecodeFront(src, bp); fatal {
		return nil
	}
	return bp
}
