package shopify

import (
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/platform"
)

// Webhook answers POST /webhooks/shopify: X-Shopify-Hmac-Sha256 is checked
// over the raw body, X-Shopify-Event-Id de-duplicates (the same event may
// be delivered more than once, under several webhook ids).
func Webhook(secret string, to platform.Acceptor) http.Handler {
	return platform.WebhookHandler(secret, func(r *http.Request) platform.Delivery {
		return platform.Delivery{
			Topic:     r.Header.Get("X-Shopify-Topic"),
			EventID:   r.Header.Get("X-Shopify-Event-Id"),
			Signature: r.Header.Get("X-Shopify-Hmac-Sha256"),
		}
	}, to)
}
