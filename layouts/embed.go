// Package layouts holds intkb's default templates, stylesheet and scripts,
// embedded in the binary so that a site needs no layouts/ folder of its own.
// A site's layouts/NAME.html replaces the default of the same name; its
// static/ files replace the defaults under static/.
//
// baseof.html is the page shell; it calls the "main" template that each
// layout defines. partials/*.html define shared pieces. Which layout renders
// a page, and the data and functions templates get, are described in the
// builder package.
package layouts

import "embed"

// FS holds the default layouts: *.html, partials/*.html and static/.
//
//go:embed *.html partials/*.html static
var FS embed.FS
