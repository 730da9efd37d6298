// Package analytics turns what the shop has recorded (conversations, their
// messages, orders and payments, hand-offs, ratings) into the retailer's
// figures: containment, conversion, revenue, carts, CSAT and response times,
// by business day in the shop's time zone. Days that can no longer change
// are rolled up once per day, channel and language, so a year of a busy
// shop is read from a few thousand rows instead of millions.
package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// ErrInvalid is returned for a filter that cannot be answered.
var ErrInvalid = errors.New("invalid analytics filter")

// MaxDays bounds one request: two years of days is plenty for a chart and
// keeps a mistyped range from reading the whole history.
const MaxDays = 732

// DateLayout is how days are written in filters and answers.
const DateLayout = "2006-01-02"

// A day is read from the records until Settle after it ended (today, and
// yesterday until 06:00); then it is rolled up. Payments and ratings can
// still arrive for a few days after, so a day rolled up less than Final
// after its end is rolled up again when its rollup is older than Refresh:
// figures of the last week are at most an hour behind, older days are
// final and never read from the records again.
const (
	Settle  = 6 * time.Hour
	Final   = 7 * 24 * time.Hour
	Refresh = time.Hour
)

// Fact is one conversation as the figures need it.
type Fact struct {
	ID        string
	Created   time.Time
	Channel   string
	Language  string
	HandedOff bool  // a person was asked to take over at least once
	Orders    int64 // paid orders placed in the conversation
	Revenue   int64 // their totals, minor units
	Abandoned bool  // a checkout ended unpaid, or the cart was left long enough for a recovery message
	Recovered bool  // ... and a later order of the conversation was paid
	// The shopper's ratings (1–5): how many, their sum, how many were 4 or 5.
	CSATResponses, CSATSum, CSATSatisfied int64
	// FirstResponse is the time from the shopper's first message to the
	// first answer after it (bot or person); Answered is false when the
	// shopper never wrote or nobody answered.
	FirstResponse time.Duration
	Answered      bool
	// Asked is when the shopper's first message came: with FirstResponse
	// it places the wait in the support hours (BusinessTime).
	Asked time.Time
	// Identified: the shopper is a known customer (a verified identity or
	// an order of theirs); Returning: that customer had a conversation or
	// an order before this conversation began.
	Identified, Returning bool
	// Recommendations (products messages that sold: cross_sell,
	// recommendation, bundle): how often shown, tapped or added, and the
	// paid orders holding a recommended sku, with their totals.
	RecShown, RecClicked, RecOrders, RecRevenue int64
	// ProactiveSent counts the messages the shop sent on its own, by kind;
	// ProactiveOrders and ProactiveRevenue are the paid orders placed after
	// the first marketing one.
	ProactiveSent                     map[string]int64
	ProactiveOrders, ProactiveRevenue int64
}

// Row is the figures of one business day, channel and language: what the
// rollup table holds.
type Row struct {
	Day            string
	Channel        string
	Language       string
	Conversations  int64
	Contained      int64
	Handoffs       int64
	Converted      int64 // conversations with a paid order
	Orders         int64
	Revenue        int64
	CartsAbandoned int64
	CartsRecovered int64
	CSATResponses  int64
	CSATSum        int64
	CSATSatisfied  int64
	FirstResponse  Histogram
	// FirstResponseBH is the same wait counted only inside the support
	// hours as they were when the day was summed (Service.BusinessTime).
	FirstResponseBH Histogram
	Identified      int64
	Returning       int64
	// Hours counts the conversations begun in each hour of the row's day
	// in the shop's time zone; Report lays them out by weekday (the heat
	// map). A day's 24 counts rather than the week's 168 keep the rows,
	// which are copied and read by the thousand, small.
	Hours Hours
	// Recommendations and proactive messages (Fact).
	RecShown, RecClicked, RecOrders, RecRevenue int64
	ProactiveSent                               map[string]int64
	ProactiveOrders, ProactiveRevenue           int64
}

// Hours is a count per hour of one day, 00:00–01:00 first.
type Hours [24]int64

func (r *Row) add(f Fact, loc *time.Location, business func(from, to time.Time) time.Duration) {
	r.Conversations++
	r.Hours[f.Created.In(loc).Hour()]++
	if f.Identified {
		r.Identified++
		if f.Returning {
			r.Returning++
		}
	}
	if f.HandedOff {
		r.Handoffs++
	} else {
		r.Contained++
	}
	if f.Orders > 0 {
		r.Converted++
	}
	r.Orders += f.Orders
	r.Revenue += f.Revenue
	if f.Abandoned {
		r.CartsAbandoned++
		if f.Recovered {
			r.CartsRecovered++
		}
	}
	r.CSATResponses += f.CSATResponses
	r.CSATSum += f.CSATSum
	r.CSATSatisfied += f.CSATSatisfied
	if f.Answered {
		r.FirstResponse.Add(f.FirstResponse)
		bh := f.FirstResponse
		if business != nil && !f.Asked.IsZero() {
			bh = business(f.Asked, f.Asked.Add(f.FirstResponse))
		}
		r.FirstResponseBH.Add(bh)
	}
	r.addSelling(f.RecShown, f.RecClicked, f.RecOrders, f.RecRevenue, f.ProactiveSent, f.ProactiveOrders, f.ProactiveRevenue)
}

func (r *Row) addSelling(shown, clicked, orders, revenue int64, sent map[string]int64, proOrders, proRevenue int64) {
	r.RecShown += shown
	r.RecClicked += clicked
	r.RecOrders += orders
	r.RecRevenue += revenue
	for k, n := range sent {
		if n == 0 {
			continue
		}
		if r.ProactiveSent == nil {
			r.ProactiveSent = map[string]int64{}
		}
		r.ProactiveSent[k] += n
	}
	r.ProactiveOrders += proOrders
	r.ProactiveRevenue += proRevenue
}

// merge adds o's figures to r; the hours are not merged, because rows of
// different days have them on different weekdays (see Report).
func (r *Row) merge(o *Row) {
	r.Conversations += o.Conversations
	r.Contained += o.Contained
	r.Handoffs += o.Handoffs
	r.Converted += o.Converted
	r.Orders += o.Orders
	r.Revenue += o.Revenue
	r.CartsAbandoned += o.CartsAbandoned
	r.CartsRecovered += o.CartsRecovered
	r.CSATResponses += o.CSATResponses
	r.CSATSum += o.CSATSum
	r.CSATSatisfied += o.CSATSatisfied
	r.FirstResponse.Merge(o.FirstResponse)
	r.FirstResponseBH.Merge(o.FirstResponseBH)
	r.Identified += o.Identified
	r.Returning += o.Returning
	r.addSelling(o.RecShown, o.RecClicked, o.RecOrders, o.RecRevenue, o.ProactiveSent, o.ProactiveOrders, o.ProactiveRevenue)
}

// Store is the storage the figures are read from and rolled up into.
type Store interface {
	// ConversationFacts calls fn for every conversation created in [from, to).
	ConversationFacts(ctx context.Context, from, to time.Time, fn func(Fact) error) error
	// ConversationFactsOf calls fn for each of the conversations ids.
	ConversationFactsOf(ctx context.Context, ids []string, fn func(Fact) error) error
	// ConversationVersions returns a version per conversation created in
	// [from, to) that changes whenever its facts may have changed.
	ConversationVersions(ctx context.Context, from, to time.Time) (map[string]string, error)
	// RolledUpDays returns the days in [fromDay, toDay] rolled up in zone,
	// with when they were rolled up.
	RolledUpDays(ctx context.Context, fromDay, toDay, zone string) (map[string]time.Time, error)
	// DailyRows returns the rollup rows of the days in [fromDay, toDay].
	DailyRows(ctx context.Context, fromDay, toDay string) ([]Row, error)
	// SaveDays replaces the rollup of days with rows, marking them done.
	SaveDays(ctx context.Context, days []string, zone string, rows []Row) error
	TeamStore
}

// Filter selects the conversations the figures are about.
type Filter struct {
	From, To time.Time // first and last business day, midnight in the shop's zone
	Channel  string    // "" for all
	Language string    // "" for all
}

// ParseFilter reads a filter from the request's words: days as YYYY-MM-DD
// in loc, both included.
func ParseFilter(from, to, channel, language string, loc *time.Location) (Filter, error) {
	var f Filter
	var err error
	if f.From, err = time.ParseInLocation(DateLayout, from, loc); err != nil {
		return f, fmt.Errorf("%w: from must be a date YYYY-MM-DD", ErrInvalid)
	}
	if f.To, err = time.ParseInLocation(DateLayout, to, loc); err != nil {
		return f, fmt.Errorf("%w: to must be a date YYYY-MM-DD", ErrInvalid)
	}
	if f.To.Before(f.From) {
		return f, fmt.Errorf("%w: to is before from", ErrInvalid)
	}
	// The span is checked before the days are listed: "0001-01-01" to
	// "9999-12-31" would otherwise build millions of them first.
	if f.To.Sub(f.From) > time.Duration(MaxDays+1)*24*time.Hour || len(days(f.From, f.To)) > MaxDays {
		return f, fmt.Errorf("%w: at most %d days at a time", ErrInvalid, MaxDays)
	}
	if len(channel) > 32 || len(language) > 16 {
		return f, fmt.Errorf("%w: channel or language too long", ErrInvalid)
	}
	f.Channel, f.Language = channel, language
	return f, nil
}

// Service answers the figures.
type Service struct {
	store    Store
	loc      *time.Location
	currency string
	// Rates prices the savings estimate; a zero HourlyCost leaves it out.
	Rates SavingsRates
	// Now is the clock; tests move it.
	Now func() time.Time
	// BusinessTime is how much of a span fell inside the support hours
	// (inbox.Hours.Between with the current settings); nil: the wall
	// clock, as if the team were always there.
	BusinessTime func(from, to time.Time) time.Duration

	// cache keeps rolled-up days' rows in memory, each with the time it
	// was rolled up: the list of rolled-up days is read on every request,
	// so a day rolled up again (here or on another instance) is read again
	// and an unchanged one never is.
	mu    sync.Mutex
	cache map[string]cachedDay
	// open keeps the facts of the conversations of the days still read
	// from the records (today), each with its version: a request reads
	// only the conversations that changed since the last one.
	open map[string]versionedFact
}

type versionedFact struct {
	version string
	fact    Fact
}

type cachedDay struct {
	at   time.Time
	rows []Row
}

// NewService makes the analytics service for a shop in loc selling in currency.
func NewService(store Store, loc *time.Location, currency string) *Service {
	if loc == nil {
		loc = time.UTC
	}
	return &Service{store: store, loc: loc, currency: currency, Now: time.Now, cache: map[string]cachedDay{}, open: map[string]versionedFact{}}
}

// Location is the shop's time zone business days are counted in.
func (s *Service) Location() *time.Location { return s.loc }

// Report is the contract's analytics answer.
type Report struct {
	From             string      `json:"from"`
	To               string      `json:"to"`
	Conversations    int64       `json:"conversations"`
	Contained        int64       `json:"contained"`
	ContainmentRate  float64     `json:"containment_rate"`
	Handoffs         int64       `json:"handoffs"`
	Orders           int64       `json:"orders"`
	Revenue          money.Money `json:"revenue"`
	AOV              money.Money `json:"aov"`
	ConversionRate   float64     `json:"conversion_rate"`
	CartsAbandoned   int64       `json:"carts_abandoned"`
	CartsRecovered   int64       `json:"carts_recovered"`
	CartRecoveryRate float64     `json:"cart_recovery_rate"`
	CSAT             CSAT        `json:"csat"`
	FirstResponseMS  Percentiles `json:"first_response_ms"`
	// FirstResponseBusinessMS is first_response_ms counting only the time
	// inside the support hours (an extension of the contract).
	FirstResponseBusinessMS Percentiles               `json:"first_response_business_hours_ms"`
	ByDay                   []Day                     `json:"by_day"`
	ByChannel               map[string]ChannelFigures `json:"by_channel"`
	// Returning customers: of the conversations with a known customer
	// (identified), those whose customer had come before.
	IdentifiedCustomers int64   `json:"identified_conversations"`
	ReturningCustomers  int64   `json:"returning_conversations"`
	ReturningRate       float64 `json:"returning_customer_rate"`
	// ByHourOfWeek is conversations begun per weekday (Monday first) and
	// hour (0–23) in the shop's time zone: the heat map.
	ByHourOfWeek [7][24]int64 `json:"by_hour_of_week"`
	// Savings estimates what the contained conversations would have cost
	// the team; nil when no cost per hour is known.
	Savings *Savings `json:"savings,omitempty"`
	// Extensions of the contract (issue #13): what selling did.
	Recommendations Recommendations `json:"recommendations"`
	Proactive       Proactive       `json:"proactive"`
}

// Savings is the operational-savings estimate: contained conversations ×
// minutes per conversation × cost of an hour of an agent.
type Savings struct {
	Contained              int64       `json:"contained"`
	MinutesPerConversation int64       `json:"minutes_per_conversation"`
	HourlyCost             money.Money `json:"hourly_cost"`
	Amount                 money.Money `json:"amount"`
	Formula                string      `json:"formula"`
}

// SavingsRates are the two settings of the estimate.
type SavingsRates struct {
	MinutesPerConversation int64
	HourlyCost             int64 // minor units
}

// Estimate is contained × minutes × hourly cost / 60, rounded half up to
// the minor unit in integers.
func (r SavingsRates) Estimate(contained int64, currency string) *Savings {
	amount := divideHalfUp(contained*r.MinutesPerConversation*r.HourlyCost, 60)
	return &Savings{
		Contained: contained, MinutesPerConversation: r.MinutesPerConversation,
		HourlyCost: money.New(r.HourlyCost, currency), Amount: money.New(amount, currency),
		Formula: "contained conversations × minutes per conversation × hourly cost ÷ 60",
	}
}

// Recommendations are the figures of products messages that sold
// (cross_sell, recommendation, bundle): shown, tapped or added, and the
// paid orders of the conversation that hold a recommended sku, with their
// totals as the revenue attributed.
type Recommendations struct {
	Shown            int64       `json:"shown"`
	Clicked          int64       `json:"clicked"`
	ClickThroughRate float64     `json:"click_through_rate"`
	Orders           int64       `json:"orders"`
	Revenue          money.Money `json:"revenue"`
}

// Proactive are the messages the shop sent on its own, by kind, and the
// paid orders placed in their conversations after the first marketing one.
type Proactive struct {
	Sent    map[string]int64 `json:"sent"`
	Orders  int64            `json:"orders"`
	Revenue money.Money      `json:"revenue"`
}

// CSAT is the shoppers' ratings.
type CSAT struct {
	Responses     int64   `json:"responses"`
	Average       float64 `json:"average"`
	SatisfiedRate float64 `json:"satisfied_rate"`
}

// Percentiles of a duration, in milliseconds.
type Percentiles struct {
	P50 int64 `json:"p50"`
	P90 int64 `json:"p90"`
}

// Day is one business day of the chart.
type Day struct {
	Date          string      `json:"date"`
	Conversations int64       `json:"conversations"`
	Contained     int64       `json:"contained"`
	Handoffs      int64       `json:"handoffs"`
	Orders        int64       `json:"orders"`
	Revenue       money.Money `json:"revenue"`
}

// ChannelFigures are one channel's share.
type ChannelFigures struct {
	Conversations int64 `json:"conversations"`
	Orders        int64 `json:"orders"`
}

// Report computes the figures of f. Settled days come from the rollup
// (rolled up now if they were not yet); the last two days are read from
// the records themselves, because they may still change.
func (s *Service) Report(ctx context.Context, f Filter) (*Report, error) {
	rows, err := s.rows(ctx, f.From, f.To)
	if err != nil {
		return nil, err
	}
	byDay := map[string]*Row{}
	var total Row
	channels := map[string]ChannelFigures{}
	var week [7][24]int64
	weekday := map[string]int{} // by day: parsed once, not per row
	for i := range rows {
		r := &rows[i]
		if (f.Channel != "" && r.Channel != f.Channel) || (f.Language != "" && r.Language != f.Language) {
			continue
		}
		total.merge(r)
		wd, ok := weekday[r.Day]
		if !ok {
			wd = (int(s.dayStart(r.Day).Weekday()) + 6) % 7 // Monday first
			weekday[r.Day] = wd
		}
		for h, n := range r.Hours {
			week[wd][h] += n
		}
		d := byDay[r.Day]
		if d == nil {
			d = &Row{Day: r.Day}
			byDay[r.Day] = d
		}
		d.merge(r)
		c := channels[r.Channel]
		c.Conversations += r.Conversations
		c.Orders += r.Orders
		channels[r.Channel] = c
	}
	rep := &Report{
		From: f.From.Format(DateLayout), To: f.To.Format(DateLayout),
		Conversations: total.Conversations, Contained: total.Contained, Handoffs: total.Handoffs,
		ContainmentRate: ratio(total.Contained, total.Conversations),
		Orders:          total.Orders, Revenue: money.New(total.Revenue, s.currency),
		AOV:              money.New(divideHalfUp(total.Revenue, total.Orders), s.currency),
		ConversionRate:   ratio(total.Converted, total.Conversations),
		CartsAbandoned:   total.CartsAbandoned,
		CartsRecovered:   total.CartsRecovered,
		CartRecoveryRate: ratio(total.CartsRecovered, total.CartsAbandoned),
		CSAT: CSAT{Responses: total.CSATResponses, SatisfiedRate: ratio(total.CSATSatisfied, total.CSATResponses),
			Average: round(float64(total.CSATSum)/math.Max(1, float64(total.CSATResponses)), 2)},
		FirstResponseMS: Percentiles{P50: total.FirstResponse.Quantile(0.5).Milliseconds(), P90: total.FirstResponse.Quantile(0.9).Milliseconds()},
		FirstResponseBusinessMS: Percentiles{P50: total.FirstResponseBH.Quantile(0.5).Milliseconds(),
			P90: total.FirstResponseBH.Quantile(0.9).Milliseconds()},
		ByChannel:           channels,
		ByDay:               []Day{},
		IdentifiedCustomers: total.Identified, ReturningCustomers: total.Returning,
		ReturningRate: ratio(total.Returning, total.Identified),
	}
	rep.Recommendations = Recommendations{Shown: total.RecShown, Clicked: total.RecClicked,
		ClickThroughRate: ratio(total.RecClicked, total.RecShown), Orders: total.RecOrders,
		Revenue: money.New(total.RecRevenue, s.currency)}
	rep.Proactive = Proactive{Sent: map[string]int64{}, Orders: total.ProactiveOrders, Revenue: money.New(total.ProactiveRevenue, s.currency)}
	rep.ByHourOfWeek = week
	if s.Rates.HourlyCost > 0 && s.Rates.MinutesPerConversation > 0 {
		rep.Savings = s.Rates.Estimate(total.Contained, s.currency)
	}
	for k, n := range total.ProactiveSent {
		rep.Proactive.Sent[k] = n
	}
	for _, day := range days(f.From, f.To) {
		d := Day{Date: day, Revenue: money.New(0, s.currency)}
		if r := byDay[day]; r != nil {
			d.Conversations, d.Contained, d.Handoffs, d.Orders = r.Conversations, r.Contained, r.Handoffs, r.Orders
			d.Revenue.Amount = r.Revenue
		}
		rep.ByDay = append(rep.ByDay, d)
	}
	return rep, nil
}

// ratio is part/whole rounded to four decimals; 0 when whole is 0. Rates
// are not money, so a float is the natural answer.
func ratio(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return round(float64(part)/float64(whole), 4)
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// divideHalfUp divides money (minor units) by a count, rounding half up to
// the minor unit, in integers: the average order value is money and never
// passes through a float.
func divideHalfUp(amount, n int64) int64 {
	if n <= 0 {
		return 0
	}
	if amount < 0 {
		return -divideHalfUp(-amount, n)
	}
	return (2*amount + n) / (2 * n)
}
