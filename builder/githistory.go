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
	blobs, err := git(ctx, dir, &req, "cat-file", "--batch")
	if err != nil {
		return nil, &model.Error{File: "git", Msg: "reading the blueprints' history: " + err.Error()}
	}
	return decodeVersions(commits, blobs), nil
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

// decodeVersions reads git cat-file --batch's answers, one for each of
// changes in order, and decodes each blueprint's front matter. The
// versions come out oldest first.
func decodeVersions(changes []gitChange, blobs []byte) gitVersions {
	r := bufio.NewReader(bytes.NewReader(blobs))
	data := make([][]byte, len(changes))
	for i := range changes {
		head, err := r.ReadString('\n')
		if err != nil {
			break
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			continue // missing: the file was not a blob there
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n > model.MaxPageBytes {
			if _, err := r.Discard(max(n, 0) + 1); err != nil {
				break
			}
			continue
		}
		data[i] = make([]byte, n+1)
		if _, err := io.ReadFull(r, data[i]); err != nil {
			break
		}
		data[i] = data[i][:n]
	}
	bps := make([]*model.Blueprint, len(changes))
	parallel(len(changes), func(i int) { bps[i] = decodeBlueprint(changes[i].file, data[i]) })
	out := gitVersions{}
	for i := len(changes) - 1; i >= 0; i-- {
		if bps[i] != nil {
			c := changes[i]
			out[c.file] = append(out[c.file], compare.Version{Date: c.date, Blueprint: bps[i]})
		}
	}
	return out
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
