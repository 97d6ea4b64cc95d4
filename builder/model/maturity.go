package model

import (
	"reflect"
	"strings"
)

// MaturityScore is one dimension of a maturity self-assessment, with a
// blueprint's score on it when Scored.
type MaturityScore struct {
	Key   string // the score's key in [maturity], such as shared_purpose
	Label string // the key in words: "Shared purpose"
	Desc  string // the field's doc tag
	Score int
	// Scored reports whether the blueprint gave a score.
	Scored bool
}

// MaturityDimensions lists the dimensions of the self-assessment, in
// order, from the score fields of Maturity and their tags, none scored.
func MaturityDimensions() []MaturityScore {
	var out []MaturityScore
	for _, f := range Fields(reflect.TypeFor[Maturity]()) {
		if f.Kind == KindScore {
			label := strings.ReplaceAll(f.Key, "_", " ")
			out = append(out, MaturityScore{Key: f.Key, Label: strings.ToUpper(label[:1]) + label[1:], Desc: f.Doc})
		}
	}
	return out
}

// MaturityScores returns m's score on each dimension, in the order of
// MaturityDimensions; a dimension m does not score is not Scored.
func MaturityScores(m *Maturity) []MaturityScore {
	dims := MaturityDimensions()
	for i := range dims {
		if s := MaturityValue(m, dims[i].Key); s != nil {
			dims[i].Score, dims[i].Scored = *s, true
		}
	}
	return dims
}
