package channel

import (
	"context"
	"errors"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// The voice line: a caller talks to the same dialogue as on the other
// channels, one spoken sentence a turn. Calls keep their own conversation
// per number (channel "voice"), which has no outbox: the answer is spoken
// in the provider's reply. Caller ids can be forged, so a call never
// proves who the caller is and binds no customer.

// Call runs one spoken turn and returns what to say, the conversation's
// language after it and whether the caller is now waiting for a person.
func (s *Service) Call(ctx context.Context, caller, text, lang string) (reply, lang2 string, handoff bool, err error) {
	snd, _, _, err := s.sender(ctx, "voice", Event{Sender: caller, Language: lang})
	if err != nil {
		return "", "", false, err
	}
	if err := s.Store.SenderWrote(ctx, "voice", caller, s.now()); err != nil {
		return "", "", false, err
	}
	msgs, err := s.Conversations.TurnTrusted(ctx, snd.ConversationID, conversation.Inbound{Text: text})
	if err != nil {
		return "", "", false, err
	}
	var said []string
	for _, m := range msgs {
		if m.From != conversation.FromBot && m.From != conversation.FromAgent {
			continue
		}
		if m.Text != "" {
			said = append(said, m.Text)
		}
		for i, it := range m.Items {
			if i == 3 {
				break // a list read aloud stops being useful after three
			}
			said = append(said, it.Title)
		}
	}
	c, err := s.Conversations.Get(ctx, snd.ConversationID)
	if err != nil {
		return "", "", false, err
	}
	return strings.Join(said, " "), c.Language, conversation.WithPerson(c.Status), nil
}

// CallerLanguage is the language of an earlier call or SMS conversation
// with this number, or "".
func (s *Service) CallerLanguage(ctx context.Context, caller string) string {
	for _, ch := range []string{"voice", "sms"} {
		snd, err := s.Store.Sender(ctx, ch, caller)
		if err != nil {
			continue
		}
		if c, err := s.Conversations.Get(ctx, snd.ConversationID); err == nil {
			return c.Language
		}
	}
	return ""
}

// TextInstead texts a caller whose language the voice line cannot speak,
// so the conversation goes on by SMS.
func (s *Service) TextInstead(ctx context.Context, caller, lang string) {
	if s.providers["sms"] == nil {
		return
	}
	snd, _, _, err := s.sender(ctx, "sms", Event{Sender: caller, Language: lang})
	if err == nil {
		_, err = s.Conversations.Notify(ctx, snd.ConversationID, func(c *conversation.Conversation) []conversation.Message {
			return []conversation.Message{{From: conversation.FromBot, Type: conversation.TypeText, Text: s.Messages.T(lang, "twilio.sms.after_call")}}
		})
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		s.noteError(ctx, "sms", err)
	}
}
