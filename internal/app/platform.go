package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/platform"
	"github.com/shopkeeper/shopkeeper/internal/platform/magento"
	"github.com/shopkeeper/shopkeeper/internal/platform/shopify"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// platformAdapters are the commerce platforms the settings turn on.
func platformAdapters(cfg config.Config) []platform.Platform {
	var ps []platform.Platform
	if sh := cfg.Platforms.Shopify; sh.APIURL != "" && sh.Token != "" {
		ps = append(ps, shopify.New(sh, cfg.Currency))
	}
	if woo := cfg.Platforms.WooCommerce; woo.URL != "" && woo.Key != "" && woo.Secret != "" {
		ps = append(ps, woocommerce.New(woo, cfg.Currency))
	}
	if mg := cfg.Platforms.Magento; mg.URL != "" && mg.Token != "" {
		ps = append(ps, magento.New(mg, cfg.Currency))
	}
	return ps
}

// wirePlatforms makes the sync of each configured platform and registers
// its webhook and the admin status page on srv.
func (a *App) wirePlatforms(srv *httpapi.Server) {
	for _, p := range platformAdapters(a.Config) {
		svc := platform.New(p, a.DB, a.Catalog, a.Orders)
		a.platforms = append(a.platforms, svc)
		switch p.Name() {
		case shopify.Name:
			if secret := a.Config.Platforms.Shopify.WebhookSecret; secret != "" {
				srv.Extra["POST /webhooks/shopify"] = shopify.Webhook(secret, svc)
			}
		case woocommerce.Name:
			// WooCommerce disables a webhook after repeated failed
			// deliveries and says so to nobody: poll hourly.
			svc.Reconcile = time.Hour
			if secret := a.Config.Platforms.WooCommerce.WebhookSecret; secret != "" {
				srv.Extra["POST /webhooks/woocommerce"] = woocommerce.Webhook(secret, svc)
			}
		case magento.Name:
			// No webhooks: polling is all there is.
			svc.Reconcile = 15 * time.Minute
		}
	}
	srv.Extra["GET /api/v1/admin/platforms"] = srv.AdminPlatforms(platformStatuses{a})
}

// startPlatforms runs each platform's background sync until ctx ends: the
// first full sync, webhook events, orders to send, the nightly reconciliation.
func (a *App) startPlatforms(ctx context.Context) {
	for _, svc := range a.platforms {
		a.jobs.Add(1)
		go func() {
			defer a.jobs.Done()
			svc.Run(ctx)
		}()
	}
}

// PlatformOrderPaid queues a paid chat order for every configured platform
// (called from orderPaid); the platform's sync creates it upstream.
func (a *App) PlatformOrderPaid(ctx context.Context, o *order.Order) {
	for _, svc := range a.platforms {
		svc.OrderPaid(ctx, o)
	}
}

// Platforms are the configured platforms' syncs.
func (a *App) Platforms() []*platform.Service { return a.platforms }

type platformStatuses struct{ a *App }

func (p platformStatuses) PlatformStatuses(ctx context.Context) ([]platform.Status, error) {
	out := []platform.Status{}
	for _, svc := range p.a.platforms {
		st, err := svc.Status(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Platform < out[j].Platform })
	return out, nil
}

// OpenPlatformSync opens the database and the catalogue with the sync of
// one platform, for `shopkeeper sync PLATFORM`.
func OpenPlatformSync(ctx context.Context, cfg config.Config, name string) (*platform.Service, func() error, error) {
	var chosen platform.Platform
	for _, p := range platformAdapters(cfg) {
		if p.Name() == name {
			chosen = p
		}
	}
	if chosen == nil {
		return nil, nil, fmt.Errorf("%s is not configured (see the Commerce platforms settings)", name)
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, err
	}
	cat := catalog.NewService(db)
	return platform.New(chosen, db, cat, order.NewService(db, cat)), db.Close, nil
}
