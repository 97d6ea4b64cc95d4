package search

import (
	"hash/fnv"
	"testing"
)

// TestReachingCountsBytesThatAreNotUTF8 checks that a word cut inside a
// character, as the typo test makes of "sites’", has one deletion per
// byte that is not UTF-8, as Bleve's automaton counts it, and no panic.
func TestReachingCountsBytesThatAreNotUTF8(t *testing.T) {
	for _, tt := range []struct {
		word, withoutLast string
		hashes            int // the word, then one per deletion
	}{
		{"sites", "site", 6},
		{"café", "caf", 5},
		{"sites\xe2\x80x", "sites\xe2\x80", 9},
		{"\xff", "", 2},
	} {
		got := reaching(tt.word)
		if len(got) != tt.hashes || got[len(got)-1] != fnv64(fnv64Offset, tt.withoutLast) {
			t.Errorf("reaching(%q) gives %d hashes, ending in %x; want %d, ending with the hash of %q", tt.word, len(got), got[len(got)-1], tt.hashes, tt.withoutLast)
		}
	}
}

// TestFNV64IsHashFNV checks that fnv64 is the FNV-1a of hash/fnv, whole
// and continued from a prefix's hash, as reaching uses it.
func TestFNV64IsHashFNV(t *testing.T) {
	for _, s := range []string{"", "a", "sites", "café", "sites\xe2\x80x", "\xff", "neighbourhood"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := fnv64(fnv64Offset, s), h.Sum64(); got != want {
			t.Errorf("fnv64(%q) = %x, hash/fnv gives %x", s, got, want)
		}
		for i := range len(s) + 1 {
			if got, want := fnv64(fnv64(fnv64Offset, s[:i]), s[i:]), h.Sum64(); got != want {
				t.Errorf("fnv64 of %q continued over %q = %x, hash/fnv gives %x for %q", s[:i], s[i:], got, want, s)
			}
		}
	}
}
