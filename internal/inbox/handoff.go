package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
)

// Plan is what the bot tells a shopper it hands to a person.
type Plan struct {
	Summary   string
	InHours   bool          // the team is working now
	AgentFree bool          // someone can take it at once
	Position  int           // place in the queue, 1 is next
	Wait      time.Duration // expected wait
	Hours     string        // the support hours as configured
	// Online is how many agents are online now. With none, nobody can take
	// the chat: the bot says so instead of promising a wait, and the
	// hand-off becomes a follow-up.
	Online int
}

// defaultWait is the expected wait before any hand-off was ever handled.
const defaultWait = 3 * time.Minute

// Plan writes the summary for a conversation the bot is about to hand over
// for reason (a reason may carry a topic: "rule:fraud"), and says where
// the shopper will stand. pending are the messages of the turn in
// progress, not stored yet. Nothing is changed: the hand-off is queued
// once the turn is saved.
func (s *Service) Plan(ctx context.Context, c *conversation.Conversation, reason string, pending []conversation.Message) (Plan, error) {
	msgs, err := s.conv.After(ctx, c.ID, 0, 1000)
	if err != nil {
		return Plan{}, err
	}
	reason, topic, _ := strings.Cut(reason, ":")
	f := s.facts(ctx, c, append(msgs, pending...))
	f.Reason, f.Topic = reason, topic
	h := s.hours()
	p := Plan{Summary: Summary(f), InHours: h.Open(s.Now()), Hours: h.Text}
	queued, err := s.store.QueuedHandoffs(ctx)
	if err != nil {
		return p, err
	}
	p.Position = len(queued) + 1
	if p.InHours {
		agents, err := s.store.Agents(ctx)
		if err != nil {
			return p, err
		}
		p.AgentFree = len(queued) == 0 && Pick(agents, Need{Language: c.Language, Topic: topic}) != nil
	}
	p.Wait = s.expectedWait(ctx, p.Position)
	if p.InHours {
		s.staffing(ctx, &p, c.Language, topic) // followup.go: who is really there
	}
	return p, nil
}

// facts gathers what the summary and the customer panel show.
func (s *Service) facts(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) Facts {
	f := Facts{Conversation: c, Messages: msgs}
	if c.CustomerID != 0 && s.Customers != nil {
		var err error
		if f.Email, f.Name, f.Phone, err = s.Customers.Customer(ctx, c.CustomerID); err != nil {
			slog.WarnContext(ctx, "read customer for hand-off", "conversation", c.ID, "err", err)
		}
		if s.Orders != nil {
			os, err := s.Orders.List(ctx, order.Filter{CustomerID: c.CustomerID, Limit: 100})
			if err == nil {
				sort.Slice(os, func(i, j int) bool { return os[i].CreatedAt.After(os[j].CreatedAt) })
				f.Orders = os
			}
		}
	}
	if c.CustomerID == 0 {
		f.Email, f.Name = checkoutContact(c.State)
		f.Unverified = f.Email != ""
	}
	if s.Carts != nil {
		if ct, err := s.Carts.For(ctx, c.CustomerID, c.ID); err == nil {
			f.Cart = ct
		}
	}
	// Anybody can type a VIP's address at checkout: only a verified
	// customer's e-mail earns VIP treatment.
	f.VIP = !f.Unverified && s.Rules(ctx).VIP(f.Email)
	return f
}

// checkoutContact reads the e-mail and name a shopper gave at checkout from
// the dialogue's state (its "checkout" part; see dialog/state.go), so the
// agent has a contact for a conversation not yet tied to a customer.
func checkoutContact(state json.RawMessage) (email, name string) {
	var st struct {
		Checkout *struct {
			Email string `json:"email"`
			Name  string `json:"name"`
		} `json:"checkout"`
	}
	if len(state) == 0 || json.Unmarshal(state, &st) != nil || st.Checkout == nil {
		return "", ""
	}
	return st.Checkout.Email, st.Checkout.Name
}

// expectedWait estimates from recent handling: the average time shoppers
// waited for an agent lately, once per place in the queue.
func (s *Service) expectedWait(ctx context.Context, position int) time.Duration {
	waits, err := s.store.RecentWaits(ctx, 20)
	avg := defaultWait
	if err == nil && len(waits) > 0 {
		var sum time.Duration
		for _, w := range waits {
			sum += w
		}
		avg = sum / time.Duration(len(waits))
	}
	if avg < 30*time.Second {
		avg = 30 * time.Second
	}
	return avg * time.Duration(position)
}

// saved hears of every stored change to a conversation: a turn that handed
// over is queued and routed; messages of conversations with a person go to
// the live screens.
func (s *Service) saved(ctx context.Context, c *conversation.Conversation, before string, msgs []conversation.Message) {
	if !conversation.WithPerson(before) && c.Status == conversation.StatusQueued {
		reason, topic, _ := strings.Cut(c.Handoff.Reason, ":")
		h := &Handoff{ConversationID: c.ID, Reason: reason, Topic: topic, Language: c.Language, TriggerSeq: c.LastSeq, QueuedAt: s.Now().UTC(), FollowUp: c.Handoff.FollowUp}
		if _, err := s.store.OpenHandoff(ctx, h); err != nil {
			slog.ErrorContext(ctx, "queue hand-off", "conversation", c.ID, "err", err)
			return
		}
		s.publishMessages(ctx, c, msgs)
		s.publishConversation(ctx, c, nil)
		if cur, err := s.store.CurrentHandoff(ctx, c.ID); err == nil && s.hours().Open(s.Now()) {
			s.route(ctx, cur)
		}
		return
	}
	if conversation.WithPerson(before) || conversation.WithPerson(c.Status) {
		s.noteContact(ctx, c, msgs) // followup.go
		s.publishMessages(ctx, c, msgs)
	}
}

func (s *Service) publishMessages(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) {
	for i := range msgs {
		m := msgs[i]
		s.Publisher.Publish(ctx, Event{Type: EventMessage, ConversationID: c.ID, Message: &m})
	}
}

func (s *Service) publishConversation(ctx context.Context, c *conversation.Conversation, who *Agent) {
	item := s.item(ctx, c)
	e := Event{Type: EventConversation, ConversationID: c.ID, Conversation: &item}
	if item.Assignee != nil {
		e.AgentID, e.AgentName = item.Assignee.ID, item.Assignee.Name
	}
	s.Publisher.Publish(ctx, e)
}

// item is the list view of one conversation.
func (s *Service) item(ctx context.Context, c *conversation.Conversation) ListItem {
	it := ListItem{ID: c.ID, Status: c.Status, Language: c.Language, Channel: c.Channel, Handoff: c.Handoff, UpdatedAt: c.UpdatedAt}
	if c.CustomerID != 0 && s.Customers != nil {
		it.Customer.Email, it.Customer.Name, _, _ = s.Customers.Customer(ctx, c.CustomerID)
	}
	if h, err := s.store.CurrentHandoff(ctx, c.ID); err == nil && h.AgentID != 0 && h.ResolvedAt == nil {
		it.Assignee = &Assignee{ID: h.AgentID, Name: c.Handoff.Agent}
	}
	if c.LastSeq > 0 {
		if ms, err := s.conv.After(ctx, c.ID, c.LastSeq-1, 1); err == nil && len(ms) == 1 {
			it.LastMessage = &ms[0]
		}
	}
	return it
}

// route gives a queued hand-off to the most qualified available agent, if
// there is one. Routing in one process goes one at a time so that two
// shoppers do not both fill an agent's last place.
func (s *Service) route(ctx context.Context, h *Handoff) bool {
	s.routeMu.Lock()
	defer s.routeMu.Unlock()
	agents, err := s.store.Agents(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "route hand-off", "conversation", h.ConversationID, "err", err)
		return false
	}
	a := Pick(agents, Need{Language: h.Language, Topic: h.Topic, Team: h.Team})
	if a == nil {
		return false
	}
	_, err = s.assign(ctx, h.ConversationID, 0, a, false)
	if err != nil && !errors.Is(err, ErrAlreadyTaken) && !errors.Is(err, ErrNotHandedOff) {
		slog.ErrorContext(ctx, "route hand-off", "conversation", h.ConversationID, "err", err)
	}
	return err == nil
}

// drain routes waiting shoppers, oldest first, while agents are free.
func (s *Service) drain(ctx context.Context) {
	if !s.hours().Open(s.Now()) {
		return
	}
	queued, err := s.store.QueuedHandoffs(ctx)
	if err != nil {
		slog.ErrorContext(ctx, "read queue", "err", err)
		return
	}
	for i := range queued {
		s.route(ctx, &queued[i])
	}
}

// assign gives the conversation's open hand-off to a when its current
// agent is expect (0: nobody, -1: whoever), under the turn lock.
func (s *Service) assign(ctx context.Context, convID string, expect int64, a *Agent, publish bool) (*conversation.Conversation, error) {
	var out *conversation.Conversation
	err := s.conv.Locked(ctx, convID, func(c *conversation.Conversation) error {
		h, err := s.store.CurrentHandoff(ctx, c.ID)
		if errors.Is(err, ErrNotFound) || (err == nil && h.ResolvedAt != nil) {
			return ErrNotHandedOff
		}
		if err != nil {
			return err
		}
		if h.AgentID == a.ID {
			out = c
			return nil // already theirs: taking twice is not a conflict
		}
		if expect >= 0 && h.AgentID != expect {
			return ErrAlreadyTaken
		}
		ho := c.Handoff
		ho.Agent = a.Name
		ok, err := s.store.AssignHandoff(ctx, h, expect, a.ID, h.Team, ho, s.Now().UTC())
		if err != nil {
			return err
		}
		if !ok {
			return ErrAlreadyTaken
		}
		c.Status, c.Handoff = conversation.StatusAgent, ho
		out = c
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.publishConversation(ctx, out, a)
	return out, nil
}

// ---- the console ----

// Views of the console's list.
const (
	ViewQueued = "queued"
	ViewMine   = "mine"
	ViewAll    = "all"
	// ViewFollowUp lists open hand-offs made while nobody could take them:
	// shoppers to write back to.
	ViewFollowUp = "followup"
)

// Inbox lists conversations for an agent's view.
func (s *Service) Inbox(ctx context.Context, a *Agent, view string) ([]ListItem, error) {
	switch view {
	case "":
		view = ViewQueued
	case ViewQueued, ViewMine, ViewAll, ViewFollowUp:
	default:
		return nil, fmt.Errorf("%w: view must be queued, mine, all or followup", ErrInvalid)
	}
	rows, err := s.store.InboxRows(ctx, view, a.ID, 200)
	if err != nil {
		return nil, err
	}
	if rows, err = s.visibleRows(ctx, a, rows); err != nil {
		return nil, err
	}
	out := make([]ListItem, 0, len(rows))
	for _, r := range rows {
		c := r.Conversation
		it := ListItem{ID: c.ID, Status: c.Status, Language: c.Language, Channel: c.Channel, Handoff: c.Handoff, Customer: r.Customer, UpdatedAt: c.UpdatedAt}
		if r.Handoff.ResolvedAt == nil {
			it.FollowUp = r.Handoff.FollowUp
		}
		if r.Handoff.AgentID != 0 && r.Handoff.ResolvedAt == nil {
			it.Assignee = &Assignee{ID: r.Handoff.AgentID, Name: r.AgentName}
		}
		if c.LastSeq > 0 {
			if ms, err := s.conv.After(ctx, c.ID, c.LastSeq-1, 1); err == nil && len(ms) == 1 {
				it.LastMessage = &ms[0]
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// Detail is one conversation as the console shows it.
type Detail struct {
	Conversation *conversation.Conversation
	Transcript   []conversation.Message
	Notes        []Note
	Customer     CustomerPanel
	Cart         *cart.Cart
	Assignee     *Assignee
}

// CustomerPanel is the console's side panel.
type CustomerPanel struct {
	Name, Email, Phone string
	Orders             []order.Order
	Previous           []conversation.Conversation
	// Refunded is the amount refunded so far of each order that had a
	// refund (minor units, by order ID): a partly refunded order stays
	// "paid", and the agent needs to see what already went back.
	Refunded map[int64]int64
}

// Conversation returns a conversation with everything the console shows.
func (s *Service) Conversation(ctx context.Context, id string) (*Detail, error) {
	c, err := s.conv.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Conversation: c}
	if d.Transcript, err = s.conv.After(ctx, id, 0, 10000); err != nil {
		return nil, err
	}
	if d.Notes, err = s.store.Notes(ctx, id); err != nil {
		return nil, err
	}
	f := s.facts(ctx, c, nil)
	d.Customer = CustomerPanel{Name: f.Name, Email: f.Email, Phone: f.Phone, Orders: f.Orders}
	d.Cart = f.Cart
	ids := make([]int64, len(f.Orders))
	for i, o := range f.Orders {
		ids[i] = o.ID
	}
	if d.Customer.Refunded, err = s.store.RefundedAmounts(ctx, ids); err != nil {
		return nil, err
	}
	if c.CustomerID != 0 {
		prev, err := s.store.CustomerConversations(ctx, c.CustomerID, 20)
		if err != nil {
			return nil, err
		}
		for _, p := range prev {
			if p.ID != c.ID {
				d.Customer.Previous = append(d.Customer.Previous, p)
			}
		}
	}
	if h, err := s.store.CurrentHandoff(ctx, id); err == nil && h.AgentID != 0 && h.ResolvedAt == nil {
		d.Assignee = &Assignee{ID: h.AgentID, Name: c.Handoff.Agent}
	}
	return d, nil
}

// Take gives a conversation to the calling agent. Someone else's
// conversation is refused unless an admin takes it over with force, which
// is audit-logged.
func (s *Service) Take(ctx context.Context, a *Agent, id string, force bool) (*Detail, error) {
	expect := int64(0)
	if force {
		if a.Role != RoleAdmin {
			return nil, ErrForbidden
		}
		expect = -1
	}
	prev, _ := s.store.CurrentHandoff(ctx, id)
	if _, err := s.assign(ctx, id, expect, a, true); err != nil {
		return nil, err
	}
	if force && prev != nil && prev.AgentID != 0 && prev.AgentID != a.ID {
		s.audit(ctx, a, "take_over", id, map[string]any{"from_agent_id": prev.AgentID})
	}
	return s.Conversation(ctx, id)
}

// owner checks that a owns the conversation's open hand-off (admins may
// act on any).
func (s *Service) owner(ctx context.Context, a *Agent, id string, adminToo bool) (*Handoff, error) {
	h, err := s.store.CurrentHandoff(ctx, id)
	if errors.Is(err, ErrNotFound) {
		if _, err := s.conv.Get(ctx, id); err != nil {
			return nil, err
		}
		return nil, ErrNotHandedOff
	}
	if err != nil {
		return nil, err
	}
	if h.ResolvedAt != nil {
		return nil, ErrNotHandedOff
	}
	if h.AgentID != a.ID && !(adminToo && a.Role == RoleAdmin) {
		return nil, ErrNotAssignee
	}
	return h, nil
}

// Send adds the agent's message to the conversation; only the assignee
// may write to the shopper.
func (s *Service) Send(ctx context.Context, a *Agent, id, text string) (*conversation.Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 4000 {
		return nil, fmt.Errorf("%w: text must have 1 to 4000 characters", ErrInvalid)
	}
	return s.sendAs(ctx, a, id, text)
}

func (s *Service) sendAs(ctx context.Context, a *Agent, id, text string) (*conversation.Message, error) {
	var denied error
	saved, err := s.conv.Notify(ctx, id, func(c *conversation.Conversation) []conversation.Message {
		// Checked again under the turn lock: ownership may have moved.
		h, err := s.store.CurrentHandoff(ctx, id)
		if err != nil || h.ResolvedAt != nil || h.AgentID != a.ID || c.Status != conversation.StatusAgent {
			denied = ErrNotAssignee
			return nil
		}
		return []conversation.Message{{From: conversation.FromAgent, Type: conversation.TypeText, Text: text, Author: a.Name}}
	})
	if err != nil {
		return nil, err
	}
	if denied != nil {
		return nil, denied
	}
	if len(saved) != 1 {
		return nil, ErrNotAssignee
	}
	return &saved[0], nil
}

// AddNote writes an internal note.
func (s *Service) AddNote(ctx context.Context, a *Agent, id, text string) (*Note, error) {
	text = strings.TrimSpace(text)
	if text == "" || len([]rune(text)) > 4000 {
		return nil, fmt.Errorf("%w: text must have 1 to 4000 characters", ErrInvalid)
	}
	if _, err := s.conv.Get(ctx, id); err != nil {
		return nil, err
	}
	n := &Note{ConversationID: id, AgentID: a.ID, Author: a.Name, Text: text, CreatedAt: s.Now().UTC()}
	if err := s.store.AddNote(ctx, n); err != nil {
		return nil, err
	}
	s.Publisher.Publish(ctx, Event{Type: EventNote, ConversationID: id, Note: n, AgentID: a.ID, AgentName: a.Name})
	return n, nil
}

// Transfer hands the conversation to another agent, or back to the queue
// of a team. The assignee (or an admin) may transfer.
func (s *Service) Transfer(ctx context.Context, a *Agent, id string, toAgent int64, team string) error {
	team = strings.TrimSpace(team)
	if (toAgent == 0) == (team == "") {
		return fmt.Errorf("%w: send either agent_id or team", ErrInvalid)
	}
	h, err := s.store.CurrentHandoff(ctx, id)
	if err != nil || h.ResolvedAt != nil {
		return ErrNotHandedOff
	}
	if h.AgentID != 0 && h.AgentID != a.ID && a.Role != RoleAdmin {
		return ErrNotAssignee
	}
	var to *Agent
	if toAgent != 0 {
		if to, err = s.store.AgentByID(ctx, toAgent); err != nil {
			return ErrNoAgent
		}
	}
	var c *conversation.Conversation
	err = s.conv.Locked(ctx, id, func(cur *conversation.Conversation) error {
		ho := cur.Handoff
		agentID, status := int64(0), conversation.StatusQueued
		ho.Agent = ""
		if to != nil {
			agentID, status, ho.Agent = to.ID, conversation.StatusAgent, to.Name
		}
		ok, err := s.store.AssignHandoff(ctx, h, h.AgentID, agentID, team, ho, s.Now().UTC())
		if err != nil {
			return err
		}
		if !ok {
			return ErrAlreadyTaken
		}
		cur.Status, cur.Handoff = status, ho
		c = cur
		return nil
	})
	if err != nil {
		return err
	}
	s.audit(ctx, a, "transfer", id, map[string]any{"to_agent_id": toAgent, "team": team})
	s.publishConversation(ctx, c, to)
	if to == nil {
		h.Team, h.AgentID = team, 0
		if s.hours().Open(s.Now()) {
			s.route(ctx, h)
		}
	} else {
		s.drain(ctx) // the previous agent has room again
	}
	return nil
}

// Resolve ends the person's part: the bot rejoins, exactly once however
// often or wherever this is called, and the misunderstood messages go to
// training review.
func (s *Service) Resolve(ctx context.Context, a *Agent, id string) error {
	h, err := s.owner(ctx, a, id, true)
	if errors.Is(err, ErrNotAssignee) {
		if h2, _ := s.store.CurrentHandoff(ctx, id); h2 != nil && h2.AgentID == 0 {
			h, err = h2, nil // a queued ticket may be closed by any agent
		}
	}
	if err != nil {
		return err
	}
	var c *conversation.Conversation
	var before string
	var saved []conversation.Message
	var won bool
	err = s.conv.Locked(ctx, id, func(cur *conversation.Conversation) error {
		before = cur.Status
		if !conversation.WithPerson(before) {
			return nil // resolved meanwhile
		}
		agentName := cur.Handoff.Agent
		if agentName == "" {
			agentName = a.Name
		}
		cur.Status = conversation.StatusBot
		cur.UpdatedAt = s.Now().UTC()
		var msgs []conversation.Message
		if s.Bot != nil {
			msgs = s.Bot.Rejoin(ctx, cur, agentName)
		}
		saved, won, err = s.store.ResolveHandoff(ctx, h, cur, msgs, cur.UpdatedAt)
		c = cur
		return err
	})
	if err != nil || !won {
		return err
	}
	s.conv.Saved(ctx, c, before, saved)
	s.publishConversation(ctx, c, nil)
	s.audit(ctx, a, "resolve", id, map[string]any{"handoff": h.ID})
	if err := s.review(ctx, c, h); err != nil {
		slog.ErrorContext(ctx, "collect training review", "conversation", id, "err", err)
	}
	s.drain(ctx)
	return nil
}

// Typing tells the other screens an agent is typing.
func (s *Service) Typing(ctx context.Context, a *Agent, id string) {
	s.Publisher.Publish(ctx, Event{Type: EventTyping, ConversationID: id, AgentID: a.ID, AgentName: a.Name})
}

// Viewing tells the other screens an agent has the conversation open.
func (s *Service) Viewing(ctx context.Context, a *Agent, id string) {
	s.Publisher.Publish(ctx, Event{Type: EventViewing, ConversationID: id, AgentID: a.ID, AgentName: a.Name})
}

// ---- agent actions ----

// GiveCoupon makes a single goodwill code and sends it to the shopper as
// the agent's message.
func (s *Service) GiveCoupon(ctx context.Context, a *Agent, id string, percent int64, msgs *i18n.Catalog) (string, *conversation.Message, error) {
	if percent < 1 || percent > 50 {
		return "", nil, fmt.Errorf("%w: percent must be 1 to 50", ErrInvalid)
	}
	if _, err := s.owner(ctx, a, id, false); err != nil {
		return "", nil, err
	}
	c, err := s.conv.Get(ctx, id)
	if err != nil {
		return "", nil, err
	}
	code, err := s.Coupons.Goodwill(ctx, percent, c.CustomerID)
	if err != nil {
		return "", nil, err
	}
	s.audit(ctx, a, "coupon", id, map[string]any{"code": code, "percent": percent})
	m, err := s.sendAs(ctx, a, id, msgs.T(c.Language, "handoff.goodwill_code", "code", code, "percent", percent))
	return code, m, err
}

// Refund refunds an order of the conversation's customer through the
// payment gateway and tells the shopper.
func (s *Service) Refund(ctx context.Context, a *Agent, id, number string, amount *money.Money, msgs *i18n.Catalog) (string, *conversation.Message, error) {
	if _, err := s.owner(ctx, a, id, false); err != nil {
		return "", nil, err
	}
	c, err := s.conv.Get(ctx, id)
	if err != nil {
		return "", nil, err
	}
	o, err := s.Orders.ByNumber(ctx, strings.TrimPrefix(strings.TrimSpace(number), "#"))
	if err != nil {
		return "", nil, err
	}
	if o.ConversationID != c.ID && (c.CustomerID == 0 || o.CustomerID != c.CustomerID) {
		return "", nil, ErrNoOrderAccess
	}
	if o.PaymentStatus != order.PaymentPaid {
		return "", nil, fmt.Errorf("%w: order %s is %s, not paid: nothing to refund", ErrInvalid, o.Number, o.PaymentStatus)
	}
	// Without an amount, refund what has not gone back yet.
	done, err := s.store.RefundedAmounts(ctx, []int64{o.ID})
	if err != nil {
		return "", nil, err
	}
	amt := money.New(o.Total.Amount-done[o.ID], o.Total.Currency)
	if amount != nil {
		amt = *amount
	}
	if amt.Currency != o.Total.Currency || amt.Amount <= 0 || amt.Amount > o.Total.Amount {
		return "", nil, fmt.Errorf("%w: amount must be positive, in %s, and at most the order total %s", ErrInvalid, o.Total.Currency, o.Total.String())
	}
	ref, err := s.Refunds.Refund(ctx, o, amt, fmt.Sprintf("agent-refund:%s:%s:%d", id, o.Number, amt.Amount))
	if err != nil {
		return "", nil, err
	}
	// The ledger knows what has gone back in all; once that is everything
	// paid the order's payment is "refunded" (set exactly once).
	refunded, settled, err := s.store.SettleRefunds(ctx, o.ID)
	if err != nil {
		return ref, nil, err
	}
	s.audit(ctx, a, "refund", id, map[string]any{"order": o.Number, "amount": amt, "reference": ref,
		"refunded_total": money.New(refunded, o.Total.Currency), "fully_refunded": settled})
	m, err := s.sendAs(ctx, a, id, msgs.T(c.Language, "handoff.refund_sent", "amount", i18n.Money(c.Language, amt), "number", o.Number))
	return ref, m, err
}
