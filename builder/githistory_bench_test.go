package builder

import (
	"context"
	"os"
	"testing"

	"intkb/builder/compare"
	"intkb/builder/model"
)

// BenchmarkGitHistory times what reading the blueprints' history adds to
// a build: git log, git cat-file for the versions not kept in the state
// folder, decoding them, and joining each blueprint's timeline. Cold is
// a first build (no state folder); warm is every build after it, with
// the decoded versions kept in the state folder. It reads the
// repository that bench/githistory writes, named by INTKB_HISTORY_REPO:
//
//	go run ./bench/githistory -blueprints 1000 -commits 20 -out /tmp/history-1k
//	INTKB_HISTORY_REPO=/tmp/history-1k go test ./builder -run '^$' -bench GitHistory -benchtime 5x
func BenchmarkGitHistory(b *testing.B) {
	dir := os.Getenv("INTKB_HISTORY_REPO")
	if dir == "" {
		b.Skip("INTKB_HISTORY_REPO names no repository (see bench/githistory)")
	}
	read := func(b *testing.B, state string) {
		versions, warning := readGitHistory(context.Background(), dir, state, false)
		if warning != nil {
			b.Fatal(warning)
		}
		vs := model.Vocabs(model.Vocabularies)
		n := 0
		for _, vv := range versions {
			last := vv[len(vv)-1].Blueprint
			n += len(compare.Timeline(vs, last, vv))
		}
		if len(versions) == 0 || n == 0 {
			b.Fatal("no history read")
		}
		b.ReportMetric(float64(len(versions)), "blueprints")
		b.ReportMetric(float64(n), "points")
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			read(b, "")
		}
	})
	b.Run("warm", func(b *testing.B) {
		state := b.TempDir()
		read(b, state)
		if _, err := os.Stat(state + "/" + historyStateFile); err != nil {
			b.Fatal("no state kept: ", err)
		}
		for b.Loop() {
			read(b, state)
		}
	})
}
