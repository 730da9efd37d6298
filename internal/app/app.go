// Package app assembles Shopkeeper: configuration → storage → domain
// services → HTTP handler. It is the one place that constructs the world.
package app

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/demo"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/web"
)

// App is a running Shopkeeper.
type App struct {
	Config        config.Config
	DB            *store.DB
	Catalog       *catalog.Service
	Conversations *conversation.Service
	Orders        *order.Service
	NLU           *nlu.Engine
	handler       http.Handler
}

// New opens the database, applies migrations, seeds the demo shop when asked
// and wires the services and the HTTP handler.
func New(ctx context.Context, cfg config.Config) (*App, error) {
	if err := cfg.Validate(); err != nil {
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
	return a, nil
}

func (a *App) wire(ctx context.Context) error {
	cfg := a.Config
	engine, err := nlu.New(nlu.Options{DefaultLanguage: cfg.DefaultLanguage})
	if err != nil {
		return fmt.Errorf("train NLU: %w", err)
	}
	a.NLU = engine
	a.Catalog = catalog.NewService(a.DB)
	a.Catalog.OnChange(func(ps []catalog.Product) { engine.SetVocabulary(Vocabulary(ps)) })
	if cfg.Demo {
		if err := a.seedDemo(ctx); err != nil {
			return err
		}
	}
	if err := a.Catalog.Refresh(ctx); err != nil {
		return err
	}
	msgs, err := i18n.Load("en")
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
	understand := func(text, prior string) nlu.Result {
		return engine.Parse(text, nlu.ParseParams{Prior: prior})
	}
	bot := dialog.New(understand, a.Catalog, msgs, shopName, cfg.Currency)
	a.Conversations = conversation.NewService(a.DB, bot)
	a.Orders = order.NewService(a.DB, a.Catalog)

	srv := &httpapi.Server{
		Catalog: a.Catalog, Conversations: a.Conversations, Orders: a.Orders, Customers: a.DB,
		NLU: parser{engine}, AdminKey: cfg.AdminKey, ShopName: shopName, Currency: cfg.Currency,
		DefaultLanguage: cfg.DefaultLanguage, Languages: config.Languages,
		Ready: a.DB.Ping, Web: web.Handler(),
		Extra: map[string]http.Handler{"GET /demo/images/": http.StripPrefix("/demo/images/", demo.Images())},
	}
	a.handler = srv.Handler()
	return nil
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

// Handler is the whole HTTP interface.
func (a *App) Handler() http.Handler { return a.handler }

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

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
type parser struct{ e *nlu.Engine }

func (p parser) Parse(text, lang string) nlu.Result {
	return p.e.Parse(text, nlu.ParseParams{Lang: lang})
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
