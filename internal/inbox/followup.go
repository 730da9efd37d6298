package inbox

import (
	"context"
	"log/slog"
	"regexp"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Honest waiting: the shopper hears what the team can really do. A wait is
// only promised while agents are online, and is worked out from how many
// are; with nobody there the hand-off is a follow-up, listed for agents in
// the "followup" view with how to reach the shopper.

// staffing fills in who is online and what the wait is with them: the
// recent average wait for each round of chats ahead, as many chats taken
// at once as agents are online.
func (s *Service) staffing(ctx context.Context, p *Plan, language, topic string) {
	agents, err := s.store.Agents(ctx)
	if err != nil {
		slog.WarnContext(ctx, "read agents for the wait", "err", err)
		return
	}
	for _, a := range agents {
		if a.Online {
			p.Online++
		}
	}
	if p.Online > 0 {
		rounds := (p.Position + p.Online - 1) / p.Online
		p.Wait = s.expectedWait(ctx, rounds)
	}
}

var (
	contactEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	contactPhone = regexp.MustCompile(`\+?[0-9][0-9 ().\-]{6,}[0-9]`)
)

// Contact finds an e-mail address or a phone number in a shopper's text,
// or "".
func Contact(text string) string {
	if m := contactEmail.FindString(text); m != "" {
		return m
	}
	if m := contactPhone.FindString(text); m != "" {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits >= 7 && digits <= 15 {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// noteContact records the e-mail or phone a shopper writes while their
// follow-up waits for one: the bot is silent then, so the inbox reads it.
func (s *Service) noteContact(ctx context.Context, c *conversation.Conversation, msgs []conversation.Message) {
	if c.Status != conversation.StatusQueued || c.Handoff.FollowUp != FollowUpPending {
		return
	}
	for _, m := range msgs {
		if m.From != conversation.FromShopper {
			continue
		}
		contact := Contact(m.Text)
		if contact == "" {
			continue
		}
		h, err := s.store.CurrentHandoff(ctx, c.ID)
		if err != nil || h.ResolvedAt != nil {
			return
		}
		if _, err := s.store.SetFollowUp(ctx, h.ID, contact); err != nil {
			slog.ErrorContext(ctx, "record follow-up contact", "conversation", c.ID, "err", err)
		}
		return
	}
}
