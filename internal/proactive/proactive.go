// Package proactive decides whether a message the shop sends on its own may
// go now: consent per purpose (service messages about the shopper's own
// orders versus marketing), quiet hours in the shopper's time zone and a
// daily cap on marketing. It is a pure function of the facts it is given;
// the queue that holds waiting messages lives in the store (app/proactive.go
// runs it).
package proactive

import (
	"time"
	_ "time/tzdata" // shoppers' zones must resolve on machines without tzdata
)

// Kinds of proactive message (the contract's "proactive").
const (
	CartRecovery  = "cart_recovery"
	BackInStock   = "back_in_stock"
	PriceDrop     = "price_drop"
	OrderUpdate   = "order_update"
	ReviewRequest = "review_request"
	// NewArrival is this project's extension of the contract's list: new
	// products for shoppers who opted in to marketing, at most one a day.
	NewArrival = "new_arrival"
)

// Purposes a shopper consents to (as privacy.PurposeService/Marketing).
const (
	Service   = "service"
	Marketing = "marketing"
)

// Purpose is what a kind of message is for: updates about the shopper's
// own order are service; everything that tries to sell is marketing.
func Purpose(kind string) string {
	if kind == OrderUpdate {
		return Service
	}
	return Marketing
}

// Rules are the shop's settings.
type Rules struct {
	// QuietStart and QuietEnd are offsets from local midnight; marketing
	// waits while the shopper's clock is in [start, end), which may wrap
	// midnight. Equal: no quiet hours.
	QuietStart, QuietEnd time.Duration
	// PerDay caps marketing messages per conversation in any 24 hours; 0:
	// no cap.
	PerDay int
	// Zone is the shop's time zone (SHOPKEEPER_TIMEZONE), used when the
	// shopper's is not known; nil: no quiet hours for shoppers of unknown zone.
	Zone *time.Location
}

// Facts are what is known of the conversation when a message is due.
type Facts struct {
	// MarketingWithdrawn: the shopper's latest word on marketing was "no"
	// (for instance "stop" in the chat).
	MarketingWithdrawn bool
	// WithPerson: a colleague owns the conversation; the bot stays quiet.
	WithPerson bool
	// Recent are the times of the marketing messages the conversation got
	// in the 24 hours before now.
	Recent []time.Time
	// Country is the shopper's country (ISO 3166 alpha-2) when known, from
	// the address of their latest order.
	Country string
}

// Decision is what to do with a due message.
type Decision struct {
	Send bool
	// Drop, when not empty, says why the message is never sent.
	Drop string
	// Until is when a held message is due again (neither Send nor Drop).
	Until time.Time
	// Held says why it waits: quiet_hours or daily_cap.
	Held string
}

// Reasons a message is dropped or held.
const (
	DropNoConsent = "no_consent"
	DropPerson    = "with_person"
	HeldQuiet     = "quiet_hours"
	HeldCap       = "daily_cap"
)

// Decide says whether a message of kind may go at now. Service messages
// always go (a person who pays expects to hear about the order, and "stop"
// keeps those by contract); marketing obeys consent, the colleague who owns
// the chat, the daily cap and quiet hours, in that order.
func (r Rules) Decide(kind string, now time.Time, f Facts) Decision {
	if Purpose(kind) == Service {
		return Decision{Send: true}
	}
	if f.MarketingWithdrawn {
		return Decision{Drop: DropNoConsent}
	}
	if f.WithPerson {
		return Decision{Drop: DropPerson}
	}
	if r.PerDay > 0 {
		var recent []time.Time
		for _, t := range f.Recent {
			if now.Sub(t) < 24*time.Hour {
				recent = append(recent, t)
			}
		}
		if len(recent) >= r.PerDay {
			// The next may go when the oldest of them is a day old.
			oldest := recent[0]
			for _, t := range recent {
				if t.Before(oldest) {
					oldest = t
				}
			}
			return Decision{Until: oldest.Add(24 * time.Hour), Held: HeldCap}
		}
	}
	if end, quiet := r.quietUntil(now, r.ZoneOf(f.Country)); quiet {
		return Decision{Until: end, Held: HeldQuiet}
	}
	return Decision{Send: true}
}

// ZoneOf is the time zone quiet hours are read in: the country's when it
// has one zone we know, else the shop's when the retailer named it; nil
// when neither is known: then nobody knows when the shopper's night is,
// and no quiet hours are guessed (a guess would hold messages for half a
// day in the shopper's afternoon).
func (r Rules) ZoneOf(country string) *time.Location {
	if name, ok := zones[country]; ok {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return r.Zone
}

// quietUntil reports whether now is in quiet hours in loc, and when they end.
func (r Rules) quietUntil(now time.Time, loc *time.Location) (time.Time, bool) {
	if r.QuietStart == r.QuietEnd || loc == nil {
		return time.Time{}, false
	}
	local := now.In(loc)
	midnight := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	// Daylight-saving days are 23 or 25 hours long; reading the clock
	// instead of the time since midnight keeps 21:00 at 21:00.
	at := time.Duration(local.Hour())*time.Hour + time.Duration(local.Minute())*time.Minute + time.Duration(local.Second())*time.Second
	in := false
	if r.QuietStart < r.QuietEnd {
		in = at >= r.QuietStart && at < r.QuietEnd
	} else {
		in = at >= r.QuietStart || at < r.QuietEnd
	}
	if !in {
		return time.Time{}, false
	}
	h, m := int(r.QuietEnd/time.Hour), int(r.QuietEnd%time.Hour/time.Minute)
	end := time.Date(midnight.Year(), midnight.Month(), midnight.Day(), h, m, 0, 0, loc)
	if !end.After(local) {
		end = time.Date(midnight.Year(), midnight.Month(), midnight.Day()+1, h, m, 0, 0, loc)
	}
	return end, true
}

// zones are the countries with one time zone that shoppers most likely
// write from: the launch markets first. A country with several zones (US,
// AU, RU, BR…) is not listed, so the shop's zone is used for it.
var zones = map[string]string{
	"NL": "Europe/Amsterdam", "MY": "Asia/Kuala_Lumpur", "CN": "Asia/Shanghai", "NO": "Europe/Oslo",
	"AM": "Asia/Yerevan", "BE": "Europe/Brussels", "DE": "Europe/Berlin", "FR": "Europe/Paris",
	"GB": "Europe/London", "IE": "Europe/Dublin", "LU": "Europe/Luxembourg", "DK": "Europe/Copenhagen",
	"SE": "Europe/Stockholm", "FI": "Europe/Helsinki", "AT": "Europe/Vienna", "CH": "Europe/Zurich",
	"IT": "Europe/Rome", "ES": "Europe/Madrid", "PL": "Europe/Warsaw", "SG": "Asia/Singapore",
	"HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "TH": "Asia/Bangkok",
	"GE": "Asia/Tbilisi", "IS": "Atlantic/Reykjavik",
}

// Queued is a proactive message waiting in the store's queue.
type Queued struct {
	ID             int64
	Kind           string
	Ref            string // what it is about; (Kind, Ref) is queued once
	ConversationID string
	CartID         int64 // a cart recovery's cart
	Purpose        string
	Data           Data
	DueAt          time.Time
}

// Data is what composing the message needs, kept with it while it waits.
type Data struct {
	SKU    string `json:"sku,omitempty"`
	Was    int64  `json:"was,omitempty"`    // a price drop's old price, minor units
	Order  string `json:"order,omitempty"`  // an order's number
	Basket string `json:"basket,omitempty"` // when the cart's oldest line was added
	// Products are a new-arrival message's products (handles), best first.
	Products []string `json:"products,omitempty"`
}

// Abandoned is a cart left with things in it.
type Abandoned struct {
	CartID         int64
	ConversationID string // the cart's conversation, or its customer's latest
	CustomerID     int64
	Basket         time.Time // when its oldest line was added
}

// Record is one queued message as it stands, for the admin and tests.
type Record struct {
	Kind      string     `json:"kind"`
	Status    string     `json:"status"` // pending, sent, dropped
	Reason    string     `json:"reason,omitempty"`
	DueAt     time.Time  `json:"due_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	ClickedAt *time.Time `json:"clicked_at,omitempty"`
	OrderID   int64      `json:"order_id,omitempty"`
}
