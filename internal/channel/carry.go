package channel

import (
	"context"
	"crypto/rand"
	"errors"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// Link is a deep link that carries a web conversation over to a messaging
// app ("continue on WhatsApp").
type Link struct {
	Channel string `json:"channel"`
	Title   string `json:"title"`
	URL     string `json:"url"`
}

// carryCode is what a carry-over link puts in the shopper's first message.
var carryCode = regexp.MustCompile(`SK-[A-Z2-9]{8}`)

// carryFor is how long a carry-over link works.
const carryFor = 30 * time.Minute

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// ContinueLinks makes single-use links that carry the conversation to each
// messaging app the shop has a public address on (WhatsApp's number,
// Telegram's bot name).
func (s *Service) ContinueLinks(ctx context.Context, c *conversation.Conversation) ([]Link, error) {
	var links []Link
	if s.WhatsAppNumber == "" && s.TelegramBot == "" {
		return []Link{}, nil
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	code := "SK-"
	for _, x := range b {
		code += string(codeAlphabet[int(x)%len(codeAlphabet)])
	}
	payload := c.ID + "|" + strconv.FormatInt(s.now().Add(carryFor).Unix(), 10)
	if err := s.Store.SavePayload(ctx, "carry."+code, payload); err != nil {
		return nil, err
	}
	if s.WhatsAppNumber != "" && s.providers["whatsapp"] != nil {
		text := s.Messages.T(c.Language, "channel.carry_text", "code", code)
		links = append(links, Link{Channel: "whatsapp", Title: s.Messages.T(c.Language, "channel.continue_whatsapp"),
			URL: "https://wa.me/" + url.PathEscape(s.WhatsAppNumber) + "?text=" + url.QueryEscape(text)})
	}
	if s.TelegramBot != "" && s.providers["telegram"] != nil {
		links = append(links, Link{Channel: "telegram", Title: s.Messages.T(c.Language, "channel.continue_telegram"),
			URL: "https://t.me/" + url.PathEscape(s.TelegramBot) + "?start=" + code})
	}
	if links == nil {
		links = []Link{}
	}
	return links, nil
}

// carriedOver returns the web conversation a new sender's first message
// claims with a carry-over code, or "" when it claims none (or a used,
// expired or unknown one: then the sender simply starts afresh).
func (s *Service) carriedOver(ctx context.Context, text string) (string, error) {
	code := carryCode.FindString(text)
	if code == "" {
		return "", nil
	}
	p, err := s.Store.Payload(ctx, "carry."+code)
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	id, exp, ok := strings.Cut(p, "|")
	until, perr := strconv.ParseInt(exp, 10, 64)
	if !ok || perr != nil || s.now().Unix() > until {
		return "", nil
	}
	// Single use: the first sender to bring the code takes the conversation.
	if used, err := s.Store.UsePayload(ctx, "carry."+code, p); err != nil || !used {
		return "", err
	}
	if _, err := s.Store.SenderOf(ctx, id); err == nil {
		return "", nil // already on a messaging app
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	return id, nil
}
