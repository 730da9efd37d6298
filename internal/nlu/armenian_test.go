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

func TestArmenianDevoice_WesternMeetsEastern(t *testing.T) {
	// Each pair is one word in Eastern Armenian (Armenian letters) and as a
	// Western Armenian speaker types it in Latin letters, stops voiced the
	// other way round: devoiced, both must read the same.
	pairs := []struct{ eastern, western string }{
		{"պատվիրել", "badvirel"},
		{"կոշիկ", "goshig"},
		{"տուր", "dour"},
		{"պահանջ", "bahanch"},
		{"բաժակ", "pajag"},
		{"գին", "kin"},
	}
	for _, p := range pairs {
		a := armenianDevoice(armenianCanon(p.eastern, true))
		b := armenianDevoice(armenianCanon(p.western, false))
		if a != b {
			t.Errorf("%s → %q but %s → %q", p.eastern, a, p.western, b)
		}
	}
	// Words without stops are left alone.
	if got := armenianDevoice("shat lav"); got != "shat lav" {
		t.Errorf("armenianDevoice(shat lav) = %q", got)
	}
}

func TestHyWordKey_WesternSpellingOfAKnownWord(t *testing.T) {
	// A Western Latin spelling with an ending meets the Eastern word in
	// Armenian letters (model.knownShare counts it as known); another word
	// does not.
	key := func(s string) string { return hyWordKey(tokenize(s)[0]) }
	if a, b := key("պատվիրել"), key("badvirelner"); a != b {
		t.Errorf("պատվիրել → %q but badvirelner → %q", a, b)
	}
	if a, b := key("կոշիկ"), key("goshigner"); a != b {
		t.Errorf("կոշիկ → %q but goshigner → %q", a, b)
	}
	if a, b := key("կոշիկ"), key("gorcel"); a == b {
		t.Errorf("կոշիկ and gorcel both → %q", a)
	}
}
