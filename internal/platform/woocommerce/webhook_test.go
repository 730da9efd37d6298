package woocommerce_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce"
	"github.com/shopkeeper/shopkeeper/internal/platform/woocommerce/woocommercetest"
)

type accepted struct{ ids map[string]int }

func (a *accepted) Accept(_ context.Context, id, topic string, _ []byte) (bool, error) {
	a.ids[topic+" "+id]++
	return a.ids[topic+" "+id] == 1, nil
}

func TestWebhook_WooCommerceDeliveries(t *testing.T) {
	p := woocommercetest.Simple(55, "canvas-tote", "Canvas Tote", "Bags", "15.00", 3)
	ping := httptest.NewRequest(http.MethodPost, "/webhooks/woocommerce", strings.NewReader("webhook_id=12"))
	ping.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	unsigned := httptest.NewRequest(http.MethodPost, "/webhooks/woocommerce", strings.NewReader(`{"id":55}`))
	for _, c := range []struct {
		name string
		req  *http.Request
		want int
		key  string // what was stored, "" for nothing
	}{
		{"the ping when the webhook is saved", ping, http.StatusOK, ""},
		{"unsigned JSON", unsigned, http.StatusUnauthorized, ""},
		{"wrong secret", woocommercetest.Webhook("other", "product.updated", 7, p), http.StatusUnauthorized, ""},
		{"signed", woocommercetest.Webhook("s3cret", "product.updated", 8, p), http.StatusOK, "product.updated 12:8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := &accepted{ids: map[string]int{}}
			rec := httptest.NewRecorder()
			woocommerce.Webhook("s3cret", a).ServeHTTP(rec, c.req)
			if rec.Code != c.want {
				t.Fatalf("%d, want %d", rec.Code, c.want)
			}
			if c.key == "" && len(a.ids) != 0 || c.key != "" && a.ids[c.key] != 1 {
				t.Fatalf("stored %v, want %q", a.ids, c.key)
			}
		})
	}
}
