package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"intkb/internal/portalfixture"
)

// replicaPaths are what TestTwoReplicasAnswerAlike asks both replicas:
// searches, by the API and the page, with the portal's filters, the
// comparison rendered per request, and pages and files.
var replicaPaths = []string{
	"/api/search?q=frailty", "/api/search?q=tidewater", "/api/search?q=care&site=coastway&page=2&size=3",
	"/api/search?q=team&region=north-east-and-yorkshire&icb=moorvale-icb", "/api/search?q=frialty+hom",
	"/search/?q=frailty", "/search/?q=frailty&region=south-west", "/search/?q=neighbourhood&page=2",
	"/compare/", "/compare/?areas=saltmere,coastway/tidewater", "/compare/?areas=saltmere,kingsmoor&diff=1",
	"/", "/blueprints/saltmere/", "/data/blueprints.json", "/no/such/page/",
}

// varying matches what may differ between two replicas' answers: the
// time a search took; the open data's generated stamp, which is the time
// each replica built the site when it started; and the minute each
// replica read an imported site's data, which the comparison shows
// ("fetched 6 Dec 2026 17:34 UTC") and which differs when the two
// started either side of a minute's turn.
var varying = regexp.MustCompile(`"took_ms":[0-9.]+|"generated": ?"[^"]*"|fetched [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2} UTC`)

// score matches a hit's score in a search's JSON. Two replicas may give
// the same hit scores that differ in their last bits (0.20074243455948995
// and 0.20074243455948998): Bleve adds up a page's scores from the
// fields and terms it matched in the order its searchers reach the page,
// which follows the numbers it gave the pages as they were indexed; its
// offline builder gathers each batch of pages in a map and numbers them
// in the map's order, which differs from run to run. Scores are compared
// to 12 significant digits.
var score = regexp.MustCompile(`"score":(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)`)

// sameScores rounds every score in body to 12 significant digits.
func sameScores(body string) string {
	return score.ReplaceAllStringFunc(body, func(m string) string {
		v, err := strconv.ParseFloat(score.FindStringSubmatch(m)[1], 64)
		if err != nil {
			return m
		}
		return `"score":` + strconv.FormatFloat(v, 'g', 12, 64)
	})
}

// TestTwoReplicasAnswerAlike runs two "intkb serve --no-watch" on the
// same portal (package portalfixture), as two replicas behind a load
// balancer would be, and checks that they give the same answers, byte for
// byte (but for took_ms, the open data's generated stamp and the last
// bits of a score), to searches, comparisons and pages, and that
// serving writes nothing into the site's folder: serve --no-watch is
// stateless and read-only, so a reader may be sent to either.
func TestTwoReplicasAnswerAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the portal twice")
	}
	dir := t.TempDir()
	if err := portalfixture.Write("../..", dir); err != nil {
		t.Fatal(err)
	}
	before := folderState(t, dir)
	const public = "https://portal.northshire.nhs.uk/"
	a := serveSite(t, "--source", dir, "--base-url", public)
	b := serveSite(t, "--source", dir, "--base-url", public)
	for _, p := range replicaPaths {
		codeA, bodyA := fetch(t, a.base+strings.TrimPrefix(p, "/"))
		codeB, bodyB := fetch(t, b.base+strings.TrimPrefix(p, "/"))
		bodyA, bodyB = sameScores(varying.ReplaceAllString(bodyA, "")), sameScores(varying.ReplaceAllString(bodyB, ""))
		if codeA != codeB || bodyA != bodyB {
			t.Errorf("%s: the replicas differ: %d, %d bytes and %d, %d bytes", p, codeA, len(bodyA), codeB, len(bodyB))
		}
		want := http.StatusOK
		if p == "/no/such/page/" {
			want = http.StatusNotFound
		}
		if codeA != want {
			t.Errorf("%s: status %d, want %d", p, codeA, want)
		}
	}
	if _, body := fetch(t, a.base+"compare/"); !varying.MatchString(body) {
		t.Errorf("the comparison no longer shows when the imported site was read in the form varying masks, so two replicas started a minute apart would differ: %.300s", body[strings.Index(body, "compare-sources")+len("compare-sources"):])
	}
	if _, body := fetch(t, a.base+"api/search?q=tidewater"); !strings.Contains(body, `"source":"coastway"`) {
		t.Errorf("the portal's search does not find its imported blueprint: %s", body)
	}
	if after := folderState(t, dir); after != before {
		t.Errorf("serving changed the site's folder:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// fetch returns the status and body of a GET of url.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// folderState lists every file and folder under dir, hidden ones too,
// with each file's mode, size, modification time and SHA-256.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "%s %v %d %s", rel, info.Mode(), info.Size(), info.ModTime().UTC())
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " %x", sha256.Sum256(data))
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
