package privacy_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const shelf = `Handle,Title,Vendor,Type,Published,Option1 Name,Option1 Value,Variant SKU,Variant Inventory Qty,Variant Price
socks,Wool Socks,Acme,Socks,TRUE,Size,M,SOCK-M,1000,12.95
`

type person struct {
	email, name, phone, street, convID string
	order                              string
}

// seed gives the shop everything it would hold about p after one chat
// purchase: customer, conversation with messages, order, saved card, consent.
func seed(t *testing.T, db *store.DB, orders *order.Service, p *person) {
	t.Helper()
	ctx := context.Background()
	id, err := db.UpsertCustomer(ctx, p.email, p.name, p.phone)
	if err != nil {
		t.Fatal(err)
	}
	c := &conversation.Conversation{ID: p.convID, CustomerID: id, Channel: "web", Status: "open", Language: "en",
		State: json.RawMessage(`{"checkout":{"email":"` + p.email + `"}}`), CreatedAt: time.Now().UTC()}
	now := time.Now().UTC()
	if _, err := db.CreateConversation(ctx, c, "hash-"+p.convID, []conversation.Message{
		{From: conversation.FromShopper, Type: conversation.TypeText, Text: "Ship it to " + p.street + ", I'm " + p.name, Created: now},
		{From: conversation.FromBot, Type: conversation.TypeText, Text: "Thanks " + p.name + ", a confirmation goes to " + p.email, Created: now},
	}); err != nil {
		t.Fatal(err)
	}
	o, err := orders.PlaceCheckout(ctx, order.Checkout{
		NewOrder: order.NewOrder{Email: p.email, Name: p.name, Phone: p.phone,
			ShippingAddress: address.Address{Name: p.name, Line1: p.street, PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}},
		ConversationID: p.convID, Items: []order.Item{{SKU: "SOCK-M", Title: "Wool Socks", Quantity: 1, UnitPrice: money.New(1295, "EUR")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := orders.MarkPaid(ctx, o.Number); err != nil {
		t.Fatal(err)
	}
	p.order = o.Number
	if err := db.SavePaymentMethod(ctx, payment.Method{CustomerID: id, Gateway: "test", Reference: "pm_" + p.convID, Label: "Visa •••• 4242"}); err != nil {
		t.Fatal(err)
	}
	if _, err := privacy.NewService(db).RecordConsent(ctx, p.email, privacy.Consent{Purpose: privacy.PurposeMarketing, Granted: true, Source: "chat"}); err != nil {
		t.Fatal(err)
	}
}

func newShop(t *testing.T, db *store.DB) *order.Service {
	t.Helper()
	cat := catalog.NewService(db)
	if _, err := cat.ImportCSV(context.Background(), strings.NewReader(shelf), "EUR", nil); err != nil {
		t.Fatal(err)
	}
	return order.NewService(db, cat)
}

func TestErase_ExportThenEraseLeavesNothingPersonal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orders := newShop(t, db)
		ann := &person{email: "ann.devries@example.nl", name: "Ann de Vries", phone: "+31 6 12345678", street: "Keizersgracht 12", convID: "conv-ann"}
		bob := &person{email: "bob@example.com", name: "Bob Jansen", phone: "+31 6 87654321", street: "Oudegracht 5", convID: "conv-bob"}
		seed(t, db, orders, ann)
		seed(t, db, orders, bob)
		// Someone asked about Ann's order in an anonymous chat, typing her address.
		anon := &conversation.Conversation{ID: "conv-lookup", Channel: "web", Status: "open", Language: "en", State: json.RawMessage(`{}`), CreatedAt: time.Now().UTC()}
		if _, err := db.CreateConversation(ctx, anon, "hash-lookup", []conversation.Message{
			{From: conversation.FromShopper, Type: conversation.TypeText, Text: "order 1001, " + ann.email, Created: time.Now().UTC()},
		}); err != nil {
			t.Fatal(err)
		}
		ps := privacy.NewService(db)

		ex, err := ps.Export(ctx, " Ann.deVries@example.nl ")
		if err != nil {
			t.Fatal(err)
		}
		if ex.Customer == nil || ex.Customer.Name != ann.name || ex.Customer.Phone != ann.phone {
			t.Errorf("export customer = %+v", ex.Customer)
		}
		counts := map[string][2]int{"orders": {len(ex.Orders), 1}, "addresses": {len(ex.Addresses), 1}, "payment methods": {len(ex.PaymentMethods), 1},
			// her own chat, and the anonymous one that typed her address
			"conversations": {len(ex.Conversations), 2}, "consents": {len(ex.Consents), 1}}
		for what, c := range counts {
			if c[0] != c[1] {
				t.Errorf("export has %d %s, want %d", c[0], what, c[1])
			}
		}
		if len(ex.Conversations) == 2 && len(ex.Conversations[0].Messages) != 2 {
			t.Errorf("export conversation has %d messages, want 2", len(ex.Conversations[0].Messages))
		}
		if b, _ := json.Marshal(ex); strings.Contains(string(b), bob.email) || strings.Contains(string(b), bob.street) {
			t.Errorf("Ann's export holds Bob's details: %s", b)
		}

		res, err := ps.Erase(ctx, ann.email)
		if err != nil {
			t.Fatal(err)
		}
		if res.Customers != 1 || res.Orders != 1 || res.Conversations != 2 {
			t.Errorf("erasure = %+v, want one customer, one order, two conversations", res)
		}
		after, err := ps.Export(ctx, ann.email)
		if err != nil {
			t.Fatal(err)
		}
		if after.Customer != nil || len(after.Orders)+len(after.Addresses)+len(after.PaymentMethods)+len(after.Conversations)+len(after.Consents) != 0 {
			t.Errorf("export after erasure still holds: %+v", after)
		}
		// The order stays for the books, without the person.
		o, err := orders.ByNumber(ctx, ann.order)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(o)
		for _, personal := range []string{ann.email, ann.name, ann.street, "1015 CS", ann.phone, "Amsterdam"} {
			if strings.Contains(string(b), personal) {
				t.Errorf("erased order still holds %q: %s", personal, b)
			}
		}
		if o.Email != privacy.Redacted || o.ShippingAddress.Name != privacy.Redacted || o.ShippingAddress.Country != "NL" || o.Total.Amount != 1295 || o.CustomerID != 0 {
			t.Errorf("erased order = %+v", o)
		}
		// Messages keep their place but not their words; the token is dead.
		c, hash, err := db.Conversation(ctx, ann.convID)
		if err != nil {
			t.Fatal(err)
		}
		if hash == "hash-"+ann.convID || c.CustomerID != 0 || strings.Contains(string(c.State), ann.email) {
			t.Errorf("erased conversation: hash %q customer %d state %s", hash, c.CustomerID, c.State)
		}
		msgs, err := db.MessagesAfter(ctx, ann.convID, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 2 {
			t.Errorf("%d messages after erasure, want 2 redacted", len(msgs))
		}
		for _, m := range msgs {
			if m.Text != privacy.Redacted {
				t.Errorf("message %d after erasure: %q", m.Seq, m.Text)
			}
		}
		if _, _, _, err := db.Customer(ctx, o.CustomerID); err == nil {
			t.Error("customer record still there")
		}
		// A chat that only typed her address (an order lookup) is erased too.
		lookup, err := db.MessagesAfter(ctx, "conv-lookup", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lookup {
			if strings.Contains(m.Text, ann.email) {
				t.Errorf("a chat that typed the address still holds it: %q", m.Text)
			}
		}
		// Bob is untouched.
		bx, err := ps.Export(ctx, bob.email)
		if err != nil {
			t.Fatal(err)
		}
		if bx.Customer == nil || len(bx.Orders) != 1 || len(bx.Conversations) != 1 || bx.Conversations[0].Messages[0].Text == privacy.Redacted || len(bx.Consents) != 1 {
			t.Errorf("Bob's export after Ann's erasure: %+v", bx)
		}
		// Erasing again finds nothing and changes nothing.
		if res, err := ps.Erase(ctx, ann.email); err != nil || res != (privacy.Erasure{}) {
			t.Errorf("second erasure = %+v, %v", res, err)
		}
	})
}

func TestRedactIdle_RedactsOldConversationsOnlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(id string) {
			c := &conversation.Conversation{ID: id, Channel: "web", Status: "open", Language: "en", State: json.RawMessage(`{}`), CreatedAt: time.Now().UTC()}
			if _, err := db.CreateConversation(ctx, c, "h-"+id, []conversation.Message{{From: conversation.FromShopper, Type: conversation.TypeText, Text: "my address is Main St 1", Created: time.Now().UTC()}}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 6; i++ {
			mk("old-" + string(rune('a'+i)))
		}
		time.Sleep(20 * time.Millisecond)
		cutoff := time.Now()
		time.Sleep(20 * time.Millisecond)
		mk("new")
		ps := privacy.NewService(db)
		// Two instances run the job at once: each conversation is done once.
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := ps.RedactIdle(ctx, cutoff)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		if total != 6 {
			t.Errorf("redacted %d conversations, want 6", total)
		}
		if n, err := ps.RedactIdle(ctx, cutoff); err != nil || n != 0 {
			t.Errorf("second run redacted %d (%v), want 0", n, err)
		}
		for id, want := range map[string]string{"old-a": privacy.Redacted, "old-f": privacy.Redacted, "new": "my address is Main St 1"} {
			msgs, err := db.MessagesAfter(ctx, id, 0, 10)
			if err != nil || len(msgs) != 1 {
				t.Fatalf("%s: %v %v", id, msgs, err)
			}
			if msgs[0].Text != want {
				t.Errorf("%s: message %q, want %q", id, msgs[0].Text, want)
			}
		}
		// Redaction past retention keeps the shopper's token working.
		if _, hash, err := db.Conversation(ctx, "old-a"); err != nil || hash != "h-old-a" {
			t.Errorf("old-a token hash %q, %v", hash, err)
		}
	})
}

func TestRecordConsent_ValidatesPurposeAndOwner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := privacy.NewService(db)
		ctx := context.Background()
		tests := []struct {
			name  string
			email string
			c     privacy.Consent
			ok    bool
		}{
			{"marketing by e-mail", "new@example.com", privacy.Consent{Purpose: privacy.PurposeMarketing, Granted: true, Source: "widget"}, true},
			{"withdrawn service in a conversation", "", privacy.Consent{ConversationID: "c1", Purpose: privacy.PurposeService, Granted: false, Source: "chat"}, true},
			{"unknown purpose", "new@example.com", privacy.Consent{Purpose: "profiling", Granted: true, Source: "chat"}, false},
			{"no source", "new@example.com", privacy.Consent{Purpose: privacy.PurposeService, Granted: true}, false},
			{"nobody", "", privacy.Consent{Purpose: privacy.PurposeService, Granted: true, Source: "chat"}, false},
		}
		for _, tt := range tests {
			c, err := ps.RecordConsent(ctx, tt.email, tt.c)
			if (err == nil) != tt.ok {
				t.Errorf("%s: err %v, want ok=%v", tt.name, err, tt.ok)
			}
			if tt.ok && (c.ID == 0 || c.CreatedAt.IsZero()) {
				t.Errorf("%s: consent not stored: %+v", tt.name, c)
			}
		}
		ex, err := ps.Export(ctx, "new@example.com")
		if err != nil || len(ex.Consents) != 1 || !ex.Consents[0].Granted || ex.Consents[0].Source != "widget" {
			t.Errorf("export consents = %+v, %v", ex.Consents, err)
		}
	})
}
