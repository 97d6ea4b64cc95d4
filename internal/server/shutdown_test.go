package server

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestShutdownWithSpareConnection opens a connection that sends nothing,
// as browsers do to have one ready, and a keep-alive one that has made a
// request. A graceful shutdown must not wait for either.
func TestShutdownWithSpareConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer("", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	}))
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	spare, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer spare.Close()
	time.Sleep(100 * time.Millisecond) // let the server accept it

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v after %v", err, time.Since(start))
	}
	if err := <-done; err != http.ErrServerClosed {
		t.Errorf("Serve: %v", err)
	}
	// The spare connection was closed by the server.
	spare.SetReadDeadline(time.Now().Add(time.Second))
	if n, err := spare.Read(make([]byte, 1)); err == nil {
		t.Errorf("the spare connection is still open (read %d bytes)", n)
	}
}
