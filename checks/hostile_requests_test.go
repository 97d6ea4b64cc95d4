package checks

import (
	"strings"
	"testing"
)

// rawGet sends target exactly as written in a GET request line, which
// net/http's client would clean or refuse, and returns the status and body.
func rawGet(t *testing.T, base, target string) (int, string) {
	t.Helper()
	resp, body := rawRequest(t, base, "GET", target, hostOf(base))
	return resp.StatusCode, body
}

// TestHostileRequests sends intkb serve paths that try to climb out of the
// site, plainly and encoded every way a server has been fooled, and
// queries that are too long or malformed. Paths are answered 400 or 404
// and never with a file from outside the output; bad queries get 400.
func TestHostileRequests(t *testing.T) {
	s := serve(t)
	host := strings.TrimSuffix(strings.TrimPrefix(s.base, "http://"), "/")
	paths := []string{
		"/../../etc/passwd",
		"/../site.toml",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/%2E%2E/%2E%2E/etc/passwd",
		"/.%2e/.%2e/etc/passwd",
		"/css/..%2f..%2f..%2fetc/passwd",
		"/css/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
		"/%252e%252e/%252e%252e/etc/passwd", // double-encoded
		"/%25252e%25252e/etc/passwd",        // triple-encoded
		"/..%5c..%5cetc%5cpasswd",           // backslash, encoded
		`/..\..\etc\passwd`,                 // backslash
		`/css\..\..\site.toml`,
		"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", // overlong UTF-8 dots
		"/%c0%af..%c0%af..%c0%afetc/passwd",     // overlong UTF-8 slashes
		"/%e0%80%ae%e0%80%ae/etc/passwd",
		"/..%c0%af..%c0%afetc/passwd",
		"/%00",
		"/index.html%00.css",
		"/css/intkb.css%00/../../etc/passwd",
		"//etc/passwd",
		"///etc/passwd",
		"/./etc/passwd",
		"/.intkb/search.bleve/index_meta.json",
		"/.%2e/site.toml",
		"/" + strings.Repeat("a/", 2000) + "../etc/passwd",
		"http://" + host + "/../../etc/passwd", // absolute form
		"/search/../../etc/passwd",
		"/api/search/../../../etc/passwd",
		"/compare/%2e%2e/%2e%2e/etc/passwd",
	}
	for _, p := range paths {
		status, body := rawGet(t, s.base, p)
		if status != 400 && status != 404 {
			t.Errorf("GET %s: %d, want 400 or 404", p, status)
		}
		for _, secret := range []string{"root:x:0:0", "root:*:0:0", "baseURL", "index_meta"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET %s served a file from outside the site (%q)", p, secret)
			}
		}
	}

	long := strings.Repeat("a", 513)
	queries := []string{
		"/search/?q=" + long,
		"/api/search?q=" + long,
		"/search/?q=" + strings.Repeat("%E2%9C%93", 200), // 600 bytes once decoded
		"/search/?q=frailty&x=" + strings.Repeat("b", 9000),
		"/api/search?q=frailty&" + strings.Repeat("tag=x&", 1500),
		"/search/?q=%zz",
		"/api/search?q=frailty%",
		"/api/search?q=frailty&type=%g1",
		"/search/?q=%ff%fe",
		"/api/search?q=care&cohort=%c0%ae",
		"/search/?q=frailty;type=blueprint",
		"/search/?q=frailty&page=abc",
		"/search/?q=frailty&page=-1",
		"/api/search?q=frailty&page=99999999999999999999999",
		"/api/search?q=frailty&size=0x10",
		"/api/search?q=frailty&size=101",
		"/api/search?q=frailty&size=-5",
	}
	for _, q := range queries {
		status, body := rawGet(t, s.base, q)
		if status != 400 {
			t.Errorf("GET %.80s: %d, want 400", q, status)
		}
		if strings.HasPrefix(q, "/search/") && !strings.Contains(body, "There is a problem") {
			t.Errorf("GET %.80s: the page does not say what is wrong", q)
		}
		if strings.HasPrefix(q, "/api/") && !strings.Contains(body, `"error"`) {
			t.Errorf("GET %.80s: the JSON does not say what is wrong: %.200s", q, body)
		}
	}

	// A request line longer than the server reads at all is refused
	// before any handler sees it.
	if status, _ := rawGet(t, s.base, "/search/?q="+strings.Repeat("a", 70<<10)); status != 431 && status != 400 {
		t.Errorf("a 70 KB request line: %d, want 431 or 400", status)
	}
	// The server is still well.
	if status, body := s.get(t, "search/?q=frailty"); status != 200 || !strings.Contains(string(body), "<mark>") {
		t.Errorf("after the hostile requests, a search answers %d", status)
	}
}
