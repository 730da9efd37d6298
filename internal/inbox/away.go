package inbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// AwayMessages are the shop's own words for shoppers handed over while
// nobody can answer (nobody online, or outside the support hours), per
// language. A language left empty gets the message catalogue's sentence.
// The text is the retailer's and is shown as plain text everywhere.
type AwayMessages map[string]string

// MaxAwayMessage bounds one language's text (runes): a chat bubble, not
// a letter.
const MaxAwayMessage = 500

// AwayFieldError is an away message refused for one language.
type AwayFieldError struct{ Field, Reason string }

func (e *AwayFieldError) Error() string { return e.Field + " " + e.Reason }

// Fields names the field at fault and why (for the admin's answer).
func (e *AwayFieldError) Fields() (string, string) { return e.Field, e.Reason }

// ParseAwayMessages reads {"en": "...", "nl": "", ...}: only the shop's
// languages, each at most MaxAwayMessage characters of text (line breaks
// allowed, other control characters not). Blank texts are dropped.
func ParseAwayMessages(b []byte, languages []string) (AwayMessages, error) {
	var m map[string]string
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return nil, &AwayFieldError{"away_message", "must be an object of texts by language, like {\"en\": \"…\"}"}
	}
	out := AwayMessages{}
	for lang, text := range m {
		if !slices.Contains(languages, lang) {
			return nil, &AwayFieldError{lang, fmt.Sprintf("is not one of the shop's languages (%s)", strings.Join(languages, ", "))}
		}
		text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
		if !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			return nil, &AwayFieldError{lang, "must be plain text (no control characters)"}
		}
		if n := utf8.RuneCountInString(text); n > MaxAwayMessage {
			return nil, &AwayFieldError{lang, fmt.Sprintf("has %d characters; at most %d", n, MaxAwayMessage)}
		}
		if text != "" {
			out[lang] = text
		}
	}
	return out, nil
}
