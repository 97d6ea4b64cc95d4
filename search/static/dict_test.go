package static

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `"quoted" \back\slash`, "<script>alert(1)</script> & more", "tab\tnew\nline\rcr\x00\x1f\x7f",
		"café ’quotes’ 😀", "line\u2028sep\u2029para", "bad \xff utf-8 \xe2\x28\xa1", "\xf0\x9f"} {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q: %s, encoding/json gives %s", s, got, want)
		}
	}
}

// TestV64 checks the text varint against the package doc: five bits a
// character, least significant first, 0-9 A-V for the last character
// and a-z - _ W-Z for the others.
func TestV64(t *testing.T) {
	const last, more = "0123456789ABCDEFGHIJKLMNOPQRSTUV", "abcdefghijklmnopqrstuvwxyz-_WXYZ"
	for _, n := range []int{0, 1, 9, 10, 31, 32, 33, 1023, 1024, 123456789, 1<<31 - 1} {
		s := string(appendV64(nil, n))
		got, shift := 0, 0
		for i, c := range s {
			d := strings.IndexRune(more, c)
			if i == len(s)-1 {
				d = strings.IndexRune(last, c)
			}
			if d < 0 {
				t.Fatalf("%d: %q has %q out of place", n, s, c)
			}
			got |= d << shift
			shift += 5
		}
		if got != n {
			t.Errorf("%d written as %q, which reads as %d", n, s, got)
		}
	}
}

// TestWriteWantsFourFields checks that rules for other text fields than
// the format's four are refused, not written.
func TestWriteWantsFourFields(t *testing.T) {
	dir := t.TempDir()
	r := &Rules{Fields: []string{"title", "body"}, Boosts: []float64{4, 1}}
	if err := writePages(dir, nil, r, Options{}); err == nil || !strings.Contains(err.Error(), "2 text fields") {
		t.Errorf("two fields: %v, want an error", err)
	}
}
