package telegram

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRender_Golden pins the exact Bot API requests of representative
// messages (testdata/render.golden); go test -run Golden -update rewrites it
// after a deliberate change.
func TestRender_Golden(t *testing.T) {
	was := eur(11995)
	sale := shoe("aurora", "https://cdn.shop.test/aurora.jpg", size("AUR-41", "41", 0), size("AUR-42", "42", 2), size("AUR-43", "43", 12))
	sale.CompareAtPrice = &was
	cases := []struct {
		name, lang string
		m          conversation.Message
	}{
		{"greeting with starters", "en", conversation.Message{From: conversation.FromBot, Type: conversation.TypeText,
			Text: "Hi! What are you looking for?", Options: []conversation.Option{
				{Title: "Running shoes", Payload: "search:type=Running shoes"}, {Title: "Rain jackets", Payload: "search:type=Rain jackets"},
				{Title: "Sale", Payload: "search:tag=sale"}}}},
		{"products in Chinese", "zh", conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "search",
			Items:   []conversation.Item{sale, shoe("borealis", "", size("BOR-42", "42", 0))},
			Options: []conversation.Option{{Title: "更多", Payload: "more"}, {Title: "更便宜的", Payload: "cheaper"}}}},
		{"payment link in Armenian", "hy", conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "payment",
			URL: "https://shop.example.com/pay/o_1001?lang=hy", Text: "Պատվեր 1001՝ €89.95։ Վճարեք այստեղ՝",
			Options: []conversation.Option{{Title: "Վճարել թեստային քարտով •••• 4242", Payload: "paysaved:7"}}}},
	}
	var got bytes.Buffer
	for _, c := range cases {
		sh := &shortener{}
		for _, o := range testProvider("").Render(c.m, renderContext(c.lang, sh)) {
			var body any
			if err := json.Unmarshal(o.Body, &body); err != nil {
				t.Fatal(err)
			}
			line, _ := json.Marshal(map[string]any{"case": c.name, "method": o.Method, "body": body})
			got.Write(line)
			got.WriteByte('\n')
		}
	}
	path := filepath.Join("testdata", "render.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("rendered requests differ from %s:\n%s", path, got.String())
	}
}
