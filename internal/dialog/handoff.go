package dialog

import (
	"context"
	_ "embed"
	"encoding/json"
	"log/slog"
	"math"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// Handoffs is the team as the dialogue sees it: the retailer's rules, the
// plan for handing a conversation over (summary, place in the queue), and
// where ratings go.
type Handoffs interface {
	Rules(ctx context.Context) inbox.Rules
	Plan(ctx context.Context, c *conversation.Conversation, reason string, pending []conversation.Message) (inbox.Plan, error)
	Feedback(ctx context.Context, f inbox.Feedback) error
}

// handoffState is what the hand-off triggers remember between turns.
type handoffState struct {
	Low       int      `json:"low,omitempty"`        // turns in a row the bot was unsure or fell back
	Offered   bool     `json:"offered,omitempty"`    // a person was offered already
	Recent    []string `json:"recent,omitempty"`     // the shopper's last messages, folded
	Similar   int      `json:"similar,omitempty"`    // messages in a row that rephrase the one before
	LastReply string   `json:"last_reply,omitempty"` // the bot's last answer, to notice it repeating itself
	Helped    bool     `json:"helped,omitempty"`     // the bot answered something real
	Noted     bool     `json:"noted,omitempty"`      // a contact for the queued follow-up was thanked for
	CSAT      bool     `json:"csat,omitempty"`       // satisfaction was asked in this conversation
}

// handoffWords are the words the hand-off listens for itself, per
// language: strong negative words (frustration), and words for a person,
// a safety net under the NLU for requests it is unsure of.
//
//go:embed handoff.json
var handoffJSON []byte

var handoffWords struct {
	Strong map[string][]string `json:"strong"`
	Person map[string][]string `json:"person"`
}

func init() {
	if err := json.Unmarshal(handoffJSON, &handoffWords); err != nil {
		panic("dialog hand-off words: " + err.Error()) // embedded data: a bug, caught by every test
	}
}

// smallTalk are intents that say nothing about what the shopper needs.
var smallTalk = []string{"greet", "thanks", "goodbye", "affirm", "deny", "out_of_scope", "feedback"}

// highStakes are intents where an expensive cart or order goes to a person
// under the retailer's value rule.
var highStakes = []string{"checkout", "complaint", "cancel_order", "change_order", "return_item", "exchange_item", "refund_status"}

func (t *turn) handoff() *handoffState {
	if t.st.Handoff == nil {
		t.st.Handoff = &handoffState{}
	}
	return t.st.Handoff
}

// guarded runs a typed message through the hand-off triggers around the
// normal handling: rating answers and the explicit, rule and frustration
// triggers before; the low-confidence count after.
func (b *Bot) guarded(t *turn) error {
	if t.st.Ask == "rating" || t.st.Ask == "comment" {
		if ok, err := b.csatAnswer(t); ok || err != nil {
			return err
		}
	}
	askedBefore := t.st.Ask != ""
	adding := b.addPending(t) // resume.go: an add a side question interrupts comes back
	if b.Handoffs == nil {
		if err := b.text(t); err != nil {
			return err
		}
		b.choicesAfterSide(t) // resume.go
		return b.backToAdd(t, adding)
	}
	rules := b.Handoffs.Rules(t.ctx)
	if t.c.Status == conversation.StatusQueued {
		return b.whileQueued(t, rules) // waiting.go
	}
	if reason := b.trigger(t, rules); reason != "" {
		return b.handOff(t, reason)
	}
	if err := b.text(t); err != nil {
		return err
	}
	b.choicesAfterSide(t) // resume.go
	if err := b.backToAdd(t, adding); err != nil {
		return err
	}
	if t.c.Status != conversation.StatusBot {
		return nil
	}
	return b.afterText(t, rules, askedBefore)
}

// guardedPayload runs a tapped button; the retailer's value rule applies to
// a "check out" button as to the typed request.
func (b *Bot) guardedPayload(t *turn, p string) error {
	kind, _, _ := strings.Cut(p, ":")
	if kind == "handoff" && t.c.Status == conversation.StatusQueued {
		b.say(t, "dlgB.handoff.still_queued") // passed on already: not queued twice
		return nil
	}
	if b.Handoffs != nil && slices.Contains(highStakes, kind) && t.c.Status == conversation.StatusBot {
		if rules := b.Handoffs.Rules(t.ctx); rules.ValueAbove != nil && b.valueAbove(t, rules) {
			return b.handOff(t, inbox.ReasonRule+":high_value")
		}
	}
	return b.payload(t, p)
}

// trigger returns why this message goes to a person at once, or "".
func (b *Bot) trigger(t *turn, rules inbox.Rules) string {
	intent, conf := t.res.Intent.Name, t.res.Intent.Confidence
	text := t.res.Text
	for _, topic := range rules.Topics {
		if b.sureShopping(t) {
			// "a fraud-proof wallet", "防诈骗的钱包": the topic's word
			// describes a product the shopper is sure to be asking for,
			// not their trouble.
			break
		}
		for lang, words := range topic.Keywords {
			if lang != t.lang && lang != t.res.Language && lang != "en" {
				continue
			}
			for _, w := range words {
				if contains(text, w) {
					return inbox.ReasonRule + ":" + topic.Topic
				}
			}
		}
	}
	// Topic rules come first so the hand-off is routed to the right
	// skill; then strong words, then a plain request.
	if rules.Frustration && b.strongWords(t) {
		return inbox.ReasonFrustration
	}
	if answeringCheckout(t) && !saysAny(t, handoffWords.Person) {
		// An answer to the checkout's question is no request, whatever the
		// classifier makes of it ("+31 6 12345678" reads as "call me" to
		// it): a person is handed the chat only when one is asked for.
		return ""
	}
	if intent == "human_agent" && conf >= b.MinConfidence && !weakRequest(t) {
		return inbox.ReasonRequested
	}
	if intent != "human_agent" && conf < 0.6 && saysAny(t, handoffWords.Person) {
		return inbox.ReasonRequested
	}
	sure := conf >= rules.LowConfidence.Threshold
	if sure && rules.HasIntent(intent) {
		if intent == "complaint" {
			return inbox.ReasonComplaint
		}
		return inbox.ReasonRule + ":" + intent
	}
	if sure && !slices.Contains(smallTalk, intent) && len(rules.VIPEmails) > 0 && t.c.CustomerID != 0 && b.Customers != nil {
		if email, _, _, err := b.Customers.Customer(t.ctx, t.c.CustomerID); err == nil && rules.VIP(email) {
			return inbox.ReasonRule + ":vip"
		}
	}
	if rules.ValueAbove != nil && sure && slices.Contains(highStakes, intent) && b.valueAbove(t, rules) {
		return inbox.ReasonRule + ":high_value"
	}
	return ""
}

// sureShopping reports a message the NLU is sure asks for products and that
// names the catalogue's words.
func (b *Bot) sureShopping(t *turn) bool {
	switch t.res.Intent.Name {
	case "product_search", "product_availability", "product_info", "add_to_cart":
	default:
		return false
	}
	return t.res.Intent.Confidence >= 0.9 && b.Catalog != nil && b.Catalog.KeyWords(t.ctx, t.res.Text) != ""
}

// weakRequest reports whether a human_agent guess is unsure and names no
// person, so the knowledge base has its say first: "can I rent a bicycle
// from you?" can look like "can I talk to one of you?" to the classifier,
// and a retailer's article on bike rental answers it better than a queue.
// Without a strong article the hand-off goes ahead.
func weakRequest(t *turn) bool {
	return t.res.Intent.Name == "human_agent" && t.res.Intent.Confidence < 0.8 && !saysAny(t, handoffWords.Person)
}

// strongWords reports whether the message holds a strong negative word.
func (b *Bot) strongWords(t *turn) bool { return saysAny(t, handoffWords.Strong) }

// saysAny reports whether the message holds one of the words, in the
// conversation's language or the message's own.
func saysAny(t *turn, words map[string][]string) bool {
	for _, lang := range []string{t.lang, t.res.Language} {
		for _, w := range words[lang] {
			if contains(t.res.Text, w) {
				return true
			}
		}
	}
	return false
}

// valueAbove reports whether the cart, or an order this conversation
// proved is its own, is worth more than the rule's amount.
func (b *Bot) valueAbove(t *turn, rules inbox.Rules) bool {
	limit := *rules.ValueAbove
	if b.Carts != nil {
		if c, err := b.Carts.For(t.ctx, t.c.CustomerID, t.c.ID); err == nil {
			if sub := c.Subtotal(); sub.Currency == limit.Currency && sub.Amount > limit.Amount {
				return true
			}
		}
	}
	if b.Orders != nil {
		for _, n := range t.st.Verified {
			if o, err := b.Orders.ByNumber(t.ctx, n); err == nil && o.Total.Currency == limit.Currency && o.Total.Amount > limit.Amount {
				return true
			}
		}
	}
	return false
}

// rephrased reports whether the shopper is asking the same thing a third
// time in other words while the bot keeps missing it: each message much
// like the one before, and the bot unsure, falling back or repeating
// itself.
func (b *Bot) rephrased(t *turn, missed bool) bool {
	hs := t.handoff()
	words := fold.Words(t.res.Text)
	reply := ""
	for _, m := range t.out {
		if m.From == conversation.FromBot && m.Text != "" {
			reply = m.Text
			break
		}
	}
	similar := false
	if n := len(hs.Recent); n > 0 && len(words) >= 2 {
		similar = overlap(strings.Fields(hs.Recent[n-1]), words) >= 0.5
	}
	if similar && (missed || (reply != "" && reply == hs.LastReply)) {
		hs.Similar++
	} else {
		hs.Similar = 0
	}
	hs.Recent = append(hs.Recent, strings.Join(words, " "))
	if len(hs.Recent) > 3 {
		hs.Recent = hs.Recent[len(hs.Recent)-3:]
	}
	hs.LastReply = reply
	return hs.Similar >= 2
}

// overlap is the Jaccard similarity of two word lists.
func overlap(a, b []string) float64 {
	set := map[string]int{}
	for _, w := range a {
		set[w] |= 1
	}
	for _, w := range b {
		set[w] |= 2
	}
	both := 0
	for _, v := range set {
		if v == 3 {
			both++
		}
	}
	if len(set) == 0 {
		return 0
	}
	return float64(both) / float64(len(set))
}

// afterText counts turns the bot was unsure about: after Offer of them it
// offers a person, after HandOff it hands over. Answers to the bot's own
// questions (a name, an address) are not counted: their intent says
// nothing.
func (b *Bot) afterText(t *turn, rules inbox.Rules, askedBefore bool) error {
	hs := t.handoff()
	fellBack := false
	for _, m := range t.out {
		fellBack = fellBack || m.Fallback
	}
	intent := t.res.Intent.Name
	missed := fellBack || (!askedBefore && t.res.Intent.Confidence < rules.LowConfidence.Threshold)
	if b.rephrased(t, missed) && rules.Frustration {
		return b.handOff(t, inbox.ReasonFrustration)
	}
	switch {
	case missed:
		hs.Low++
	default:
		hs.Low = 0
		if !slices.Contains(smallTalk, intent) {
			hs.Helped = true
		}
	}
	lc := rules.LowConfidence
	switch {
	case lc.HandOff > 0 && hs.Low >= lc.HandOff:
		return b.handOff(t, inbox.ReasonLowConfidence)
	case lc.Offer > 0 && hs.Low >= lc.Offer && !hs.Offered:
		hs.Offered = true
		m := b.say(t, "handoff.offer")
		m.Options = []conversation.Option{b.option(t, "handoff.option_person", "handoff:"+inbox.ReasonLowConfidence)}
	}
	if (intent == "thanks" || intent == "goodbye") && t.st.Ask == "" && !t.inCheckout && !hs.CSAT && !t.cartOpen && (hs.Helped || (t.st.Checkout != nil && t.st.Checkout.OrderNumber != "")) && !b.purchaseOpen(t, askedBefore) {
		b.askRating(t)
	}
	return nil
}

// purchaseOpen reports a purchase still under way, when no rating is asked:
// a question was pending when the message came (a size, "which one?"), the
// message names paying ("det var alt, betale"), or the cart holds lines. A
// rating is for a conversation that is over, not one the shopper is in the
// middle of.
func (b *Bot) purchaseOpen(t *turn, askedBefore bool) bool {
	if askedBefore || saysPay(t.res.Text) {
		return true
	}
	if t.st.Checkout != nil && t.st.Checkout.PayNext {
		return true
	}
	c, err := b.cartOf(t)
	return err != nil || len(c.Items) > 0
}

// handOff gives the conversation to the team: the summary goes with it and
// the shopper hears where they stand. The bot is silent from here until an
// agent resolves the conversation — or, when nobody can take it, until an
// agent joins (waiting.go): the bot goes on with shop tasks meanwhile.
func (b *Bot) handOff(t *turn, reason string) error {
	if b.Handoffs == nil {
		b.say(t, "handoff.unavailable")
		return nil
	}
	if t.c.Status != conversation.StatusBot {
		return nil
	}
	shopper := conversation.Message{From: conversation.FromShopper, Type: conversation.TypeText, Text: t.res.Text,
		NLU: &conversation.NLU{Intent: t.res.Intent.Name, Confidence: t.res.Intent.Confidence, Language: t.res.Language}}
	plan, err := b.Handoffs.Plan(t.ctx, t.c, reason, append([]conversation.Message{shopper}, t.out...))
	if err != nil {
		slog.ErrorContext(t.ctx, "plan hand-off", "conversation", t.c.ID, "err", err)
		plan.Summary = "Why: " + reason + ". The summary could not be written: " + err.Error()
		plan.InHours = true
		plan.Position = 1
	}
	t.c.Status = conversation.StatusQueued
	t.c.Handoff = conversation.Handoff{Reason: reason, Summary: plan.Summary}
	t.st.Ask, t.st.After = "", ""
	hs := t.handoff()
	hs.Low, hs.Offered, hs.Similar, hs.Recent = 0, false, 0, nil
	switch {
	case !plan.InHours || plan.Online == 0:
		b.followUp(t, plan) // waiting.go: nobody there, so no promised wait
	case plan.AgentFree:
		b.say(t, "handoff.connecting")
	default:
		minutes := int(math.Ceil(plan.Wait.Minutes()))
		if minutes < 1 {
			minutes = 1
		}
		b.say(t, "handoff.queued", "position", plan.Position, "minutes", minutes)
	}
	return nil
}

// handoffReason keeps a button's reason to the known ones; anything else
// counts as the shopper asking.
func handoffReason(arg string) string {
	switch r, _, _ := strings.Cut(arg, ":"); r {
	case inbox.ReasonLowConfidence, inbox.ReasonFrustration, inbox.ReasonComplaint, inbox.ReasonRule:
		return arg
	}
	return inbox.ReasonRequested
}

// complaint offers a person: the bot cannot put a damaged parcel right by
// itself. (A retailer's rule on the complaint intent hands off at once.)
func (b *Bot) complaint(t *turn) error {
	if b.Handoffs == nil {
		b.notYet(t)
		return nil
	}
	m := b.say(t, "handoff.complaint")
	m.Options = []conversation.Option{b.option(t, "handoff.option_person", "handoff:"+inbox.ReasonComplaint)}
	return nil
}
