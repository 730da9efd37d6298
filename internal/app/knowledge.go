package app

import (
	"context"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/knowledge"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// wireKnowledge makes the knowledge base and the store locator, and seeds
// the demo shop's articles, stores and per-store stock when asked.
func (a *App) wireKnowledge(ctx context.Context) error {
	a.Knowledge = knowledge.NewService(a.DB, config.Languages)
	a.Stores = stores.NewService(a.DB)
	a.Stores.KnownSKU = func(ctx context.Context, sku string) bool {
		_, err := a.Catalog.Variant(ctx, sku)
		return err == nil
	}
	if a.Config.Demo {
		if err := a.Knowledge.SeedDemo(ctx); err != nil {
			return fmt.Errorf("seed demo articles: %w", err)
		}
		ps, err := a.DB.AllProducts(ctx)
		if err != nil {
			return err
		}
		var skus []string
		for _, p := range ps {
			for _, v := range p.Variants {
				skus = append(skus, v.SKU)
			}
		}
		if err := a.Stores.SeedDemo(ctx, skus); err != nil {
			return fmt.Errorf("seed demo stores: %w", err)
		}
	}
	return a.Knowledge.Refresh(ctx)
}
