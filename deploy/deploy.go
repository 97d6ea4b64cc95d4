// Package deploy holds the recipes for publishing an intkb site, as files
// a site copies and changes only where their comments say:
//
//   - github-pages.yml: a GitHub Actions workflow that builds the site
//     with --strict for its GitHub Pages address and deploys it with
//     actions/upload-pages-artifact and actions/deploy-pages. "intkb new
//     site" writes it as .github/workflows/publish.yml.
//   - gitlab-pages.yml: the same for GitLab Pages, as .gitlab-ci.yml.
//   - azure-static-web-apps.yml: a workflow that uploads the site to
//     Azure Static Web Apps, with its 404 page.
//   - nginx-static.conf: a web server serving the built files under a
//     sub-path, with TLS.
//   - nginx-proxy.conf: a web server passing a sub-path to "intkb serve"
//     (the Dockerfile's container), ending TLS itself.
//   - web.config: IIS serving the site from an intranet share.
//
// Each recipe downloads intkb's release archive and checks it against
// SHA256SUMS, or names the address to build for. checks/publish_test.go
// parses every recipe and runs what can run here: each intkb command and
// flag a recipe uses exists, and nginx serves the demo through both of
// its recipes. The release archives carry this folder.
package deploy

import "embed"

// Recipes holds the recipe files named above.
//
//go:embed *.yml *.conf web.config
var Recipes embed.FS

// GitHubPages is the name in Recipes of the GitHub Pages workflow.
const GitHubPages = "github-pages.yml"
