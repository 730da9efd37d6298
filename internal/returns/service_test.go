package returns_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/address"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// countingRefunds is a gateway that counts the refunds it is asked for,
// once per idempotency key as a real gateway would honour them.
type countingRefunds struct {
	mu    sync.Mutex
	calls int
	keys  map[string]money.Money
}

func (c *countingRefunds) Refund(_ context.Context, o *order.Order, amount money.Money, key string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if c.keys == nil {
		c.keys = map[string]money.Money{}
	}
	c.keys[key] = amount
	return "re_" + key, nil
}

type fixture struct {
	db      *store.DB
	orders  *order.Service
	cat     *catalog.Service
	svc     *returns.Service
	refunds *countingRefunds
	done    atomic.Int32
}

func setup(t *testing.T, db *store.DB, replacementStock int) *fixture {
	t.Helper()
	ctx := context.Background()
	eur := func(s string) money.Money { return money.MustParse(s, "EUR") }
	p := &catalog.Product{Handle: "aurora", Title: "Aurora Trail Runner", Type: "Running Shoes", Tags: []string{"shoes"},
		Status: catalog.StatusActive, Options: []string{"Size"},
		Variants: []catalog.Variant{
			{SKU: "AUR-42", Options: map[string]string{"Size": "42"}, Price: eur("89.95"), Stock: 100, Position: 1},
			{SKU: "AUR-43", Options: map[string]string{"Size": "43"}, Price: eur("89.95"), Stock: replacementStock, Position: 2},
			{SKU: "AUR-44", Options: map[string]string{"Size": "44"}, Price: eur("99.95"), Stock: 5, Position: 3},
		}}
	socks := &catalog.Product{Handle: "socks", Title: "Merino socks", Type: "Socks", Status: catalog.StatusActive,
		Variants: []catalog.Variant{{SKU: "SOCK-1", Price: eur("14.95"), Stock: 100, Position: 1}}}
	for _, x := range []*catalog.Product{p, socks} {
		if _, err := db.UpsertProduct(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{db: db, cat: catalog.NewService(db), refunds: &countingRefunds{}}
	f.orders = order.NewService(db, f.cat)
	f.svc = returns.NewService(db, f.orders, f.cat, f.refunds, returns.DefaultPolicy())
	f.svc.OnDone = func(context.Context, *returns.Return) { f.done.Add(1) }
	return f
}

// deliveredOrder places a paid order of 2 × AUR-42 and 1 × SOCK-1 and delivers it.
func (f *fixture) deliveredOrder(t *testing.T) *order.Order {
	t.Helper()
	ctx := context.Background()
	o, err := f.orders.Place(ctx, order.NewOrder{Email: "ada@example.com", Name: "Ada", Paid: true, Source: "admin",
		Lines:           []order.Line{{SKU: "AUR-42", Quantity: 2}, {SKU: "SOCK-1", Quantity: 1}},
		ShippingAddress: address.Address{Name: "Ada", Line1: "Keizersgracht 12", PostalCode: "1015 CS", City: "Amsterdam", Country: "NL"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{order.FulfillmentShipped, order.FulfillmentDelivered} {
		if o, err = f.db.AddShipment(ctx, o.Number, order.Shipment{Status: st, Carrier: "PostNL", TrackingNumber: "3S1"}); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

func stock(t *testing.T, db *store.DB, sku string) int {
	v, err := db.VariantBySKU(context.Background(), sku)
	if err != nil {
		t.Fatal(err)
	}
	return v.Stock
}

func TestReturns_RefundOnceOnDoubleReceive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 3)
		o := f.deliveredOrder(t)
		before := stock(t, db, "AUR-42")
		r, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "too_small", Method: returns.MethodLabel})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != returns.StatusLabelSent || len(r.ID) < 17 || len(r.LabelToken) < 30 {
			t.Fatalf("created return = %+v", r)
		}
		// Two scanners at once, then a third later.
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := f.svc.Receive(ctx, r.ID); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		got, err := f.svc.Receive(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != returns.StatusRefunded || got.Refund.Decimal() != "89.95" || got.RefundReference == "" || got.RefundedAt == nil {
			t.Errorf("after receive: %+v", got)
		}
		if f.refunds.calls != 1 {
			t.Errorf("gateway asked for %d refunds, want 1", f.refunds.calls)
		}
		if n := f.done.Load(); n != 1 {
			t.Errorf("shopper told %d times, want once", n)
		}
		if s := stock(t, db, "AUR-42"); s != before+1 {
			t.Errorf("stock %d → %d, want one back on the shelf", before, s)
		}
		o2, _ := f.orders.ByNumber(ctx, o.Number)
		if o2.PaymentStatus != order.PaymentPaid {
			t.Errorf("payment status %q after a part refund, want paid", o2.PaymentStatus)
		}
		if len(o2.Returns) != 1 || o2.Returns[0].ID != r.ID || o2.Returns[0].Lines[0].Quantity != 1 {
			t.Errorf("order lists returns %+v", o2.Returns)
		}
	})
}

func TestReturns_EverythingBackMakesTheOrderRefunded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 3)
		o := f.deliveredOrder(t)
		// Socks are excluded, so "everything" here is what the policy takes;
		// the order's payment turns refunded only when every unit is back.
		r, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 2, Reason: "damaged"})
		if err != nil {
			t.Fatal(err)
		}
		before := stock(t, db, "AUR-42")
		if r, err = f.svc.Receive(ctx, r.ID); err != nil || r.Refund.Decimal() != "179.90" {
			t.Fatalf("receive = %+v, %v", r, err)
		}
		if s := stock(t, db, "AUR-42"); s != before {
			t.Errorf("damaged items went back on sale: %d → %d", before, s)
		}
		o2, _ := f.orders.ByNumber(ctx, o.Number)
		if o2.PaymentStatus != order.PaymentPaid {
			t.Errorf("payment %q with the socks still kept, want paid", o2.PaymentStatus)
		}

		// An order of shoes only, sent back in two parcels: refunded once
		// the last unit is.
		shoesOnly, err := f.orders.Place(ctx, order.NewOrder{Email: "bo@example.com", Paid: true, Source: "admin",
			Lines:           []order.Line{{SKU: "AUR-42", Quantity: 2}},
			ShippingAddress: address.Address{Name: "Bo", Line1: "Dam 1", PostalCode: "1012 JS", City: "Amsterdam", Country: "NL"}})
		if err != nil {
			t.Fatal(err)
		}
		if shoesOnly, err = f.db.AddShipment(ctx, shoesOnly.Number, order.Shipment{Status: order.FulfillmentDelivered}); err != nil {
			t.Fatal(err)
		}
		for i, want := range []string{order.PaymentPaid, order.PaymentRefunded} {
			fresh, _ := f.orders.ByNumber(ctx, shoesOnly.Number)
			r, err := f.svc.Create(ctx, returns.Request{Order: fresh, SKU: "AUR-42", Quantity: 1, Reason: "too_big"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Receive(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if got, _ := f.orders.ByNumber(ctx, shoesOnly.Number); got.PaymentStatus != want {
				t.Errorf("after parcel %d payment status = %q, want %q", i+1, got.PaymentStatus, want)
			}
		}
	})
}

func TestReturns_PolicyRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 3)
		o := f.deliveredOrder(t)
		var rf *returns.Refusal
		_, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "SOCK-1", Quantity: 1, Reason: "too_big"})
		if !errors.As(err, &rf) || rf.Code != returns.RefuseExcluded {
			t.Errorf("socks: err = %v, want excluded", err)
		}
		_, err = f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 3, Reason: "too_big"})
		if max, ok := returns.TooMany(err); !ok || max != 2 {
			t.Errorf("3 of 2 bought: err = %v, want too many (max 2)", err)
		}
		if _, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 2, Reason: "too_big"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "too_big"})
		if !errors.As(err, &rf) || rf.Code != returns.RefuseReturned {
			t.Errorf("second return of the same units: err = %v, want already returned", err)
		}
		f.svc.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
		_, err = f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "too_big"})
		if !errors.As(err, &rf) || rf.Code != returns.RefuseWindowClosed || rf.Deadline.IsZero() {
			t.Errorf("after the window: err = %v, want window closed with its date", err)
		}
		for _, bad := range []returns.Request{
			{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "because"},
			{Order: o, SKU: "NOPE", Quantity: 1, Reason: "other"},
			{Order: o, SKU: "AUR-42", Quantity: 0, Reason: "other"},
			{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "other", Method: "pigeon"},
			{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "other", Method: returns.MethodPickup, Pickup: &returns.Window{Start: time.Now(), End: time.Now()}},
		} {
			if _, err := f.svc.Create(ctx, bad); !errors.Is(err, returns.ErrInvalid) {
				t.Errorf("%+v: err = %v, want ErrInvalid", bad, err)
			}
		}
	})
}

// Many shoppers ask to exchange for the last pairs at once: each exchange
// holds a pair, and no more are promised than there are.
func TestReturns_ExchangeReservesStockAndNeverOversells(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const pairs = 3
		f := setup(t, db, pairs)
		var orders []*order.Order
		for range 8 {
			orders = append(orders, f.deliveredOrder(t))
		}
		var ok, sold atomic.Int32
		var wg sync.WaitGroup
		for _, o := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.svc.Create(ctx, returns.Request{Order: o, Kind: returns.KindExchange, SKU: "AUR-42", Quantity: 1,
					Reason: "too_small", ExchangeSKU: "AUR-43"})
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, catalog.ErrOutOfStock):
					sold.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != pairs || sold.Load() != int32(len(orders)-pairs) {
			t.Errorf("%d exchanges held a pair and %d were told sold out; want %d and %d", ok.Load(), sold.Load(), pairs, len(orders)-pairs)
		}
		if s := stock(t, db, "AUR-43"); s != 0 {
			t.Errorf("stock of the replacement = %d, want 0", s)
		}
		// A rejected exchange gives its pair back; a received one ships it.
		rs, err := f.svc.List(ctx, returns.Filter{Status: returns.StatusLabelSent})
		if err != nil || len(rs) != pairs {
			t.Fatalf("open returns = %d, %v", len(rs), err)
		}
		if _, err := f.svc.Reject(ctx, rs[0].ID, "never sent"); err != nil {
			t.Fatal(err)
		}
		if s := stock(t, db, "AUR-43"); s != 1 {
			t.Errorf("after a rejection the replacement's stock = %d, want 1", s)
		}
		if _, err := f.svc.Receive(ctx, rs[0].ID); !errors.Is(err, returns.ErrState) {
			t.Errorf("receiving a rejected return: err = %v, want ErrState", err)
		}
		got, err := f.svc.Receive(ctx, rs[1].ID)
		if err != nil || got.Status != returns.StatusExchanged {
			t.Fatalf("receive exchange = %+v, %v", got, err)
		}
		if f.refunds.calls != 0 {
			t.Errorf("an exchange refunded money (%d calls)", f.refunds.calls)
		}
		if s := stock(t, db, "AUR-43"); s != 1 {
			t.Errorf("shipping a reserved replacement changed its stock again: %d", s)
		}
	})
}

func TestReturns_ExchangeOptionsAreOtherSizesInStockAtThePricePaid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db, 0)
		_, vs, err := f.svc.ExchangeOptions(context.Background(), "AUR-42", money.MustParse("89.95", "EUR"))
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 0 {
			t.Errorf("options = %+v; 43 is sold out and 44 costs more", vs)
		}
		f2 := setup(t, db, 2)
		_, vs, _ = f2.svc.ExchangeOptions(context.Background(), "AUR-42", money.MustParse("89.95", "EUR"))
		if len(vs) != 1 || vs[0].SKU != "AUR-43" {
			t.Errorf("options = %+v, want AUR-43", vs)
		}
	})
}

// failingOnce is a gateway that is down for the first refund.
type failingOnce struct {
	countingRefunds
	failed bool
}

func (f *failingOnce) Refund(ctx context.Context, o *order.Order, amount money.Money, key string) (string, error) {
	f.mu.Lock()
	if !f.failed {
		f.failed = true
		f.calls++
		f.mu.Unlock()
		return "", errors.New("gateway unavailable")
	}
	f.mu.Unlock()
	return f.countingRefunds.Refund(ctx, o, amount, key)
}

func TestReturns_AFailedRefundIsRetriedByTheNextReceive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 3)
		gw := &failingOnce{}
		f.svc = returns.NewService(db, f.orders, f.cat, gw, returns.DefaultPolicy())
		o := f.deliveredOrder(t)
		r, err := f.svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 2, Reason: "too_big"})
		if err != nil {
			t.Fatal(err)
		}
		before := stock(t, db, "AUR-42")
		if _, err := f.svc.Receive(ctx, r.ID); !errors.Is(err, returns.ErrRefundFailed) {
			t.Fatalf("first receive: err = %v, want ErrRefundFailed", err)
		}
		got, err := f.svc.Receive(ctx, r.ID)
		if err != nil || got.Status != returns.StatusRefunded {
			t.Fatalf("retry = %+v, %v", got, err)
		}
		if gw.calls != 2 || len(gw.keys) != 1 {
			t.Errorf("gateway calls %d with keys %v; want one failure, then one refund", gw.calls, gw.keys)
		}
		if s := stock(t, db, "AUR-42"); s != before+2 {
			t.Errorf("stock %d → %d; items go back once, on the first receive", before, s)
		}
	})
}

func TestReturns_PickupSlotHoldsItsCapacityUnderConcurrentBookings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := setup(t, db, 5)
		pol := returns.DefaultPolicy()
		pol.PickupCapacity = 3
		svc := returns.NewService(db, f.orders, f.cat, f.refunds, pol)
		slots, err := svc.PickupSlots(ctx)
		if err != nil || len(slots) < 2 {
			t.Fatalf("slots = %v, %v", slots, err)
		}
		slot := slots[0]
		var orders []*order.Order
		for range 8 {
			orders = append(orders, f.deliveredOrder(t))
		}
		var ok, full atomic.Int32
		var wg sync.WaitGroup
		for _, o := range orders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w := slot
				_, err := svc.Create(ctx, returns.Request{Order: o, SKU: "AUR-42", Quantity: 1, Reason: "too_small",
					Method: returns.MethodPickup, Pickup: &w})
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, returns.ErrSlotFull):
					full.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 3 || full.Load() != 5 {
			t.Errorf("%d pickups booked and %d refused as full; want 3 and 5", ok.Load(), full.Load())
		}
		after, err := svc.PickupSlots(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(slots)-1 || after[0].Start.Equal(slot.Start) {
			t.Errorf("after filling the first slot, offered %d slots starting %v; want %d without it", len(after), after[0].Start, len(slots)-1)
		}
		// The next slot still takes bookings.
		w := slots[1]
		if _, err := svc.Create(ctx, returns.Request{Order: f.deliveredOrder(t), SKU: "AUR-42", Quantity: 1, Reason: "too_small",
			Method: returns.MethodPickup, Pickup: &w}); err != nil {
			t.Errorf("booking the next slot: %v", err)
		}
	})
}
