package dialog

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// followUp tells a shopper handed over while nobody from the team can take
// the chat (nobody online, or outside the support hours) exactly that: no
// promised wait. The hand-off becomes a follow-up agents see in their
// "followup" list, with the e-mail or phone the shop has for the shopper;
// without one the shopper is asked, and the inbox records what they type.
// Nobody has joined, so the bot goes on serving shop tasks until someone
// does (conversation.BotServes), and says so.
func (b *Bot) followUp(t *turn, plan inbox.Plan) {
	defer b.meanwhile(t)
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

// meanwhile adds to the follow-up message that the bot still helps with the
// shop until a colleague joins, in the same message so that the question
// for a contact stays the last thing asked.
func (b *Bot) meanwhile(t *turn) {
	if n := len(t.out); n > 0 {
		t.out[n-1].Text += "\n\n" + b.Messages.T(t.lang, "dlgB.handoff.meanwhile")
	}
}

// whileQueued answers a typed message of a shopper whose hand-off waits
// for somebody to come online: the shop's tasks go on as usual; a contact
// typed for the follow-up is thanked for (the inbox records it); asking for
// a person again says they are passed on already rather than queueing twice.
func (b *Bot) whileQueued(t *turn, rules inbox.Rules) error {
	hs := t.handoff()
	if t.c.Handoff.FollowUp == inbox.FollowUpPending && !hs.Noted && !answeringCheckout(t) {
		if contact := inbox.Contact(t.res.Text); contact != "" && len(strings.Fields(t.res.Text)) <= 3 {
			hs.Noted = true
			b.say(t, "dlgB.handoff.contact_noted", "contact", contact)
			return nil
		}
	}
	switch b.trigger(t, rules) {
	case inbox.ReasonRequested, inbox.ReasonFrustration:
		b.say(t, "dlgB.handoff.still_queued")
		return nil
	}
	return b.text(t)
}
