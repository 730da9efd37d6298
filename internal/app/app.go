// Package app assembles Shopkeeper: configuration → storage → domain
// services → HTTP handler. It is the one place that constructs the world.
package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/analytics"
	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/demo"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/fulfilment"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/invoice"
	"github.com/shopkeeper/shopkeeper/internal/knowledge"
	"github.com/shopkeeper/shopkeeper/internal/links"
	"github.com/shopkeeper/shopkeeper/internal/loyalty"
	"github.com/shopkeeper/shopkeeper/internal/metrics"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/preference"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
	"github.com/shopkeeper/shopkeeper/internal/proactive"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/recommend"
	"github.com/shopkeeper/shopkeeper/internal/returns"
	"github.com/shopkeeper/shopkeeper/internal/risk"
	"github.com/shopkeeper/shopkeeper/internal/settings"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/stores"
	"github.com/shopkeeper/shopkeeper/web"
)

// App is a running Shopkeeper.
type App struct {
	Config        config.Config
	DB            *store.DB
	Catalog       *catalog.Service
	Conversations *conversation.Service
	Orders        *order.Service
	Carts         *cart.Service
	Coupons       *coupon.Service
	Payments      *payment.Service
	Bot           *dialog.Bot
	Returns       *returns.Service
	Live          *realtime.Hub // live events for the console and the widget
	Knowledge     *knowledge.Service
	Stores        *stores.Service
	Inbox         *inbox.Service // agents and hand-offs (handoff.go)
	Identity      *identity.Service
	Analytics     *analytics.Service
	Metrics       *metrics.Metrics // Prometheus counters (analytics.go)
	Risk          *risk.Service    // fraud checks on chat checkouts (trust.go)
	Privacy       *privacy.Service
	Channels      *channel.Service       // messaging channels (channels.go)
	Rules         proactive.Rules        // consent, quiet hours, cap for messages the shop sends on its own (proactive.go)
	platforms     []*platform.Service    // commerce platforms followed (platform.go)
	Recommend     *recommend.Recommender // what goes with what (recommend.go)
	Loyalty       *loyalty.Service       // points (loyalty.go)
	Preferences   *preference.Service    // saved sizes, colours, brands (loyalty.go)
	Settings      *settings.Service      // settings edited in the web admin (settings.go)
	// The documents edited in the web admin that are read at the point of
	// use (settings.go): the away message and the channel switches.
	away     atomic.Pointer[inbox.AwayMessages]
	switches atomic.Pointer[channel.Switches]
	nlu      nluState
	handler  http.Handler
	stop     context.CancelFunc
	jobs     sync.WaitGroup

	// DemoTeamPassword is the demo team's password for this run.
	DemoTeamPassword string
}

// New opens the database, applies migrations, seeds the demo shop when asked
// and wires the services and the HTTP handler. Background jobs (reservation
// expiry, back-in-stock alerts) run until Close.
func New(ctx context.Context, cfg config.Config) (*App, error) {
	if err := cfg.ValidateServe(); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db}
	if err := a.wire(ctx); err != nil {
		db.Close()
		return nil, err
	}
	jctx, stop := context.WithCancel(context.Background())
	a.stop = stop
	a.connectLive(jctx)
	a.startPlatforms(jctx)
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.runJobs(jctx, jobInterval)
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.drainQueue(jctx, queueInterval)
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.rollUpAnalytics(jctx, 5*time.Minute)
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.Channels.Run(jctx)
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.runRecommend(jctx)
	}()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.refreshSettings(jctx, 10*time.Second)
	}()
	return a, nil
}

func (a *App) wire(ctx context.Context) error {
	cfg := a.Config
	a.Live = realtime.NewHub()
	a.Catalog = catalog.NewService(a.DB)
	// The NLU trains while the rest starts, so start-up is not held up by
	// it; a turn that arrives first waits for it (see nlu.go).
	a.startNLU(cfg.DefaultLanguage)
	a.Catalog.OnChange(func(ps []catalog.Product) {
		if err := a.refreshVocabulary(context.Background(), ps); err != nil {
			slog.Error("teach the NLU the catalogue", "err", err)
		}
	})
	if cfg.Demo {
		if err := a.seedDemo(ctx); err != nil {
			return err
		}
	}
	if err := a.applyCatalogSynonyms(ctx); err != nil {
		return err
	}
	if err := a.Catalog.Refresh(ctx); err != nil {
		return err
	}
	a.Coupons = coupon.NewService(a.DB)
	if cfg.Demo {
		if err := seedDemoCoupons(ctx, a.Coupons); err != nil {
			return err
		}
	}
	if err := a.wireSettings(ctx); err != nil {
		return err
	}
	msgs, err := i18n.LoadTones("en", a.Settings.CurrentTone)
	if err != nil {
		return err
	}
	shipping, err := fulfilment.DefaultRules(cfg.ShippingRules, cfg.Currency)
	if err != nil {
		return err
	}
	shopName := cfg.ShopName
	if shopName == "" && cfg.Demo {
		shopName = demo.ShopName
	}
	if shopName == "" {
		shopName = "Shopkeeper"
	}
	a.Orders = order.NewService(a.DB, a.Catalog)
	a.Orders.UseLookupLimits(a.DB, cfg.Limits.LookupFailuresPerClient, cfg.Limits.LookupFailuresPerOrder, nil)
	a.Carts = cart.NewService(a.DB, a.Catalog, cfg.Currency)
	// The test gateway marks orders paid for free: only when asked for, and
	// never beside a real gateway (config refuses that combination).
	var gateway payment.Gateway
	var stripe *payment.Stripe
	switch {
	case cfg.StripeSecretKey != "":
		stripe = &payment.Stripe{SecretKey: cfg.StripeSecretKey, WebhookSecret: cfg.StripeWebhookSecret, APIBase: cfg.StripeAPIBase}
		gateway = stripe
	case cfg.TestGatewayOn():
		gateway = payment.TestGateway{}
		if !cfg.Demo {
			slog.Warn("THE TEST PAYMENT GATEWAY IS ON: anyone can mark an order paid on its page without paying; never run a real shop like this (unset --test-gateway / SHOPKEEPER_TEST_GATEWAY)")
		}
	default:
		slog.Warn("no payment gateway configured: shoppers can chat but not pay; set SHOPKEEPER_STRIPE_SECRET_KEY")
	}
	signer, err := a.linkSigner(ctx)
	if err != nil {
		return err
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return err
	}
	a.Payments = payment.NewService(a.DB, gateway, a.Orders)
	a.Orders.UseAfterSale(a.DB, fulfilment.NewCarriers(&fulfilment.Simulated{Rules: shipping}), a.Payments, a.orderDelivered)
	a.Risk = risk.NewService(a.DB, risk.Thresholds{StepUp: cfg.RiskStepUp, Hold: cfg.RiskHold, Block: cfg.RiskBlock,
		HighValue: cfg.RiskHighValue, Velocity: cfg.RiskVelocity})
	a.Orders.UseScreening(a.Risk, a.reviewApproved, a.reviewRejected)
	a.Privacy = privacy.NewService(a.DB)
	if err := a.wireReturns(); err != nil {
		return err
	}
	if err := a.wireKnowledge(ctx); err != nil {
		return err
	}
	a.Identity = identity.NewService(a.DB, a.mailer(), msgs, cfg.IdentitySecret, shopName)
	a.Payments.Trusted = a.trustedOrder
	a.wireRecommend()
	a.Bot = dialog.New(dialog.Deps{
		Understand: func(text, prior string) nlu.Result { return a.Engine().Parse(text, nlu.ParseParams{Prior: prior}) },
		Catalog:    a.Catalog, Carts: a.Carts, Coupons: a.Coupons, Shipping: shipping, Orders: a.Orders,
		Payments: a.Payments, Customers: a.DB, Alerts: a.DB, Messages: msgs, ShopName: shopName, Currency: cfg.Currency,
		BaseURL:   func(context.Context) string { return cfg.BaseURL() },
		SignLink:  signer.Sign,
		Knowledge: a.Knowledge, Stores: a.Stores, Returns: a.Returns, Identity: a.Identity,
		PriceAlerts: a.DB, // "tell me if the price drops" (proactive.go sends them)
		Consents:    consents{a.Privacy}, Recommend: a.Recommend,
		AwayMessage: a.awayMessage,
	})
	a.Conversations = conversation.NewService(a.DB, a.Bot)
	a.Identity.Conversations = a.Conversations
	if err := a.wireInbox(ctx); err != nil {
		return err
	}
	a.Inbox.Publisher = realtime.Inbox{Hub: a.Live}
	a.Payments.OnPaid = a.orderPaid
	a.Payments.OnFailed = a.paymentFailed

	srv := &httpapi.Server{
		Catalog: a.Catalog, Conversations: a.Conversations, Orders: a.Orders, Customers: a.DB, Carts: a.Carts,
		Coupons: a.Coupons, Payments: a.Payments, Messages: msgs, Training: training{a},
		NLU: parser{a}, AdminKey: cfg.AdminKey, ShopName: shopName, Currency: cfg.Currency,
		DefaultLanguage: cfg.DefaultLanguage, Languages: config.Languages,
		Ready: a.ready, Web: web.Handler(), Live: a.Live,
		Invoice:              invoice.Shop{Name: shopName, VATRate: cfg.VATRate},
		CarrierWebhookSecret: cfg.CarrierWebhookSecret, TimeZone: shipping.Location(),
		Extra:     map[string]http.Handler{"GET /demo/images/": http.StripPrefix("/demo/images/", demo.Images())},
		Knowledge: a.Knowledge, Stores: a.Stores, Returns: a.Returns,
		PublicURL: cfg.PublicURL, DemoURL: cfg.BaseURL(), TrustedProxies: proxies, TestGateway: cfg.TestGatewayOn(), Links: signer,
		Identity: a.Identity, Outbox: a.DB, ShowOutbox: cfg.Demo || cfg.MailOutbox,
	}
	srv.Inbox = a.Inbox
	if l := cfg.Limits; !l.Off {
		srv.Limits = httpapi.NewLimits(l.Address, l.Conversations, l.Messages, l.Logins, l.LiveConnections, nil)
	} else {
		slog.Warn("rate limits are off: for load benchmarks only, never in production")
	}
	a.wireAnalytics(srv, shipping.Location())
	a.wireChannels(srv, msgs, shopName)
	if err := a.wireDocuments(ctx, shipping); err != nil {
		return err
	}
	if err := a.wireProactive(); err != nil {
		return err
	}
	a.wireLoyalty()
	a.wireSelling()
	srv.Privacy = a.Privacy
	if stripe != nil {
		srv.Stripe = stripe
	}
	a.wirePlatforms(srv)
	a.handler = srv.Handler()
	return nil
}

// linkSigner signs document links with a key derived from a secret the
// first start stored in the database, so every instance and every restart
// accepts the links the others signed.
func (a *App) linkSigner(ctx context.Context) (*links.Signer, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	secret, err := a.DB.ServerSecret(ctx, "document_links", base64.RawStdEncoding.EncodeToString(b))
	if err != nil {
		return nil, err
	}
	return links.NewSigner([]byte(secret)), nil
}

// orderPaid tells the conversation and empties the cart that was bought.
func (a *App) orderPaid(ctx context.Context, o *order.Order) {
	a.PlatformOrderPaid(ctx, o)
	if o.ConversationID == "" {
		return
	}
	// The cart bought is the conversation's: its customer's only when the
	// conversation proved who it is. The order's customer comes from a typed
	// e-mail, and emptying that person's cart would let anyone empty anyone's.
	if cv, err := a.Conversations.Get(ctx, o.ConversationID); err == nil {
		if c, err := a.Carts.For(ctx, cv.CustomerID, o.ConversationID); err == nil {
			if err := a.Carts.Clear(ctx, c); err != nil {
				slog.ErrorContext(ctx, "clear cart after payment", "order", o.Number, "err", err)
			}
		}
	}
	if _, err := a.Conversations.Notify(ctx, o.ConversationID, func(c *conversation.Conversation) []conversation.Message {
		if o.Status == order.StatusOnHold {
			// Paid but held for review: no confirmation until a person approves.
			return orderUpdate(a.Bot.OnHold(ctx, c, o))
		}
		return orderUpdate(a.Bot.Confirmation(ctx, c, o))
	}); err != nil {
		slog.ErrorContext(ctx, "confirm order in conversation", "order", o.Number, "err", err)
	}
}

func (a *App) paymentFailed(ctx context.Context, o *order.Order) {
	if o.ConversationID == "" {
		return
	}
	if _, err := a.Conversations.Notify(ctx, o.ConversationID, func(c *conversation.Conversation) []conversation.Message {
		return orderUpdate(a.Bot.PaymentFailed(ctx, c, o))
	}); err != nil {
		slog.ErrorContext(ctx, "tell conversation about failed payment", "order", o.Number, "err", err)
	}
}

// seedDemo imports the demo catalogue into an empty shop; a shop that already
// has products keeps them (and their stock) across restarts.
func (a *App) seedDemo(ctx context.Context) error {
	existing, err := a.DB.ListProducts(ctx, 0, 1)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil
	}
	res, err := a.Catalog.ImportCSV(ctx, bytes.NewReader(demo.CatalogCSV()), demo.Currency, nil)
	if err != nil {
		return fmt.Errorf("seed demo shop: %w", err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("seed demo shop: %d errors, first: line %d: %s", len(res.Errors), res.Errors[0].Line, res.Errors[0].Message)
	}
	slog.Info("demo shop seeded", "products", res.Products, "variants", res.Variants)
	return nil
}

// seedDemoCoupons gives the demo shop codes to try in the chat.
func seedDemoCoupons(ctx context.Context, cs *coupon.Service) error {
	expired := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []coupon.Coupon{
		{Code: "WELCOME10", Kind: coupon.Percent, Value: 10, OncePerCustomer: true, Active: true},
		{Code: "SAVE5", Kind: coupon.Fixed, Value: 500, MinSpend: 4000, Active: true},
		{Code: "FREESHIP", Kind: coupon.FreeShipping, MinSpend: 3000, Active: true},
		{Code: "SUMMER2025", Kind: coupon.Percent, Value: 20, ExpiresAt: &expired, Active: true},
	} {
		if err := cs.Save(ctx, c); err != nil {
			return fmt.Errorf("seed coupon %s: %w", c.Code, err)
		}
	}
	return nil
}

// Handler is the whole HTTP interface.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops the background jobs and releases the database.
func (a *App) Close() error {
	if a.nlu.ready != nil {
		<-a.nlu.ready // training still reads the database
	}
	if a.stop != nil {
		a.stop()
		a.jobs.Wait()
	}
	return a.DB.Close()
}

// Vocabulary is what the NLU learns from the catalogue.
func Vocabulary(ps []catalog.Product) nlu.Vocabulary {
	var v nlu.Vocabulary
	types, brands := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		if p.Status != "" && p.Status != catalog.StatusActive {
			continue
		}
		if p.Type != "" && !types[p.Type] {
			types[p.Type] = true
			v.Categories = append(v.Categories, p.Type)
		}
		if p.Vendor != "" && !brands[p.Vendor] {
			brands[p.Vendor] = true
			v.Brands = append(v.Brands, p.Vendor)
		}
		v.Products = append(v.Products, nlu.ProductName{Handle: p.Handle, Title: p.Title})
	}
	sort.Strings(v.Categories)
	sort.Strings(v.Brands)
	return v
}

// parser adapts the engine to the parse endpoint: an explicit lang is forced.
type parser struct{ a *App }

func (p parser) Parse(text, lang string) nlu.Result {
	return p.a.Engine().Parse(text, nlu.ParseParams{Lang: lang})
}

// OpenCatalog opens the database and the catalogue alone, for commands such
// as import that need no NLU or HTTP.
func OpenCatalog(ctx context.Context, cfg config.Config) (*catalog.Service, func() error, error) {
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	return catalog.NewService(db), db.Close, nil
}
