// Command githistory writes a generated knowledge base as a git
// repository whose every blueprint was committed many times, changing
// its integration level, MDT cadence and budget each time, for the
// benchmark of reading the blueprints' history from git (BENCHMARKS.md):
//
//	go run ./bench/githistory -blueprints 1000 -commits 20 -out /tmp/history-1k
//
// The site is bench/corpus's, with as many pages as give that many
// blueprints. Commits are dated a month apart from January 2024, so the
// same flags always give the same history.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"intkb/bench/corpus"
)

func main() {
	blueprints := flag.Int("blueprints", 1000, "how many blueprints")
	commits := flag.Int("commits", 20, "how many commits change every blueprint")
	out := flag.String("out", "", "the folder to write the repository into (required; must not exist)")
	flag.Parse()
	if *out == "" || *blueprints < 1 || *commits < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(*out, *blueprints, *commits); err != nil {
		fmt.Fprintln(os.Stderr, "githistory:", err)
		os.Exit(1)
	}
}

// The values each commit moves every blueprint to, in turn.
var changes = []struct {
	key    string
	values []string
}{
	{"integration_level", []string{"convening_to_advise", "convening_to_coordinate", "unity_of_effort"}},
	{"mdt_cadence", []string{"monthly", "fortnightly", "weekly", "twice_weekly", "daily"}},
	{"budget", []string{"separate", "aligned", "pooled"}},
}

func write(dir string, blueprints, commits int) error {
	if _, err := os.Stat(dir); err == nil {
		return fmt.Errorf("%s exists: give a new folder", dir)
	}
	// bench/corpus makes 15 pages in 100 blueprints.
	n := (blueprints*100 + 14) / 15
	if err := corpus.Write(dir, n, 1); err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "content", "blueprints", "*.md"))
	if err != nil {
		return err
	}
	if err := git(dir, time.Time{}, "init", "-q", "-b", "main"); err != nil {
		return err
	}
	start := time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)
	for c := range commits {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			text := string(data)
			for i, ch := range changes {
				re := regexp.MustCompile(`(?m)^` + ch.key + ` = "[a-z_]+"`)
				text = re.ReplaceAllLiteralString(text, ch.key+` = "`+ch.values[(c+i)%len(ch.values)]+`"`)
			}
			if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
				return err
			}
		}
		when := start.AddDate(0, c, 0)
		if err := git(dir, when, "add", "-A"); err != nil {
			return err
		}
		if err := git(dir, when, "commit", "-q", "-m", fmt.Sprintf("Blueprints, review %d", c+1)); err != nil {
			return err
		}
	}
	return nil
}

// git runs git in dir as a benchmark author, dated when.
func git(dir string, when time.Time, args ...string) error {
	cmd := exec.Command("git", append([]string{"-c", "user.name=Benchmark", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	if !when.IsZero() {
		d := when.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}
