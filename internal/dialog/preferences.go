package dialog

import (
	"context"
	_ "embed"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/preference"
)

// Preferences are a returning customer's saved sizes, colours and brands
// (internal/preference). The dialogue reads and writes them only for the
// customer the conversation proved it speaks for (t.c.CustomerID, set by
// internal/identity): a typed e-mail never opens anyone's.
type Preferences interface {
	Usual(ctx context.Context, customerID int64, kind, scope string) (string, bool, error)
	Saved(ctx context.Context, customerID int64) ([]preference.Preference, error)
	Clear(ctx context.Context, customerID int64, kind string) (int, error)
	State(ctx context.Context, customerID int64, kind, scope, value string) error
	Noticed(ctx context.Context, customerID int64, kind, value string) error
}

// prefWords are the words that tell a question about saved preferences or
// points from a help question within the account intent, in six languages.
//
//go:embed preferences.json
var prefWordsJSON []byte

var prefWords struct {
	Sizes     []string `json:"sizes"`
	Colours   []string `json:"colours"`
	Brands    []string `json:"brands"`
	All       []string `json:"all"`
	Saved     []string `json:"saved"`
	Forget    []string `json:"forget"`
	Points    []string `json:"points"`
	UsePoints []string `json:"use_points"`
}

func init() {
	if err := json.Unmarshal(prefWordsJSON, &prefWords); err != nil {
		panic("dialog preference words: " + err.Error()) // embedded data: a bug, caught by every test
	}
}

// usualOffer is the usual size offered with a list of one kind, so that a
// plain "yes" takes it.
type usualOffer struct {
	Type string `json:"type"`
	Size string `json:"size"`
}

// accountSkill answers the account questions the shop itself can: what is
// saved about the shopper and forgetting it, their loyalty points; the
// rest are help questions.
func (b *Bot) accountSkill(t *turn, intent string) error {
	text := t.res.Text
	if b.Loyalty.On() && anyOf(text, prefWords.UsePoints) && t.st.Checkout != nil {
		return b.usePoints(t)
	}
	if b.Loyalty.On() && anyOf(text, prefWords.Points) {
		return b.pointsBalance(t)
	}
	if kinds, all := prefTopics(text); b.Preferences != nil && (all || len(kinds) > 0) {
		if anyOf(text, prefWords.Forget) {
			return b.forgetPreferences(t, kinds, all)
		}
		if all || anyOf(text, prefWords.Saved) {
			return b.showPreferences(t, kinds, all)
		}
	}
	return b.faq(t, intent)
}

// prefTopics are the kinds of preference the text is about; all when it
// names preferences as a whole.
func prefTopics(text string) (kinds []string, all bool) {
	for _, k := range []struct {
		kind  string
		words []string
	}{{preference.Size, prefWords.Sizes}, {preference.Colour, prefWords.Colours}, {preference.Brand, prefWords.Brands}} {
		if anyOf(text, k.words) {
			kinds = append(kinds, k.kind)
		}
	}
	return kinds, anyOf(text, prefWords.All)
}

// showPreferences lists what is saved: the usual size per kind of product,
// the colours and brands bought or asked for most.
func (b *Bot) showPreferences(t *turn, kinds []string, all bool) error {
	if t.c.CustomerID == 0 {
		b.say(t, "preferences.verify_first")
		return nil
	}
	saved, err := b.Preferences.Saved(t.ctx, t.c.CustomerID)
	if err != nil {
		return err
	}
	want := func(kind string) bool { return all || len(kinds) == 0 || slices.Contains(kinds, kind) }
	var lines []string
	seen := map[string]bool{}
	counts := map[string]int{}
	for _, p := range saved {
		if !want(p.Kind) || seen[p.Kind+"|"+p.Scope] && p.Kind == preference.Size || counts[p.Kind] >= 3 {
			continue
		}
		seen[p.Kind+"|"+p.Scope] = true
		counts[p.Kind]++
		switch p.Kind {
		case preference.Size:
			lines = append(lines, b.Messages.T(t.lang, "preferences.line_size", "kind", p.Scope, "size", p.Value))
		case preference.Colour:
			lines = append(lines, b.Messages.T(t.lang, "preferences.line_colour", "colour", p.Value))
		case preference.Brand:
			lines = append(lines, b.Messages.T(t.lang, "preferences.line_brand", "brand", p.Value))
		}
	}
	if len(lines) == 0 {
		b.say(t, "preferences.none")
		return nil
	}
	m := b.say(t, "preferences.saved", "list", strings.Join(lines, "\n"))
	forget := "all"
	if !all && len(kinds) == 1 {
		forget = kinds[0]
	}
	m.Options = []conversation.Option{b.option(t, "preferences.option_forget."+forget, "prefs:forget:"+forget)}
	return nil
}

// forgetPreferences clears what the shopper asked to forget.
func (b *Bot) forgetPreferences(t *turn, kinds []string, all bool) error {
	if t.c.CustomerID == 0 {
		b.say(t, "preferences.verify_first")
		return nil
	}
	if all || len(kinds) == 0 {
		kinds = []string{""}
	}
	n := 0
	for _, k := range kinds {
		c, err := b.Preferences.Clear(t.ctx, t.c.CustomerID, k)
		if err != nil {
			return err
		}
		n += c
	}
	t.st.Usual = nil
	if n == 0 {
		b.say(t, "preferences.nothing_to_forget")
		return nil
	}
	what := "all"
	if len(kinds) == 1 && kinds[0] != "" {
		what = kinds[0]
	}
	b.say(t, "preferences.forgotten."+what)
	return nil
}

// ownPayload handles the buttons of this skill and the loyalty one:
// "prefs:usual:<size>", "prefs:forget:<kind>", "points:use".
func (b *Bot) ownPayload(t *turn, kind, arg string) error {
	if kind == "points" {
		return b.usePoints(t)
	}
	what, value, _ := strings.Cut(arg, ":")
	switch what {
	case "usual":
		return b.takeUsual(t, value)
	case "forget":
		switch value {
		case preference.Size, preference.Colour, preference.Brand:
			return b.forgetPreferences(t, []string{value}, false)
		}
		return b.forgetPreferences(t, nil, true)
	}
	b.fallback(t)
	return nil
}

// offerUsual puts "your usual 43?" first among a list's quick replies when
// a proven customer asked for a kind of product without a size and has a
// usual one for it that something on the list comes in; and remembers a
// size or colour the customer asked for as theirs.
func (b *Bot) offerUsual(t *turn, q catalog.Query, ps []catalog.Product, cards *conversation.Message) {
	t.st.Usual = nil
	if b.Preferences == nil || t.c.CustomerID == 0 || len(ps) == 0 {
		return
	}
	kind := q.Type
	if kind == "" {
		kind = oneType(ps)
	}
	if size, ok := catalog.OptionValue(q.Options, "size"); ok {
		// Said by the proven customer: their size for this kind now.
		if err := b.Preferences.State(t.ctx, t.c.CustomerID, preference.Size, kind, size); err != nil {
			slog.WarnContext(t.ctx, "remember a stated size", "conversation", t.c.ID, "err", err)
		}
		return
	}
	if colour, ok := catalog.OptionValue(q.Options, "color"); ok {
		if err := b.Preferences.Noticed(t.ctx, t.c.CustomerID, preference.Colour, colour); err != nil {
			slog.WarnContext(t.ctx, "remember an asked colour", "conversation", t.c.ID, "err", err)
		}
	}
	if kind == "" {
		return
	}
	size, ok, err := b.Preferences.Usual(t.ctx, t.c.CustomerID, preference.Size, kind)
	if err != nil {
		// The offer is a courtesy: the list stands without it.
		slog.WarnContext(t.ctx, "read the usual size", "conversation", t.c.ID, "err", err)
		return
	}
	if !ok || !comesIn(ps, size) {
		return
	}
	t.st.Usual = &usualOffer{Type: kind, Size: size}
	cards.Options = append([]conversation.Option{b.option(t, "preferences.usual_size", "prefs:usual:"+size, "size", size)}, cards.Options...)
}

// oneType is the product type all of ps share, or "".
func oneType(ps []catalog.Product) string {
	kind := ps[0].Type
	for _, p := range ps[1:] {
		if !strings.EqualFold(p.Type, kind) {
			return ""
		}
	}
	return kind
}

// comesIn reports whether any of ps has size in stock.
func comesIn(ps []catalog.Product, size string) bool {
	for _, p := range ps {
		for _, v := range p.Variants {
			if s, ok := catalog.OptionValue(v.Options, "size"); ok && v.Stock > 0 && strings.EqualFold(strings.TrimSpace(s), size) {
				return true
			}
		}
	}
	return false
}

// usualPending reports whether the bot's last list offered the usual size
// and nothing since has chosen another: then "yes" takes it.
func usualPending(t *turn) bool {
	u, q := t.st.Usual, t.st.LastQuery
	if u == nil || q == nil || t.st.Ask != "" {
		return false
	}
	_, sized := catalog.OptionValue(q.Options, "size")
	return !sized
}

// takeUsual narrows the last list to the usual size; it stays chosen for
// adding to the cart ("add it", "the first one").
func (b *Bot) takeUsual(t *turn, size string) error {
	t.st.Usual = nil
	if t.st.LastQuery == nil || strings.TrimSpace(size) == "" {
		b.fallback(t)
		return nil
	}
	q := t.st.LastQuery.query(b.Currency)
	opts := map[string]string{}
	for k, v := range q.Options {
		opts[k] = v
	}
	opts["Size"] = size
	q.Options, q.Offset = opts, 0
	return b.search(t, q)
}

// accountReading reads a message about saved preferences or loyalty points
// as the account question it is, whatever the NLU guessed: its words are
// rare in shopping talk ("what sizes do you have saved for me?", "forget
// my sizes", "how many points do I have?"), while the NLU, taught none of
// them, reads them as a search or the cart. A message naming a kind,
// brand, size or colour, or a product by any other word than "points",
// stays with the NLU's guess ("do you have the Match Point dress?").
func (b *Bot) accountReading(t *turn) bool {
	if t.res.Intent.Name == "account" && t.res.Intent.Confidence >= b.MinConfidence {
		return false // the skill tells them apart itself; an unsure guess is read by the words below
	}
	for _, e := range t.res.Entities {
		switch e.Entity {
		case "category", "brand", "size", "color", "order_number", "email", "phone", "coupon":
			return false
		case "product":
			if !slices.ContainsFunc(prefWords.Points, func(w string) bool { return fold.String(w) == fold.String(e.Text) }) {
				return false
			}
		}
	}
	text := t.res.Text
	if b.Loyalty.On() && anyOf(text, prefWords.Points) {
		return true
	}
	if b.Preferences == nil {
		return false
	}
	kinds, all := prefTopics(text)
	return all || len(kinds) > 0 && (anyOf(text, prefWords.Saved) || anyOf(text, prefWords.Forget))
}
