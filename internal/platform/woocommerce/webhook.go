package woocommerce

import (
	"bytes"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// Webhook answers POST /webhooks/woocommerce: X-WC-Webhook-Signature is the
// base64 HMAC-SHA256 of the raw body with the webhook's secret;
// X-WC-Webhook-Delivery-ID de-duplicates redeliveries.
func Webhook(secret string, to platform.Acceptor) http.Handler {
	signed := platform.WebhookHandler(secret, func(r *http.Request) platform.Delivery {
		d := platform.Delivery{Topic: r.Header.Get("X-WC-Webhook-Topic"), Signature: r.Header.Get("X-WC-Webhook-Signature")}
		if id := r.Header.Get("X-WC-Webhook-Delivery-ID"); id != "" {
			d.EventID = r.Header.Get("X-WC-Webhook-ID") + ":" + id
		}
		return d
	}, to)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Saving a webhook in WooCommerce pings it with an unsigned form
		// body "webhook_id=N"; it changes nothing, and a refusal would
		// make the retailer think the address is wrong.
		if r.Header.Get("X-WC-Webhook-Topic") == "" && r.Header.Get("X-WC-Webhook-Signature") == "" {
			var buf [11]byte
			n, _ := r.Body.Read(buf[:])
			if bytes.Equal(buf[:n], []byte("webhook_id=")) {
				w.WriteHeader(http.StatusOK)
				return
			}
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		signed.ServeHTTP(w, r)
	})
}
