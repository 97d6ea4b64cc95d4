package brand

import "testing"

// BenchmarkShareCard draws the demo's share card, which every build does.
func BenchmarkShareCard(b *testing.B) {
	c := Card{Name: "Neighbourhood Teams · Knowledge Base", Title: "Neighbourhood Teams Knowledge Base",
		Description: "Playbooks, case studies, partnership question frameworks and local blueprints for building Integrated Neighbourhood Teams.",
		Address:     "kb.northshire.nhs.uk", Initials: "NT"}
	for b.Loop() {
		if _, err := ShareCard(c, nhsBlue); err != nil {
			b.Fatal(err)
		}
	}
}
