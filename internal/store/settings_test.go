package store_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

func TestSettings_SavedReplacedAndDeleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		for _, v := range []string{"formal", "friendly"} {
			if err := db.PutSetting(ctx, "tone", v); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.PutSetting(ctx, "support_hours", "Mon 09:00-17:00"); err != nil {
			t.Fatal(err)
		}
		m, err := db.Settings(ctx)
		if err != nil || len(m) != 2 || m["tone"] != "friendly" || m["support_hours"] != "Mon 09:00-17:00" {
			t.Fatalf("settings = %v, %v; want the second tone and the hours", m, err)
		}
		if err := db.DeleteSetting(ctx, "tone"); err != nil {
			t.Fatal(err)
		}
		if m, _ := db.Settings(ctx); len(m) != 1 || m["tone"] != "" {
			t.Fatalf("after delete: %v", m)
		}
	})
}
