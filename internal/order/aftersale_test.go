package order_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/demo"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// countingRefunds is a gateway that counts refunds per idempotency key.
type countingRefunds struct {
	n    atomic.Int32
	fail bool
}

func (c *countingRefunds) Refund(_ context.Context, o *order.Order, amount money.Money, key string) (string, error) {
	if c.fail {
		return "", errors.New("gateway down")
	}
	c.n.Add(1)
	return "re_" + key, nil
}

type fixture struct {
	db        *store.DB
	orders    *order.Service
	cat       *catalog.Service
	refunds   *countingRefunds
	sim       *fulfilment.Simulated
	delivered atomic.Int32
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	cat := catalog.NewService(db)
	if _, err := cat.ImportCSV(ctx, bytes.NewReader(demo.CatalogCSV()), demo.Currency, nil); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, cat: cat, refunds: &countingRefunds{}, sim: &fulfilment.Simulated{}}
	f.orders = order.NewService(db, cat)
	f.orders.UseAfterSale(db, fulfilment.NewCarriers(f.sim), f.refunds, func(context.Context, *order.Order) { f.delivered.Add(1) })
	return f
}

func (f *fixture) sku(t *testing.T) string {
	t.Helper()
	ps, err := f.db.ListProducts(context.Background(), 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, v := range p.Variants {
			if v.Stock >= 5 {
				return v.SKU
			}
		}
	}
	t.Fatal("no variant with stock")
	return ""
}

func (f *fixture) place(t *testing.T, sku string, paid bool) *order.Order {
	t.Helper()
	o, err := f.orders.Place(context.Background(), order.NewOrder{Email: "ann@example.com", Name: "Ann", Paid: paid,
		Lines:           []order.Line{{SKU: sku, Quantity: 2}},
		ShippingAddress: address.Address{Name: "Ann", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func (f *fixture) stock(t *testing.T, sku string) int {
	v, err := f.cat.Variant(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

func TestTrackShipments_RecordsEachEventOnceAndDeliversOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := f.place(t, f.sku(t), true)
		o, err := f.orders.Fulfil(ctx, o.Number, order.Shipment{Status: order.FulfillmentShipped})
		if err != nil {
			t.Fatal(err)
		}
		sh := o.Shipments[0]
		if sh.Carrier != fulfilment.SimulatedName || len(sh.TrackingNumber) != 15 {
			t.Fatalf("booked %q %q, want the simulated carrier", sh.Carrier, sh.TrackingNumber)
		}
		timeline := f.sim.Timeline(sh.TrackingNumber, "NL", sh.CreatedAt)
		// Step through time: each moment a few events fall due; the job runs
		// twice at each, as two instances would.
		stored := 0
		for _, e := range timeline {
			for range 2 {
				n, err := f.orders.TrackShipments(ctx, e.At)
				if err != nil {
					t.Fatal(err)
				}
				stored += n
			}
		}
		if stored != len(timeline) {
			t.Fatalf("stored %d events, the timeline has %d", stored, len(timeline))
		}
		if n, _ := f.orders.TrackShipments(ctx, timeline[len(timeline)-1].At.Add(72*time.Hour)); n != 0 {
			t.Fatalf("a delivered shipment is still polled: %d new events", n)
		}
		got, err := f.orders.ByNumber(ctx, o.Number)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != order.StatusDelivered || got.FulfillmentStatus != order.FulfillmentDelivered || got.PaymentStatus != order.PaymentPaid {
			t.Fatalf("order is %s/%s/%s, want delivered/delivered/paid", got.Status, got.FulfillmentStatus, got.PaymentStatus)
		}
		if n := len(got.Shipments[0].Events); n != len(timeline) {
			t.Fatalf("order lists %d events, want %d", n, len(timeline))
		}
		if f.delivered.Load() != 1 {
			t.Fatalf("delivered hook ran %d times, want once", f.delivered.Load())
		}
	})
}

func TestApplyCarrierEvent_DuplicatesChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := f.place(t, f.sku(t), true)
		if _, err := f.orders.Fulfil(ctx, o.Number, order.Shipment{Status: order.FulfillmentShipped, Carrier: "PostNL", TrackingNumber: "3SXYZ1"}); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		ev := fulfilment.PushedEvent{EventID: "pn-1", TrackingNumber: "3SXYZ1", Status: fulfilment.TrackDelivered, Location: "Amsterdam", OccurredAt: at}
		for i, want := range []bool{true, false, false} {
			fresh, err := f.orders.ApplyCarrierEvent(ctx, "postnl", ev)
			if err != nil {
				t.Fatal(err)
			}
			if fresh != want {
				t.Fatalf("delivery %d: fresh = %v, want %v", i+1, fresh, want)
			}
		}
		got, _ := f.orders.ByNumber(ctx, o.Number)
		if got.Status != order.StatusDelivered || len(got.Shipments[0].Events) != 1 || f.delivered.Load() != 1 {
			t.Fatalf("status %s, %d events, delivered hook %d times", got.Status, len(got.Shipments[0].Events), f.delivered.Load())
		}
		if _, err := f.orders.ApplyCarrierEvent(ctx, "postnl", fulfilment.PushedEvent{EventID: "x", TrackingNumber: "NOPE", Status: "delivered", OccurredAt: at}); !errors.Is(err, order.ErrNotFound) {
			t.Fatalf("unknown tracking number: err = %v", err)
		}
	})
}

func TestCancel_BeforeShipmentRefundsOnceAndRestocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		sku := f.sku(t)
		before := f.stock(t, sku)
		o := f.place(t, sku, true)
		// Five confirmations at once (double taps, two instances): one refund.
		var wg sync.WaitGroup
		changed := atomic.Int32{}
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := f.orders.Cancel(ctx, o.Number)
				if err != nil {
					t.Error(err)
					return
				}
				if res.Changed {
					changed.Add(1)
				}
			}()
		}
		wg.Wait()
		if changed.Load() != 1 || f.refunds.n.Load() != 1 {
			t.Fatalf("%d cancellations, %d refunds; want one of each", changed.Load(), f.refunds.n.Load())
		}
		got, _ := f.orders.ByNumber(ctx, o.Number)
		if got.Status != order.StatusCancelled || got.PaymentStatus != order.PaymentRefunded {
			t.Fatalf("order %s/%s, want cancelled/refunded", got.Status, got.PaymentStatus)
		}
		if s := f.stock(t, sku); s != before {
			t.Fatalf("stock %d after cancel, want %d back", s, before)
		}
	})
}

func TestCancel_AfterShipmentIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := f.place(t, f.sku(t), true)
		if _, err := f.orders.Fulfil(ctx, o.Number, order.Shipment{Status: order.FulfillmentShipped}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.orders.Cancel(ctx, o.Number); !errors.Is(err, order.ErrAlreadyShipped) {
			t.Fatalf("err = %v, want ErrAlreadyShipped", err)
		}
		a := address.Address{Name: "Ann", Line1: "Dam 1", PostalCode: "1012 JS", City: "Amsterdam", Country: "NL"}
		if _, err := f.orders.ChangeAddress(ctx, o.Number, a); !errors.Is(err, order.ErrAlreadyShipped) {
			t.Fatalf("address change after shipment: err = %v, want ErrAlreadyShipped", err)
		}
		got, _ := f.orders.ByNumber(ctx, o.Number)
		if got.Status != order.StatusShipped || got.ShippingAddress.Line1 != "Keizersgracht 12" || f.refunds.n.Load() != 0 {
			t.Fatalf("a refused change changed the order: %+v, %d refunds", got, f.refunds.n.Load())
		}
	})
}

func TestCancel_UnpaidOrderNeedsNoRefund(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		o := f.place(t, f.sku(t), false)
		res, err := f.orders.Cancel(context.Background(), o.Number)
		if err != nil || !res.Changed || res.Refunded || f.refunds.n.Load() != 0 {
			t.Fatalf("res %+v err %v refunds %d", res, err, f.refunds.n.Load())
		}
	})
}

func TestChangeAddress_BeforeShipment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := f.place(t, f.sku(t), true)
		if _, err := f.orders.ChangeAddress(ctx, o.Number, address.Address{Line1: "Dam 1"}); !errors.Is(err, order.ErrInvalid) {
			t.Fatalf("incomplete address: err = %v", err)
		}
		a := address.Address{Name: "Ann", Line1: "Dam 1", PostalCode: "1012 JS", City: "Amsterdam", Country: "NL"}
		got, err := f.orders.ChangeAddress(ctx, o.Number, a)
		if err != nil || got.ShippingAddress != a {
			t.Fatalf("address %+v, err %v", got.ShippingAddress, err)
		}
	})
}

func TestLink_UnguessableStableAndOnlyPaidInvoices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		paid := f.place(t, f.sku(t), true)
		unpaid := f.place(t, f.sku(t), false)
		tok, err := f.orders.Link(ctx, paid, order.LinkInvoice)
		if err != nil || len(tok) < 32 {
			t.Fatalf("token %q err %v: want 32+ random characters", tok, err)
		}
		again, _ := f.orders.Link(ctx, paid, order.LinkInvoice)
		track, _ := f.orders.Link(ctx, paid, order.LinkTracking)
		if again != tok || track == tok {
			t.Fatalf("links: %q, again %q, tracking %q", tok, again, track)
		}
		if o, err := f.orders.ByLink(ctx, order.LinkInvoice, tok); err != nil || o.Number != paid.Number {
			t.Fatalf("ByLink = %v, %v", o, err)
		}
		last := "A" // one character off; "B" when the token already ends in "A" (1 in 64)
		if strings.HasSuffix(tok, "A") {
			last = "B"
		}
		for _, guess := range []string{track, tok[:len(tok)-1] + last, paid.Number, ""} {
			if _, err := f.orders.ByLink(ctx, order.LinkInvoice, guess); !errors.Is(err, order.ErrNotFound) {
				t.Fatalf("guess %q: err = %v", guess, err)
			}
		}
		if _, err := f.orders.Link(ctx, unpaid, order.LinkInvoice); !errors.Is(err, order.ErrNotPaid) {
			t.Fatalf("unpaid invoice: err = %v", err)
		}
	})
}
