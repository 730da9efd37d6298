package conversation

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends m as encoding/json encodes it with HTML escaping off
// (json.Encoder.SetEscapeHTML(false), no trailing newline): the same bytes,
// written field by field without reflection. Every turn's messages are
// encoded once to be stored and answered, and through reflection this was
// a tenth of a chat turn's CPU time (issue #17). TestAppendJSON_* compares
// it with encoding/json, field list included: a field added to Message,
// Item, ItemVariant, Option, Input or NLU must be added here too.
func (m *Message) AppendJSON(b []byte) ([]byte, error) {
	return m.appendJSON(b, nil)
}

// AppendJSONCards is AppendJSON that also appends to cards where each
// product card (an Item) begins and ends in b, so that the store can keep
// a card once however many messages show it (store.SaveTurn).
func (m *Message) AppendJSONCards(b []byte, cards [][2]int) ([]byte, [][2]int, error) {
	b, err := m.appendJSON(b, &cards)
	return b, cards, err
}

func (m *Message) appendJSON(b []byte, cards *[][2]int) ([]byte, error) {
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, m.Seq, 10)
	b = appendField(b, "from", m.From)
	b = appendField(b, "type", m.Type)
	b = appendOmit(b, "text", m.Text)
	if len(m.Options) > 0 {
		b = appendOptions(append(b, `,"options":`...), m.Options)
	}
	if len(m.Items) > 0 {
		b = append(b, `,"items":[`...)
		for i := range m.Items {
			if i > 0 {
				b = append(b, ',')
			}
			start := len(b)
			var err error
			if b, err = m.Items[i].appendJSON(b); err != nil {
				return nil, err
			}
			if cards != nil {
				*cards = append(*cards, [2]int{start, len(b)})
			}
		}
		b = append(b, ']')
	}
	b = appendOmit(b, "url", m.URL)
	b = appendOmit(b, "purpose", m.Purpose)
	b = appendOmit(b, "reason", m.Reason)
	b = appendOmit(b, "proactive", m.Proactive)
	if m.Input != nil {
		b = append(b, `,"input":{"type":`...)
		b = appendString(b, m.Input.Type)
		b = appendField(b, "field", m.Input.Field)
		b = append(b, '}')
	}
	b = appendOmit(b, "payload", m.Payload)
	b = appendOmit(b, "agent_name", m.Author)
	if m.Fallback {
		b = append(b, `,"fallback":true`...)
	}
	if m.NLU != nil {
		b = append(b, `,"nlu":{"intent":`...)
		b = appendString(b, m.NLU.Intent)
		b = append(b, `,"confidence":`...)
		var err error
		if b, err = appendFloat(b, m.NLU.Confidence); err != nil {
			return nil, err
		}
		b = appendOmit(b, "language", m.NLU.Language)
		b = append(b, '}')
	}
	// AppendText writes what MarshalJSON quotes, into b (issue #17).
	b, err := m.Created.AppendText(append(b, `,"created_at":"`...))
	if err != nil {
		return nil, err
	}
	return append(b, '"', '}'), nil
}

func (it *Item) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"sku":`...)
	b = appendString(b, it.SKU)
	b = appendField(b, "handle", it.Handle)
	b = appendField(b, "title", it.Title)
	b, err := it.Price.AppendJSON(append(b, `,"price":`...))
	if err != nil {
		return nil, err
	}
	if it.CompareAtPrice != nil {
		if b, err = it.CompareAtPrice.AppendJSON(append(b, `,"compare_at_price":`...)); err != nil {
			return nil, err
		}
	}
	b = appendField(b, "image_url", it.ImageURL)
	b = appendBool(append(b, `,"in_stock":`...), it.InStock)
	b = append(b, `,"variants":`...)
	if it.Variants == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range it.Variants {
			if i > 0 {
				b = append(b, ',')
			}
			v := &it.Variants[i]
			b = append(b, `{"sku":`...)
			b = appendString(b, v.SKU)
			b = appendValues(append(b, `,"options":`...), v.Options)
			b = appendBool(append(b, `,"in_stock":`...), v.InStock)
			b = strconv.AppendInt(append(b, `,"stock":`...), int64(v.Stock), 10)
			if b, err = v.Price.AppendJSON(append(b, `,"price":`...)); err != nil {
				return nil, err
			}
			if len(v.Display) > 0 {
				b = appendValues(append(b, `,"display":`...), v.Display)
			}
			b = appendOmit(b, "payload", v.Payload)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if len(it.Options) > 0 {
		b = appendOptions(append(b, `,"options":`...), it.Options)
	}
	if len(it.OptionLabels) > 0 {
		b = appendValues(append(b, `,"option_labels":`...), it.OptionLabels)
	}
	b = appendOmit(b, "price_text", it.PriceText)
	return append(b, '}'), nil
}

func appendOptions(b []byte, opts []Option) []byte {
	b = append(b, '[')
	for i, o := range opts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"title":`...)
		b = appendString(b, o.Title)
		b = appendField(b, "payload", o.Payload)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendValues writes v as Values.MarshalJSON does (keys sorted).
func appendValues(b []byte, v Values) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	var buf [16]string
	keys := buf[:0]
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = appendString(b, v[k])
	}
	return append(b, '}')
}

// appendField writes ,"name":"value".
func appendField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	return appendString(b, value)
}

// appendOmit is appendField of an omitempty field.
func appendOmit(b []byte, name, value string) []byte {
	if value == "" {
		return b
	}
	return appendField(b, name, value)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// appendFloat writes f as encoding/json writes a float64.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 to e-9, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string the way encoding/json does with
// HTML escaping off: quote, backslash and control characters escaped
// (\b \f \n \r \t by name), invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
