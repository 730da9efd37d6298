package fold

import (
	"reflect"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Café", "cafe"},
		{"Blåbær", "blabaer"},
		{"ＳＮＥＡＫＥＲＳ", "sneakers"},
		{"Սև", "սեւ"}, // the ligature և folds to ե+ւ, so both spellings match
		{"黑色", "黑色"},
		{"Ünïcödé", "unicode"},
	}
	for _, tt := range tests {
		if got := String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Heeft u deze sneakers in maat 42?", []string{"heeft", "u", "deze", "sneakers", "in", "maat", "42"}},
		{"这双鞋有42码的吗", []string{"这", "双", "鞋", "有", "42", "码", "的", "吗"}},
		{"regnjakke—str. M", []string{"regnjakke", "str", "m"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSqueeze(t *testing.T) {
	tests := []struct{ in, want string }{
		{"heyyyy", "hey"},
		{"sooo good", "so good"},
		{"boots", "boots"},
		{"aaa", "a"},
	}
	for _, tt := range tests {
		if got := Squeeze(tt.in); got != tt.want {
			t.Errorf("Squeeze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
