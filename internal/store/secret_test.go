package store_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func TestServerSecret_FirstValueStaysForEveryone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		first, err := db.ServerSecret(ctx, "document_links", "one")
		if err != nil || first != "one" {
			t.Fatalf("first = %q, %v", first, err)
		}
		again, err := db.ServerSecret(ctx, "document_links", "two")
		if err != nil || again != "one" {
			t.Fatalf("second start = %q, %v; want the first value kept", again, err)
		}
		other, _ := db.ServerSecret(ctx, "other", "three")
		if other != "three" {
			t.Fatalf("another secret = %q", other)
		}
	})
}
