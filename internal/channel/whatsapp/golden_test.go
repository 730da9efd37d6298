package whatsapp_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/render")

// The rendered requests of typical messages, kept under testdata/render so a
// change to what shoppers see shows in review; -update rewrites them.
func TestRender_Golden(t *testing.T) {
	two := jacket()
	two.Handle, two.Title, two.SKU, two.ImageURL = "borealis-parka", "Borealis Parka", "BOR-M", ""
	for i := range two.Variants {
		two.Variants[i].SKU = "BOR-" + two.Variants[i].Options["size"]
	}
	cases := []struct {
		name, lang string
		m          conversation.Message
	}{
		{"buttons_en", "en", conversation.Message{Type: conversation.TypeText, Text: "Your cart: 1 item, €89.95.", Options: []conversation.Option{
			{Title: "Check out", Payload: "checkout"}, {Title: "Keep shopping", Payload: "keep_shopping"}}}},
		{"list_zh", "zh", conversation.Message{Type: conversation.TypeText, Text: "您想看哪一类？", Options: options("外套", "鞋子", "防水透气轻量户外冲锋衣男女同款加绒加厚款", "配件", "特价")}},
		{"products_en", "en", conversation.Message{Type: conversation.TypeProducts, Text: "Two jackets fit:", Items: []conversation.Item{jacket(), two},
			Options: []conversation.Option{{Title: "Cheaper", Payload: "cheaper"}}}},
		{"products_hy", "hy", conversation.Message{Type: conversation.TypeProducts, Items: []conversation.Item{jacket()}}},
		{"payment_link_nl", "nl", conversation.Message{Type: conversation.TypeLink, Purpose: "payment", URL: "https://shop.example/pay/ord_1?lang=nl",
			Text: "Bestelling #1001: € 89,95. Betaal binnen 30 minuten."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var bodies []json.RawMessage
			for _, o := range renderAndSendOuts(t, c.m, c.lang) {
				bodies = append(bodies, o)
			}
			got, err := json.MarshalIndent(bodies, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "render", c.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run with -update if the change is meant:\n%s", path, got)
			}
		})
	}
}

// renderAndSendOuts renders in lang, checks every request with the
// stand-in and returns the raw bodies.
func renderAndSendOuts(t *testing.T, m conversation.Message, lang string) []json.RawMessage {
	t.Helper()
	renderAndSend(t, m, rcIn(lang)) // refuses anything over the limits
	_, p := standIn(t)
	var out []json.RawMessage
	for _, o := range p.Render(m, rcIn(lang)) {
		out = append(out, o.Body)
	}
	return out
}
