package app

import (
	"context"
	"fmt"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/realtime"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

// connectLive shares live events with the other instances when they share a
// PostgreSQL database; on SQLite there is one instance and the hub stays in
// process.
func (a *App) connectLive(ctx context.Context) {
	if a.DB.Dialect != store.Postgres {
		return
	}
	// The store's caches of products and stores hear the other instances'
	// writes the same way; until they do, they are off.
	go a.DB.Watch(ctx)
	a.Live.Connect(ctx, a.DB, realtime.Loader{Message: a.liveMessage})
}

// liveMessage reloads the message another instance announced.
func (a *App) liveMessage(ctx context.Context, id string, seq int64) (*conversation.Message, error) {
	msgs, err := a.Conversations.After(ctx, id, seq-1, 1)
	if err != nil {
		return nil, err
	}
	if len(msgs) == 0 || msgs[0].Seq != seq {
		return nil, fmt.Errorf("message %d of %s: %w", seq, id, conversation.ErrNotFound)
	}
	return &msgs[0], nil
}
