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
	if contact != "" {
		t.c.Handoff.FollowUp = contact
		b.say(t, "cards.wait."+when+"_known", "hours", plan.Hours, "contact", contact)
		return
	}
	t.c.Handoff.FollowUp = inbox.FollowUpPending
	m := b.say(t, "cards.wait."+when+"_ask", "hours", plan.Hours)
	m.Input = &conversation.Input{Type: "email", Field: "email"}
}
