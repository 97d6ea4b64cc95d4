package model

import (
	"strings"
	"testing"
)

// TestTOMLSyntaxHints checks what an author is told of each common slip
// in the TOML of front matter: the file and line, what to do, and the
// line with a caret under the problem, exactly as intkb prints them.
func TestTOMLSyntaxHints(t *testing.T) {
	// Each front matter follows title = "P", line 2 of the file, so its
	// first line is line 3.
	tests := []struct{ name, front, want string }{
		{"double quotes inside double quotes", "summary = \"The \"big\" day\"\n",
			`content/playbooks/p.md:3: front matter: a " inside the text ends it early: write summary = 'The "big" day' (single quotes around it), or write each " inside it as \"
    3 | summary = "The "big" day"
      |                ^`},
		{"double quotes inside, a comment after", "summary = \"Ask \"what matters\" first\" # from the workshop\n",
			`content/playbooks/p.md:3: front matter: a " inside the text ends it early: write summary = 'Ask "what matters" first' (single quotes around it), or write each " inside it as \"
    3 | summary = "Ask "what matters" first" # from the workshop
      |                ^`},
		{"an apostrophe inside single quotes", "summary = 'Who's who'\n",
			`content/playbooks/p.md:3: front matter: a ' inside the text ends it early: write summary = "Who's who" (double quotes around it)
    3 | summary = 'Who's who'
      |               ^`},
		{"quotes inside an item of a list", "roles = [\"GP\", \"care \"navigator\"\"]\n",
			`content/playbooks/p.md:3: front matter: a " inside the text ends it early: put single quotes around text that holds double quotes, or write each " inside it as \"
    3 | roles = ["GP", "care "navigator""]
      |                      ^`},
		{"UK date", "updated = 03/12/2026\n",
			`content/playbooks/p.md:3: front matter: 03/12/2026 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | updated = 03/12/2026
      |           ^^^^^^^^^^`},
		{"UK date, one digit", "updated = 3/12/2026\n",
			`content/playbooks/p.md:3: front matter: 3/12/2026 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | updated = 3/12/2026
      |           ^^^^^^^^^`},
		{"UK date with dashes", "updated = 03-12-2026\n",
			`content/playbooks/p.md:3: front matter: 03-12-2026 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | updated = 03-12-2026
      |           ^^^^^^^^^^`},
		{"date with slashes, year first", "updated = 2026/12/03\n",
			`content/playbooks/p.md:3: front matter: 2026/12/03 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | updated = 2026/12/03
      |           ^^^^^^^^^^`},
		{"date in words", "review_due = 3 December 2026\n",
			`content/playbooks/p.md:3: front matter: 3 December 2026 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | review_due = 3 December 2026
      |              ^^^^^^^^^^^^^^^`},
		{"date without its zeros", "updated = 2026-12-3\n",
			`content/playbooks/p.md:3: front matter: 2026-12-3 is not a date the site can read: write dates as 2026-12-03 (year-month-day)
    3 | updated = 2026-12-3
      |           ^^^^^^^^^`},
		{"month 13", "updated = 2026-13-03\n",
			`content/playbooks/p.md:3: front matter: 2026-13-03 is not a real date: there is no month 13 (did you mean 2026-03-13? dates are year-month-day)
    3 | updated = 2026-13-03
      |           ^^^^^^^^^^`},
		{"30 February", "review_due = 2027-02-30\n",
			`content/playbooks/p.md:3: front matter: 2027-02-30 is not a real date: February 2027 has 28 days
    3 | review_due = 2027-02-30
      |              ^^^^^^^^^^`},
		{"day 00", "updated = 2026-12-00\n",
			`content/playbooks/p.md:3: front matter: 2026-12-00 is not a real date: there is no day 00
    3 | updated = 2026-12-00
      |           ^^^^^^^^^^`},
		{"not a date at all", "updated = soon\n",
			`content/playbooks/p.md:3: front matter: soon is not a date: write dates as year-month-day, such as 2026-12-03
    3 | updated = soon
      |           ^^^^`},
		{"unclosed double quote", "summary = \"Start with needs\nphase = \"explore\"\n",
			`content/playbooks/p.md:3: front matter: this text has no closing ": add " at its end (text on more than one line goes between """ and """)
    3 | summary = "Start with needs
      |           ^`},
		{"unclosed single quote", "summary = 'Start with needs\n",
			`content/playbooks/p.md:3: front matter: this text has no closing ': add ' at its end
    3 | summary = 'Start with needs
      |           ^`},
		{"unclosed triple quote", "[[steps]]\ntitle = \"Do\"\ndetail = \"\"\"\nOver\ntwo lines\n",
			`content/playbooks/p.md:5: front matter: this text starts with """ but is never closed: add """ where it ends
    5 | detail = """
      |          ^^^`},
		{"unclosed list, then a key", "tags = [\"needs\", \"mdt\"\nphase = \"explore\"\n",
			`content/playbooks/p.md:3: front matter: this list has no closing ]: add ] after its last item
    3 | tags = ["needs", "mdt"
      |        ^`},
		{"unclosed list at the end", "tags = [\"needs\", \"mdt\"\n",
			`content/playbooks/p.md:3: front matter: this list has no closing ]: add ] after its last item
    3 | tags = ["needs", "mdt"
      |        ^`},
		{"unclosed list over lines", "roles = [\n  \"GP\",\n  \"Social worker\"\n\n[[steps]]\ntitle = \"Do\"\n",
			`content/playbooks/p.md:3: front matter: this list has no closing ]: add ] after its last item
    3 | roles = [
      |         ^`},
		{"unclosed table name", "[[steps]\ntitle = \"Do\"\n",
			`content/playbooks/p.md:3: front matter: this table name has no closing ]]: write it as [[steps]]
    3 | [[steps]
      | ^^`},
		{"missing = before text", "summary \"S\"\n",
			`content/playbooks/p.md:3: front matter: a setting needs = between its name and its value: write summary = "S"
    3 | summary "S"
      |        ^`},
		{"colon for =", "summary: \"S\"\n",
			`content/playbooks/p.md:3: front matter: a setting needs = between its name and its value: write summary = "S"
    3 | summary: "S"
      |        ^`},
		{"a colon for =, as in YAML", "summary: Start with needs\n",
			`content/playbooks/p.md:3: front matter: a setting needs = between its name and its value: write summary = "Start with needs"
    3 | summary: Start with needs
      |        ^`},
		{"a line of body text", "Agree what matters first.\n",
			`content/playbooks/p.md:3: front matter: each line here is a setting, written name = value, such as title = "Start with needs", and this one has no = (the page's text goes below the closing +++)
    3 | Agree what matters first.
      | ^^^^^^^^^^^^^^^^^^^^^^^^^`},
		{"a name alone, a backslash below", "summary\nphase = \"a\\\\b\"\n",
			`content/playbooks/p.md:3: front matter: each line here is a setting, written name = value, such as title = "Start with needs", and this one has no = (the page's text goes below the closing +++)
    3 | summary
      | ^^^^^^^`},
		{"list without brackets", "tags = frailty, mdt\n",
			`content/playbooks/p.md:3: front matter: a list goes in square brackets, with each item in quotes: write tags = ["frailty", "mdt"]
    3 | tags = frailty, mdt
      |        ^^^^^^^^^^^^`},
		{"list of quoted items without brackets", "tags = \"frailty\", \"mdt\"\n",
			`content/playbooks/p.md:3: front matter: a list goes in square brackets, with each item in quotes: write tags = ["frailty", "mdt"]
    3 | tags = "frailty", "mdt"
      |        ^^^^^^^^^^^^^^^^`},
		{"one item without brackets", "tags = frailty\n",
			`content/playbooks/p.md:3: front matter: a list goes in square brackets, with each item in quotes: write tags = ["frailty"]
    3 | tags = frailty
      |        ^^^^^^^`},
		{"words without quotes in a list", "tags = [frailty, mdt]\n",
			`content/playbooks/p.md:3: front matter: each item of a list goes in quotes: write tags = ["frailty", "mdt"]
    3 | tags = [frailty, mdt]
      |         ^^^^^^^`},
		{"items without a comma", "tags = [\"frailty\" \"mdt\"]\n",
			`content/playbooks/p.md:3: front matter: the items of a list are separated by commas: add a comma before this one
    3 | tags = ["frailty" "mdt"]
      |                   ^`},
		{"key twice", "summary = \"S\"\nphase = \"explore\"\nsummary = \"T\"\n",
			`content/playbooks/p.md:5: front matter: summary is written twice: keep one and delete the other (the first is on line 3)
    5 | summary = "T"
      | ^^^^^^^`},
		{"key twice in a table", "[[steps]]\ntitle = \"Do\"\ntitle = \"Do it\"\n",
			`content/playbooks/p.md:5: front matter: title is written twice: keep one and delete the other (the first is on line 4)
    5 | title = "Do it"
      | ^^^^^`},
		{"table twice", "[needs]\npopulation = \"x\"\n[needs]\n",
			`content/playbooks/p.md:5: front matter: [needs] is written twice: move the keys under this one to the first [needs] (line 3), and delete this line
    5 | [needs]
      |  ^^^^^`},
		{"text without quotes", "phase = explore\n",
			`content/playbooks/p.md:3: front matter: text goes in quotes: write phase = "explore"
    3 | phase = explore
      |         ^^^^^^^`},
		{"no opening quote", "summary = Start with needs\"\n",
			`content/playbooks/p.md:3: front matter: this text has no opening ": write summary = "Start with needs"
    3 | summary = Start with needs"
      |           ^`},
		{"no value", "summary =\n",
			`content/playbooks/p.md:3: front matter: summary has no value after =: give it one, or delete the line
    3 | summary =
      |          ^`},
		{"a Windows path", "summary = \"See S:\\Shared\\INT\"\n",
			`content/playbooks/p.md:3: front matter: a \ in text between double quotes must be written \\, or put the text between single quotes, where a \ is just a \
    3 | summary = "See S:\Shared\INT"
      |                  ^`},
		{"a Windows path in a long text", "[[steps]]\ntitle = \"Do\"\ndetail = \"\"\"\nSee S:\\Shared\\INT.\n\"\"\"\n",
			`content/playbooks/p.md:6: front matter: a \ in text between double quotes must be written \\, or put the text between single quotes, where a \ is just a \
    6 | See S:\Shared\INT.
      |       ^`},
		{"control character", "summary = \"Raw\bpaste\"\n",
			`content/playbooks/p.md:3: front matter: contains a control character U+0008 (backspace); delete it
    3 | summary = "Raw�paste"
      |               ^`},
		{"anything else", "weight = 1,000\n",
			`content/playbooks/p.md:3: front matter: the TOML on this line cannot be read: expected a top-level item to end with a newline, comment, or EOF, but got ',' instead; check its quotes, brackets and = sign
    3 | weight = 1,000
      |           ^`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &Source{File: "content/playbooks/p.md", Front: []byte("title = \"P\"\n" + tt.front), FrontLine: 2}
			errs, fatal := DecodeFront(src, NewFront(TypePlaybook))
			if len(errs) != 1 || !fatal {
				t.Fatalf("got %d errors (fatal %v), want one syntax error:\n%s", len(errs), fatal, Explain(errs))
			}
			checkExplained(t, errs[0], tt.want)
		})
	}
}

// TestTOMLSyntaxHintsInSiteToml checks that site.toml gets the same hints,
// naming site.toml and its own lines, without speaking of front matter.
func TestTOMLSyntaxHintsInSiteToml(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"text without quotes", "title = \"T\"\nbaseURL = https://example.org/\n",
			`site.toml:2: text goes in quotes: write baseURL = "https://example.org/"
    2 | baseURL = https://example.org/
      |           ^^^^^^^^^^^^^^^^^^^^`},
		{"quotes inside", "title = \"The \"North\" site\"\n",
			`site.toml:1: a " inside the text ends it early: write title = 'The "North" site' (single quotes around it), or write each " inside it as \"
    1 | title = "The "North" site"
      |              ^`},
		{"unclosed quote", "title = \"T\"\n\n[header]\nname = \"North\n",
			`site.toml:4: this text has no closing ": add " at its end (text on more than one line goes between """ and """)
    4 | name = "North
      |        ^`},
		{"table name", "[[areas]\nslug = \"north\"\n",
			`site.toml:1: this table name has no closing ]]: write it as [[areas]]
    1 | [[areas]
      | ^^`},
		{"key twice", "[[areas]]\nslug = \"north\"\nname = \"North\"\nslug = \"south\"\n",
			`site.toml:4: slug is written twice: keep one and delete the other (the first is on line 2)
    4 | slug = "south"
      | ^^^^`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("site.toml", []byte(tt.toml))
			errs, ok := err.(ErrorList)
			if !ok || len(errs) != 1 {
				t.Fatalf("got %v, want one syntax error", err)
			}
			checkExplained(t, errs[0], tt.want)
		})
	}
}

// checkExplained checks e as intkb prints it: its one line, as every
// other error has, then the line it is on and the caret.
func checkExplained(t *testing.T, e *Error, want string) {
	t.Helper()
	if got := Explain(e); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if first, _, _ := strings.Cut(want, "\n"); e.Error() != first {
		t.Errorf("Error() = %q, want %q", e.Error(), first)
	}
}

// FuzzTOMLSyntaxError checks that a syntax error in any front matter is
// explained without a panic, at a line of the front matter whose text it
// shows, with the caret on that line or just after it.
func FuzzTOMLSyntaxError(f *testing.F) {
	for _, seed := range []string{
		"summary = \"The \"big\" day\"\n", "updated = 03/12/2026\n", "tags = [\"a\",\n\"b\"\nx = 1\n", "[[steps]\n",
		"detail = \"\"\"\nC:\\x\n", "a = 1\na = 2\n", "x = 'It's'\n", "\ttags = frailty, mdt # c\n", "a = \"\x01\"\n", "[x]\n[x]\n",
	} {
		f.Add(seed, TypePlaybook)
	}
	f.Fuzz(func(t *testing.T, front, typ string) {
		v := NewFront(typ) // any other type is a plain page
		src := &Source{File: "f.md", Front: []byte(front), FrontLine: 2}
		errs, _ := DecodeFront(src, v)
		lines := strings.Split(front, "\n")
		for _, e := range errs {
			if e.Col == 0 {
				continue
			}
			i := e.Line - src.FrontLine
			if i < 0 || i >= len(lines) || lines[i] != e.Source || e.Col > len(e.Source)+1 || e.Span < 1 {
				t.Fatalf("error %q at line %d, col %d, span %d, showing %q", e, e.Line, e.Col, e.Span, e.Source)
			}
			if x := e.Excerpt(); strings.Count(x, "\n") != 1 || !strings.HasSuffix(x, "^") {
				t.Fatalf("excerpt of %q:\n%s", e, x)
			}
		}
	})
}
