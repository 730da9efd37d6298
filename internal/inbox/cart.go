package inbox

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// CartEditor changes a conversation's cart (cart.Service).
type CartEditor interface {
	For(ctx context.Context, customerID int64, conversationID string) (*cart.Cart, error)
	Set(ctx context.Context, c *cart.Cart, sku string, qty int) (cart.Item, error)
	Remove(ctx context.Context, c *cart.Cart, sku string) error
}

// CartEdit is one change an agent makes to the shopper's cart.
type CartEdit struct {
	SKU string
	// Quantity is the line's new quantity (0 removes it); when Add is set
	// it is added to what the line holds.
	Quantity int
	Add      bool
}

// EditCart changes the shopper's cart for them. Only the assigned agent
// (or an admin) may; the change is audited and told to the shopper in
// their language as the agent's message, so the widget shows it at once.
func (s *Service) EditCart(ctx context.Context, a *Agent, id string, e CartEdit, msgs *i18n.Catalog) (*cart.Cart, *conversation.Message, error) {
	e.SKU = strings.TrimSpace(e.SKU)
	if s.CartEdits == nil {
		return nil, nil, fmt.Errorf("%w: carts cannot be edited here", ErrInvalid)
	}
	if e.SKU == "" {
		return nil, nil, fmt.Errorf("%w: sku is required", ErrInvalid)
	}
	if _, err := s.owner(ctx, a, id, true); err != nil {
		return nil, nil, err
	}
	c, err := s.conv.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ct, err := s.CartEdits.For(ctx, c.CustomerID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	before, had := ct.Find(e.SKU)
	qty := e.Quantity
	if e.Add {
		if qty < 1 {
			return nil, nil, fmt.Errorf("%w: quantity must be at least 1", ErrInvalid)
		}
		qty += before.Quantity
	}
	var text string
	if qty == 0 {
		if !had {
			return nil, nil, fmt.Errorf("%w: %s is not in the cart", ErrInvalid, e.SKU)
		}
		if err := s.CartEdits.Remove(ctx, ct, e.SKU); err != nil {
			return nil, nil, cartError(err)
		}
		text = msgs.T(c.Language, "agentcart.removed", "title", before.Title)
	} else {
		it, err := s.CartEdits.Set(ctx, ct, e.SKU, qty)
		if err != nil {
			return nil, nil, cartError(err)
		}
		if had {
			text = msgs.T(c.Language, "agentcart.changed", "title", it.Title, "quantity", it.Quantity)
		} else {
			text = msgs.T(c.Language, "agentcart.added", "title", it.Title, "quantity", it.Quantity)
		}
	}
	s.audit(ctx, a, "cart", id, map[string]any{"sku": e.SKU, "from": before.Quantity, "to": qty})
	m, err := s.post(ctx, a, id, conversation.Message{From: conversation.FromAgent, Type: conversation.TypeText, Text: text, Author: a.Name})
	return ct, m, err
}

// cartError turns what the cart refuses into a validation error.
func cartError(err error) error {
	var se *cart.StockError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: only %d of %s in stock", ErrInvalid, se.Available, se.SKU)
	case errors.Is(err, cart.ErrQuantity), errors.Is(err, cart.ErrNotInCart),
		errors.Is(err, catalog.ErrOutOfStock), errors.Is(err, catalog.ErrNotFound):
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return err
}

// post adds m to the conversation as the assigned agent or an admin,
// checked again under the turn lock: ownership may have moved.
func (s *Service) post(ctx context.Context, a *Agent, id string, m conversation.Message) (*conversation.Message, error) {
	var denied error
	saved, err := s.conv.Notify(ctx, id, func(c *conversation.Conversation) []conversation.Message {
		h, err := s.store.CurrentHandoff(ctx, id)
		if err != nil || h.ResolvedAt != nil || (h.AgentID != a.ID && a.Role != RoleAdmin) || c.Status != conversation.StatusAgent {
			denied = ErrNotAssignee
			return nil
		}
		return []conversation.Message{m}
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

// Cards builds a product card as the bot's cards are built, dressed in a
// language (the app joins the catalogue and the dialogue's card builder).
type Cards interface {
	Card(ctx context.Context, lang, handle string) (conversation.Item, error)
}

// SendProduct sends one product card, with its variants and their stock,
// into the conversation as the assigned agent (or an admin); audited.
func (s *Service) SendProduct(ctx context.Context, a *Agent, id, handle string) (*conversation.Message, error) {
	handle = strings.TrimSpace(handle)
	if s.Cards == nil {
		return nil, fmt.Errorf("%w: product cards cannot be sent here", ErrInvalid)
	}
	if handle == "" {
		return nil, fmt.Errorf("%w: handle is required", ErrInvalid)
	}
	if _, err := s.owner(ctx, a, id, true); err != nil {
		return nil, err
	}
	c, err := s.conv.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	it, err := s.Cards.Card(ctx, c.Language, handle)
	if err != nil {
		return nil, cartError(err)
	}
	m := conversation.Message{From: conversation.FromAgent, Type: conversation.TypeProducts, Reason: "agent", Author: a.Name, Items: []conversation.Item{it}}
	if len(it.Options) > 1 {
		// As the bot does for one card: channels without card buttons get
		// its "Add to cart" or "Choose size/colour" as a quick reply.
		m.Options = []conversation.Option{it.Options[1]}
	}
	s.audit(ctx, a, "product_card", id, map[string]any{"handle": handle})
	return s.post(ctx, a, id, m)
}
