package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
)

// update is the part of a Bot API Update the shop reads. Telegram sends one
// update per webhook request; other kinds (edited_message, channel_post,
// inline_query, my_chat_member, …) are left out of the events.
type update struct {
	UpdateID      int64          `json:"update_id"`
	Message       *message       `json:"message"`
	CallbackQuery *callbackQuery `json:"callback_query"`
}

type user struct {
	ID           int64  `json:"id"`
	IsBot        bool   `json:"is_bot"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	LanguageCode string `json:"language_code"`
}

type chat struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

type message struct {
	MessageID int64  `json:"message_id"`
	From      *user  `json:"from"`
	Chat      chat   `json:"chat"`
	Date      int64  `json:"date"`
	Text      string `json:"text"`
}

type callbackQuery struct {
	ID      string   `json:"id"`
	From    user     `json:"from"`
	Message *message `json:"message"`
	Data    string   `json:"data"`
}

// media are the message fields of content the shop cannot read: the
// shopper is asked to write instead. A message with none of these and no
// text (a service message: pinned, a payment, a shared contact list …) is
// not for the conversation and is left out.
var media = []string{
	"photo", "sticker", "voice", "video", "video_note", "audio", "document",
	"animation", "location", "venue", "contact", "poll", "dice", "story",
	"paid_media", "game",
}

// Parse reads one Update. A text message or a button tap in a private chat
// is an event; an update from a group or a channel, from another bot, an
// edit or any other kind is left out (no error, so Telegram stops
// redelivering it). A body that is not an Update is an error.
//
// "/start" and "/start <parameter>" (a t.me/<bot>?start=<parameter> deep
// link) come through as the text, unchanged: the core reads the parameter.
func (p *Provider) Parse(_ *http.Request, body []byte) ([]channel.Event, error) {
	var u update
	if err := json.Unmarshal(body, &u); err != nil {
		return nil, fmt.Errorf("telegram update: %w", err)
	}
	if u.UpdateID <= 0 {
		return nil, errors.New("telegram update: no update_id")
	}
	id := strconv.FormatInt(u.UpdateID, 10)
	switch {
	case u.Message != nil:
		return p.fromMessage(id, u.Message, body)
	case u.CallbackQuery != nil:
		return p.fromCallback(id, u.CallbackQuery), nil
	}
	return nil, nil
}

func (p *Provider) fromMessage(id string, m *message, body []byte) ([]channel.Event, error) {
	if !private(m.Chat) || m.From == nil || m.From.IsBot {
		return nil, nil
	}
	e := channel.Event{
		Kind:     channel.EventMessage,
		ID:       id,
		Sender:   strconv.FormatInt(m.Chat.ID, 10),
		Name:     name(*m.From),
		Text:     m.Text,
		Language: Language(m.From.LanguageCode),
		Time:     time.Unix(m.Date, 0).UTC(),
	}
	if m.Text != "" {
		return []channel.Event{e}, nil
	}
	// Which kind of content it is only shows in which field is present.
	var raw struct {
		Message map[string]json.RawMessage `json:"message"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("telegram update: %w", err)
	}
	for _, k := range media {
		if _, ok := raw.Message[k]; ok {
			e.Unsupported = true
			return []channel.Event{e}, nil
		}
	}
	return nil, nil
}

func (p *Provider) fromCallback(id string, q *callbackQuery) []channel.Event {
	// Our buttons sit on messages the bot sent into the chat, so the query
	// names the chat; one without (a button on an inline-mode message) is
	// not one of ours. Neither is one without data (a game's button).
	if q.Message == nil || q.Message.Chat.ID == 0 || !private(q.Message.Chat) || q.From.IsBot || q.ID == "" || q.Data == "" {
		return nil
	}
	return []channel.Event{{
		Kind:       channel.EventMessage,
		ID:         id,
		Sender:     strconv.FormatInt(q.Message.Chat.ID, 10),
		Name:       name(q.From),
		Payload:    q.Data,
		Language:   Language(q.From.LanguageCode),
		CallbackID: q.ID,
		// A callback query carries no time: the tap is as recent as its
		// arrival.
		Time: p.now().UTC(),
	}}
}

// private reports whether a chat is a one-to-one chat with the shopper.
// Groups and channels are left out: a shop conversation there would show
// one shopper's orders and addresses to everyone in it.
func private(c chat) bool { return c.Type == "" || c.Type == "private" }

func name(u user) string {
	return strings.TrimSpace(u.FirstName + " " + u.LastName)
}

// Language maps Telegram's language_code (an IETF tag from the shopper's
// app) to the shop's languages, or "" for any other. Traditional Chinese
// (zh-hant, zh-tw, zh-hk) is left to the core's own detection, since the
// shop writes Simplified Chinese; Nynorsk likewise.
func Language(code string) string {
	code = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(code), "_", "-"))
	base, region, _ := strings.Cut(code, "-")
	switch base {
	case "en", "nl", "ms", "hy":
		return base
	case "nb", "no":
		return "nb"
	case "zh":
		switch region {
		case "", "hans", "cn", "sg", "my":
			return "zh"
		}
		if strings.HasPrefix(region, "hans") {
			return "zh"
		}
	}
	return ""
}
