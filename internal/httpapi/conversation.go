package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/money"
)

// Longest chat message accepted, in characters.
const maxMessageRunes = 4000

type createConversationRequest struct {
	Locale   string `json:"locale"` // capped with every field by decodeJSON (limits.go)
	Customer *struct {
		ID        customerRef `json:"id"` // the shop site's customer id, signed with the e-mail
		Name      string      `json:"name"`
		Email     string      `json:"email"`
		Phone     string      `json:"phone"`
		Signature string      `json:"signature"` // hex HMAC-SHA256 of id:email (see identity.Sign)
	} `json:"customer"`
}

// MessageRequest is the body of POST /conversations/{id}/messages.
type MessageRequest struct {
	Text    string          `json:"text"`
	Payload string          `json:"payload"`
	Address json.RawMessage `json:"address,omitempty"`
}

// Validate checks a decoded message request.
func (m *MessageRequest) Validate() error {
	m.Text = strings.TrimSpace(m.Text)
	if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Payload) {
		return errorf(http.StatusBadRequest, "invalid_text", "text must be valid UTF-8")
	}
	if m.Text == "" && m.Payload == "" && len(m.Address) == 0 {
		return errorf(http.StatusBadRequest, "empty_message", "send {\"text\": \"…\"} or {\"payload\": \"…\"}")
	}
	if utf8.RuneCountInString(m.Text) > maxMessageRunes {
		return errorf(http.StatusRequestEntityTooLarge, "message_too_long", "a message may have at most %d characters", maxMessageRunes)
	}
	if len(m.Payload) > 512 {
		return errorf(http.StatusBadRequest, "invalid_payload", "a payload may have at most 512 bytes")
	}
	if len(m.Address) > 0 {
		// The address becomes the turn's text: capped like any text, so
		// it is no way around the message limit.
		a, err := checkAddress(m.Address)
		if err != nil {
			return err
		}
		m.Address = a
	}
	return nil
}

// DecodeMessage reads a message request body; it is what the fuzz target drives.
func DecodeMessage(body []byte) (MessageRequest, error) {
	var m MessageRequest
	if !utf8.Valid(body) {
		return m, errorf(http.StatusBadRequest, "invalid_text", "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(&m); err != nil {
		return m, bodyError(err)
	}
	if dec.More() {
		return m, errorf(http.StatusBadRequest, "invalid_json", "the body must hold exactly one JSON value")
	}
	return m, m.Validate()
}

func (s *Server) createConversation(w http.ResponseWriter, r *http.Request) {
	var req createConversationRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
			writeError(w, r, err)
			return
		}
	}
	lang := s.language(req.Locale)
	customerID, ref, err := s.signedCustomer(r.Context(), &req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	c, token, msgs, err := s.Conversations.Start(r.Context(), "web", lang, customerID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if customerID != 0 {
		if err := s.Identity.Record(r.Context(), c.ID, customerID, identity.SourceSigned, ref); err != nil {
			writeError(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": c.ID, "token": token, "language": c.Language, "status": c.Status, "messages": forShopper(msgs)})
}

// language maps a locale such as "nl-BE" or "zh-Hans-CN" to a launch language.
func (s *Server) language(locale string) string {
	l := strings.ToLower(strings.TrimSpace(locale))
	l = strings.ReplaceAll(l, "_", "-")
	base, _, _ := strings.Cut(l, "-")
	switch base {
	case "no", "nn":
		base = "nb"
	case "zsm", "may":
		base = "ms"
	case "hye", "arm":
		base = "hy"
	}
	for _, x := range s.Languages {
		if x == base {
			return base
		}
	}
	return s.DefaultLanguage
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	var req MessageRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if err := req.Validate(); err != nil {
		writeError(w, r, err)
		return
	}
	in := conversation.Inbound{Text: req.Text, Payload: req.Payload}
	if len(req.Address) > 0 && in.Text == "" {
		in.Text = string(req.Address) // the dialogue reads structured addresses itself
	}
	msgs, err := s.Conversations.Turn(r.Context(), r.PathValue("id"), bearer(r), in)
	if err != nil {
		writeError(w, r, conversationError(err))
		return
	}
	// The shopper's own message is stored but not echoed: the reply is what was asked for.
	var replies []conversation.Message
	for _, m := range msgs {
		if m.From != conversation.FromShopper {
			replies = append(replies, m)
		}
	}
	writeMessages(w, forShopper(replies))
}

// writeMessages answers 200 {"messages": msgs}. Messages a turn just saved
// carry their JSON as stored (Message.Encoded): written as it is, a turn's
// product cards are not encoded twice.
func writeMessages(w http.ResponseWriter, msgs []conversation.Message) {
	size := 16
	for _, m := range msgs {
		if len(m.Encoded) == 0 {
			writeJSON(w, http.StatusOK, map[string]any{"messages": msgs})
			return
		}
		size += len(m.Encoded) + 1
	}
	// Written piece by piece into the server's buffer, not first copied
	// into one slice; the length is known, so it is said (issue #17).
	if len(msgs) > 0 {
		size-- // one comma fewer than messages
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(size))
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, `{"messages":[`)
	for i, m := range msgs {
		if i > 0 {
			io.WriteString(w, ",")
		}
		w.Write(m.Encoded)
	}
	io.WriteString(w, "]}\n") // as json.Encoder ends a value
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) {
	c, err := s.Conversations.Authorize(r.Context(), r.PathValue("id"), bearer(r))
	if err != nil {
		writeError(w, r, conversationError(err))
		return
	}
	ct, err := s.Carts.For(r.Context(), c.CustomerID, c.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": c.ID, "status": c.Status, "language": c.Language, "cart": s.cartJSON(r.Context(), ct, c.CustomerID)})
}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	c, err := s.Conversations.Authorize(r.Context(), r.PathValue("id"), bearer(r))
	if err != nil {
		writeError(w, r, conversationError(err))
		return
	}
	after := int64(0)
	if v := r.URL.Query().Get("after"); v != "" {
		after, err = strconv.ParseInt(v, 10, 64)
		if err != nil || after < 0 {
			writeError(w, r, errorf(http.StatusBadRequest, "invalid_after", "after must be a message sequence number (0 or more)"))
			return
		}
	}
	msgs, err := s.Conversations.After(r.Context(), c.ID, after, 500)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": forShopper(msgs)})
}

func conversationError(err error) error {
	if errors.Is(err, conversation.ErrNotFound) {
		return errorf(http.StatusNotFound, "not_found", "no such conversation, or the token does not open it")
	}
	return err
}

func forShopper(msgs []conversation.Message) []conversation.Message {
	out := make([]conversation.Message, len(msgs))
	for i, m := range msgs {
		out[i] = m.ForShopper()
	}
	return out
}

// Cart is the contract's cart shape.
type Cart struct {
	Items    []CartItem  `json:"items"`
	Subtotal money.Money `json:"subtotal"`
	Discount money.Money `json:"discount"`
	Total    money.Money `json:"total"`
	Coupon   string      `json:"coupon,omitempty"`
}

// CartItem is one cart line.
type CartItem struct {
	SKU       string      `json:"sku"`
	Title     string      `json:"title"`
	Quantity  int         `json:"quantity"`
	UnitPrice money.Money `json:"unit_price"`
}

// cartJSON shows the cart with its coupon applied as it would be at checkout.
func (s *Server) cartJSON(ctx context.Context, c *cart.Cart, customerID int64) Cart {
	out := Cart{Items: []CartItem{}, Subtotal: c.Subtotal(), Discount: money.New(0, c.Currency)}
	for _, it := range c.Items {
		out.Items = append(out.Items, CartItem{SKU: it.SKU, Title: it.Title, Quantity: it.Quantity, UnitPrice: it.UnitPrice})
	}
	if c.Coupon != "" {
		if d, err := s.Coupons.Check(ctx, c.Coupon, out.Subtotal, customerID, time.Now()); err == nil {
			out.Discount = d.Amount
			out.Coupon = d.Code
		}
	}
	out.Total = money.New(out.Subtotal.Amount-out.Discount.Amount, c.Currency)
	return out
}
