package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Templates finds the registered template for a purpose and language.
type templateKey struct{ purpose, language string }

// Saved queues what the shop said in a channel conversation: the bot's
// and people's messages, each rendered once for the provider. It is the
// conversation service's OnSaved hook, so replies to a turn, payment
// confirmations, agents' replies and proactive messages all leave the same
// way.
func (s *Service) Saved(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) {
	p := s.providers[c.Channel]
	if p == nil {
		return
	}
	var outgoing []conversation.Message
	for _, m := range msgs {
		if m.From == conversation.FromBot || m.From == conversation.FromAgent {
			outgoing = append(outgoing, m)
		}
	}
	if len(outgoing) == 0 {
		return
	}
	if err := s.enqueue(ctx, p, c, outgoing); err != nil {
		slog.ErrorContext(ctx, "queue channel messages", "channel", c.Channel, "conversation", c.ID, "err", err)
		s.noteError(ctx, c.Channel, err)
	}
}

func (s *Service) enqueue(ctx context.Context, p Provider, c *conversation.Conversation, msgs []conversation.Message) error {
	snd, err := s.Store.SenderOf(ctx, c.ID)
	if errors.Is(err, ErrNotFound) {
		return nil // a conversation with no one on the channel yet
	}
	if err != nil {
		return err
	}
	templates, err := s.templates(ctx, p.Name())
	if err != nil {
		return err
	}
	now := s.now()
	var ds []Delivery
	var choices []conversation.Option
	chooser, numbered := p.(Chooser)
	for _, m := range msgs {
		m = s.absolute(m.ForShopper())
		rc := RenderContext{To: snd.Sender, Language: c.Language, LastInbound: snd.LastInbound, Now: now,
			T:       func(key string, args ...any) string { return s.Messages.T(c.Language, key, args...) },
			Shorten: func(payload string) string { return s.shorten(ctx, payload) }}
		if t, ok := templates[templateKey{Purpose(m), c.Language}]; ok {
			rc.Template = &t
		}
		d := Delivery{ConversationID: c.ID, Channel: p.Name(), Recipient: snd.Sender, Seq: m.Seq, Status: StatusPending, NextAt: now, CreatedAt: now}
		if snd.OptedOut && Purpose(m) != "order_update" {
			d.Status, d.Error = StatusFailed, "the shopper opted out of messages on this channel (STOP)"
			ds = append(ds, d)
			continue
		}
		outs := p.Render(m, rc)
		if len(outs) == 0 {
			d.Status, d.Error = StatusFailed, fmt.Sprintf("not sendable on %s: outside the channel's reply window with no %s template in %q", p.Name(), Purpose(m), c.Language)
			s.noteError(ctx, p.Name(), errors.New(d.Error))
			ds = append(ds, d)
			continue
		}
		for i, out := range outs {
			d.Part, d.Out = i, out
			ds = append(ds, d)
		}
		if numbered {
			if cs := chooser.Choices(m); len(cs) > 0 {
				choices = cs
			}
		}
	}
	if err := s.Store.Enqueue(ctx, ds); err != nil {
		return err
	}
	if choices != nil {
		b, _ := json.Marshal(choices)
		if err := s.Store.SetChoices(ctx, p.Name(), snd.Sender, b); err != nil {
			return err
		}
	}
	s.Wake()
	return nil
}

func (s *Service) templates(ctx context.Context, ch string) (map[templateKey]Template, error) {
	ts, err := s.Store.Templates(ctx, ch)
	if err != nil {
		return nil, err
	}
	out := make(map[templateKey]Template, len(ts))
	for _, t := range ts {
		out[templateKey{t.Purpose, t.Language}] = t
	}
	return out, nil
}

// Wake tells the dispatcher there is something to send.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) dispatch(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			slog.ErrorContext(ctx, "send channel outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-tick.C:
		}
	}
}

// SendDue sends every delivery whose time has come, each conversation's in
// order, and returns how many were sent.
func (s *Service) SendDue(ctx context.Context) (int, error) {
	total := 0
	for {
		due, err := s.Store.ClaimDue(ctx, s.now(), time.Minute, 64)
		if err != nil || len(due) == 0 {
			return total, err
		}
		// At most one per conversation was claimed: sending them in
		// parallel keeps each conversation's order.
		var wg sync.WaitGroup
		sem := make(chan struct{}, 8)
		var mu sync.Mutex
		for _, d := range due {
			wg.Add(1)
			sem <- struct{}{}
			go func(d Delivery) {
				defer wg.Done()
				defer func() { <-sem }()
				if s.send(ctx, d) {
					mu.Lock()
					total++
					mu.Unlock()
				}
			}(d)
		}
		wg.Wait()
		if ctx.Err() != nil {
			return total, ctx.Err()
		}
	}
}

// send tries one delivery and records the outcome.
func (s *Service) send(ctx context.Context, d Delivery) bool {
	p := s.providers[d.Channel]
	attempts := d.Attempts + 1
	if p == nil {
		s.fail(ctx, d, attempts, fmt.Errorf("channel %s is no longer configured", d.Channel))
		return false
	}
	sent, err := p.Send(ctx, d.Recipient, d.Out)
	if err == nil {
		if err := s.Store.DeliverySent(ctx, d.ID, sent.ID, s.now()); err != nil {
			slog.ErrorContext(ctx, "record delivery", "channel", d.Channel, "err", err)
		}
		return true
	}
	var se *SendError
	if errors.As(err, &se) && se.Retry && attempts < s.MaxAttempts {
		wait := se.RetryAfter
		if wait <= 0 {
			wait = backoff(attempts)
		}
		if err := s.Store.DeliveryRetry(ctx, d.ID, attempts, s.now().Add(wait), err.Error()); err != nil {
			slog.ErrorContext(ctx, "reschedule delivery", "channel", d.Channel, "err", err)
		}
		return false
	}
	s.fail(ctx, d, attempts, err)
	return false
}

func (s *Service) fail(ctx context.Context, d Delivery, attempts int, err error) {
	slog.WarnContext(ctx, "channel delivery failed", "channel", d.Channel, "conversation", d.ConversationID, "seq", d.Seq, "err", err)
	if e := s.Store.DeliveryFailed(ctx, d.ID, attempts, err.Error(), s.now()); e != nil {
		slog.ErrorContext(ctx, "record failed delivery", "channel", d.Channel, "err", e)
	}
	s.noteError(ctx, d.Channel, err)
}

// backoff doubles from one second, capped at five minutes.
func backoff(attempt int) time.Duration {
	d := time.Second << min(attempt-1, 9)
	return min(d, 5*time.Minute)
}

// absolute makes the message's relative links absolute on the shop's
// public address: a messaging app opens them outside the shop's pages.
func (s *Service) absolute(m conversation.Message) conversation.Message {
	if s.BaseURL == "" {
		return m
	}
	abs := func(u string) string {
		if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
			return strings.TrimRight(s.BaseURL, "/") + u
		}
		return u
	}
	m.URL = abs(m.URL)
	if len(m.Items) > 0 {
		items := make([]conversation.Item, len(m.Items))
		copy(items, m.Items)
		for i := range items {
			items[i].ImageURL = abs(items[i].ImageURL)
		}
		m.Items = items
	}
	return m
}
