package dialog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// nobodyThere is a team with nobody online: every hand-off becomes a
// follow-up.
type nobodyThere struct{ handoffs }

func (f *nobodyThere) Plan(_ context.Context, _ *conversation.Conversation, reason string, _ []conversation.Message) (inbox.Plan, error) {
	f.planned = append(f.planned, reason)
	return inbox.Plan{InHours: true, Online: 0}, nil
}

// Handed over while nobody is online, the shopper hears the bot still
// helps; a contact typed is thanked for, a second request for a person is
// not queued twice, and the checkout goes on to the payment link.
func TestHandoff_NobodyOnlineTheBotKeepsServingTheShop(t *testing.T) {
	team := &nobodyThere{}
	h := checkoutHarness(t, script{
		"a person please": intent("human_agent"),
		"checkout":        intent("checkout"),
		"ana@example.com": intent("unsubscribe"),
		"a human, now":    intent("human_agent"),
		"Ana Lima":        intent("out_of_scope"),
	}, "en", nil, func(d *dialog.Deps) { d.Handoffs = team })
	h.tap("add:SOCK-1")
	out := h.say("a person please")
	if !strings.Contains(texts(out), "Nobody from our team is online") || !strings.Contains(texts(out), "Until someone joins") || lastInput(out) != "email" {
		t.Fatalf("hand-off with nobody online: %q %s", lastInput(out), texts(out))
	}
	if out = h.say("ana@example.com"); !strings.Contains(texts(out), "get back to you at ana@example.com") {
		t.Fatalf("the contact typed: %s", texts(out))
	}
	if out = h.say("a human, now"); !strings.Contains(texts(out), "already passed") || len(team.planned) != 1 {
		t.Fatalf("a second request: %s (planned %v)", texts(out), team.planned)
	}
	if out = h.say("checkout"); lastInput(out) != "email" {
		t.Fatalf("checkout while queued asks %q: %s", lastInput(out), texts(out))
	}
	h.say("ana@example.com")
	out = h.say("Ana Lima, Keizersgracht 12, 1015 CS Amsterdam")
	if lastInput(out) == "shipping_option" {
		out = h.tap("ship:standard")
	}
	if h.linkedOrder(out) == nil {
		t.Fatalf("no payment link while queued: %s", texts(out))
	}
}

// fraudTeam hands a conversation over when it says "scam".
type fraudTeam struct{ handoffs }

func (f *fraudTeam) Rules(ctx context.Context) inbox.Rules {
	r := f.handoffs.Rules(ctx)
	r.Topics = []inbox.TopicRule{{Topic: "fraud", Keywords: map[string][]string{"en": {"scam"}}}}
	return r
}

// A topic's word that describes a product the shopper is sure to be asking
// for does not hand the conversation over; the same word about their
// trouble does.
func TestHandoff_ATopicWordDescribingAProductAskedForIsNoTrouble(t *testing.T) {
	team := &fraudTeam{}
	h := checkoutHarness(t, script{
		"scam-proof merino hiking socks": intent("product_search", ent("product", "wool-socks", "merino hiking socks")),
		"this shop is a scam":            intent("complaint"),
	}, "en", nil, func(d *dialog.Deps) { d.Handoffs = team })
	h.say("scam-proof merino hiking socks")
	if len(team.planned) != 0 {
		t.Fatalf("a product search was handed over: %v", team.planned)
	}
	h.say("this shop is a scam")
	if len(team.planned) != 1 || team.planned[0] != "rule:fraud" {
		t.Fatalf("the trouble was not handed over: %v", team.planned)
	}
}
