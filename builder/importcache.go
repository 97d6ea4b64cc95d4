package builder

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"intkb/builder/model"
	"intkb/builder/publish"
)

// This file keeps the last good copy of each URL import between builds,
// in Options.StateDir/imports/: one file a URL, named by a hash of it,
// holding a line of JSON (importCopy) and then the body as it was
// fetched. A copy is written only once its body has been read as open
// data, to a temporary file renamed into place, so that a build stopped
// half way leaves the old copy whole. A copy whose header cannot be read,
// or whose body is not the size and hash the header gives, is ignored:
// the URL is fetched as if it had none.

// importCache is the folder of last good copies; nil keeps nothing.
type importCache struct {
	dir string
	// ignoreKept makes load find no copy, so that every URL is fetched
	// whole and none stands in for a source that fails (Options.Clean);
	// what is fetched is still kept.
	ignoreKept bool
}

// newImportCache returns the cache under stateDir, or nil when stateDir
// is "".
func newImportCache(stateDir string) *importCache {
	if stateDir == "" {
		return nil
	}
	return &importCache{dir: filepath.Join(stateDir, "imports")}
}

// importCopy is the last good copy of one URL import.
type importCopy struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`          // the server's ETag for body, sent back as If-None-Match
	LastModified string    `json:"last_modified,omitempty"` // its Last-Modified, sent back as If-Modified-Since
	FetchedAt    time.Time `json:"fetched_at"`              // when the server last gave body, or said it had not changed
	Size         int       `json:"size"`
	SHA256       string    `json:"sha256"` // of body, in hex
	body         []byte
}

// path is where the copy of url is kept.
func (c *importCache) path(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:16])+".copy")
}

// load returns the copy of url, or nil when there is none or it cannot
// be trusted.
func (c *importCache) load(url string) *importCopy {
	if c == nil || c.ignoreKept {
		return nil
	}
	f, err := os.Open(c.path(url))
	if err != nil {
		return nil
	}
	defer f.Close()
	r := bufio.NewReader(io.LimitReader(f, model.MaxFileSize+64<<10))
	head, err := r.ReadBytes('\n')
	if err != nil {
		return nil
	}
	cp := new(importCopy)
	if json.Unmarshal(head, cp) != nil || cp.URL != url || cp.FetchedAt.IsZero() || cp.Size < 0 || cp.Size > model.MaxFileSize {
		return nil
	}
	body, err := io.ReadAll(r)
	if err != nil || len(body) != cp.Size || hexDigest(body) != cp.SHA256 {
		return nil
	}
	cp.body = body
	return cp
}

// store keeps cp as the copy of its URL, replacing the one before.
func (c *importCache) store(cp *importCopy) error {
	if c == nil {
		return nil
	}
	cp.Size, cp.SHA256 = len(cp.body), hexDigest(cp.body)
	head, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return err
	}
	return publish.WriteReplacing(c.path(cp.URL), bytes.Join([][]byte{head, cp.body}, []byte("\n")))
}

// ageWords says how old a copy is, for warnings and the compare page:
// "40 minutes old", "5 hours old", "3 days old".
func ageWords(d time.Duration) string {
	n, unit := int(d.Hours()/24), "day"
	switch {
	case d < time.Hour:
		n, unit = int(d.Minutes()), "minute"
	case d < 48*time.Hour:
		n, unit = int(d.Hours()), "hour"
	}
	if n == 1 {
		return fmt.Sprintf("1 %s old", unit)
	}
	return fmt.Sprintf("%d %ss old", n, unit)
}
