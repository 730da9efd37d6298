package dialog

import "testing"

// Typed reasons and methods in the six languages read as the buttons do;
// anything else is kept as the shopper's own words under "other".
func TestMatchReason_ReadsTypedReasons(t *testing.T) {
	for text, want := range map[string]string{
		"they are too small":              "too_small",
		"too big for me":                  "too_big",
		"te klein":                        "too_small",
		"de jas is te groot":              "too_big",
		"terlalu kecil":                   "too_small",
		"barang rosak":                    "damaged",
		"太小了":                             "too_small",
		"收到的时候已经坏了":                       "damaged",
		"不想要了":                            "changed_my_mind",
		"for små":                         "too_small",
		"jeg har ombestemt meg":           "changed_my_mind",
		"շատ փոքր է":                      "too_small",
		"վնասված է":                       "damaged",
		"not as described in the shop":    "not_as_described",
		"I changed my mind":               "changed_my_mind",
		"my dog does not like the colour": "other",
	} {
		if got := matchReason(text); got != want {
			t.Errorf("matchReason(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestMatchMethod_ReadsTypedMethods(t *testing.T) {
	for text, want := range map[string]string{
		"1": "label", "2": "pickup",
		"I'll drop it off myself": "label", "please pick it up": "pickup",
		"ophalen graag": "pickup", "ik breng het zelf weg": "label",
		"kurier ambil": "pickup", "上门取件": "pickup", "我自己寄回": "label",
		"henting": "pickup", "պիտակ": "label", "maybe": "",
	} {
		if got := matchMethod(text); got != want {
			t.Errorf("matchMethod(%q) = %q, want %q", text, got, want)
		}
	}
}

func FuzzMatchReason(f *testing.F) {
	for _, s := range []string{"too small", "太小", "վնաս", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if r := matchReason(s); !validReason(r) {
			t.Fatalf("matchReason(%q) = %q", s, r)
		}
		matchMethod(s)
	})
}
