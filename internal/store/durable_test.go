package store_test

import (
	"context"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// TestAfterSale_CommitsDurably checks that the writes after the sale —
// returns and their moves, the address change, the risk level and the
// erasure — commit through durableTx (synchronous=FULL on SQLite, see
// TestDurableTx_SyncsOnlyItsOwnCommit), like the orders they change, and
// that a chat turn does not.
func TestAfterSale_CommitsDurably(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	db.UpsertProduct(ctx, shoe("aurora", 5))
	o := newOrder("durable-1", 2)
	if err := db.CreateOrder(ctx, o); err != nil {
		t.Fatal(err)
	}
	ret := &returns.Return{ID: "ret_durable", OrderID: o.ID, Kind: returns.KindReturn, Status: returns.StatusRequested,
		Reason: "too_small", Method: "dropoff", LabelToken: "lbl_durable", Language: "en",
		Refund: money.Money{Currency: "EUR"},
		Lines:  []returns.Line{{SKU: "aurora-42-blk", Title: "Aurora", Quantity: 1, UnitPrice: money.MustParse("89.95", "EUR")}}}
	for _, tt := range []struct {
		name    string
		durable bool
		write   func() error
	}{
		{"chat turn", false, func() error {
			c := &conversation.Conversation{ID: "c_durable", Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte(`{}`)}
			if _, err := db.CreateConversation(ctx, c, "hash", nil); err != nil {
				return err
			}
			_, err := db.SaveTurn(ctx, c, []conversation.Message{{From: "shopper", Type: "text", Text: "hi"}})
			return err
		}},
		{"address change", true, func() error {
			ok, err := db.SetShippingAddress(ctx, o.Number, address.Address{Name: "Ana", Line1: "Prinsengracht 1", PostalCode: "1015 DK", City: "Amsterdam", Country: "NL"})
			if err == nil && !ok {
				t.Error("address not changed")
			}
			return err
		}},
		{"risk level", true, func() error {
			return db.SetOrderRisk(ctx, o.ID, order.Risk{Level: order.RiskElevated, Reasons: []string{"velocity"}})
		}},
		{"return requested", true, func() error {
			return db.CreateReturn(ctx, ret, 10, func(map[string]int) error { return nil })
		}},
		{"return received", true, func() error {
			ok, _, err := db.ReceiveReturn(ctx, ret.ID, true)
			if err == nil && !ok {
				t.Error("return not received")
			}
			return err
		}},
		{"erasure", true, func() error {
			_, err := db.EraseCustomer(ctx, o.Email)
			return err
		}},
	} {
		before := db.DurableCommits()
		if err := tt.write(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := db.DurableCommits() - before; (got == 1) != tt.durable {
			t.Errorf("%s: %d durable commits, want durable %v", tt.name, got, tt.durable)
		}
	}
}
