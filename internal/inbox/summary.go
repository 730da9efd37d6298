package inbox

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Facts are what a summary is written from.
type Facts struct {
	Conversation *conversation.Conversation
	Reason       string
	Topic        string
	Messages     []conversation.Message // the transcript so far, including the message being handled
	Email, Name  string
	Phone        string
	// Unverified: Email and Name are what the shopper typed at checkout,
	// the conversation not being tied to a customer yet.
	Unverified bool
	VIP        bool
	Orders     []order.Order // newest first
	Cart       *cart.Cart
}

var languageNames = map[string]string{"en": "English", "nl": "Dutch", "ms": "Malay", "zh": "Chinese", "nb": "Norwegian", "hy": "Armenian"}

var reasonText = map[string]string{
	ReasonRequested:     "the shopper asked for a person",
	ReasonLowConfidence: "the bot did not understand several messages in a row",
	ReasonRule:          "a hand-off rule matched",
	ReasonFrustration:   "the shopper seems frustrated",
	ReasonComplaint:     "the shopper has a complaint",
}

// Summary writes what an agent reads first, in English (the team's
// language), as plain text. It is never empty: a conversation with nothing
// known still says why it came and in which language.
func Summary(f Facts) string {
	var b strings.Builder
	c := f.Conversation
	why := reasonText[f.Reason]
	if why == "" {
		why = f.Reason
	}
	if f.Topic != "" {
		why += " (topic: " + f.Topic + ")"
	}
	fmt.Fprintf(&b, "Why: %s.\n", why)

	var intents []string
	var lastWords []string
	fallbacks, shopperTurns := 0, 0
	var quoted []string
	for _, m := range f.Messages {
		switch m.From {
		case conversation.FromShopper:
			shopperTurns++
			text := strings.TrimSpace(m.Text)
			if text != "" {
				lastWords = append(lastWords, text)
			}
			if m.NLU != nil && m.NLU.Intent != "" && !slices.Contains([]string{"greet", "thanks", "affirm", "deny", "out_of_scope"}, m.NLU.Intent) {
				intents = appendUnique(intents, m.NLU.Intent)
			}
		case conversation.FromBot:
			if m.Fallback {
				fallbacks++
			}
			// Articles the bot linked: their slug names the policy quoted.
			if _, rest, ok := strings.Cut(m.URL, "/help/"); ok {
				slug, _, _ := strings.Cut(rest, "?")
				if slug != "" {
					quoted = appendUnique(quoted, "article "+slug)
				}
			}
		}
	}
	if n := len(intents); n > 0 {
		if n > 4 {
			intents = intents[n-4:]
		}
		fmt.Fprintf(&b, "Wants: %s.\n", strings.Join(intents, ", "))
	}
	if n := len(lastWords); n > 0 {
		if n > 3 {
			lastWords = lastWords[n-3:]
		}
		b.WriteString("Their last words:")
		for _, w := range lastWords {
			fmt.Fprintf(&b, "\n  “%s”", clip(w, 200))
		}
		b.WriteString("\n")
	}
	lang := languageNames[c.Language]
	if lang == "" {
		lang = c.Language
	}
	fmt.Fprintf(&b, "Language: %s (%s). Channel: %s.\n", lang, c.Language, c.Channel)

	switch {
	case f.Email != "" || f.Name != "":
		var lifetime money.Money
		paid := 0
		for _, o := range f.Orders {
			if o.PaymentStatus == "paid" || o.PaymentStatus == "refunded" || o.PaymentStatus == "partially_refunded" {
				paid++
				if lifetime.Currency == "" {
					lifetime = money.New(0, o.Total.Currency)
				}
				if o.Total.Currency == lifetime.Currency {
					lifetime.Amount += o.Total.Amount
				}
			}
		}
		name := f.Name
		if name == "" {
			name = "(no name)"
		}
		fmt.Fprintf(&b, "Customer: %s <%s>", name, f.Email)
		if f.Unverified {
			b.WriteString(" (given at checkout, not verified)")
		}
		if f.VIP {
			b.WriteString(", VIP")
		}
		fmt.Fprintf(&b, "; %d orders", len(f.Orders))
		if lifetime.Currency != "" {
			fmt.Fprintf(&b, ", lifetime value %s", lifetime.String())
		}
		b.WriteString(".\n")
	default:
		b.WriteString("Customer: not identified yet.\n")
	}
	if len(f.Orders) > 0 {
		b.WriteString("Recent orders:")
		for i, o := range f.Orders {
			if i == 3 {
				break
			}
			fmt.Fprintf(&b, "\n  #%s %s, %s, payment %s, fulfilment %s", o.Number, o.CreatedAt.Format("2006-01-02"),
				o.Total.String(), o.PaymentStatus, o.FulfillmentStatus)
		}
		b.WriteString("\n")
	}
	if f.Cart != nil && len(f.Cart.Items) > 0 {
		b.WriteString("Cart:")
		for _, it := range f.Cart.Items {
			fmt.Fprintf(&b, "\n  %d × %s (%s) at %s", it.Quantity, it.Title, it.SKU, it.UnitPrice.String())
		}
		sub := f.Cart.Subtotal()
		fmt.Fprintf(&b, "\n  subtotal %s\n", sub.String())
	} else {
		b.WriteString("Cart: empty.\n")
	}
	fmt.Fprintf(&b, "Bot: %d shopper messages, %d not understood", shopperTurns, fallbacks)
	if len(intents) > 0 {
		fmt.Fprintf(&b, "; handled %s", strings.Join(intents, ", "))
	}
	b.WriteString(".")
	if len(quoted) > 0 {
		fmt.Fprintf(&b, "\nQuoted: %s.", strings.Join(quoted, "; "))
	}
	return b.String()
}

func appendUnique(xs []string, x string) []string {
	if i := slices.Index(xs, x); i >= 0 {
		xs = slices.Delete(xs, i, i+1)
	}
	return append(xs, x)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
