package channel

import (
	"context"
	"fmt"
	"regexp"
	"slices"
)

// All is every channel the shop can run, configured or not.
var All = []string{"whatsapp", "messenger", "telegram", "sms"}

// Health reports a channel for the channel page.
func (s *Service) Health(ctx context.Context, name string) (Health, error) {
	h, err := s.Store.Health(ctx, name)
	h.Channel = name
	h.Configured = s.providers[name] != nil
	return h, err
}

// Deliveries lists a conversation's latest deliveries, for agents.
func (s *Service) Deliveries(ctx context.Context, conversationID string) ([]Delivery, error) {
	return s.Store.Deliveries(ctx, conversationID, 200)
}

// Templates lists a channel's registered templates.
func (s *Service) Templates(ctx context.Context, name string) ([]Template, error) {
	return s.Store.Templates(ctx, name)
}

// Proactive purposes a template may serve (the contract's proactive kinds,
// and a person's message after the window).
var templatePurposes = []string{"order_update", "back_in_stock", "cart_recovery", "price_drop", "review_request", PurposeAgent}

var templateName = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)

// ErrInvalid is a template the admin API refuses, with the reason.
type ErrInvalid struct{ Field, Reason string }

func (e *ErrInvalid) Error() string { return e.Field + ": " + e.Reason }

// SaveTemplate checks and registers a template.
func (s *Service) SaveTemplate(ctx context.Context, t Template, languages []string) error {
	switch {
	case !slices.Contains(All, t.Channel):
		return &ErrInvalid{"channel", "unknown channel"}
	case !slices.Contains(templatePurposes, t.Purpose):
		return &ErrInvalid{"purpose", fmt.Sprintf("want one of %v", templatePurposes)}
	case !slices.Contains(languages, t.Language):
		return &ErrInvalid{"language", fmt.Sprintf("want one of %v", languages)}
	case !templateName.MatchString(t.Name):
		return &ErrInvalid{"name", "want the provider's template name: lower-case letters, digits and _"}
	case t.Code == "" || len(t.Code) > 16:
		return &ErrInvalid{"code", "want the provider's language code, e.g. en_US or nl"}
	case len(t.Parameters) > 10:
		return &ErrInvalid{"parameters", "at most 10"}
	}
	for _, p := range t.Parameters {
		if p != "text" && p != "url" {
			return &ErrInvalid{"parameters", `each is "text" (the message) or "url" (its link)`}
		}
	}
	if t.Parameters == nil {
		t.Parameters = []string{}
	}
	return s.Store.SaveTemplate(ctx, t)
}

// DeleteTemplate removes a template.
func (s *Service) DeleteTemplate(ctx context.Context, name, purpose, language string) error {
	return s.Store.DeleteTemplate(ctx, name, purpose, language)
}
