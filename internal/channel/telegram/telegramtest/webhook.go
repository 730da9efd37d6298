package telegramtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// SecretHeader is where Telegram puts the webhook's secret_token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Shopper is one Telegram user writing to the bot in a private chat (whose
// chat id equals the user id, as on Telegram).
type Shopper struct {
	ID           int64
	FirstName    string
	LanguageCode string    // e.g. "nl", "zh-hans", "nb"; empty for none
	At           time.Time // the messages' date; zero means now
}

func (s Shopper) date() int64 {
	if s.At.IsZero() {
		return time.Now().Unix()
	}
	return s.At.Unix()
}

func (s Shopper) from() map[string]any {
	u := map[string]any{"id": s.ID, "is_bot": false, "first_name": s.FirstName}
	if s.LanguageCode != "" {
		u["language_code"] = s.LanguageCode
	}
	return u
}

func (s Shopper) chat() map[string]any {
	return map[string]any{"id": s.ID, "first_name": s.FirstName, "type": "private"}
}

func (s Shopper) message(messageID int64, extra map[string]any) map[string]any {
	m := map[string]any{"message_id": messageID, "from": s.from(), "chat": s.chat(), "date": s.date()}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// Text is an Update with a text message. "/start <parameter>" is how a
// t.me/<bot>?start=<parameter> deep link arrives; Telegram marks the
// command with a bot_command entity, as here.
func (s Shopper) Text(updateID int64, text string) []byte {
	extra := map[string]any{"text": text}
	if len(text) > 1 && text[0] == '/' {
		n := units(text) // entity offsets and lengths count UTF-16 units
		if i := bytes.IndexByte([]byte(text), ' '); i > 0 {
			n = units(text[:i])
		}
		extra["entities"] = []map[string]any{{"offset": 0, "length": n, "type": "bot_command"}}
	}
	return update(updateID, "message", s.message(updateID+1000, extra))
}

// Tap is an Update with a callback query: the shopper tapped an inline
// button carrying data on the bot's message botMessageID.
func (s Shopper) Tap(updateID int64, callbackID string, botMessageID int64, data string) []byte {
	bot := map[string]any{
		"message_id": botMessageID,
		"from":       map[string]any{"id": 7000000001, "is_bot": true, "first_name": "Shop", "username": "shop_test_bot"},
		"chat":       s.chat(),
		"date":       s.date(),
		"text":       "…",
	}
	return update(updateID, "callback_query", map[string]any{
		"id":            callbackID,
		"from":          s.from(),
		"message":       bot,
		"chat_instance": "-4242424242424242424",
		"data":          data,
	})
}

// Photo is an Update with a photo (which the shop cannot read).
func (s Shopper) Photo(updateID int64) []byte {
	return update(updateID, "message", s.message(updateID+1000, map[string]any{
		"photo": []map[string]any{
			{"file_id": "AgACAgQAAxkBAAIBZ2", "file_unique_id": "AQADsmall", "file_size": 1340, "width": 90, "height": 67},
			{"file_id": "AgACAgQAAxkBAAIBZ3", "file_unique_id": "AQADbig", "file_size": 52011, "width": 800, "height": 600},
		},
	}))
}

// Sticker is an Update with a sticker.
func (s Shopper) Sticker(updateID int64) []byte {
	return update(updateID, "message", s.message(updateID+1000, map[string]any{
		"sticker": map[string]any{"file_id": "CAACAgIAAxkBAAIBaG", "file_unique_id": "AgADsticker", "type": "regular",
			"width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"},
	}))
}

// Voice is an Update with a voice note.
func (s Shopper) Voice(updateID int64) []byte {
	return update(updateID, "message", s.message(updateID+1000, map[string]any{
		"voice": map[string]any{"file_id": "AwACAgQAAxkBAAIBaW", "file_unique_id": "AgADvoice", "duration": 3, "mime_type": "audio/ogg"},
	}))
}

// Edited is an Update reporting that the shopper edited an earlier message
// (which the shop does not act on).
func (s Shopper) Edited(updateID int64, text string) []byte {
	m := s.message(updateID+1000, map[string]any{"text": text, "edit_date": s.date()})
	return update(updateID, "edited_message", m)
}

func update(id int64, kind string, v any) []byte {
	b, err := json.Marshal(map[string]any{"update_id": id, kind: v})
	if err != nil {
		panic(err) // only maps of plain values: cannot happen
	}
	return b
}

// Headers are the headers Telegram sends with an update.
func Headers(secret string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	if secret != "" {
		h.Set(SecretHeader, secret)
	}
	return h
}

// Request is a webhook POST of body to url with the secret header, ready
// for an http.Client or a handler.
func Request(url, secret string, body []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		panic(err) // a test's own bad URL
	}
	r.Header = Headers(secret)
	return r
}
