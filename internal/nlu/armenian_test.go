package nlu

import "testing"

func TestArmenianCanon_ScriptsMeet(t *testing.T) {
	// Each pair is one word as Armenians type it in Armenian letters and in
	// one of the usual Latin transliterations: both must read the same.
	pairs := []struct{ script, latin string }{
		{"բարև", "barev"},
		{"շնորհակալություն", "shnorhakalutyun"},
		{"շնորհակալություն", "shnorhakaloutyoun"},
		{"խանութ", "khanut"},
		{"խանութ", "xanut"},
		{"ուզում", "uzum"},
		{"ցանկանում", "tsankanum"},
		{"ցանկանում", "cankanum"},
		{"քանի", "qani"},
		{"քանի", "kani"},
		{"ես", "yes"},
		{"ոչ", "voch"},
		{"ժամ", "zham"},
		{"ղեկավար", "ghekavar"},
		// chat spellings: x for ղ as for խ, @ for ը, w for վ
		{"որտեղ", "vortex"},
		{"որտեղ", "vortegh"},
		{"կանգնող", "kangnox"},
		{"փոխել", "poxel"},
		{"սարնարանը", "sarnaran@"},
		{"վերադարձնել", "weradardznel"},
		{"ուղարկել", "ugharkel"},
		{"ուղարկել", "uxarkel"},
	}
	for _, p := range pairs {
		a, b := armenianCanon(p.script, true), armenianCanon(p.latin, false)
		if a != b {
			t.Errorf("%s → %q but %s → %q", p.script, a, p.latin, b)
		}
	}
}

func TestArmenianCanon_LeavesOtherWordsReadable(t *testing.T) {
	for in, want := range map[string]string{
		"ok":      "ok",
		"sneaker": "sneaker",
		"42":      "42",
		"":        "",
	} {
		if got := armenianCanon(in, false); got != want {
			t.Errorf("armenianCanon(%q) = %q, want %q", in, got, want)
		}
	}
}
