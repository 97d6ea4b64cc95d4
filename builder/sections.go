package builder

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

func sectionByDir(dir string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Dir == dir {
			return &Sections[i]
		}
	}
	return nil
}

func sectionByType(typ string) *SectionInfo {
	for i := range Sections {
		if Sections[i].Type == typ {
			return &Sections[i]
		}
	}
	return nil
}
