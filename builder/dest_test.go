package builder

import (
	"testing"

	"intkb/builder/model"
)

func TestPublishDirInSourcesIsRefused(t *testing.T) {
	_, err := model.ParseConfig("site.toml", []byte("title = \"T\"\nbaseURL = \"/\"\npublishDir = \"content\"\n"))
	want := `site.toml:3: publishDir: "content" is inside the site's content/ folder, which a build reads: publish to a folder of its own, such as public`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}
