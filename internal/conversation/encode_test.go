package conversation

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// standardJSON is what AppendJSON stands in for.
func standardJSON(t testing.TB, m Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func fullMessage(s string, f float64) Message {
	price := money.New(1999, "EUR")
	return Message{Seq: 7, From: "bot", Type: "products", Text: s, Options: []Option{{Title: s, Payload: "p<&>"}, {}},
		Items: []Item{{SKU: "a-1", Handle: s, Title: "Aurora \"Trail\" Runner", Price: price, CompareAtPrice: &price, ImageURL: "https://x/y.jpg?a=1&b=2",
			InStock: true, Variants: []ItemVariant{
				{SKU: "a-1", Options: Values{"Size": "42", "Color": s, "Zoom": "", "ä": "x"}, InStock: true, Stock: 5, Price: price, Display: Values{"Color": "zwart"}, Payload: "v:a-1"},
				{SKU: "a-2", Options: nil, Price: money.New(0, "NOK"), Display: Values{}},
			},
			Options: []Option{{Title: "Details", Payload: "d"}}, OptionLabels: Values{"Size": s}, PriceText: "€19.99"},
			{SKU: "b", Variants: []ItemVariant{}}, {SKU: "c"}},
		URL: "https://pay/x?a=<b>", Purpose: "pay", Reason: "search", Proactive: "price_drop", Input: &Input{Type: "text", Field: s},
		Payload: s, Author: "Ana", Fallback: true, NLU: &NLU{Intent: "search", Confidence: f, Language: "zh"},
		Created: time.Date(2026, 12, 7, 4, 5, 6, 789000000, time.FixedZone("x", 3600))}
}

func TestAppendJSON_SameBytesAsEncodingJSON(t *testing.T) {
	texts := []string{"", "plain", "Line one\nline two\ttab\r\b\f\x01\x1f\x7f", `quote " and \ backslash`, "<b>&amp;</b>",
		"有黑色的跑鞋吗", "Ｂｌåbær", "\u2028 and \u2029", "bad \xff utf8 \xc3", "emoji 👟"}
	floats := []float64{0, 0.93, 1, 1e-7, 2.5e-9, 1e21, 123456789.125, -0.5, math.SmallestNonzeroFloat64}
	msgs := []Message{{}, {From: "shopper", Type: "text", Text: "hi"}, {Items: []Item{{}}},
		{Items: []Item{{Price: money.New(150, "E<\"R"), Variants: []ItemVariant{{Price: money.New(-5, "")}}}}}}
	for i, s := range texts {
		msgs = append(msgs, fullMessage(s, floats[i%len(floats)]))
	}
	for _, f := range floats {
		msgs = append(msgs, Message{NLU: &NLU{Confidence: f}})
	}
	for _, m := range msgs {
		got, err := m.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := standardJSON(t, m); !bytes.Equal(got, want) {
			t.Errorf("AppendJSON:\n got %s\nwant %s", got, want)
		}
	}
}

func TestAppendJSON_RefusesWhatEncodingJSONRefuses(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := (&Message{NLU: &NLU{Confidence: f}}).AppendJSON(nil); err == nil {
			t.Errorf("confidence %v: no error", f)
		}
	}
}

// TestAppendJSON_KnowsEveryField fails when a field is added to a message's
// types without being added to AppendJSON (and to this list).
func TestAppendJSON_KnowsEveryField(t *testing.T) {
	known := map[reflect.Type][]string{
		reflect.TypeFor[Message]():     {"Seq", "From", "Type", "Text", "Options", "Items", "URL", "Purpose", "Reason", "Proactive", "Input", "Payload", "Author", "Fallback", "NLU", "Created", "Encoded"},
		reflect.TypeFor[Item]():        {"SKU", "Handle", "Title", "Price", "CompareAtPrice", "ImageURL", "InStock", "Variants", "Options", "OptionLabels", "PriceText"},
		reflect.TypeFor[ItemVariant](): {"SKU", "Options", "InStock", "Stock", "Price", "Display", "Payload"},
		reflect.TypeFor[Option]():      {"Title", "Payload"},
		reflect.TypeFor[Input]():       {"Type", "Field"},
		reflect.TypeFor[NLU]():         {"Intent", "Confidence", "Language"},
		reflect.TypeFor[money.Money](): {"Amount", "Currency"},
	}
	for typ, want := range known {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v has fields %v; AppendJSON writes %v", typ, got, want)
		}
	}
}

func FuzzAppendJSON_SameBytesAsEncodingJSON(f *testing.F) {
	f.Add("do you have running shoes?", "42", 0.93)
	f.Add("有黑色的跑鞋吗\n", "\xff", 1e-9)
	f.Fuzz(func(t *testing.T, s, v string, c float64) {
		if math.IsInf(c, 0) || math.IsNaN(c) {
			return
		}
		m := fullMessage(s, c)
		m.Items[0].Variants[0].Options[v] = s
		m.Items[0].OptionLabels[s] = v
		got, err := m.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := standardJSON(t, m); !bytes.Equal(got, want) {
			t.Errorf("AppendJSON:\n got %s\nwant %s", got, want)
		}
	})
}

// BenchmarkMessageJSON encodes a search answer of four cards of twelve
// variants, as a turn stores it: by reflection and by AppendJSON.
func BenchmarkMessageJSON(b *testing.B) {
	m := Message{From: "bot", Type: "products", Reason: "search", Created: time.Now()}
	for i := range 4 {
		it := Item{SKU: fmt.Sprint("sku-", i), Handle: fmt.Sprint("aurora-", i), Title: "Aurora Trail Runner", Price: money.New(12999, "EUR"),
			ImageURL: "https://example.com/aurora.jpg", InStock: true, OptionLabels: Values{"Size": "Maat", "Color": "Kleur"}, PriceText: "€129,99",
			Options: []Option{{Title: "Details", Payload: "details:aurora"}, {Title: "Kies maat", Payload: "pick:aurora"}}}
		for j := range 12 {
			it.Variants = append(it.Variants, ItemVariant{SKU: fmt.Sprint("sku-", i, "-", j), Options: Values{"Size": fmt.Sprint(38 + j), "Color": "Black"},
				InStock: true, Stock: j, Price: money.New(12999, "EUR"), Display: Values{"Size": fmt.Sprint(38 + j), "Color": "zwart"}, Payload: "variant:x"})
		}
		m.Items = append(m.Items, it)
	}
	b.Run("encoding_json", func(b *testing.B) {
		for b.Loop() {
			standardJSON(b, m)
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = m.AppendJSON(buf[:0])
		}
		b.SetBytes(int64(len(buf)))
	})
}
