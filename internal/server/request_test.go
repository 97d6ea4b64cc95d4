package server

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	for _, tt := range []struct {
		name, query, want string // want is the error, or the areas read
	}{
		{"plain", "areas=a,b&diff=1", "a,b"},
		{"repeated keys", "areas=a&areas=b", "a b"},
		{"empty", "", ""},
		{"encoded UTF-8", "areas=caf%C3%A9", "café"},
		{"bad escape", "areas=%zz", "the address is malformed"},
		{"cut escape", "areas=a%", "the address is malformed"},
		{"semicolon", "areas=a;diff=1", "the address is malformed"},
		{"not UTF-8 in a value", "areas=%ff%fe", "not UTF-8"},
		{"overlong UTF-8", "areas=%c0%ae", "not UTF-8"},
		{"not UTF-8 in a name", "%ff=1", "not UTF-8"},
		{"not UTF-8 in a later value", "areas=a&areas=%ff", "not UTF-8"},
		{"too long", "areas=" + strings.Repeat("a", MaxQueryString), "the address is 6 characters too long"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseQuery(httptest.NewRequest("GET", "/compare/?"+tt.query, nil))
			got := strings.Join(v["areas"], " ")
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) || (tt.want == "" && got != "") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
