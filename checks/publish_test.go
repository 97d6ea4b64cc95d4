package checks

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"intkb/deploy"
	"intkb/internal/testenv"
)

// The publishing recipes of deploy/ are tested as far as this machine
// allows: each YAML file parses with PyYAML, every intkb command in the
// recipes and the documents uses flags intkb has, and the steps of each
// workflow that run shell commands run here, as GitHub or GitLab would
// run them, installing the binary from an archive laid out as a
// release's and building a site ready to publish. nginx_test.go serves
// the demo through the nginx recipes.

// recipe returns the text of a file of deploy/.
func recipe(t *testing.T, name string) string {
	t.Helper()
	data, err := fs.ReadFile(deploy.Recipes, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// yamlOf parses a YAML file with PyYAML, a parser this project did not
// write, and returns it as JSON would decode it.
func yamlOf(t *testing.T, name string) map[string]any {
	t.Helper()
	return yamlOfText(t, name, recipe(t, name))
}

// yamlOfText decodes text, the recipe name or a changed copy of it.
func yamlOfText(t *testing.T, name, text string) map[string]any {
	t.Helper()
	python := ""
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import yaml").Run() == nil {
			python = p
			break
		}
	}
	testenv.Need(t, python != "", "no python3 with PyYAML (Debian's python3-yaml)")
	cmd := exec.Command(python, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout, default=str)")
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s is not valid YAML: %v", name, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at returns the value at a path of keys and list indexes in a decoded
// document, failing the test naming the path when it is not there.
func at(t *testing.T, doc any, path ...any) any {
	t.Helper()
	v := doc
	for i, k := range path {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok || m[k] == nil {
				t.Fatalf("no %v in the recipe", path[:i+1])
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("no %v in the recipe", path[:i+1])
			}
			v = l[k]
		}
	}
	return v
}

// intkbCommand finds a command of intkb's, continuation lines joined.
// It ends at a line's end, or at a backtick or table bar in Markdown.
var intkbCommand = regexp.MustCompile("\\bintkb (build|serve|check|new|search|health|version)\\b((?:[^\\n\\\\`|]|\\\\\\n)*)")

// TestRecipeCommandsUseRealFlags reads every intkb command in the
// recipes, the Dockerfile, the README and the authoring guide, and checks
// each flag against what "intkb COMMAND -h" lists.
func TestRecipeCommandsUseRealFlags(t *testing.T) {
	texts := map[string]string{}
	fs.WalkDir(deploy.Recipes, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			texts["deploy/"+p] = recipe(t, p)
		}
		return err
	})
	for _, name := range []string{"Dockerfile", "README.md", "content/guide/authoring.md"} {
		data, err := os.ReadFile(filepath.Join(repo, name))
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = string(data)
	}
	flagsOf := map[string]map[string]bool{}
	flagLine := regexp.MustCompile(`(?m)^\s+-([a-z][a-z_-]*)`)
	n := 0
	for _, name := range slices.Sorted(mapsKeys(texts)) {
		for _, m := range intkbCommand.FindAllStringSubmatch(texts[name], -1) {
			sub := m[1]
			if flagsOf[sub] == nil {
				stdout, _, _ := run(t, repo, sub, "-h")
				flagsOf[sub] = map[string]bool{"h": true}
				for _, f := range flagLine.FindAllStringSubmatch(stdout, -1) {
					flagsOf[sub][f[1]] = true
				}
			}
			for _, word := range strings.Fields(m[2]) {
				word = strings.Trim(word, "[]`\"'(),")
				if !strings.HasPrefix(word, "-") || word == "-" || strings.HasPrefix(word, "-->") {
					continue
				}
				flag, _, _ := strings.Cut(strings.TrimLeft(word, "-"), "=")
				n++
				if !flagsOf[sub][flag] {
					t.Errorf("%s: intkb %s %s: intkb %s has no flag -%s", name, sub, strings.TrimSpace(m[2]), sub, flag)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("found only %d flags in the recipes and documents: is the pattern still right?", n)
	}
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// releaseArchive writes a .tar.gz laid out as a release's for this
// machine, holding the intkb binary these tests run, and returns its
// file:// address and its SHA-256.
func releaseArchive(t *testing.T) (url, sum string) {
	t.Helper()
	bin, err := os.ReadFile(binary)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "intkb_v0.0.0-test_linux_amd64.tar.gz")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	for _, e := range []struct {
		name string
		data []byte
		mode int64
	}{{"intkb", bin, 0o755}, {"README.md", []byte("intkb\n"), 0o644}} {
		tw.WriteHeader(&tar.Header{Name: "intkb_v0.0.0-test_linux_amd64/" + e.name, Mode: e.mode, Size: int64(len(e.data)), Typeflag: tar.TypeReg})
		tw.Write(e.data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	f.Close()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return "file://" + file, fmt.Sprintf("%x", sha256.Sum256(data))
}

// readySite makes a new site ready to publish, as the journey does.
func readySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, stderr, code := run(t, dir, "new", "site", "north"); code != 0 {
		t.Fatal(stderr)
	}
	site := filepath.Join(dir, "north")
	for _, kind := range []string{"playbook", "blueprint"} {
		if _, stderr, code := run(t, site, "new", kind, "our-area"); code != 0 {
			t.Fatal(stderr)
		}
		editFile(t, site, "content/"+kind+"s/our-area.md", `status = "draft"`, `status = "published"`)
	}
	makeReady(t, site)
	return site
}

// expression is a GitHub Actions expression, such as ${{ vars.INTKB_URL }}.
var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// runSteps runs the steps of a workflow's job that run shell commands,
// in order, in dir, as a GitHub-hosted runner would: each with its env,
// expressions replaced from values (a test fails on any other), bash -e,
// and the folders steps add to $GITHUB_PATH on the PATH of the next.
func runSteps(t *testing.T, dir string, steps []any, values map[string]string) {
	t.Helper()
	tmp := t.TempDir()
	githubPath := filepath.Join(tmp, "github_path")
	os.WriteFile(githubPath, nil, 0o644)
	expand := func(s string) string {
		return expression.ReplaceAllStringFunc(s, func(e string) string {
			v, ok := values[expression.FindStringSubmatch(e)[1]]
			if !ok {
				t.Fatalf("the workflow uses %s, which this test does not know", e)
			}
			return v
		})
	}
	for i, s := range steps {
		step := s.(map[string]any)
		script, ok := step["run"].(string)
		if !ok {
			continue
		}
		env := append(os.Environ(), "RUNNER_TEMP="+tmp, "GITHUB_PATH="+githubPath)
		envs, _ := step["env"].(map[string]any)
		for k, v := range envs {
			env = append(env, k+"="+expand(fmt.Sprint(v)))
		}
		added, _ := os.ReadFile(githubPath)
		path := strings.Join(append(strings.Fields(string(added)), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ":")
		env = append(env, "PATH="+path) // the runner's own PATH, without this machine's intkb
		file := filepath.Join(tmp, fmt.Sprintf("step%d.sh", i))
		os.WriteFile(file, []byte(expand(script)), 0o644)
		cmd := exec.Command("bash", "-e", file)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("step %d (%v): %v\n%s", i, step["name"], err, out)
		}
	}
}

// step returns the first step of steps that uses the action named.
func step(t *testing.T, steps []any, action string) map[string]any {
	t.Helper()
	for _, s := range steps {
		if uses, _ := s.(map[string]any)["uses"].(string); strings.HasPrefix(uses, action+"@") {
			return s.(map[string]any)
		}
	}
	t.Fatalf("no step uses %s", action)
	return nil
}

// TestNightlyBuildsAreALineAway checks the nightly schedule that the
// GitHub Actions recipes leave commented out, for a site that imports
// other sites' blueprints: with the # taken from its two lines, the
// workflow is still valid and runs on a push and each night.
func TestNightlyBuildsAreALineAway(t *testing.T) {
	for _, name := range []string{deploy.GitHubPages, "azure-static-web-apps.yml"} {
		t.Run(name, func(t *testing.T) {
			text := recipe(t, name)
			uncommented := regexp.MustCompile(`(?m)^(  )# (schedule:|  - cron: .*)$`).ReplaceAllString(text, "$1$2")
			if strings.Count(uncommented, "\n") != strings.Count(text, "\n") || uncommented == text {
				t.Fatal("no commented schedule to uncomment")
			}
			doc := yamlOfText(t, name, uncommented)
			cron, _ := at(t, doc, "true", "schedule", 0, "cron").(string)
			if len(strings.Fields(cron)) != 5 {
				t.Errorf("cron %q is not five fields", cron)
			}
			if branches := at(t, doc, "true", "push", "branches"); !slices.Contains(branches.([]any), any("main")) {
				t.Errorf("with the schedule it no longer runs on a push to main: %v", branches)
			}
		})
	}
}

func TestGitHubPagesWorkflow(t *testing.T) {
	doc := yamlOf(t, deploy.GitHubPages)
	// PyYAML reads the key "on" as YAML 1.1's true.
	if branches := at(t, doc, "true", "push", "branches"); !slices.Contains(branches.([]any), any("main")) {
		t.Errorf("it does not run on a push to main: %v", branches)
	}
	for key, want := range map[string]string{"pages": "write", "id-token": "write", "contents": "read"} {
		if got := at(t, doc, "permissions", key); got != want {
			t.Errorf("permissions: %s is %v, want %s", key, got, want)
		}
	}
	if env := at(t, doc, "jobs", "deploy", "environment", "name"); env != "github-pages" {
		t.Errorf("the deploy job's environment is %v", env)
	}
	step(t, at(t, doc, "jobs", "deploy", "steps").([]any), "actions/deploy-pages")
	steps := at(t, doc, "jobs", "build", "steps").([]any)
	wholeHistory(t, steps)
	upload := step(t, steps, "actions/upload-pages-artifact")
	folder := at(t, upload, "with", "path").(string)

	site := readySite(t)
	url, sum := releaseArchive(t)
	runSteps(t, site, steps, map[string]string{
		"vars.INTKB_URL": url, "vars.INTKB_SHA256": sum,
		"steps.pages.outputs.base_url": "https://northshire.github.io/kb",
	})
	sitemap, err := os.ReadFile(filepath.Join(site, folder, "sitemap.xml"))
	if err != nil || !strings.Contains(string(sitemap), "<loc>https://northshire.github.io/kb/playbooks/our-area/</loc>") {
		t.Errorf("the folder uploaded, %s, has no sitemap for the Pages address: %v\n%s", folder, err, sitemap)
	}
	// Without the variables it stops, saying what to set.
	var install string
	for _, s := range steps {
		if s.(map[string]any)["name"] == "Install intkb" {
			install = s.(map[string]any)["run"].(string)
		}
	}
	cmd := exec.Command("bash", "-e", "-c", install)
	cmd.Dir = t.TempDir()
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "Set the repository variables INTKB_URL and INTKB_SHA256") {
		t.Errorf("the install step without its variables: %v\n%s", err, out)
	}
}

func TestAzureStaticWebAppsWorkflow(t *testing.T) {
	doc := yamlOf(t, "azure-static-web-apps.yml")
	steps := at(t, doc, "jobs", "publish", "steps").([]any)
	wholeHistory(t, steps)
	deployStep := step(t, steps, "Azure/static-web-apps-deploy")
	folder := at(t, deployStep, "with", "app_location").(string)
	if at(t, deployStep, "with", "skip_app_build") != true || at(t, deployStep, "with", "action") != "upload" {
		t.Errorf("the deploy step builds the app itself: %v", deployStep["with"])
	}
	site := readySite(t)
	url, sum := releaseArchive(t)
	runSteps(t, site, steps, map[string]string{
		"vars.INTKB_URL": url, "vars.INTKB_SHA256": sum, "vars.SITE_URL": "https://kb.northshire.nhs.uk/",
		"secrets.AZURE_STATIC_WEB_APPS_API_TOKEN": "unused",
	})
	var config struct {
		ResponseOverrides map[string]struct{ Rewrite string } `json:"responseOverrides"`
	}
	data, err := os.ReadFile(filepath.Join(site, folder, "staticwebapp.config.json"))
	if err != nil || json.Unmarshal(data, &config) != nil {
		t.Fatalf("staticwebapp.config.json: %v\n%s", err, data)
	}
	notFound := config.ResponseOverrides["404"].Rewrite
	if _, err := os.Stat(filepath.Join(site, folder, filepath.FromSlash(notFound))); notFound == "" || err != nil {
		t.Errorf("a missing page is answered with %q, which the site does not have", notFound)
	}
	if _, err := os.Stat(filepath.Join(site, folder, ".intkb")); err == nil {
		t.Error("the uploaded folder holds .intkb/, which only intkb serve reads")
	}
}

func TestGitLabPagesPipeline(t *testing.T) {
	doc := yamlOf(t, "gitlab-pages.yml")
	paths := at(t, doc, "pages", "artifacts", "paths").([]any)
	if len(paths) != 1 || paths[0] != "public" {
		t.Errorf("GitLab Pages publishes public/, but the job keeps %v", paths)
	}
	if depth := at(t, doc, "pages", "variables", "GIT_DEPTH"); depth != "0" {
		t.Errorf("GIT_DEPTH is %v: a shallow clone has no history for the blueprints, and --strict stops at its warning", depth)
	}
	var script []string
	for _, line := range at(t, doc, "pages", "script").([]any) {
		script = append(script, line.(string))
	}
	// before_script installs curl and intkb with apt-get and into
	// /usr/local/bin, as GitLab's runner does in its container; here the
	// binary these tests run stands in, and the script runs as it is.
	bin := t.TempDir()
	os.Symlink(binary, filepath.Join(bin, "intkb"))
	site := readySite(t)
	cmd := exec.Command("bash", "-e", "-c", strings.Join(script, "\n"))
	cmd.Dir = site
	cmd.Env = append(os.Environ(), "PATH="+bin+":/usr/bin:/bin", "CI_PAGES_URL=https://northshire.gitlab.io/kb")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the pages script: %v\n%s", err, out)
	}
	sitemap, err := os.ReadFile(filepath.Join(site, "public", "sitemap.xml"))
	if err != nil || !strings.Contains(string(sitemap), "https://northshire.gitlab.io/kb/playbooks/our-area/") {
		t.Errorf("public/ has no sitemap for the Pages address: %v", err)
	}
	var before []string
	for _, line := range at(t, doc, "pages", "before_script").([]any) {
		before = append(before, line.(string))
	}
	if out, err := exec.Command("bash", "-n", "-c", strings.Join(before, "\n")).CombinedOutput(); err != nil {
		t.Errorf("before_script is not valid shell: %v\n%s", err, out)
	}
}

// wholeHistory checks that a workflow checks out the whole history, which
// the blueprints' histories come from: with a shallow clone, the default,
// a strict build stops at the warning about it.
func wholeHistory(t *testing.T, steps []any) {
	t.Helper()
	if depth := at(t, step(t, steps, "actions/checkout"), "with", "fetch-depth"); fmt.Sprint(depth) != "0" {
		t.Errorf("actions/checkout's fetch-depth is %v, want 0", depth)
	}
}
