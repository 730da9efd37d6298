package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/knowledge"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

func TestArticles_CreateSaveDeleteAndVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v0, err := db.ArticlesVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a := knowledge.Article{Slug: "returns-policy", Topic: "returns", Position: 2, Translations: map[string]knowledge.Translation{
			"en": {Title: "Returns", Answer: "30 days.", Body: "Long text.", Keywords: []string{"return", "send back"}},
			"nl": {Title: "Retour", Answer: "30 dagen.", Keywords: []string{"retour"}},
		}}
		if err := db.CreateArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateArticle(ctx, a); !errors.Is(err, knowledge.ErrExists) {
			t.Fatalf("second create = %v; want ErrExists", err)
		}
		got, err := db.Article(ctx, "returns-policy")
		if err != nil {
			t.Fatal(err)
		}
		if got.Topic != "returns" || got.Position != 2 || len(got.Translations) != 2 || got.Translations["en"].Keywords[1] != "send back" {
			t.Fatalf("read back %+v", got)
		}
		a.Translations = map[string]knowledge.Translation{"zh": {Title: "退货", Answer: "30天。"}}
		if err := db.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		all, err := db.Articles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || len(all[0].Translations) != 1 || all[0].Translations["zh"].Title != "退货" {
			t.Fatalf("after save: %+v", all)
		}
		if v, _ := db.ArticlesVersion(ctx); v <= v0 {
			t.Errorf("version %d did not move from %d", v, v0)
		}
		if err := db.DeleteArticle(ctx, "returns-policy"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteArticle(ctx, "returns-policy"); !errors.Is(err, knowledge.ErrNotFound) {
			t.Errorf("second delete = %v; want ErrNotFound", err)
		}
		if _, err := db.Article(ctx, "returns-policy"); !errors.Is(err, knowledge.ErrNotFound) {
			t.Errorf("read deleted = %v; want ErrNotFound", err)
		}
	})
}

func TestStores_HoursSpecialDaysAndStock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		demo, err := stores.Demo()
		if err != nil {
			t.Fatal(err)
		}
		svc := stores.NewService(db)
		if err := svc.SeedDemo(ctx, []string{"SKU-1", "SKU-2"}); err != nil {
			t.Fatal(err)
		}
		all, err := svc.List(ctx)
		if err != nil || len(all) != len(demo) {
			t.Fatalf("list = %d, %v; want %d", len(all), err, len(demo))
		}
		oslo, err := svc.Get(ctx, "oslo")
		if err != nil {
			t.Fatal(err)
		}
		if oslo.TimeZone != "Europe/Oslo" || len(oslo.Hours["mon"]) != 1 || oslo.Hours["sun"] != nil || oslo.Lat == nil {
			t.Errorf("oslo read back: %+v", oslo)
		}
		var eve *stores.SpecialDay
		for i, d := range oslo.SpecialDays {
			if d.Date == "2026-12-24" {
				eve = &oslo.SpecialDays[i]
			}
		}
		if eve == nil || eve.Closed || eve.Hours[0].Closes != "14:00" || eve.Note != "Julaften" {
			t.Errorf("christmas eve: %+v", eve)
		}
		if _, err := svc.Create(ctx, oslo); !errors.Is(err, stores.ErrExists) {
			t.Errorf("create twice = %v; want ErrExists", err)
		}
		oslo.Phone = "+47 99 99 99 99"
		oslo.SpecialDays = nil
		if _, err := svc.Update(ctx, oslo); err != nil {
			t.Fatal(err)
		}
		if got, _ := svc.Get(ctx, "oslo"); got.Phone != "+47 99 99 99 99" || len(got.SpecialDays) != 0 {
			t.Errorf("after update: %+v", got)
		}
		ghost := oslo
		ghost.ID = "bergen"
		if _, err := svc.Update(ctx, ghost); !errors.Is(err, stores.ErrNotFound) {
			t.Errorf("update unknown = %v; want ErrNotFound", err)
		}
		stock, err := svc.Stock(ctx, "oslo", []string{"SKU-1", "SKU-2", "SKU-3"})
		if err != nil {
			t.Fatal(err)
		}
		if stock["SKU-1"] != stores.DemoQuantity("oslo", "SKU-1") || len(stock) != 2 {
			t.Errorf("seeded stock %v", stock)
		}
		if err := svc.SetStock(ctx, "oslo", []stores.StockLine{{SKU: "SKU-1", Quantity: 7}, {SKU: "SKU-3", Quantity: 0}}); err != nil {
			t.Fatal(err)
		}
		stock, _ = svc.Stock(ctx, "oslo", []string{"SKU-1", "SKU-2", "SKU-3"})
		if stock["SKU-1"] != 7 || stock["SKU-3"] != 0 || stock["SKU-2"] != stores.DemoQuantity("oslo", "SKU-2") {
			t.Errorf("after set: %v", stock)
		}
		if err := svc.SetStock(ctx, "nowhere", []stores.StockLine{{SKU: "SKU-1", Quantity: 1}}); !errors.Is(err, stores.ErrNotFound) {
			t.Errorf("stock of unknown store = %v", err)
		}
		// A second seed leaves edited stock alone.
		if err := svc.SeedDemo(ctx, []string{"SKU-1"}); err != nil {
			t.Fatal(err)
		}
		if stock, _ := svc.Stock(ctx, "oslo", []string{"SKU-1"}); stock["SKU-1"] != 7 {
			t.Errorf("seed overwrote stock: %v", stock)
		}
	})
}
