package dialog

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// shopFacts answers a question about the shop from its own settings when no
// help article fits: a shop without a shipping article still has shipping
// rules, a return policy and a payment gateway, and the shopper deserves
// those facts rather than "I don't know". It reports whether it answered.
func (b *Bot) shopFacts(t *turn, intent string) bool {
	switch intent {
	case "shipping_info":
		return b.shippingFacts(t)
	case "payment_methods":
		return b.paymentFacts(t)
	case "store_policy":
		// A question about returns (or just "your policy?") gets the return
		// policy; other rules without an article an honest "I don't know".
		if mentionsStem(t.res.Text, lexicon.Facts["returns"]) || vague(t.res.Text) && !anyOf(t.res.Text, lexicon.PrivacyWarranty) {
			return b.returnFacts(t)
		}
	}
	return false
}

// languageCountry is the country a shopper writing in a language most
// likely ships to, when they name none: the rules of that country are the
// useful first answer ("berapa kos penghantaran?" → Malaysia).
var languageCountry = map[string]string{"nl": "NL", "ms": "MY", "zh": "CN", "nb": "NO", "hy": "AM"}

func (b *Bot) shippingFacts(t *turn) bool {
	if b.Shipping == nil {
		return false
	}
	country := b.countryNamed(t.res.Text)
	if country == "" {
		country = b.Country
		if c, ok := languageCountry[t.lang]; ok {
			if _, own := b.Shipping.Rates(c); own {
				country = c
			}
		}
	}
	rates, _ := b.Shipping.Rates(country)
	if len(rates) == 0 {
		return false
	}
	lines := make([]string, 0, len(rates))
	for _, r := range rates {
		lines = append(lines, b.rateLine(t, r))
	}
	b.say(t, "facts.shipping", "country", countryName(t.lang, country), "options", strings.Join(lines, "\n"))
	b.say(t, "facts.shipping_elsewhere")
	return true
}

func (b *Bot) rateLine(t *turn, r fulfilment.Rate) string {
	days := strconv.Itoa(r.MinDays)
	if r.MaxDays != r.MinDays {
		days += "–" + strconv.Itoa(r.MaxDays)
	}
	price := b.Messages.T(t.lang, "facts.free")
	if r.Price.Amount > 0 {
		price = i18n.Money(t.lang, r.Price)
	}
	method := b.Messages.T(t.lang, "shipping."+r.Code)
	if r.FreeOver != nil && r.Price.Amount > 0 {
		return b.Messages.T(t.lang, "facts.rate_free_over", "method", method, "price", price, "free", i18n.Money(t.lang, *r.FreeOver), "days", days)
	}
	return b.Messages.T(t.lang, "facts.rate", "method", method, "price", price, "days", days)
}

// countryNamed finds a country with shipping rules of its own named in the
// text, in any of the six languages ("Maleisië", "马来西亚", "Հայաստան").
func (b *Bot) countryNamed(text string) string {
	for _, code := range b.Shipping.Countries() {
		region, err := language.ParseRegion(code)
		if err != nil {
			continue
		}
		for _, lang := range launchLanguages {
			if name := display.Regions(language.Make(lang)).Name(region); name != "" && contains(text, name) {
				return code
			}
		}
	}
	return ""
}

var launchLanguages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

// countryName is a country's name in the shopper's language (CLDR's names,
// shipped with golang.org/x/text: data, not translation at run time).
func countryName(lang, code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(lang)).Name(region); name != "" {
		return name
	}
	return code
}

func (b *Bot) returnFacts(t *turn) bool {
	if b.Returns == nil {
		return false
	}
	p := b.Returns.Policy()
	if p.WindowDays <= 0 {
		return false
	}
	b.say(t, "facts.returns", "days", p.WindowDays)
	if excluded := append(append([]string{}, p.ExcludedTypes...), p.ExcludedTags...); len(excluded) > 0 {
		b.say(t, "facts.returns_excluded", "items", strings.Join(excluded, ", "))
	}
	switch p.ReturnShipping {
	case returns.ShippingPaidByShop:
		b.say(t, "facts.returns_postage_shop")
	case returns.ShippingPaidByShopper:
		b.say(t, "facts.returns_postage_shopper")
	}
	b.say(t, "facts.returns_how")
	return true
}

func (b *Bot) paymentFacts(t *turn) bool {
	if b.Payments == nil {
		return false
	}
	switch b.Payments.Gateway() {
	case "stripe":
		b.say(t, "facts.payment_card")
	case "test":
		b.say(t, "facts.payment_test")
	default:
		return false
	}
	return true
}

// mentionsStem is anyOf that also takes inflected forms: a word of the text
// that starts with a one-word entry of five letters or more
// ("veradardzman" for "veradardz", "retourneren" for "retour").
func mentionsStem(text string, phrases []string) bool {
	if anyOf(text, phrases) {
		return true
	}
	for _, w := range fold.Words(text) {
		for _, p := range phrases {
			if !strings.Contains(p, " ") && utf8.RuneCountInString(p) >= 5 && strings.HasPrefix(w, fold.String(p)) {
				return true
			}
		}
	}
	return false
}
