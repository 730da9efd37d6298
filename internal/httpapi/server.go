// Package httpapi is the HTTP face of Shopkeeper: thin handlers that decode a
// request, call one domain function and encode the answer, plus the
// middleware every request passes through.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/cart"
	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/invoice"
	"github.com/shopkeeper/shopkeeper/internal/links"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/privacy"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/returns"
)

// Body size limits: chat messages are small, catalogue files are not.
const (
	maxJSONBody   = 64 << 10
	maxImportBody = 64 << 20
)

// Parser is the NLU as the parse endpoint needs it.
type Parser interface {
	Parse(text, lang string) nlu.Result
}

// Server holds what the handlers call.
type Server struct {
	Catalog       *catalog.Service
	Conversations *conversation.Service
	Orders        *order.Service
	NLU           Parser
	Training      Training
	Payments      Payments
	Stripe        StripeWebhooks // nil unless Stripe is configured
	Messages      *i18n.Catalog
	Carts         *cart.Service
	Coupons       *coupon.Service
	Customers     interface {
		UpsertCustomer(ctx context.Context, email, name, phone string) (int64, error)
	}
	AdminKey        string
	ShopName        string
	Currency        string
	DefaultLanguage string
	Languages       []string
	Ready           func(ctx context.Context) error
	Web             http.Handler // storefront and widget assets
	Extra           map[string]http.Handler
	// Channels and ConversationList serve the channel page and the
	// conversation list of the admin API (channels.go).
	Channels         Channels
	ConversationList ConversationLister
	// ContinueOn names the messaging apps a web chat can move to ("continue
	// on WhatsApp"), for the widget's button.
	ContinueOn []string
	// Live carries events to the console and the widget (WebSockets).
	Live *realtime.Hub
	// AgentSession identifies the agent of a request (cookie or token).
	AgentSession func(r *http.Request) (LiveAgent, error)
	// After-sale pages: the invoice's issuer, the secret carriers sign
	// their webhooks with, and the shop's time zone for dates on pages.
	Invoice              invoice.Shop
	CarrierWebhookSecret string
	TimeZone             *time.Location
	// The shop's knowledge: help articles (also served as /help pages)
	// and physical stores.
	Knowledge Knowledge
	Stores    Stores
	// Returns takes items back (returns.go).
	Returns *returns.Service
	// Inbox is the human side: agents, hand-offs, the console's API.
	Inbox *inbox.Service
	// Limits are the request rate limits (limits.go); nil: none.
	Limits *Limits
	// PublicURL is the configured address shoppers reach the shop at (no
	// trailing slash): links are built from it, never from the request's
	// Host, and console calls must come from its origin. Only the demo runs
	// without one; its links then use DemoURL (http://<listen address>).
	PublicURL string
	DemoURL   string
	// TrustedProxies may tell us the client's address (X-Forwarded-For,
	// Forwarded); nobody else may.
	TrustedProxies []netip.Prefix
	// TestGateway is on when the built-in test payment page may take
	// payments; off, its pages refuse even for payments started earlier.
	TestGateway bool
	// Links signs and checks the expiring links to invoices and labels.
	Links *links.Signer
	// Identity checks signed identities (identity.go); nil: none accepted.
	Identity Identity
	// Outbox is the mail kept instead of sent; ShowOutbox also serves it
	// at /demo/outbox (demo and test mode only).
	Outbox     Outbox
	ShowOutbox bool
	// Analytics answers the retailer's figures (analytics.go).
	Analytics Analytics
	// Metrics serves Prometheus text at /metrics: behind the admin key
	// (Prometheus sends it as a bearer token), or open to anyone who can
	// reach the port when MetricsPublic is set, for a scraper on a private
	// network.
	Metrics       http.Handler
	MetricsPublic bool
	// Privacy answers export and erasure requests (privacy.go).
	Privacy *privacy.Service
	// Settings are the effective settings the web admin shows (admin_web.go).
	Settings *config.Effective
	// Editable are the settings the admin edits (admin_web.go); nil: none.
	Editable EditableSettings
}

// Handler returns the routed, wrapped HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	mux.HandleFunc("GET /readyz", s.readyz)

	mux.HandleFunc("POST /api/v1/conversations", s.createConversation)
	mux.HandleFunc("POST /api/v1/conversations/{id}/messages", s.postMessage)
	mux.HandleFunc("GET /api/v1/conversations/{id}", s.getConversation)
	mux.HandleFunc("GET /api/v1/conversations/{id}/messages", s.listMessages)
	mux.HandleFunc("GET /api/v1/conversations/{id}/live", s.liveShopper)
	mux.HandleFunc("GET /api/v1/agent/ws", s.liveAgent)

	mux.HandleFunc("GET /api/v1/shop", s.shop)
	mux.HandleFunc("GET /api/v1/catalog/products", s.publicProducts)
	mux.HandleFunc("POST /api/v1/nlu/parse", s.parse)
	mux.HandleFunc("GET /pay/{token}", s.paymentPage)
	mux.HandleFunc("POST /pay/{token}", s.payOutcome)
	mux.HandleFunc("POST /api/v1/webhooks/stripe", s.stripeWebhook)
	mux.HandleFunc("POST /api/v1/webhooks/carrier/{name}", s.carrierWebhook)
	mux.HandleFunc("GET /track/{token}", s.trackingPage)
	mux.HandleFunc("GET /documents/invoices/{file}", s.invoicePDF)
	mux.HandleFunc("GET /documents/labels/{file}", s.returnLabel)

	mux.Handle("POST /api/v1/admin/catalog/import", s.admin(s.importCatalog))
	mux.Handle("GET /api/v1/admin/products", s.admin(s.adminProducts))
	mux.Handle("GET /api/v1/admin/products/{handle}", s.admin(s.adminProduct))
	mux.Handle("GET /api/v1/admin/orders", s.admin(s.adminOrders))
	mux.Handle("POST /api/v1/admin/orders", s.admin(s.adminCreateOrder))
	mux.Handle("GET /api/v1/admin/orders/{number}", s.admin(s.adminOrder))
	mux.Handle("POST /api/v1/admin/orders/{number}/fulfillments", s.admin(s.adminFulfil))
	mux.Handle("POST /api/v1/admin/orders/{number}/review", s.admin(s.adminReviewOrder))
	mux.Handle("GET /api/v1/admin/customers/export", s.admin(s.adminExportCustomer))
	mux.Handle("DELETE /api/v1/admin/customers", s.admin(s.adminEraseCustomer))
	mux.Handle("POST /api/v1/admin/consents", s.admin(s.adminRecordConsent))
	mux.Handle("GET /api/v1/admin/returns", s.admin(s.adminReturns))
	mux.Handle("GET /api/v1/admin/returns/{id}", s.admin(s.adminReturn))
	mux.Handle("POST /api/v1/admin/returns/{id}/receive", s.admin(s.adminReceiveReturn))
	mux.Handle("POST /api/v1/admin/returns/{id}/reject", s.admin(s.adminRejectReturn))
	mux.Handle("GET /api/v1/admin/conversations/{id}", s.admin(s.adminConversation))
	mux.Handle("POST /api/v1/admin/coupons", s.admin(s.adminSaveCoupon))
	mux.Handle("GET /api/v1/admin/coupons", s.admin(s.adminListCoupons))
	mux.Handle("POST /api/v1/admin/nlu/examples", s.admin(s.adminAddExamples))
	mux.Handle("POST /api/v1/admin/nlu/synonyms", s.admin(s.adminAddSynonyms))
	if s.Knowledge != nil {
		mux.Handle("GET /api/v1/admin/articles", s.admin(s.adminArticles))
		mux.Handle("POST /api/v1/admin/articles", s.admin(s.adminCreateArticle))
		mux.Handle("GET /api/v1/admin/articles/{slug}", s.admin(s.adminArticle))
		mux.Handle("PUT /api/v1/admin/articles/{slug}", s.admin(s.adminPutArticle))
		mux.Handle("DELETE /api/v1/admin/articles/{slug}", s.admin(s.adminDeleteArticle))
		mux.HandleFunc("GET /help", s.helpIndex)
		mux.HandleFunc("GET /help/{slug}", s.helpArticle)
	}
	if s.Inbox != nil {
		s.agentRoutes(mux)
	}
	if s.Outbox != nil {
		mux.Handle("GET /api/v1/admin/outbox", s.admin(s.adminOutbox))
		if s.ShowOutbox {
			mux.HandleFunc("GET /demo/outbox", s.demoOutbox)
		}
	}
	if s.Analytics != nil {
		mux.Handle("GET /api/v1/admin/analytics", s.admin(s.adminAnalytics))
		mux.Handle("GET /api/v1/admin/analytics/agents", s.admin(s.adminTeam))
	}
	if s.Metrics != nil {
		if s.MetricsPublic {
			mux.Handle("GET /metrics", s.Metrics)
		} else {
			mux.Handle("GET /metrics", s.admin(s.Metrics.ServeHTTP))
		}
	}
	if s.Stores != nil {
		mux.Handle("GET /api/v1/admin/stores", s.admin(s.adminStores))
		mux.Handle("POST /api/v1/admin/stores", s.admin(s.adminCreateStore))
		mux.Handle("PUT /api/v1/admin/stores/{id}", s.admin(s.adminPutStore))
		mux.Handle("PUT /api/v1/admin/stores/{id}/stock", s.admin(s.adminPutStoreStock))
	}

	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no endpoint %s %s", r.Method, r.URL.Path))
	})
	s.registerChannels(mux)
	s.adminWebRoutes(mux)
	for pattern, h := range s.Extra {
		mux.Handle(pattern, h)
	}
	if s.Web != nil {
		mux.Handle("/", s.Web)
	}
	return withRequestID(s.clientAddr(recoverer(logRequests(s.securityHeaders(s.sameOrigin(cors(s.limited(mux))))))))
}

// cors lets the widget run on a retailer's own site: the shopper API uses
// bearer tokens, never cookies, so any origin may call it. The admin API
// stays same-origin.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		public := strings.HasPrefix(p, "/api/v1/conversations") || strings.HasPrefix(p, "/api/v1/catalog/") || p == "/api/v1/shop"
		if public && r.Header.Get("Origin") != "" {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Max-Age", "600")
			if r.Method == http.MethodOptions {
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// BaseURL is where shoppers reach the shop, for links we send them.
func (s *Server) BaseURL() string {
	if s.PublicURL != "" {
		return s.PublicURL
	}
	if s.DemoURL != "" {
		return s.DemoURL
	}
	return "http://127.0.0.1:8080"
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			writeError(w, r, errorf(http.StatusServiceUnavailable, "not_ready", "not ready: %v", err))
			return
		}
	}
	writeJSON(w, 200, map[string]string{"status": "ready"})
}

// admin guards a handler with the admin key or an admin agent's session
// (admin_session.go). Without a configured key and without agents the
// admin API is closed rather than open. Changes are audited with who made
// them.
func (s *Server) admin(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, err := s.adminBy(r)
		if err != nil {
			writeError(w, r, err)
			return
		}
		r = r.WithContext(withAdminActor(r.Context(), who))
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h(w, r)
			return
		}
		s.audited(w, r, h)
	})
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		lvl := slog.LevelDebug
		if sw.status >= 500 {
			lvl = slog.LevelError
		} else if strings.HasPrefix(r.URL.Path, "/api/") {
			lvl = slog.LevelInfo
		}
		slog.Log(r.Context(), lvl, "http", "method", r.Method, "path", r.URL.Path, "status", sw.status, "ms", time.Since(start).Milliseconds())
	})
}

func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				writeError(w, r, errorf(http.StatusInternalServerError, "internal", "something went wrong on our side"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
