package checks

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"io"
	"io/fs"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"intkb/builder/publish"
	"intkb/internal/testenv"
)

// The web-server recipes of deploy/ run under the real nginx, changed
// only where a test must: its port, certificate and folders.

// recipeAddress is the address the nginx and IIS recipes publish at.
const recipeAddress = "https://intranet.moorvale-icb.nhs.uk/neighbourhoods/"

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// selfSigned writes a certificate and key for the recipes' name into
// dir and returns their files.
func selfSigned(t *testing.T, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "intranet.moorvale-icb.nhs.uk"}, DNSNames: []string{"intranet.moorvale-icb.nhs.uk"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return cert, key
}

// startNginx runs nginx with the server block of a recipe, its listen
// port, certificate and the folders in replace changed, until the test
// ends, and returns a client for https://intranet.moorvale-icb.nhs.uk/ that
// reaches it.
func startNginx(t *testing.T, name string, replace ...string) *http.Client {
	t.Helper()
	nginx := testenv.LookPath(t, "nginx")
	dir := t.TempDir()
	port := freePort(t)
	cert, key := selfSigned(t, dir)
	replace = append(replace, "listen 443 ssl;", "listen 127.0.0.1:"+port+" ssl;",
		"/etc/ssl/certs/intranet.moorvale-icb.nhs.uk.pem", cert, "/etc/ssl/private/intranet.moorvale-icb.nhs.uk.key", key)
	server := strings.NewReplacer(replace...).Replace(recipe(t, name))
	for i := 0; i < len(replace); i += 2 {
		if !strings.Contains(recipe(t, name), replace[i]) {
			t.Fatalf("%s no longer holds %q", name, replace[i])
		}
	}
	conf := "daemon off;\nmaster_process off;\npid " + dir + "/nginx.pid;\nerror_log " + dir + "/error.log;\nevents {}\nhttp {\n" +
		"include /etc/nginx/mime.types;\naccess_log off;\n"
	for _, temp := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		conf += temp + "_temp_path " + dir + "/" + temp + ";\n"
	}
	conf += server + "}\n"
	os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644)
	cmd := exec.Command(nginx, "-p", dir, "-e", dir+"/error.log", "-c", filepath.Join(dir, "nginx.conf"))
	if out, err := exec.Command(nginx, "-t", "-p", dir, "-e", dir+"/error.log", "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t refuses %s: %v\n%s", name, err, out)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // the test's own certificate
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, "127.0.0.1:"+port)
			},
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			return client
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(dir + "/error.log")
			t.Fatalf("nginx did not start: %s", log)
		}
	}
}

// fetch gets a path of https://intranet.moorvale-icb.nhs.uk through client.
func fetch(t *testing.T, client *http.Client, p string) (int, http.Header, string) {
	t.Helper()
	resp, err := client.Get("https://intranet.moorvale-icb.nhs.uk" + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// TestNginxStaticRecipe serves the demo, built for the recipe's address,
// as plain files under the recipe's sub-path.
func TestNginxStaticRecipe(t *testing.T) {
	root := t.TempDir()
	if _, stderr, code := run(t, repo, "build", "--base-url", recipeAddress, "--dest", filepath.Join(root, "neighbourhoods")); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	client := startNginx(t, "nginx-static.conf", "root /var/www;", "root "+root+";")
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/neighbourhoods/", 200, `<link rel="stylesheet" href="/neighbourhoods/css/`},
		{"/neighbourhoods/playbooks/start-with-needs/", 200, "Start with needs"},
		{"/neighbourhoods/playbooks", 301, ""},
		{"/neighbourhoods/no-such-page/", 404, "/neighbourhoods/search/"},
		{"/neighbourhoods/search/index/meta.json", 200, "{"},
		{"/neighbourhoods/data/blueprints.csv", 200, "saltmere"},
		{"/neighbourhoods/.intkb-output", 404, ""},
		{"/neighbourhoods/.intkb/search.bleve/index_meta.json", 404, ""},
	} {
		status, header, body := fetch(t, client, tt.path)
		if status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.path, status, tt.status, tt.want)
		}
		if tt.status == 301 && header.Get("Location") != "/neighbourhoods/playbooks/" {
			t.Errorf("%s redirects to %q", tt.path, header.Get("Location"))
		}
	}
	if _, header, _ := fetch(t, client, "/neighbourhoods/search/index/meta.json"); !strings.HasPrefix(header.Get("Content-Type"), "application/json") {
		t.Errorf("the search index is sent as %q", header.Get("Content-Type"))
	}
	// A compressed file of the index, to a browser that accepts gzip: the
	// bytes on disk, as gzip data, with no Content-Encoding.
	req, _ := http.NewRequest("GET", "https://intranet.moorvale-icb.nhs.uk/neighbourhoods/search/index/t/0.json.gz?v=1", nil)
	req.Header.Set("Accept-Encoding", "gzip") // set by hand, so that the client hands over the body as sent
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	onDisk, err := os.ReadFile(filepath.Join(root, "neighbourhoods", "search", "index", "t", "0.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !bytes.Equal(body, onDisk) || resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Type") != "application/gzip" {
		t.Errorf("t/0.json.gz: %d, %d bytes of %d on disk, Content-Encoding %q, Content-Type %q", resp.StatusCode, len(body), len(onDisk),
			resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"))
	}
	// A page's record, read from its record pack by a range request, as
	// the search page reads it: those bytes, as they are.
	pack, err := os.ReadFile(filepath.Join(root, "neighbourhoods", "search", "index", "d", "0.bin"))
	if err != nil || len(pack) < 300 {
		t.Fatalf("d/0.bin: %d bytes, %v", len(pack), err)
	}
	req, _ = http.NewRequest("GET", "https://intranet.moorvale-icb.nhs.uk/neighbourhoods/search/index/d/0.bin?v=1", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Range", "bytes=128-255")
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 206 || !bytes.Equal(body, pack[128:256]) || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("d/0.bin, bytes 128 to 255: %d, %d bytes, Content-Encoding %q, Content-Range %q", resp.StatusCode, len(body),
			resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Range"))
	}
}

// TestNginxProxyRecipe passes the recipe's sub-path to intkb serve, run
// as the recipe says, and searches and compares through it.
func TestNginxProxyRecipe(t *testing.T) {
	port := freePort(t)
	cmd := exec.Command(binary, "serve", "--source", repo, "--addr", "127.0.0.1:"+port, "--no-watch", "--base-url", recipeAddress)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	client := startNginx(t, "nginx-proxy.conf", "proxy_pass http://127.0.0.1:1313;", "proxy_pass http://127.0.0.1:"+port+";")
	var status int
	for deadline := time.Now().Add(60 * time.Second); status != 200; time.Sleep(200 * time.Millisecond) {
		if status, _, _ = fetch(t, client, "/neighbourhoods/"); time.Now().After(deadline) {
			t.Fatalf("intkb serve did not answer through nginx: %d", status)
		}
	}
	_, _, body := fetch(t, client, "/neighbourhoods/api/search?q=frailty")
	var res struct {
		Total int
		Hits  []struct{ URL string }
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil || res.Total == 0 || !strings.HasPrefix(res.Hits[0].URL, "/neighbourhoods/") {
		t.Errorf("search through nginx: %v %s", err, body)
	}
	if status, _, body := fetch(t, client, "/neighbourhoods/compare/?areas=saltmere,kingsmoor"); status != 200 || !strings.Contains(body, "Kingsmoor") {
		t.Errorf("compare through nginx: %d", status)
	}
	if _, _, body := fetch(t, client, "/neighbourhoods/playbooks/start-with-needs/"); !strings.Contains(body, `href="`+recipeAddress+`playbooks/start-with-needs/"`) && !strings.Contains(body, recipeAddress) {
		t.Errorf("the page does not name the address readers use")
	}
}

// TestIISRecipe reads web.config as XML: every kind of file the demo's
// output holds has a type, its 404 page is the site's own, and folders
// are answered by index.html.
func TestIISRecipe(t *testing.T) {
	var config struct {
		Documents []string `xml:"system.webServer>defaultDocument>files>add"`
		Types     []struct {
			Ext  string `xml:"fileExtension,attr"`
			Type string `xml:"mimeType,attr"`
		} `xml:"system.webServer>staticContent>mimeMap"`
		Errors []struct {
			Status string `xml:"statusCode,attr"`
			Path   string `xml:"path,attr"`
		} `xml:"system.webServer>httpErrors>error"`
	}
	if err := xml.Unmarshal([]byte(recipe(t, "web.config")), &config); err != nil {
		t.Fatalf("web.config is not XML: %v", err)
	}
	types := map[string]bool{}
	for _, m := range config.Types {
		types[m.Ext] = m.Type != ""
	}
	out := filepath.Join(t.TempDir(), "neighbourhoods")
	if _, stderr, code := run(t, repo, "build", "--base-url", recipeAddress, "--dest", out); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	exts := map[string]bool{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == publish.MarkerFile {
			return err // the marker that the folder is intkb's needs no type: no reader asks for it
		}
		if !d.IsDir() {
			exts[path.Ext(d.Name())] = true
		}
		return nil
	})
	for ext := range exts {
		if !types[ext] {
			t.Errorf("the site holds %s files, which web.config gives no type", ext)
		}
	}
	if len(config.Errors) != 1 || config.Errors[0].Status != "404" || config.Errors[0].Path != "/neighbourhoods/404.html" {
		t.Errorf("web.config's error pages: %+v", config.Errors)
	}
	if _, err := os.Stat(filepath.Join(out, "404.html")); err != nil {
		t.Error("the site has no 404.html for web.config to show")
	}
	if !strings.Contains(recipe(t, "web.config"), `<add value="index.html" />`) {
		t.Error("web.config does not answer a folder with its index.html")
	}
}
