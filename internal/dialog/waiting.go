package dialog

import (
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// followUp tells a shopper handed over while nobody from the team can take
// the chat (nobody online, or outside the support hours) exactly that: no
// promised wait. The hand-off becomes a follow-up agents see in their
// "followup" list, with the e-mail or phone the shop has for the shopper;
// without one the shopper is asked, and the inbox records what they type
// (the bot is silent once the conversation is with the team).
func (b *Bot) followUp(t *turn, plan inbox.Plan) {
	contact := ""
	if t.c.CustomerID != 0 && b.Customers != nil {
		if email, _, phone, err := b.Customers.Customer(t.ctx, t.c.CustomerID); err == nil {
			contact = email
			if contact == "" {
				contact = phone
			}
		}
	}
	if contact == "" && t.st.Checkout != nil {
		contact = t.st.Checkout.Email
	}
	when := "nobody"
	if !plan.InHours {
		when = "away"
	}
	// The shop's own away message (edited in the web admin) takes the
	// place of the catalogue's first sentences; what happens next is still
	// ours to say, so the shopper is asked for a contact all the same.
	custom := ""
	if b.AwayMessage != nil {
		custom = b.AwayMessage(t.lang)
	}
	if contact != "" {
		t.c.Handoff.FollowUp = contact
		if custom != "" {
			b.sayAway(t, custom, b.Messages.T(t.lang, "away.passed_on_known", "contact", contact))
			return
		}
		b.say(t, "cards.wait."+when+"_known", "hours", plan.Hours, "contact", contact)
		return
	}
	t.c.Handoff.FollowUp = inbox.FollowUpPending
	var m *conversation.Message
	if custom != "" {
		m = b.sayAway(t, custom, b.Messages.T(t.lang, "away.passed_on_ask"))
	} else {
		m = b.say(t, "cards.wait."+when+"_ask", "hours", plan.Hours)
	}
	m.Input = &conversation.Input{Type: "email", Field: "email"}
}

// sayAway sends the retailer's away text followed by what happens next, as
// one plain-text message (every channel and the widget show text as text).
func (b *Bot) sayAway(t *turn, custom, next string) *conversation.Message {
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: custom + "\n\n" + next})
	return &t.out[len(t.out)-1]
}
