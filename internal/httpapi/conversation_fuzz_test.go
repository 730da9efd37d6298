package httpapi

import (
	"errors"
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
