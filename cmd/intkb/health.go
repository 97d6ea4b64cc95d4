package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

const healthUsage = `Usage: intkb health [URL]

Health asks a running "intkb serve" for its home page, at URL (default
http://127.0.0.1:1313/), and exits 0 if it answers 200 OK within 5
seconds, or 1 naming what went wrong. A container's HEALTHCHECK runs it,
because a minimal image has no shell or curl to run instead.
`

// healthTimeout bounds the whole request: a server that answers later is
// not healthy.
const healthTimeout = 5 * time.Second

type healthCommand struct{ m *Main }

func (c *healthCommand) Run(ctx context.Context, args []string) error {
	flags := c.m.newFlagSet("health", healthUsage)
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	target := "http://127.0.0.1:1313/"
	switch flags.NArg() {
	case 0:
	case 1:
		target = flags.Arg(0)
	default:
		return usageError{"health takes one URL at most (see intkb health -h)"}
	}
	if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Sprintf("health: %q is not an http or https URL, such as http://127.0.0.1:1313/", target)}
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return usageError{fmt.Sprintf("health: %v", err)}
	}
	req.Header.Set("User-Agent", "intkb health")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("unhealthy: %s answered %s", target, resp.Status)
	}
	fmt.Fprintf(c.m.Stdout, "healthy: %s answered %s\n", target, resp.Status)
	return nil
}
