package inbox

import (
	"strings"
	"testing"
)

func TestContact_FindsAnEmailOrAPhoneInWhatTheShopperWrote(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"you can reach me at jan.devries@example.com, thanks", "jan.devries@example.com"},
		{"bel me op +31 6 1234 5678", "+31 6 1234 5678"},
		{"我的电话是 13812345678", "13812345678"},
		{"e-mel saya: siti@contoh.my atau 012-345 6789", "siti@contoh.my"},
		{"order 1042 please", ""},              // an order number is no phone
		{"size 42 in black", ""},               // nor a size
		{"call me at 1234567890123456789", ""}, // too long for a phone
	} {
		if got := Contact(c.text); got != c.want {
			t.Errorf("Contact(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func FuzzContact(f *testing.F) {
	for _, s := range []string{"a@b.co", "+47 22 33 44 55", "", "@@@", "1-2-3-4-5-6-7-8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Contact(s)
		if got != "" && !strings.Contains(s, got) {
			t.Fatalf("Contact(%q) = %q, not part of the text", s, got)
		}
	})
}
