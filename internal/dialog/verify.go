package dialog

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Identity proves who a shopper is. A typed e-mail address is only a contact
// address: the conversation speaks for a customer (their orders, saved
// addresses and cards, their cart) once they typed a code sent to it.
type Identity interface {
	CanSendCodes() bool
	SendCode(ctx context.Context, conversationID string, customerID int64, email, lang string) error
	CheckCode(ctx context.Context, conversationID, code string) (customerID int64, left int, err error)
	Record(ctx context.Context, conversationID string, customerID int64, source, reference string) error
}

// verifyState is what the code skill remembers between turns.
type verifyState struct {
	// Order is the order an after-sale action waits on (its e-mail gets the
	// code); empty: the checkout's e-mail gets it.
	Order string `json:"order,omitempty"`
	// Resume is what to do once the code is right: "checkout" or an order skill.
	Resume string `json:"resume,omitempty"`
	// Guest: the shopper chose to go on without their saved details.
	Guest bool `json:"guest,omitempty"`
}

var codeRE = regexp.MustCompile(`\b([0-9]{6})\b`)

// canOfferCode reports whether the checkout may offer a code to use saved
// details. It is offered for every e-mail alike, known or not, so the offer
// reveals nothing about who shops here.
func (b *Bot) canOfferCode(t *turn) bool {
	return b.Identity != nil && b.Identity.CanSendCodes() && t.c.CustomerID == 0 &&
		t.st.Checkout != nil && t.st.Checkout.Email != "" && (t.st.Verify == nil || !t.st.Verify.Guest)
}

// offerSaved adds the "use my saved details" and "continue as guest"
// quick replies to the checkout's address question.
func (b *Bot) offerSaved(t *turn, m *conversation.Message) {
	if !b.canOfferCode(t) {
		return
	}
	t.st.Verify = &verifyState{Resume: "checkout"}
	m.Options = append(m.Options,
		b.option(t, "identity.option.use_saved", "verify:send"),
		b.option(t, "identity.option.guest", "verify:guest"))
}

// needCode tells the shopper that acting on an order placed elsewhere needs
// a code sent to the e-mail on the order, and offers to send it.
func (b *Bot) needCode(t *turn, o *order.Order, skill string) error {
	t.st.Ask, t.st.After, t.st.OrderNumber = "", "", ""
	if b.Identity == nil || !b.Identity.CanSendCodes() {
		m := b.say(t, "identity.no_codes")
		if b.Handoffs != nil {
			m.Options = []conversation.Option{b.option(t, "handoff.option_person", "handoff:requested")}
		}
		return nil
	}
	t.st.Verify = &verifyState{Order: o.Number, Resume: skill}
	m := b.say(t, "identity.need_code", "number", o.Number)
	m.Options = []conversation.Option{b.option(t, "identity.option.send_code", "verify:send")}
	return nil
}

// verifyPayload handles verify:send and verify:guest.
func (b *Bot) verifyPayload(t *turn, arg string) error {
	v := t.st.Verify
	switch {
	case arg == "guest" && t.st.Checkout != nil:
		t.st.Verify = &verifyState{Guest: true}
		return b.checkout(t)
	case arg == "send" && v != nil && !v.Guest:
		return b.sendCode(t, v)
	}
	b.fallback(t)
	return nil
}

// sendCode mails a code to the address being proved: the order's for an
// after-sale action, the checkout's otherwise.
func (b *Bot) sendCode(t *turn, v *verifyState) error {
	if b.Identity == nil || !b.Identity.CanSendCodes() {
		b.say(t, "identity.no_codes")
		return nil
	}
	var email string
	var customerID int64
	if v.Order != "" {
		o, err := b.Orders.ByNumber(t.ctx, v.Order)
		if err != nil || o.CustomerID == 0 || o.Email == "" {
			b.fallback(t)
			return nil
		}
		email, customerID = o.Email, o.CustomerID
	} else {
		if t.st.Checkout == nil || t.st.Checkout.Email == "" {
			return b.checkout(t)
		}
		email = t.st.Checkout.Email
		id, err := b.Customers.UpsertCustomer(t.ctx, email, "", "")
		if err != nil {
			return err
		}
		customerID = id
	}
	err := b.Identity.SendCode(t.ctx, t.c.ID, customerID, email, t.lang)
	switch {
	case errors.Is(err, identity.ErrTooMany):
		b.say(t, "identity.too_many")
		return nil
	case err != nil:
		slog.ErrorContext(t.ctx, "send verification code", "conversation", t.c.ID, "err", err)
		m := b.say(t, "identity.send_failed")
		m.Options = []conversation.Option{b.option(t, "identity.option.resend", "verify:send")}
		return nil
	}
	b.say(t, "identity.code_sent", "email", email, "minutes", int(identity.CodeTTL.Minutes()))
	t.st.Ask, t.st.After = "verification_code", "verify"
	return nil
}

// answerCode reads a typed code. Something that is not a code at all is
// handled as a new request, as with any other question.
func (b *Bot) answerCode(t *turn) (bool, error) {
	text := strings.ReplaceAll(strings.TrimSpace(t.res.Text), " ", "")
	m := codeRE.FindStringSubmatch(text)
	if m == nil || b.Identity == nil {
		return b.missed(t)
	}
	customerID, left, err := b.Identity.CheckCode(t.ctx, t.c.ID, m[1])
	switch {
	case errors.Is(err, identity.ErrWrongCode):
		b.say(t, "identity.code_wrong", "left", left)
		return true, nil
	case errors.Is(err, identity.ErrExpired):
		t.st.Ask, t.st.After = "", ""
		msg := b.say(t, "identity.code_expired")
		msg.Options = []conversation.Option{b.option(t, "identity.option.resend", "verify:send")}
		return true, nil
	case errors.Is(err, identity.ErrLocked), errors.Is(err, identity.ErrNoCode):
		t.st.Ask, t.st.After = "", ""
		msg := b.say(t, "identity.code_locked")
		msg.Options = []conversation.Option{b.option(t, "identity.option.resend", "verify:send")}
		return true, nil
	case err != nil:
		return true, err
	}
	return true, b.bind(t, customerID)
}

// bind ties the conversation to the customer the code proved, brings the
// shopper's cart along and carries on with what waited for the proof.
func (b *Bot) bind(t *turn, customerID int64) error {
	t.st.Ask, t.st.After, t.st.Misses = "", "", 0
	if err := b.Identity.Record(t.ctx, t.c.ID, customerID, identity.SourceEmailCode, ""); err != nil {
		return err
	}
	if t.c.CustomerID != customerID {
		if err := b.Carts.Adopt(t.ctx, t.c.ID, customerID); err != nil {
			return err
		}
		t.c.CustomerID = customerID
	}
	v := t.st.Verify
	t.st.Verify = nil
	// The message was the code: its digits are no order number or quantity
	// for the skill that resumes now.
	t.res.Entities = nil
	b.say(t, "identity.verified")
	switch {
	case v == nil:
		return nil
	case v.Order != "":
		t.st.OrderNumber = v.Order
		return b.withOrder(t, v.Resume)
	case v.Resume == "checkout" && t.st.Checkout != nil:
		return b.checkout(t)
	}
	return nil
}

// owns reports whether the conversation may act on o: it was bought in
// this conversation, or the conversation proved it is its customer's.
func owns(t *turn, o *order.Order) bool {
	return o.ConversationID == t.c.ID || (t.c.CustomerID != 0 && o.CustomerID == t.c.CustomerID)
}
