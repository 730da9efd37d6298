package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// An agent who went online and then let every session expire (closed the
// laptop without signing out) is not offered chats.
func TestAgents_OnlineOnlyWhileSignedIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := &inbox.Agent{Email: "ana@example.com", Name: "Ana", Role: inbox.RoleAgent, Languages: []string{"en"}, Capacity: 3}
		if err := db.CreateAgent(ctx, a, "x"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAgentOnline(ctx, a.ID, true); err != nil {
			t.Fatal(err)
		}
		online := func() bool {
			as, err := db.Agents(ctx)
			if err != nil || len(as) != 1 {
				t.Fatalf("agents = %v, %v", as, err)
			}
			return as[0].Online
		}
		if err := db.CreateAgentSession(ctx, "expired", a.ID, time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if online() {
			t.Error("online with only an expired session")
		}
		if err := db.CreateAgentSession(ctx, "live", a.ID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if !online() {
			t.Error("offline although signed in and marked online")
		}
	})
}
