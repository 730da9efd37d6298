package conversation

import (
	"bytes"
	"encoding/json"
	"slices"
	"unicode/utf8"
)

// Values is a map of names to values on a product card (a variant's
// options, their display in the shopper's language, the option labels). It
// encodes exactly as a map[string]string does, keys sorted, but without
// reflection: the maps of product cards were a seventh of a chat turn's CPU
// time (issue #17).
type Values map[string]string

// MarshalJSON writes v as encoding/json writes a map[string]string.
func (v Values) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	keys := make([]string, 0, len(v))
	size := 2
	for k, s := range v {
		if !plainJSON(k) || !plainJSON(s) {
			// Something to escape: the standard encoder knows how. HTML
			// is left to the caller's encoder, as for a plain map.
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(map[string]string(v)); err != nil {
				return nil, err
			}
			return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
		}
		keys = append(keys, k)
		size += len(k) + len(s) + 6
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, k...)
		b = append(b, `":"`...)
		b = append(b, v[k]...)
		b = append(b, '"')
	}
	return append(b, '}'), nil
}

// plainJSON reports whether s goes into a JSON string as it is: no quote,
// backslash or control character, valid UTF-8, and neither U+2028 nor
// U+2029 (which encoding/json escapes). HTML characters are escaped, when
// the encoder is asked to, by encoding/json itself after MarshalJSON.
func plainJSON(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += n
	}
	return true
}
