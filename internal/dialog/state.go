package dialog

import (
	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// state is what the dialogue remembers between turns; it is stored as JSON
// on the conversation, so a restart or another instance resumes it.
type state struct {
	LastQuery *savedQuery       `json:"last_query,omitempty"`
	Shown     []string          `json:"shown,omitempty"`      // handles of the products last shown, in order
	Focus     string            `json:"focus,omitempty"`      // handle of the product being talked about
	Want      map[string]string `json:"want,omitempty"`       // option values asked for: {"Size": "42"}
	Qty       int               `json:"qty,omitempty"`        // the quantity the shopper asked for, until it is in the cart
	More      bool              `json:"more,omitempty"`       // Qty comes on top of what the cart holds ("2 more")
	QtyText   string            `json:"qty_text,omitempty"`   // the last message that said a number: whether Qty names the product is read there
	LastAdded string            `json:"last_added,omitempty"` // SKU of the cart line changed last, for "make it two"
	Removed   []string          `json:"removed,omitempty"`    // handles the shopper took out of the cart: a "pay" is never read as buying them again (checkout.go)
	Earlier   string            `json:"earlier,omitempty"`    // SKU settled on before another product was added, offered to add too (earlier.go)
	Prior     string            `json:"prior,omitempty"`      // SKU settled on before the talk moved to another product, not in the cart: "both" takes it too (earlier.go)
	PriorOpen string            `json:"prior_open,omitempty"` // handle talked about before the talk moved on, its variant still open: "one of each" asks for it (earlier.go)
	PriorWant map[string]string `json:"prior_want,omitempty"` // what was said for PriorOpen
	// Request is the shopper's last message that asked for something
	// (not an answer to a question); Said keeps, per cart line, the words
	// the shopper asked for it with, so "take the X out" finds the line
	// by their own word for it when the shop cannot read it (cart_edit.go).
	Request string            `json:"request,omitempty"`
	Said    map[string]string `json:"said,omitempty"`
	// Multi are things asked for together (multi.go); MultiAdding: they
	// are going into the cart one question at a time.
	Multi       []multiItem `json:"multi,omitempty"`
	MultiAdding bool        `json:"multi_adding,omitempty"`
	// Repeated counts turns in a row whose reply was word for word the
	// one before (Reply is its hash): the loop guard's memory.
	Reply    uint64         `json:"reply,omitempty"`
	Repeated int            `json:"repeated,omitempty"`
	Ask      string         `json:"ask,omitempty"`   // the contract's input field the bot waits for
	After    string         `json:"after,omitempty"` // the skill to resume once it is answered
	Checkout *checkoutState `json:"checkout,omitempty"`
	Misses   int            `json:"misses,omitempty"` // answers in a row that did not fit the question
	// Among are the products the open "which product?" question offers
	// (which_product.go).
	Among []string `json:"among,omitempty"`
	// Order questions: the number being asked about, the numbers this
	// conversation has proved are its own, and failed proofs so far.
	OrderNumber    string   `json:"order_number,omitempty"`
	OrderSkill     string   `json:"order_skill,omitempty"` // what the shopper wants to do with it (see orderSkills)
	Verified       []string `json:"verified,omitempty"`
	VerifyFailures int      `json:"verify_failures,omitempty"`
	// ActOn is the verified order an after-sale question is about (a
	// cancellation to confirm, an address change to receive).
	ActOn string `json:"act_on,omitempty"`
	// Return is a return or exchange being put together (returns.go).
	Return *returnState `json:"return,omitempty"`
	// Handoff is what the hand-off triggers remember (handoff.go).
	Handoff *handoffState `json:"handoff,omitempty"`
	// Verify is the one-time code being proved (verify.go).
	Verify *verifyState `json:"verify,omitempty"`
	// Reco is what selling remembers (crosssell.go, bundle.go).
	Reco *recoState `json:"reco,omitempty"`
	// Usual is the usual size offered with the last list (preferences.go).
	Usual *usualOffer `json:"usual,omitempty"`
}

type checkoutState struct {
	Email       string           `json:"email,omitempty"`
	Name        string           `json:"name,omitempty"`
	Phone       string           `json:"phone,omitempty"` // typed along with another answer (checkout_answers.go)
	Address     *address.Address `json:"address,omitempty"`
	Option      string           `json:"option,omitempty"`
	OrderNumber string           `json:"order_number,omitempty"`
	UsePoints   bool             `json:"use_points,omitempty"` // spend loyalty points (loyalty.go)
	Store       string           `json:"store,omitempty"`      // the store to pick up in (pickup.go)
	// PayNext: the shopper asked to pay while a product waited for a size
	// or colour; once it is in the cart the checkout goes on by itself.
	PayNext bool `json:"pay_next,omitempty"`
}

type savedQuery struct {
	Text     string            `json:"text,omitempty"`
	Type     string            `json:"type,omitempty"`
	Vendor   string            `json:"vendor,omitempty"`
	Tags     []string          `json:"tags,omitempty"`
	Options  map[string]string `json:"options,omitempty"`
	MaxPrice int64             `json:"max_price,omitempty"`
	MinPrice int64             `json:"min_price,omitempty"`
	Sort     string            `json:"sort,omitempty"`
	Offset   int               `json:"offset,omitempty"`
	InStock  bool              `json:"in_stock,omitempty"`
	ByFit    bool              `json:"by_fit,omitempty"` // a kind's list ordered by the words (discover): "more" pages it alike
	// Said is the shopper's message the search was made of, as typed: its
	// words the catalogue does not read still tell the listed products
	// apart later (which_product.go).
	Said string `json:"said,omitempty"`
}

func save(q catalog.Query) *savedQuery {
	s := &savedQuery{Text: q.Text, Type: q.Type, Vendor: q.Vendor, Tags: q.Tags, Options: q.Options, Sort: q.Sort, Offset: q.Offset, InStock: q.InStock, ByFit: q.ByFit}
	if q.MaxPrice != nil {
		s.MaxPrice = q.MaxPrice.Amount
	}
	if q.MinPrice != nil {
		s.MinPrice = q.MinPrice.Amount
	}
	return s
}

func (s *savedQuery) query(currency string) catalog.Query {
	q := catalog.Query{Text: s.Text, Type: s.Type, Vendor: s.Vendor, Tags: s.Tags, Options: s.Options, Sort: s.Sort, Offset: s.Offset, InStock: s.InStock, ByFit: s.ByFit}
	if s.MaxPrice > 0 {
		m := money.New(s.MaxPrice, currency)
		q.MaxPrice = &m
	}
	if s.MinPrice > 0 {
		m := money.New(s.MinPrice, currency)
		q.MinPrice = &m
	}
	return q
}

// inputType is the keyboard a channel should show for a field.
func inputType(field string) string {
	switch field {
	case "email", "order_email":
		return "email"
	case "order_number":
		return "number"
	case "phone":
		return "phone"
	case "shipping_address":
		return "address"
	case "quantity", "verification_code":
		return "number"
	case "size", "color", "shipping_option", "product", "remove_which", "confirm",
		"return_item", "return_reason", "return_method", "pickup_slot", "rating", "pickup_store":
		return "choice"
	}
	return "text"
}

// fieldName is the contract's name of what the bot asks for.
func fieldName(ask string) string {
	if ask == "order_email" {
		return "email"
	}
	return ask
}
