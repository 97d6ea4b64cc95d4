package model

// The content types, as Page.Type holds them.
const (
	TypePlaybook  = "playbook"
	TypeCaseStudy = "case-study"
	TypeFramework = "framework"
	TypeBlueprint = "blueprint"
	TypePage      = "page"
)

// SectionInfo describes one of the four content sections.
type SectionInfo struct {
	Dir    string // folder under content/ and first URL segment
	Type   string
	Title  string // plural, for navigation
	Single string // singular, for labels
}

// Sections lists the content sections in navigation order.
var Sections = []SectionInfo{
	{"playbooks", TypePlaybook, "Playbooks", "Playbook"},
	{"case-studies", TypeCaseStudy, "Case studies", "Case study"},
	{"frameworks", TypeFramework, "Question frameworks", "Question framework"},
	{"blueprints", TypeBlueprint, "Local blueprints", "Local blueprint"},
}

func SectionByDir(dir string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Dir == dir {
			return &Sections[i]
		}
	}
	return nil
}

func SectionByType(typ string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Type == typ {
			return &Sections[i]
		}
	}
	return nil
}

// NewFront returns a pointer to the front-matter struct for a content type.
func NewFront(typ string) any {
	switch typ {
	case TypePlaybook:
		return new(Playbook)
	case TypeCaseStudy:
		return new(CaseStudy)
	case TypeFramework:
		return new(QuestionFramework)
	case TypeBlueprint:
		return new(Blueprint)
	}
	return new(PlainPage)
}

// MetaOf returns the Meta embedded in a front-matter struct.
func MetaOf(front any) *Meta {
	switch f := front.(type) {
	case *Playbook:
		return &f.Meta
	case *CaseStudy:
		return &f.Meta
	case *QuestionFramework:
		return &f.Meta
	case *Blueprint:
		return &f.Meta
	case *PlainPage:
		return &f.Meta
	}
	return nil
}
