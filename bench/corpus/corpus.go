// Package corpus generates a deterministic knowledge base of any size for
// benchmarks: pages of all four content types with valid front matter
// (blueprints with every structured field), prose drawn from a vocabulary
// of about 20,000 words with a Zipf-like frequency, headings, lists,
// tables, tags and links between pages. The same size and seed always give
// the same files. Hugo can build the files too: front matter is TOML
// between +++ lines and links are ordinary Markdown links.
package corpus

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Mix is the share of each content type, in percent.
var Mix = []struct {
	Dir     string
	Type    string
	Percent int
}{{"playbooks", "playbook", 40}, {"case-studies", "case-study", 30}, {"frameworks", "framework", 15}, {"blueprints", "blueprint", 15}}

// Areas is how many areas the generated site.toml lists.
const Areas = 24

// Files returns the site's files by path: site.toml and content/.
func Files(n int, seed int64) map[string][]byte {
	g := newGen(seed)
	files := map[string][]byte{"site.toml": []byte(g.siteTOML())}
	paths := Paths(n)
	for i, p := range paths {
		files[p] = []byte(g.page(i, p, paths))
	}
	return files
}

// Paths returns the content paths of the n pages, in order.
func Paths(n int) []string {
	var out []string
	counts := make([]int, len(Mix))
	total := 0
	for i, m := range Mix {
		counts[i] = n * m.Percent / 100
		total += counts[i]
	}
	counts[0] += n - total
	for i, m := range Mix {
		for j := 0; j < counts[i]; j++ {
			out = append(out, fmt.Sprintf("content/%s/%s-%05d.md", m.Dir, m.Type, j))
		}
	}
	return out
}

// Write writes the site into dir.
func Write(dir string, n int, seed int64) error {
	files := Files(n, seed)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	r     *rand.Rand
	vocab []string
	zipf  *rand.Zipf
	tags  []string
}

// Queries are the queries the search benchmarks ask, of the demo site and
// of generated corpora: search's benchmarks and tests, the server's
// handler benchmark, and bench/search.lua, which writes the same list in
// Lua.
var Queries = []string{
	"frailty", "care homes", "frailty care homes", "coordinator", "pooled budget",
	`shared care plan`, `"unity of effort"`, "neighbourhood team", "pharmasy", "relabel",
	"mental health housing", "district nurse", "risk stratification", "evidence admissions -hospital",
	"type:blueprint integration", "lived experience", "children young people", "discharge",
	"sponsor implementer", "loneliness",
}

// Domain words, mixed into the generated vocabulary so that realistic
// queries find realistic pages.
var domainWords = strings.Fields(`frailty care homes neighbourhood team coordinator coordinators district nurse
general practice pharmacy social prescribing link worker mental health housing carers older people
integration partnership sponsor implementer budget pooled aligned record shared plan evidence admissions
emergency urgent outcomes learning governance accountability voluntary community enterprise relabelling
needs function form meeting multidisciplinary case finding risk stratification population health
lived experience children young people long-term conditions discharge hospital ambulance falls loneliness`)

var syllables = strings.Fields("ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi wa we wi ya yo za ze an en in on ar er or al el il st th ch sh")

func newGen(seed int64) *gen {
	r := rand.New(rand.NewSource(seed))
	g := &gen{r: r}
	seen := map[string]bool{}
	for _, w := range domainWords {
		if !seen[w] {
			seen[w] = true
			g.vocab = append(g.vocab, w)
		}
	}
	for len(g.vocab) < 20000 {
		var b strings.Builder
		for k := 0; k < 2+r.Intn(3); k++ {
			b.WriteString(syllables[r.Intn(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			g.vocab = append(g.vocab, w)
		}
	}
	// Frequent words first: mix domain words into the head of the curve.
	r.Shuffle(len(g.vocab[:2000]), func(i, j int) { g.vocab[i], g.vocab[j] = g.vocab[j], g.vocab[i] })
	g.zipf = rand.NewZipf(r, 1.07, 2, uint64(len(g.vocab)-1))
	for i := 0; i < 300; i++ {
		g.tags = append(g.tags, g.vocab[50+i*7])
	}
	return g
}

func (g *gen) word() string { return g.vocab[g.zipf.Uint64()] }

func (g *gen) words(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word()
	}
	return strings.Join(ws, " ")
}

func (g *gen) sentence() string {
	s := g.words(6 + g.r.Intn(14))
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func (g *gen) title() string {
	s := g.words(2 + g.r.Intn(5))
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *gen) pick(vals ...string) string { return vals[g.r.Intn(len(vals))] }

func (g *gen) picks(max int, vals ...string) string {
	vals = append([]string(nil), vals...) // shuffle a copy: callers pass shared lists
	n := 1 + g.r.Intn(max)
	g.r.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	return quoteList(vals[:min(n, len(vals))])
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (g *gen) siteTOML() string {
	var b strings.Builder
	b.WriteString("title = \"Generated knowledge base\"\nbaseURL = \"http://127.0.0.1:1313/\"\npublishDir = \"public\"\npaginate = 20\n\n")
	for i := 0; i < Areas; i++ {
		fmt.Fprintf(&b, "[[areas]]\nslug = \"area-%02d\"\nname = \"Area %02d\"\nsetting = %q\n\n", i, i, g.title())
	}
	return b.String()
}

var cohorts = []string{"frailty", "multiple_long_term_conditions", "rising_risk", "high_intensity_users", "severe_mental_illness", "care_homes", "children_young_people", "wider_determinants"}
var orgs = []string{"general_practice", "community_health", "social_care", "mental_health", "community_pharmacy", "vcse", "acute", "public_health", "housing", "other"}

func (g *gen) front(i int, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "+++\ntitle = %q\nsummary = %q\nupdated = 2026-%02d-%02d\nreview_due = 2027-%02d-%02d\n", g.title(), g.sentence(), 1+g.r.Intn(10), 1+g.r.Intn(28), 1+g.r.Intn(12), 1+g.r.Intn(28))
	fmt.Fprintf(&b, "tags = [%q, %q, %q]\n", g.tags[g.r.Intn(len(g.tags))], g.tags[g.r.Intn(len(g.tags))], g.tags[g.r.Intn(len(g.tags))])
	area := fmt.Sprintf("area-%02d", i%Areas)
	switch dir {
	case "playbooks":
		// No outputs key: Hugo reserves it for output formats and fails
		// the build on values it does not know.
		fmt.Fprintf(&b, "phase = %q\naddresses = %s\nroles = [%q, %q]\n", g.pick("explore", "design", "launch", "sustain"), g.picks(3, "needs", "function", "form"), g.title(), g.title())
		for s := 0; s < 3+g.r.Intn(4); s++ {
			fmt.Fprintf(&b, "\n[[steps]]\ntitle = %q\ndetail = %q\n", g.title(), g.sentence())
		}
	case "case-studies":
		fmt.Fprintf(&b, "area = %q\ncohorts = %s\nsetting = %q\nperiod = \"April 2024 to March 2026\"\nchanges = [%q, %q]\ngovernance = %q\nlearnings = [%q, %q, %q]\nevidence_type = %q\ncontact_role = \"Programme lead\"\n",
			area, g.picks(3, cohorts...), g.sentence(), g.sentence(), g.sentence(), g.sentence(), g.sentence(), g.sentence(), g.sentence(), g.pick("descriptive", "before_after", "matched_comparison", "qualitative", "mixed"))
		for s := 0; s < 2+g.r.Intn(3); s++ {
			fmt.Fprintf(&b, "\n[[outcomes]]\nmeasure = %q\ndirection = %q\ndetail = %q\ncaveat = %q\n", g.title(), g.pick("improved", "no_change", "worsened", "not_measured"), g.sentence(), g.sentence())
		}
	case "frameworks":
		nq := 6 + g.r.Intn(8)
		fmt.Fprintf(&b, "session_format = %q\nsession_minutes = %d\npick = %d\npartner_types = %s\n", g.pick("pcn_meeting", "protected_learning_time", "partnership_board", "workshop", "one_to_one"), 30+15*g.r.Intn(4), 2+g.r.Intn(nq-2), g.picks(3, orgs...))
		fmt.Fprintf(&b, "\n[[sides]]\nname = \"Primary care network\"\nsponsor = \"Clinical director\"\nimplementer = \"Care coordinator lead\"\n\n[[sides]]\nname = %q\nsponsor = %q\nimplementer = %q\n", g.title(), g.title(), g.title())
		for q := 0; q < nq; q++ {
			fmt.Fprintf(&b, "\n[[questions]]\nid = \"q%d\"\ntheme = %q\ntext = %q\nrequired = %t\n", q, g.pick("purpose", "current_state", "people", "resources", "governance", "next_step"), g.sentence(), q < 2)
		}
	case "blueprints":
		fmt.Fprintf(&b, "area = %q\ncohorts = %s\n", area, g.picks(4, cohorts...))
		fmt.Fprintf(&b, "\n[needs]\nfootprint = %q\npopulation = %d\nneighbourhoods = %d\nneighbourhood_min = 20000\nneighbourhood_max = 60000\nstatement = %q\n", g.sentence(), 50000+g.r.Intn(600000), 2+g.r.Intn(12), g.sentence()+" "+g.sentence())
		fmt.Fprintf(&b, "\n[function]\nintegration_level = %q\ncase_finding = %s\ncoordinator = %q\nactivities = [%q, %q]\n", g.pick("convening_to_advise", "convening_to_coordinate", "unity_of_effort"), g.picks(3, "risk_stratification", "professional_referral", "self_referral", "discharge_lists", "care_home_lists", "population_search"), g.title(), g.sentence(), g.sentence())
		fmt.Fprintf(&b, "\n[form]\norigin = %q\nmdt_cadence = %q\nmdt_mode = %q\n", g.pick("new", "evolved", "relabelled"), g.pick("daily", "twice_weekly", "weekly", "fortnightly", "monthly"), g.pick("in_person", "virtual", "hybrid"))
		for m := 0; m < 5+g.r.Intn(5); m++ {
			fmt.Fprintf(&b, "\n[[form.members]]\nrole = %q\norganisation = %q\narrangement = %q\ncommitment = %q\n", g.title(), g.pick(orgs...), g.pick("substantive", "honorary", "seconded", "contracted", "volunteer"), g.pick("core", "on_call"))
		}
		fmt.Fprintf(&b, "\n[governance]\naccountable_body = %q\ncollective_accountability = %t\n", g.title(), g.r.Intn(2) == 0)
		fmt.Fprintf(&b, "\n[finance]\nbudget = %q\nrecurrent = %t\n", g.pick("separate", "aligned", "pooled"), g.r.Intn(2) == 0)
		fmt.Fprintf(&b, "\n[digital]\nrecord = %q\n", g.pick("no_shared_record", "view_only", "shared_care_plan", "single_record"))
		fmt.Fprintf(&b, "\n[participation]\nvcse = %q\ncommunity_pharmacy = %q\nlived_experience = [%q]\n", g.pick("not_involved", "consulted", "partner", "core_member"), g.pick("not_involved", "consulted", "partner", "core_member"), g.title())
		fmt.Fprintf(&b, "\n[measures]\nmeasures = [%q, %q]\nevaluation = %q\nevaluation_type = %q\n", g.title(), g.title(), g.sentence(), g.pick("descriptive", "before_after", "mixed"))
		fmt.Fprintf(&b, "\n[maturity]\nassessed = 2026-06-01\nshared_purpose = %d\nleadership = %d\ninformation_sharing = %d\nworkforce = %d\npopulation_health = %d\ncommunity_voice = %d\n", g.r.Intn(6), g.r.Intn(6), g.r.Intn(6), g.r.Intn(6), g.r.Intn(6), g.r.Intn(6))
	}
	b.WriteString("+++\n\n")
	return b.String()
}

// page returns the text of page i, linking to earlier pages so that every
// link resolves.
func (g *gen) page(i int, p string, paths []string) string {
	dir := strings.Split(p, "/")[1]
	var b strings.Builder
	b.WriteString(g.front(i, dir))
	for para := 0; para < 2; para++ {
		for s := 0; s < 3+g.r.Intn(3); s++ {
			b.WriteString(g.sentence() + " ")
		}
		b.WriteString("\n\n")
	}
	for h := 0; h < 3+g.r.Intn(4); h++ {
		fmt.Fprintf(&b, "## %s\n\n", g.title())
		for s := 0; s < 4+g.r.Intn(5); s++ {
			b.WriteString(g.sentence() + " ")
		}
		if i > 0 && g.r.Intn(2) == 0 {
			target := paths[g.r.Intn(i)]
			fmt.Fprintf(&b, "See [%s](../%s).", g.words(3), strings.TrimPrefix(target, "content/"))
		}
		b.WriteString("\n\n")
		switch g.r.Intn(4) {
		case 0:
			g.list(&b)
		case 1:
			g.table(&b)
		case 2:
			fmt.Fprintf(&b, "### %s\n\n%s %s\n\n", g.title(), g.sentence(), g.sentence())
		}
	}
	return b.String()
}

// list writes a bulleted list of three to five sentences.
func (g *gen) list(b *strings.Builder) {
	for l := 0; l < 3+g.r.Intn(3); l++ {
		fmt.Fprintf(b, "- %s\n", g.sentence())
	}
	b.WriteString("\n")
}

// table writes a table of a team's members, three rows.
func (g *gen) table(b *strings.Builder) {
	b.WriteString("| Role | Organisation | Commitment |\n| --- | --- | --- |\n")
	for l := 0; l < 3; l++ {
		fmt.Fprintf(b, "| %s | %s | %s |\n", g.title(), g.words(2), g.words(2))
	}
	b.WriteString("\n")
}

// Body returns an ordinary page body of exactly size bytes, as the pages
// of Files have them: paragraphs of prose, headings, lists and tables,
// without links. The same size and seed give the same text.
func Body(size int, seed int64) string {
	g := newGen(seed)
	var b strings.Builder
	for b.Len() < size {
		for s := 0; s < 4+g.r.Intn(5); s++ {
			b.WriteString(g.sentence() + " ")
		}
		b.WriteString("\n\n")
		switch g.r.Intn(4) {
		case 0:
			g.list(&b)
		case 1:
			g.table(&b)
		case 2:
			fmt.Fprintf(&b, "## %s\n\n", g.title())
		}
	}
	return b.String()[:size]
}
