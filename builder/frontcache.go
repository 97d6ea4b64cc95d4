package builder

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"

	"intkb/builder/model"
)

// A build keeps each page's front matter as it decoded and checked it, in
// the state folder (see stateshards.go), so that the next build decodes
// the TOML of only the pages whose files changed. Decoding and checking a
// page's front matter depend on its file, its path (which gives its
// type), the site's vocabularies (areas among them) and the program,
// whose digest heads every state file: a page's kept front matter is
// reused only when the digest of the first three is the one it was kept
// under. Only front matter with no problem is kept, in the encoding of
// frontcodec.go, with the line of its review date (which the reminders
// name), which gives back the same values (TestKeptFrontsDecodeAsTheirTOML),
// and its FrontText: a function of the front matter and the
// vocabularies' labels alone, which a page's key covers.
// As with the bodies, only a build that records itself for the next
// (Options.KeepUnchanged) writes what it keeps.

// frontsStateDir is the folder, in the state folder, of the kept front
// matter's shards.
const frontsStateDir = "fronts"

// frontCache holds the front matter the last build kept, and what this
// build decoded or reused, which it keeps for the next, each by its
// page's content path. Its methods may be called from many goroutines.
type frontCache struct {
	salt   []byte // the digest of the site's vocabularies, which every key includes
	shards *StateShards[[]byte]
}

// readFrontCache returns the cache of a build whose state is kept in dir,
// for a site whose vocabularies are vocabs: with what the last build kept,
// read as from says. It returns nil when dir is "".
func readFrontCache(dir string, vocabs model.Vocabs, from StateFrom) *frontCache {
	shards := ReadStateShards(dir, frontsStateDir, from,
		func(e *StateEncoder, b []byte) { e.Bytes(b) },
		func(d *StateDecoder) []byte { return d.Bytes() })
	if shards == nil {
		return nil
	}
	v, err := json.Marshal(vocabs) // maps by key, in order: the same vocabularies give the same bytes
	if err != nil {
		return nil
	}
	salt := sha256.Sum256(v)
	return &frontCache{salt: salt[:], shards: shards}
}

// key returns the key of the front matter of the page at rel, whose
// file's SHA-256 is fileSum (Page.fileSum).
func (c *frontCache) key(rel, fileSum string) [sha256.Size]byte {
	h := sha256.New()
	h.Write(c.salt)
	h.Write([]byte(strconv.Itoa(len(rel)) + ":" + rel))
	h.Write([]byte(fileSum))
	var k [sha256.Size]byte
	h.Sum(k[:0])
	return k
}

// get decodes into front the front matter kept for rel under key, and
// returns the line of its review date (Page.reviewLine) and its
// FrontText, reporting whether there was such, and keeping it for the
// next build.
func (c *frontCache) get(rel string, key [sha256.Size]byte, front any) (reviewLine int, text string, ok bool) {
	kept, found := c.shards.Prior(rel)
	if !found || len(kept) < sha256.Size || [sha256.Size]byte(kept[:sha256.Size]) != key {
		return 0, "", false
	}
	rest := kept[sha256.Size:]
	line, n := binary.Uvarint(rest)
	if n <= 0 || line > math.MaxInt32 {
		return 0, "", false
	}
	rest = rest[n:]
	size, n := binary.Uvarint(rest)
	if n <= 0 || size > uint64(len(rest)-n) {
		return 0, "", false
	}
	text, rest = string(rest[n:n+int(size)]), rest[n+int(size):]
	if !decodeKeptFront(rest, front) {
		return 0, "", false
	}
	c.shards.Keep(rel, kept, true)
	return int(line), text, true
}

// keep keeps front, decoded and checked with no problem, as
// rel's front matter under key, with the line of its review date and
// its FrontText.
func (c *frontCache) keep(rel string, key [sha256.Size]byte, front any, reviewLine int, text string) {
	entry := binary.AppendUvarint(append([]byte(nil), key[:]...), uint64(reviewLine))
	entry = append(binary.AppendUvarint(entry, uint64(len(text))), text...)
	entry, err := encodeKeptFront(entry, front)
	if err != nil {
		return
	}
	c.shards.Keep(rel, entry, false)
}
