package dialog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// lookupShop is a bot whose failed order lookups are limited to 5 per
// client and 10 per order number an hour, on the clock *now.
func lookupShop(t *testing.T, db *store.DB, now *time.Time) *conversation.Service {
	ctx := context.Background()
	p := catalog.Product{Handle: "socks", Title: "Socks", Status: "active",
		Variants: []catalog.Variant{{SKU: "SOCK-1", Price: eur("14.00"), Stock: 20}}}
	if _, err := db.UpsertProduct(ctx, &p); err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(db)
	if err := cat.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	orders := order.NewService(db, cat)
	perClient, _ := limit.ParseRate("5/h")
	perOrder, _ := limit.ParseRate("10/h")
	orders.UseLookupLimits(db, perClient, perOrder, func() time.Time { return *now })
	s := script{"where is my order?": intent("order_status")}
	bot := dialog.New(dialog.Deps{Understand: s.understand, Catalog: cat, Orders: orders, Customers: db, Alerts: db,
		Messages: i18n.MustLoad("en"), ShopName: "Test Shop", Currency: "EUR",
		BaseURL: func(context.Context) string { return "http://shop.test" }})
	return conversation.NewService(db, bot)
}

// chat is one conversation of a shopper at addr.
type chat struct {
	t       *testing.T
	convs   *conversation.Service
	ctx     context.Context
	id, tok string
}

func newChat(t *testing.T, convs *conversation.Service, addr string) *chat {
	ctx := reqinfo.WithClientAddr(context.Background(), addr)
	c, tok, _, err := convs.Start(ctx, "rest", "en", 0)
	if err != nil {
		t.Fatal(err)
	}
	return &chat{t: t, convs: convs, ctx: ctx, id: c.ID, tok: tok}
}

// lookup asks for order number with proof and returns the bot's words.
func (c *chat) lookup(number, proof string) string {
	c.t.Helper()
	var out []string
	for _, text := range []string{"where is my order?", number, proof} {
		msgs, err := c.convs.Turn(c.ctx, c.id, c.tok, conversation.Inbound{Text: text})
		if err != nil {
			c.t.Fatalf("%q: %v", text, err)
		}
		out = append(out, texts(msgs[1:]))
	}
	return strings.Join(out, " | ")
}

const locked = "For your security"

func TestOrderLookup_FailuresCountAcrossConversations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
		convs := lookupShop(t, db, &now)
		o, err := orderFor(&harness{ctx: context.Background(), db: db}, "owner@example.com", addressForTest())
		if err != nil {
			t.Fatal(err)
		}
		const guesser, owner = "203.0.113.7", "198.51.100.2"

		// Two wrong pairs in each of two conversations, then one more in a
		// third: five for this address, each conversation under its own three.
		for i, c := range []*chat{newChat(t, convs, guesser), newChat(t, convs, guesser)} {
			for j := range 2 {
				if out := c.lookup(o.Number, "guess@example.com"); strings.Contains(out, locked) {
					t.Fatalf("conversation %d, try %d locked early: %s", i+1, j+1, out)
				}
			}
		}
		third := newChat(t, convs, guesser)
		if out := third.lookup("999999", "guess@example.com"); !strings.Contains(out, locked) {
			t.Fatalf("the fifth failure from one address did not lock: %s", out)
		}
		// A fresh conversation from the same address is still locked, and
		// the right e-mail is not even checked.
		if out := newChat(t, convs, guesser).lookup(o.Number, "owner@example.com"); !strings.Contains(out, locked) || strings.Contains(out, o.Number+" is") {
			t.Fatalf("a new conversation from the locked address: %s", out)
		}
		// The owner, elsewhere, still gets in: four failures on this number so far.
		if out := newChat(t, convs, owner).lookup(o.Number, "owner@example.com"); strings.Contains(out, locked) || strings.Contains(out, "can't find") {
			t.Fatalf("the owner from another address: %s", out)
		}
		// An hour later the address may try again.
		now = now.Add(time.Hour + time.Second)
		if out := newChat(t, convs, guesser).lookup(o.Number, "owner@example.com"); strings.Contains(out, locked) {
			t.Fatalf("still locked after the window: %s", out)
		}
	})
}

func TestOrderLookup_FailuresCountPerOrderNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
		convs := lookupShop(t, db, &now)
		o, err := orderFor(&harness{ctx: context.Background(), db: db}, "owner@example.com", addressForTest())
		if err != nil {
			t.Fatal(err)
		}
		// Ten addresses, one wrong pair each, on one order number.
		for i := range 10 {
			newChat(t, convs, "203.0.113."+string(rune('0'+i))).lookup(o.Number, "guess@example.com")
		}
		if out := newChat(t, convs, "198.51.100.2").lookup(o.Number, "owner@example.com"); !strings.Contains(out, locked) {
			t.Fatalf("the number was not locked after ten failures from ten addresses: %s", out)
		}
		// Other numbers are unaffected.
		if out := newChat(t, convs, "198.51.100.2").lookup("999999", "someone@example.com"); strings.Contains(out, locked) {
			t.Fatalf("another number is locked too: %s", out)
		}
	})
}
