package httpapi

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDecodeMessage(f *testing.F) {
	for _, s := range []string{
		`{"text": "heeft u deze sneakers in maat 42?"}`,
		`{"payload": "search:type=Running Shoes"}`,
		`{"address": {"name": "Ana", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}}`,
		`{"text": ""}`, `{"text": 42}`, `[]`, `{"text": "a"} {"text": "b"}`, "\xff\xfe", `{"text": "\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := DecodeMessage(body)
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.Status < 400 || ae.Status >= 500 || ae.Code == "" {
				t.Fatalf("error %v is not a 4xx API error", err)
			}
			return
		}
		if m.Text == "" && m.Payload == "" && len(m.Address) == 0 {
			t.Fatal("accepted an empty message")
		}
		if !utf8.ValidString(m.Text) || utf8.RuneCountInString(m.Text) > maxMessageRunes {
			t.Fatalf("accepted bad text %q", m.Text)
		}
		if len(m.Address) > maxAddressBytes || !utf8.Valid(m.Address) {
			t.Fatalf("accepted an address of %d bytes: the message cap bypassed", len(m.Address))
		}
	})
}

func TestDecodeMessage(t *testing.T) {
	tests := []struct {
		body string
		code string
	}{
		{`{"text": "hi"}`, ""},
		{`{"payload": "more"}`, ""},
		{`{"text": "   "}`, "empty_message"},
		{`{}`, "empty_message"},
		{`{"text": 5}`, "invalid_json"},
		{`{"text": "hi"`, "invalid_json"},
		{``, "invalid_json"},
		{`{"text": "a"} {"text": "b"}`, "invalid_json"},
		{`{"address": {"name": "Ana", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}}`, ""},
		{`{"address": {"name": "Ana", "line1": "` + strings.Repeat("x", 201) + `", "city": "Amsterdam"}}`, "field_too_long"},
		{`{"address": {"name": "Ana", "city": "Amsterdam", "extra": "` + strings.Repeat("x", 3000) + `"}}`, "message_too_long"},
		{`{"address": {"name": "Ana", "notes": "hi"}}`, "invalid_address"},
		{`{"address": "` + strings.Repeat("x", 100) + `"}`, "invalid_address"},
		{`{"address": null}`, "invalid_address"},
		{`{"address": {}}`, "empty_message"},
		{`{"text": "` + strings.Repeat("y", maxMessageRunes+1) + `"}`, "message_too_long"},
	}
	for _, tt := range tests {
		_, err := DecodeMessage([]byte(tt.body))
		code := ""
		var ae *apiError
		if errors.As(err, &ae) {
			code = ae.Code
		} else if err != nil {
			code = err.Error()
		}
		if code != tt.code {
			t.Errorf("DecodeMessage(%q) code = %q, want %q", tt.body, code, tt.code)
		}
	}
}

func TestCheckLengths_EveryFieldHasAMaximum(t *testing.T) {
	type customer struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	type body struct {
		Customer *customer           `json:"customer"`
		Lines    []string            `json:"keywords"`
		Labels   map[string]string   `json:"labels"`
		Other    string              `json:"other"`
		Nested   map[string][]string `json:"vip"`
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name string
		body body
		code string
		in   string
	}{
		{"all within", body{Customer: &customer{Name: long(200), Email: "a@b.c"}, Lines: []string{"x"}, Other: long(1000)}, "", ""},
		{"long name", body{Customer: &customer{Name: long(201)}}, "field_too_long", "customer.name"},
		{"long e-mail", body{Customer: &customer{Email: long(255)}}, "field_too_long", "customer.email"},
		{"long list entry", body{Lines: []string{"ok", long(101)}}, "field_too_long", "keywords"},
		{"unnamed field", body{Other: long(1001)}, "field_too_long", "other"},
		{"map value", body{Labels: map[string]string{"a": long(1001)}}, "field_too_long", "labels"},
		{"map key", body{Labels: map[string]string{long(101): "a"}}, "field_too_long", "labels"},
		{"nested lists", body{Nested: map[string][]string{"en": {long(1001)}}}, "field_too_long", "vip"},
		{"too many entries", body{Lines: make([]string, maxListItems+1)}, "too_many_items", "keywords"},
	}
	for _, tt := range tests {
		err := checkLengths(&tt.body)
		code, msg := "", ""
		var ae *apiError
		if errors.As(err, &ae) {
			code, msg = ae.Code, ae.Message
		}
		if code != tt.code || !strings.Contains(msg, tt.in) || (err != nil && ae.Status != 400) {
			t.Errorf("%s: %v (%q); want %q naming %q", tt.name, err, code, tt.code, tt.in)
		}
	}
}
