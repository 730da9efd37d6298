package dialog

import (
	"slices"
	"strings"
	"testing"
)

// FuzzHasField_IsContainsOfFields checks hasField and beforeDash against the
// splits they stand for.
func FuzzHasField_IsContainsOfFields(f *testing.F) {
	for _, c := range [][2]string{{"speckled white", "white"}, {"navy  stars ", "stars"}, {"off\u00a0white", "white"}, {"", ""}, {" a\tb\nc ", "b"}, {"38-40", "38"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		if got, want := hasField(s, w), slices.Contains(strings.Fields(s), w); got != want {
			t.Errorf("hasField(%q, %q) = %v, want %v", s, w, got, want)
		}
		if got, want := beforeDash(s), strings.SplitN(s, "-", 2)[0]; got != want {
			t.Errorf("beforeDash(%q) = %q, want %q", s, got, want)
		}
	})
}
