package server

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":              true,
		"localhost:1313":         true,
		"LocalHost:1313":         true,
		"preview.localhost:1313": true,
		"a.b.localhost":          true,
		"127.0.0.1":              true,
		"127.0.0.1:1313":         true,
		"127.1.2.3:80":           true,
		"[::1]":                  true,
		"[::1]:1313":             true,
		"[::ffff:127.0.0.1]:1":   true,
		"::1":                    true,

		"":                        false,
		"evil.example":            false,
		"evil.example:1313":       false,
		"localhost.evil.example":  false,
		"evillocalhost":           false,
		"localhost.":              false,
		"..localhost":             false,
		"a_b.localhost":           false,
		"127.0.0.1.nip.io":        false,
		"128.0.0.1:1313":          false,
		"0.0.0.0:1313":            false,
		"10.0.0.1":                false,
		"[::2]:1313":              false,
		"[fe80::1%25lo]:1313":     false,
		"localhost:":              false,
		"localhost:http":          false,
		"localhost:131313":        false,
		"2130706433":              false, // 127.0.0.1 as one number: browsers rewrite it before sending
		"127.0.0.1:1313@evil.com": false,
	} {
		if got := IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// TestLoopbackOnly checks that a server on a loopback address refuses
// requests addressed to another name, as a DNS-rebinding page's are,
// and that a server on any other address does not.
func TestLoopbackOnly(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("draft")) })
	get := func(h http.Handler, host string) (int, string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	loopback := LoopbackOnly(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313}, ok)
	for _, host := range []string{"127.0.0.1:1313", "localhost:1313", "[::1]:1313"} {
		if code, body := get(loopback, host); code != 200 || body != "draft" {
			t.Errorf("on loopback, Host %s: %d %q", host, code, body)
		}
	}
	code, body := get(loopback, "evil.example:1313")
	if code != http.StatusMisdirectedRequest || strings.Contains(body, "draft") || !strings.Contains(body, "http://127.0.0.1:1313/") {
		t.Errorf("on loopback, Host evil.example: %d %q", code, body)
	}
	v6 := LoopbackOnly(&net.TCPAddr{IP: net.IPv6loopback, Port: 1313}, ok)
	if code, _ := get(v6, "evil.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("on [::1], Host evil.example: %d", code)
	}
	for _, ip := range []net.IP{net.IPv4zero, net.IPv4(192, 0, 2, 10), net.IPv6unspecified} {
		open := LoopbackOnly(&net.TCPAddr{IP: ip, Port: 1313}, ok)
		if code, body := get(open, "intkb.icb.example"); code != 200 || body != "draft" {
			t.Errorf("on %s, Host intkb.icb.example: %d %q", ip, code, body)
		}
	}
}
