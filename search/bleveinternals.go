package search

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// This file holds everything intkb takes on trust from Bleve v2.6.3
// beyond its public API: behaviour Bleve does not promise, and which a
// new version may change. Each is pinned by a test in
// bleveinternals_test.go against the real Bleve, so that an upgrade that
// changes one fails there, by name, rather than as wrong results.
//
// Updating a kept index (keptupdate.go) relies on four more: a batch
// on an index with a path returns once it, and every root before it, is
// on disk; a merge into one segment drops the deleted documents and the
// terms only they held, so that the statistics a score reads are those
// of an index made from nothing; the segments of a snapshot name
// their files (scorch.IndexSnapshot.Segments, PersistedSegment.Path);
// and Bleve's merger merges no segment of MaxSegmentSize/2 documents or
// more, so that with a MaxSegmentSize of 1 it merges none
// (noBackgroundMerges). The update and the merge before a search check
// the second and third each time they run (settle);
// TestKeptIndexIsUpdated pins the first three by what the updated index
// finds, and TestKeptIndexIsMergedWhenSearched the fourth by the
// segments the updates leave.
//
// A word's disjunction (anysearch.go) relies on two more: Bleve's
// TermSearcher scores a posting with scorer.TermQueryScorer, from the
// statistics NewTermSearcher reads, as termLeaf repeats
// (TestTermLeafScoresAsBleve); and its disjunction searchers score a
// page as the sum of its children's scores, ordered by their counts,
// times the share of the children on it
// (TestWindowedSearchAsBleve). It also takes a TermFieldReader's
// Advance to start again from the first page when asked for a page at or
// before its own, and so never asks for one.
//
// What Bleve offers publicly is used instead wherever it does the job:
// keyword fields are Bleve's own text fields with no analyzer; the
// offline builder's scratch folders go in a folder intkb makes and
// removes whole, whatever Bleve names them; a missing index is told by
// bleve.ErrorIndexPathDoesNotExist and bleve.ErrorIndexMetaMissing.

// docNumber decodes the internal id of a document in a scorch index: its
// number in the snapshot, 8 bytes big-endian. Bleve calls the id opaque;
// facet tables (facets.go) are arrays indexed by it, because a map from
// id to values would be looked up for every hit.
// TestScorchDocumentNumbers pins it.
func docNumber(id index.IndexInternalID) (uint64, bool) {
	if len(id) != 8 {
		return 0, false
	}
	return binary.BigEndian.Uint64(id), true
}

// preAnalysedField is a text field whose analysis is done: the page's
// text analysed once by the analyser, for both indexes. It relies on
// scorch calling Analyze and then reading only AnalyzedLength and
// AnalyzedTokenFrequencies for the postings, the length norm and the
// term vectors, and Value and EncodedFieldType ('t', a text field) for
// the stored value. Bleve's own TextField can only be given an analyzer
// that makes a token stream for it to count again, which would undo what
// analysing once saves. TestPreAnalysedFieldIndexesAsBleve pins it, and
// TestIndexMatchesBleveOwnIndexing checks it on the demo site.
type preAnalysedField struct {
	name string
	opts index.FieldIndexingOptions
	text analysedText
}

func (f *preAnalysedField) Name() string                        { return f.name }
func (f *preAnalysedField) ArrayPositions() []uint64            { return nil }
func (f *preAnalysedField) Options() index.FieldIndexingOptions { return f.opts }
func (f *preAnalysedField) Analyze()                            {}
func (f *preAnalysedField) Value() []byte                       { return []byte(f.text.text) }
func (f *preAnalysedField) NumPlainTextBytes() uint64           { return uint64(len(f.text.text)) }
func (f *preAnalysedField) Size() int                           { return len(f.name) + len(f.text.text) }
func (f *preAnalysedField) EncodedFieldType() byte              { return 't' }
func (f *preAnalysedField) AnalyzedLength() int                 { return f.text.length }
func (f *preAnalysedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	if f.opts.IncludeTermVectors() {
		return f.text.freqs
	}
	return withoutLocations(f.text.freqs)
}

// withoutLocations returns freqs without their tokens' locations, as
// Bleve's own text field counts a field that has no term vectors: scorch
// stores every location it is given, whatever the field's options say.
func withoutLocations(freqs index.TokenFrequencies) index.TokenFrequencies {
	out := make(index.TokenFrequencies, len(freqs))
	bare := make([]index.TokenFreq, len(freqs))
	i := 0
	for k, tf := range freqs {
		bare[i] = index.TokenFreq{Term: tf.Term}
		bare[i].SetFrequency(tf.Frequency())
		out[k] = &bare[i]
		i++
	}
	return out
}

// indexStore is the folder of an index, under its own, that holds the
// scorch store, as bleve.Open looks for it.
const indexStore = "store"

// writeIndexMeta writes index_meta.json into dir, saying the index is
// scorch, as bleve.NewBuilder writes it and bleve.Open reads it.
// bleve.NewBuilder cannot be used itself: it takes documents to map and
// analyse, not documents analysed already. TestIndexMetaAsBleveWritesIt
// pins it.
func writeIndexMeta(dir string) error {
	meta, _ := json.Marshal(map[string]string{"storage": scorch.Name, "index_type": scorch.Name})
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), meta, 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// rank gives a hit of t's snapshot its sort values of helpLast's
// first and last keys: helpRank for a help page, and its URL. It relies
// on Bleve's TopN collector setting a hit's sort values
// (SortOrder.Value) before it passes the hit to the DocumentMatchHandler
// the search's context makes (see facetTables.withFacetCounting), and
// comparing hits, in the collector and when an alias merges its indexes'
// hits, by those values: a sort value cannot be given by the SearchSort
// itself, which sees a hit without the index it came from.
// TestHandlerSetsSortValues pins it.
func (t *facetTable) rank(d *bsearch.DocumentMatch) {
	n, ok := docNumber(d.IndexInternalID)
	if !ok || n >= uint64(len(t.urls)) || len(d.Sort) != 3 {
		return
	}
	if t.help[n] {
		d.Sort[0] = helpRank
	}
	d.Sort[2] = t.urls[n]
}
