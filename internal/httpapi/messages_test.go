package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// TestWriteMessages_StoredJSONAnswersLikeEncoding checks that answering a
// turn with the JSON the store kept gives the same bytes as encoding the
// messages, and that a message without it is encoded.
func TestWriteMessages_StoredJSONAnswersLikeEncoding(t *testing.T) {
	cmp := money.New(11900, "EUR")
	msgs := []conversation.Message{
		{Seq: 7, From: "bot", Type: "text", Text: `Good news: "Polder" <Rain> Jacket & more`, Created: time.Date(2026, 12, 7, 1, 2, 3, 4, time.UTC)},
		{Seq: 8, From: "bot", Type: "products", Reason: "search", Options: []conversation.Option{{Title: "Add", Payload: "add:X"}},
			Items: []conversation.Item{{SKU: "X", Handle: "x", Title: "Jacket", Price: money.New(8995, "EUR"), CompareAtPrice: &cmp, InStock: true,
				OptionLabels: conversation.Values{"Size": "Maat"},
				Variants: []conversation.ItemVariant{{SKU: "X-S", Options: conversation.Values{"Size": "S", "Color": "Zwart"}, InStock: true, Stock: 3,
					Price: money.New(8995, "EUR"), Display: conversation.Values{"Size": "S"}, Payload: "variant:X-S"}}}},
			Input: &conversation.Input{Type: "choice", Field: "size"}},
	}
	var want bytes.Buffer
	rec := httptest.NewRecorder()
	writeJSON(rec, 200, map[string]any{"messages": msgs})
	want.Write(rec.Body.Bytes())

	stored := make([]conversation.Message, len(msgs))
	for i, m := range msgs {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf) // as store.encodeMessages does
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		m.Encoded = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		stored[i] = m
	}
	for name, in := range map[string][]conversation.Message{"stored": stored, "encoded": msgs, "mixed": {stored[0], msgs[1]}, "none": {}} {
		rec := httptest.NewRecorder()
		writeMessages(rec, forShopper(in))
		exp := want.String()
		if name == "none" {
			exp = "{\"messages\":[]}\n"
		}
		if got := rec.Body.String(); got != exp {
			t.Errorf("%s:\n got %s\nwant %s", name, got, exp)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" || rec.Code != 200 {
			t.Errorf("%s: %d %q", name, rec.Code, ct)
		}
		// Written in pieces from the stored JSON, the answer says its length.
		if cl := rec.Header().Get("Content-Length"); (name == "stored" || name == "none") && cl != strconv.Itoa(rec.Body.Len()) {
			t.Errorf("%s: Content-Length %q for %d bytes", name, cl, rec.Body.Len())
		}
	}
	// What the shopper may not see is never written from the stored JSON.
	m := msgs[0]
	m.NLU, m.Fallback = &conversation.NLU{Intent: "greet"}, true
	m.Encoded, _ = json.Marshal(m) // stored with them, as a shopper's message is
	rec = httptest.NewRecorder()
	writeMessages(rec, forShopper([]conversation.Message{m}))
	if bytes.Contains(rec.Body.Bytes(), []byte("nlu")) || bytes.Contains(rec.Body.Bytes(), []byte("fallback")) {
		t.Errorf("internal understanding reached the shopper: %s", rec.Body.String())
	}
}
