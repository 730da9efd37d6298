package store_test

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/settings"
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

// The document settings (return policy, shipping rules, away message) are
// JSON in the same table: they come back byte for byte, in every script,
// and a second instance reading the table sees them.
func TestSettings_DocumentsRoundTripForEveryInstance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		away := `{"en":"Back on Monday.","hy":"Կվերադառնանք երկուշաբթի։","nb":"Vi er tilbake på mandag – æøå.","zh":"我们周一回来。"}`
		if err := db.PutSetting(ctx, "away_message", away); err != nil {
			t.Fatal(err)
		}
		var applied []string
		other := settings.New(db, nil) // another instance of the server
		err := other.Register("away_message", settings.Document{Default: []byte(`{}`),
			Check: func(b []byte) ([]byte, error) { return b, nil },
			Apply: func(b []byte) { applied = append(applied, string(b)) }})
		if err != nil {
			t.Fatal(err)
		}
		if err := other.Load(ctx); err != nil {
			t.Fatal(err)
		}
		if it, _ := other.Doc("away_message"); string(it.Value) != away || it.Source != "admin" {
			t.Errorf("read back %s (%s), want %s", it.Value, it.Source, away)
		}
		if len(applied) != 2 || applied[1] != away {
			t.Errorf("applied %q, want the default, then the saved text", applied)
		}
	})
}
