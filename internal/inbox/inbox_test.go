package inbox

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

func TestPassword_HashVerifies(t *testing.T) {
	h, err := HashPassword("a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not a PHC argon2id string", h)
	}
	h2, _ := HashPassword("a long enough password")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	tests := []struct {
		hash, password string
		want           bool
	}{
		{h, "a long enough password", true},
		{h, "a long enough passworD", false},
		{h, "", false},
		{"", "x", false},
		{"$argon2id$v=19$m=0,t=0,p=0$AAAA$AAAA", "x", false},
		{"$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA", "x", false},
		{strings.Replace(h, "t=2", "t=3", 1), "a long enough password", false},
	}
	for _, tt := range tests {
		if got := VerifyPassword(tt.hash, tt.password); got != tt.want {
			t.Errorf("VerifyPassword(%q, %q) = %v, want %v", tt.hash, tt.password, got, tt.want)
		}
	}
}

func TestPick_MostQualifiedAvailableAgent(t *testing.T) {
	early := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	late := early.Add(time.Hour)
	ana := Agent{ID: 1, Name: "Ana", Online: true, Capacity: 2, Languages: []string{"en", "nl"}, Topics: []string{"returns"}, LastAssignedAt: &late}
	bo := Agent{ID: 2, Name: "Bo", Online: true, Capacity: 2, Languages: []string{"nl"}, LastAssignedAt: &early}
	wei := Agent{ID: 3, Name: "Wei", Online: true, Capacity: 1, Languages: []string{"zh"}, Topics: []string{"fraud"}, Teams: []string{"billing"}}
	off := func(a Agent) Agent { a.Online = false; return a }
	full := func(a Agent) Agent { a.Active = a.Capacity; return a }
	tests := []struct {
		name   string
		agents []Agent
		need   Need
		want   string
	}{
		{"speaks the language", []Agent{ana, wei}, Need{Language: "zh"}, "Wei"},
		{"language and topic beat language alone", []Agent{bo, ana}, Need{Language: "nl", Topic: "returns"}, "Ana"},
		{"equals: least recently assigned", []Agent{ana, bo}, Need{Language: "nl"}, "Bo"},
		{"never assigned goes first", []Agent{bo, {ID: 4, Name: "New", Online: true, Capacity: 1, Languages: []string{"nl"}}}, Need{Language: "nl"}, "New"},
		{"offline agents are skipped", []Agent{off(bo), ana}, Need{Language: "nl"}, "Ana"},
		{"full agents are skipped", []Agent{full(bo), ana}, Need{Language: "nl"}, "Ana"},
		{"nobody available", []Agent{off(ana), full(bo)}, Need{Language: "nl"}, ""},
		{"a team narrows the choice", []Agent{ana, bo, wei}, Need{Language: "nl", Team: "billing"}, "Wei"},
		{"nobody speaks it: someone still answers", []Agent{bo}, Need{Language: "hy"}, "Bo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if a := Pick(tt.agents, tt.need); a != nil {
				got = a.Name
			}
			if got != tt.want {
				t.Errorf("Pick = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHours_OpenInsideWindowsOnly(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	h, err := ParseHours("Mon-Fri 09:00-18:00; Sat 10:00-14:00", ams)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { t, _ := time.ParseInLocation("2006-01-02 15:04", s, ams); return t }
	tests := []struct {
		when string
		want bool
	}{
		{"2026-11-23 09:00", true},  // Monday
		{"2026-11-23 08:59", false}, // before opening
		{"2026-11-23 18:00", false}, // closing time
		{"2026-11-27 17:59", true},  // Friday
		{"2026-11-28 12:00", true},  // Saturday
		{"2026-11-28 15:00", false},
		{"2026-11-29 12:00", false}, // Sunday
	}
	for _, tt := range tests {
		if got := h.Open(at(tt.when)); got != tt.want {
			t.Errorf("Open(%s) = %v, want %v", tt.when, got, tt.want)
		}
	}
	if got := h.Open(time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)); !got {
		t.Error("08:30 UTC is 09:30 in Amsterdam: open")
	}
	always, _ := ParseHours("", nil)
	if !always.Open(time.Now()) {
		t.Error("empty hours must mean always open")
	}
	for _, bad := range []string{"Mon-Fri", "Funday 09:00-10:00", "Mon 18:00-09:00", "Mon 9-17", "Mon 25:00-26:00"} {
		if _, err := ParseHours(bad, nil); err == nil {
			t.Errorf("ParseHours(%q) accepted", bad)
		}
	}
	wrap, err := ParseHours("Sat-Mon 10:00-12:00", ams)
	if err != nil || !wrap.Open(at("2026-11-29 11:00")) || wrap.Open(at("2026-11-25 11:00")) {
		t.Errorf("a day range over the weekend: %v", err)
	}
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"Mon-Fri 09:00-18:00", "Sat 10:00-14:00; Sun 11:00-12:00", "24/7", "", "Mon 24:00-24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s, time.UTC)
		if err != nil {
			return
		}
		for _, w := range h.Windows {
			if w.Start < 0 || w.End > 24*60 || w.End <= w.Start {
				t.Fatalf("%q gave the window %+v", s, w)
			}
		}
		h.Open(time.Now())
	})
}

func TestSummary_SaysWhatTheAgentNeeds(t *testing.T) {
	c := &conversation.Conversation{ID: "c1", Channel: "widget", Language: "nl"}
	msgs := []conversation.Message{
		{From: "shopper", Text: "waar is mijn bestelling", NLU: &conversation.NLU{Intent: "order_status", Confidence: 0.9}},
		{From: "bot", Text: "Wat is je bestelnummer?"},
		{From: "shopper", Text: "dit is belachelijk", NLU: &conversation.NLU{Intent: "out_of_scope", Confidence: 0.2}},
		{From: "bot", Text: "Sorry", Fallback: true},
		{From: "bot", Type: "link", Text: "Verzending", URL: "http://shop/help/shipping?lang=nl"},
	}
	ct := &cart.Cart{Items: []cart.Item{{SKU: "A-42", Title: "Aurora", Quantity: 2, UnitPrice: money.New(8995, "EUR")}}}
	orders := []order.Order{{Number: "1042", PaymentStatus: "paid", FulfillmentStatus: "shipped", Total: money.New(12000, "EUR")}}
	s := Summary(Facts{Conversation: c, Reason: ReasonFrustration, Messages: msgs, Email: "jan@example.com", Name: "Jan", VIP: true, Orders: orders, Cart: ct})
	for _, want := range []string{"frustrated", "order_status", "“dit is belachelijk”", "Dutch", "Jan <jan@example.com>", "VIP", "1 orders",
		"lifetime value 120.00 EUR", "#1042", "shipped", "2 × Aurora", "179.90 EUR", "1 not understood", "Quoted: article shipping"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if empty := Summary(Facts{Conversation: c, Reason: ReasonRequested}); !strings.Contains(empty, "asked for a person") || !strings.Contains(empty, "not identified") {
		t.Errorf("a bare summary says too little:\n%s", empty)
	}
}

func TestRules_ValidateFillsDefaultsAndRefusesNonsense(t *testing.T) {
	langs := []string{"en", "nl"}
	r := Rules{VIPEmails: []string{" Big@Spender.com "}}
	if err := r.Validate(langs); err != nil {
		t.Fatal(err)
	}
	if r.LowConfidence != DefaultRules().LowConfidence || !r.VIP("big@spender.com") {
		t.Errorf("defaults not filled: %+v", r)
	}
	bad := []Rules{
		{Topics: []TopicRule{{Topic: ""}}},
		{Topics: []TopicRule{{Topic: "fraud", Keywords: map[string][]string{"xx": {"a"}}}}},
		{LowConfidence: LowConfidence{Threshold: 2, Offer: 1, HandOff: 2}},
		{LowConfidence: LowConfidence{Threshold: 0.4, Offer: 3, HandOff: 2}},
		{ValueAbove: &money.Money{Amount: -1, Currency: "EUR"}},
	}
	for i, b := range bad {
		if err := b.Validate(langs); err == nil {
			t.Errorf("rules %d accepted: %+v", i, b)
		}
	}
}

func TestReviewItems_PicksWhatTheBotMisunderstood(t *testing.T) {
	nlu := func(intent string, c float64) *conversation.NLU {
		return &conversation.NLU{Intent: intent, Confidence: c, Language: "en"}
	}
	msgs := []conversation.Message{
		{Seq: 1, From: "bot", Text: "hi"},
		{Seq: 2, From: "shopper", Text: "shoes size 42", NLU: nlu("product_search", 0.9)},
		{Seq: 3, From: "bot", Text: "here"},
		{Seq: 4, From: "shopper", Text: "the thingy broke", NLU: nlu("out_of_scope", 0.5)},
		{Seq: 5, From: "bot", Text: "sorry?", Fallback: true},
		{Seq: 6, From: "shopper", Text: "hmm wobbly", NLU: nlu("product_info", 0.3)},
		{Seq: 7, From: "bot", Text: "ok"},
		{Seq: 8, From: "shopper", Text: "I want a human", NLU: nlu("human_agent", 0.95)},
		{Seq: 9, From: "bot", Text: "queued"},
		{Seq: 10, From: "shopper", Text: "hello agent?", NLU: nil},
	}
	items := ReviewItems(msgs, &Handoff{ConversationID: "c", Reason: ReasonRequested, TriggerSeq: 9, Language: "en"}, 0.45)
	var got []string
	for _, it := range items {
		got = append(got, it.Text+"/"+it.Why)
	}
	want := "the thingy broke/fallback,hmm wobbly/low_confidence"
	if strings.Join(got, ",") != want {
		t.Errorf("review items = %v, want %s", got, want)
	}
	items = ReviewItems(msgs[:7], &Handoff{ConversationID: "c", Reason: ReasonFrustration, TriggerSeq: 7}, 0.45)
	if len(items) != 2 || items[1].Why != "low_confidence" {
		t.Errorf("frustration hand-off items = %+v", items)
	}
}

// A conversation not tied to a customer still gives the agent the e-mail
// typed at checkout, marked as unverified.
func TestCheckoutContact_FromTheDialogueState(t *testing.T) {
	for _, tc := range []struct {
		state, email, name string
	}{
		{`{"checkout":{"email":"jan@example.com","name":"Jan"}}`, "jan@example.com", "Jan"},
		{`{"checkout":{}}`, "", ""},
		{`{}`, "", ""},
		{``, "", ""},
		{`not json`, "", ""},
	} {
		if e, n := checkoutContact(json.RawMessage(tc.state)); e != tc.email || n != tc.name {
			t.Errorf("checkoutContact(%s) = %q, %q; want %q, %q", tc.state, e, n, tc.email, tc.name)
		}
	}
	c := &conversation.Conversation{ID: "c1", Channel: "widget", Language: "en"}
	s := Summary(Facts{Conversation: c, Reason: ReasonRequested, Email: "jan@example.com", Unverified: true})
	if !strings.Contains(s, "<jan@example.com> (given at checkout, not verified)") {
		t.Errorf("summary:\n%s", s)
	}
}
