package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// progress shows a build's progress on a terminal once it has taken more
// than a second; on anything else it stays quiet.
type progress struct {
	w       io.Writer
	start   time.Time
	mu      sync.Mutex
	stage   string
	done    int
	total   int
	shown   bool
	stop    chan struct{}
	stopped sync.WaitGroup
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// startProgress returns a progress display, or nil when w is not a terminal.
func startProgress(w io.Writer) *progress {
	if !isTerminal(w) {
		return nil
	}
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{})}
	p.stopped.Add(1)
	go func() {
		defer p.stopped.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				if time.Since(p.start) > time.Second {
					p.draw()
				}
			}
		}
	}()
	return p
}

// update is the builder's Progress callback.
func (p *progress) update(stage string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.stage, p.done, p.total = stage, done, total
	p.mu.Unlock()
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %d of %d (%.0fs)", p.stage, p.done, p.total, time.Since(p.start).Seconds())
	} else {
		fmt.Fprintf(p.w, "\r\033[K%s (%.0fs)", p.stage, time.Since(p.start).Seconds())
	}
	p.shown = true
}

// end stops the display and clears its line.
func (p *progress) end() {
	if p == nil {
		return
	}
	close(p.stop)
	p.stopped.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) callback() func(string, int, int) {
	if p == nil {
		return nil
	}
	return p.update
}
