package inbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// Review statuses.
const (
	ReviewOpen      = "open"
	ReviewLabelled  = "labelled"
	ReviewDismissed = "dismissed"
)

// review collects the shopper messages of the bot's part of a resolved
// conversation that the bot misunderstood: answered with a fallback, below
// the confidence threshold, or the message that made it hand over (unless
// that was a plain request for a person, which the bot understood).
func (s *Service) review(ctx context.Context, c *conversation.Conversation, h *Handoff) error {
	msgs, err := s.conv.After(ctx, c.ID, 0, 10000)
	if err != nil {
		return err
	}
	threshold := s.Rules(ctx).LowConfidence.Threshold
	items := ReviewItems(msgs, h, threshold)
	if len(items) == 0 {
		return nil
	}
	return s.store.AddReviewItems(ctx, items)
}

// ReviewItems picks the review items out of a transcript.
func ReviewItems(msgs []conversation.Message, h *Handoff, threshold float64) []ReviewItem {
	var items []ReviewItem
	last := -1
	for i, m := range msgs {
		if m.Seq <= h.TriggerSeq && m.From == conversation.FromShopper && m.Payload == "" && strings.TrimSpace(m.Text) != "" {
			last = i
		}
	}
	for i, m := range msgs {
		if m.Seq > h.TriggerSeq || m.From != conversation.FromShopper || m.Payload != "" || strings.TrimSpace(m.Text) == "" || m.NLU == nil {
			continue
		}
		understood := m.NLU.Intent == "human_agent" && m.NLU.Confidence >= threshold
		why := ""
		switch {
		case i+1 < len(msgs) && msgs[i+1].From == conversation.FromBot && msgs[i+1].Fallback:
			why = "fallback"
		case m.NLU.Confidence < threshold:
			why = "low_confidence"
		case i == last && h.Reason != ReasonRequested && !understood:
			why = "handoff"
		}
		if why == "" {
			continue
		}
		lang := m.NLU.Language
		if lang == "" {
			lang = h.Language
		}
		items = append(items, ReviewItem{ConversationID: h.ConversationID, Seq: m.Seq, Lang: lang, Text: m.Text,
			Intent: m.NLU.Intent, Confidence: m.NLU.Confidence, Why: why, Status: ReviewOpen})
	}
	return items
}

// ReviewList returns review items with a status (open by default).
func (s *Service) ReviewList(ctx context.Context, status string) ([]ReviewItem, error) {
	if status == "" {
		status = ReviewOpen
	}
	if status != ReviewOpen && status != ReviewLabelled && status != ReviewDismissed {
		return nil, fmt.Errorf("%w: status must be open, labelled or dismissed", ErrInvalid)
	}
	return s.store.ReviewItems(ctx, status, 500)
}

// Label turns a review item into an NLU example of intent through the
// admin's training path, or dismisses it.
func (s *Service) Label(ctx context.Context, id int64, intent string, dismiss bool) (*ReviewItem, error) {
	it, err := s.store.ReviewItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if it.Status != ReviewOpen {
		return nil, ErrReviewClosed
	}
	intent = strings.TrimSpace(intent)
	switch {
	case dismiss:
		it.Status = ReviewDismissed
	case intent == "":
		return nil, fmt.Errorf("%w: send {\"intent\": \"...\"} or {\"dismiss\": true}", ErrInvalid)
	default:
		if s.Trainer == nil {
			return nil, fmt.Errorf("%w: no training path", ErrInvalid)
		}
		if err := s.Trainer.AddExamples(ctx, []nlu.Example{{Lang: it.Lang, Intent: intent, Text: it.Text}}); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		it.Status, it.Label = ReviewLabelled, intent
	}
	ok, err := s.store.CloseReviewItem(ctx, id, it.Status, it.Label)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrReviewClosed
	}
	return it, nil
}

// Feedback stores a shopper's rating or comment.
func (s *Service) Feedback(ctx context.Context, f Feedback) error {
	if f.Rating < 0 || f.Rating > 5 {
		return fmt.Errorf("%w: rating must be 1 to 5", ErrInvalid)
	}
	if len(f.Comment) > 4000 {
		f.Comment = f.Comment[:4000]
	}
	return s.store.AddFeedback(ctx, f)
}

// FeedbackOf returns a conversation's ratings and comments.
func (s *Service) FeedbackOf(ctx context.Context, id string) ([]Feedback, error) {
	return s.store.FeedbackOf(ctx, id)
}
