package messenger_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestRender_Golden keeps the exact Send API bodies of one message of each
// kind in testdata/render.golden.json; run with -update after a deliberate
// change and read the diff.
func TestRender_Golden(t *testing.T) {
	p := messenger.New(cfg, nil)
	msgs := []struct {
		name string
		m    conversation.Message
		lang string
		ago  time.Duration
	}{
		{"text with quick replies", conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: "What are you looking for?",
			Options: []conversation.Option{{Title: "Sneakers", Payload: "search:type=Sneakers"}, {Title: "Sale", Payload: "search:tag=sale"}}}, "en", time.Minute},
		{"products", conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "search", Items: []conversation.Item{
			shoe("aurora", size("AUR-41", "41", 0), size("AUR-42", "42", 2), size("AUR-43", "43", 7)),
			shoe("nimbus", size("NIM-40", "40", 1), size("NIM-41", "41", 1), size("NIM-42", "42", 1), size("NIM-43", "43", 1)),
			shoe("comet", size("COM-42", "42", 0))}}, "nb", time.Minute},
		{"payment link", conversation.Message{From: conversation.FromBot, Type: conversation.TypeLink, Purpose: "payment", URL: "https://shop.example/pay/tok?lang=zh", Text: "订单 1042：€89.95"}, "zh", time.Minute},
		{"image", conversation.Message{From: conversation.FromBot, Type: conversation.TypeImage, URL: "https://shop.example/chart.png"}, "en", time.Minute},
		{"agent after two days", conversation.Message{From: conversation.FromAgent, Type: conversation.TypeText, Text: "Ձեր պատվերը ճանապարհին է"}, "hy", 48 * time.Hour},
		{"order update after a month", conversation.Message{From: conversation.FromBot, Proactive: "order_update", Type: conversation.TypeLink, Purpose: "tracking", URL: "https://shop.example/track/t", Text: "Order 1042 is on its way."}, "en", 30 * 24 * time.Hour},
	}
	got := map[string][]json.RawMessage{}
	for _, c := range msgs {
		for _, o := range p.Render(c.m, rc(c.lang, c.ago)) {
			got[c.name] = append(got[c.name], json.RawMessage(o.Body))
		}
	}
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "render.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(b)) {
		t.Errorf("rendering changed; run go test -run TestRender_Golden -update and read the diff\n%s", b)
	}
}
