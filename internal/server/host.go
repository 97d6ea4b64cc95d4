package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// LoopbackOnly returns h guarded against DNS rebinding when addr, the
// address the server listens on, is a loopback address: a request is
// answered only when its Host names this machine, as localhost, a name
// under .localhost, or a loopback address, with or without a port.
// Anything else, such as a page at evil.example whose name an attacker
// has pointed at 127.0.0.1, gets 421 with a short explanation, so it
// cannot read the drafts a preview serves. On any other address, where
// the site is meant to be reached by name, h is returned as it is.
func LoopbackOnly(addr net.Addr, h http.Handler) http.Handler {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsLoopbackHost(r.Host) {
			w.Header().Set("X-Content-Type-Options", "nosniff")
			http.Error(w, "This preview answers only requests addressed to localhost or a loopback address, such as "+
				"http://"+tcp.String()+"/, so that no other site can read it. "+
				"To share the preview on a network, serve it on that network's address with --addr.", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// IsLoopbackHost reports whether host, a Host header with or without a
// port, names this machine: localhost or a name ending in .localhost
// (which browsers resolve to loopback themselves, RFC 6761), an address
// in 127.0.0.0/8, or [::1].
func IsLoopbackHost(host string) bool {
	if h, port, err := net.SplitHostPort(host); err == nil {
		if !allDigits(port) {
			return false
		}
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1] // an IPv6 address without a port
	}
	if host == "" {
		return false
	}
	name := strings.ToLower(host)
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return validName(name)
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Zone() == "" && ip.Unmap().IsLoopback()
}

// allDigits reports whether s is a port number: one to five digits.
func allDigits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validName reports whether name is made of DNS labels: letters, digits
// and hyphens, none empty.
func validName(name string) bool {
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return false
		}
		for _, c := range label {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
				return false
			}
		}
	}
	return true
}
