package app

import (
	"context"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/recommend"
)

// recommendEvery is how often the paid orders are mined again for "bought
// together": often enough for a shop's day, rarely enough that reading
// every order costs nothing noticeable.
const recommendEvery = 15 * time.Minute

// wireRecommend makes the recommender over the paid orders and the
// catalogue as indexed; it mines in the background (runRecommend).
func (a *App) wireRecommend() {
	a.Recommend = recommend.New(a.DB, a.Catalog.Snapshot, recommend.Options{})
}

// runRecommend mines the orders now and then every recommendEvery.
func (a *App) runRecommend(ctx context.Context) {
	a.Recommend.Run(ctx, recommendEvery)
}
