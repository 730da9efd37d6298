package inbox

import (
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Rules are the retailer's reasons to hand a conversation to a person, on
// top of the shopper asking for one.
type Rules struct {
	// Topics are keyword lists per language; a shopper message containing
	// one of them goes to a person, routed to agents with that topic skill.
	Topics []TopicRule `json:"topics"`
	// Intents that always go to a person, e.g. "complaint".
	Intents []string `json:"intents"`
	// ValueAbove hands off shoppers whose cart or whose order asked about
	// is worth more than this.
	ValueAbove *money.Money `json:"value_above,omitempty"`
	// VIPEmails are customers who always get a person when they ask
	// anything beyond small talk.
	VIPEmails []string `json:"vip_emails"`
	// LowConfidence: Offer turns in a row below Threshold offer a person,
	// HandOff turns hand off.
	LowConfidence LowConfidence `json:"low_confidence"`
	// Frustration enables hand-off on repeated rephrasing or strong words.
	Frustration bool `json:"frustration"`
}

// TopicRule is one topic and its words per language.
type TopicRule struct {
	Topic    string              `json:"topic"`
	Keywords map[string][]string `json:"keywords"`
}

// LowConfidence configures the low-confidence trigger.
type LowConfidence struct {
	Threshold float64 `json:"threshold"`
	Offer     int     `json:"offer"`
	HandOff   int     `json:"handoff"`
}

// DefaultRules are what a new shop starts with: fraud claims go to a
// person, two unclear turns offer one and three hand off.
func DefaultRules() Rules {
	return Rules{
		Topics: []TopicRule{{Topic: "fraud", Keywords: map[string][]string{
			"en": {"fraud", "scam", "scammed", "stolen card", "chargeback", "unauthorised charge", "unauthorized charge"},
			"nl": {"fraude", "oplichting", "opgelicht", "gestolen kaart", "terugboeking"},
			"ms": {"penipuan", "ditipu", "kad dicuri", "caj tanpa kebenaran"},
			"zh": {"欺诈", "诈骗", "被骗", "盗刷"},
			"nb": {"svindel", "svindlet", "bedrageri", "stjålet kort"},
			"hy": {"խարդախություն", "խաբեցին", "գողացված քարտ"},
		}}},
		Intents:       []string{},
		VIPEmails:     []string{},
		LowConfidence: LowConfidence{Threshold: 0.45, Offer: 2, HandOff: 3},
		Frustration:   true,
	}
}

// Validate checks rules a retailer sent and fills defaults.
func (r *Rules) Validate(languages []string) error {
	known := map[string]bool{}
	for _, l := range languages {
		known[l] = true
	}
	for i, t := range r.Topics {
		t.Topic = strings.TrimSpace(t.Topic)
		if t.Topic == "" {
			return fmt.Errorf("%w: topic %d has no name", ErrInvalid, i+1)
		}
		for lang, words := range t.Keywords {
			if !known[lang] {
				return fmt.Errorf("%w: topic %q: unknown language %q", ErrInvalid, t.Topic, lang)
			}
			for _, w := range words {
				if strings.TrimSpace(w) == "" || len(w) > 100 {
					return fmt.Errorf("%w: topic %q: keywords must have 1 to 100 characters", ErrInvalid, t.Topic)
				}
			}
		}
		r.Topics[i] = t
	}
	if r.ValueAbove != nil && r.ValueAbove.Amount <= 0 {
		return fmt.Errorf("%w: value_above must be positive", ErrInvalid)
	}
	lc := &r.LowConfidence
	if lc.Threshold == 0 && lc.Offer == 0 && lc.HandOff == 0 {
		*lc = DefaultRules().LowConfidence
	}
	if lc.Threshold < 0 || lc.Threshold > 1 {
		return fmt.Errorf("%w: low_confidence.threshold must be between 0 and 1", ErrInvalid)
	}
	if lc.HandOff < 0 || lc.Offer < 0 || (lc.HandOff > 0 && lc.Offer > lc.HandOff) {
		return fmt.Errorf("%w: low_confidence.offer must be at most low_confidence.handoff", ErrInvalid)
	}
	for i, e := range r.VIPEmails {
		r.VIPEmails[i] = strings.ToLower(strings.TrimSpace(e))
	}
	if r.Intents == nil {
		r.Intents = []string{}
	}
	if r.VIPEmails == nil {
		r.VIPEmails = []string{}
	}
	if r.Topics == nil {
		r.Topics = []TopicRule{}
	}
	return nil
}

// VIP reports whether an e-mail is on the VIP list.
func (r Rules) VIP(email string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return false
	}
	for _, e := range r.VIPEmails {
		if e == email {
			return true
		}
	}
	return false
}

// HasIntent reports whether intent is one the retailer hands off.
func (r Rules) HasIntent(intent string) bool {
	for _, i := range r.Intents {
		if i == intent {
			return true
		}
	}
	return false
}
