package channel

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
)

// maxWebhook bounds a webhook body; providers send far less.
const maxWebhook = 1 << 20

// Webhook is a provider's webhook endpoint: GET for the set-up handshake,
// POST for events. A POST is verified on its raw body, each event stored
// once under the provider's id, acknowledged at once and answered in the
// background, so a slow turn never makes the provider redeliver.
func (s *Service) Webhook(p Provider) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if h, ok := p.(Handshaker); ok {
				h.Handshake(w, r)
				return
			}
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhook))
		if err != nil {
			http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if err := p.Verify(r, body); err != nil {
			// Nothing is stored or changed: a forged webhook leaves no trace
			// but the log line.
			slog.WarnContext(r.Context(), "webhook refused", "channel", p.Name(), "err", err)
			code := http.StatusUnauthorized
			if !errors.Is(err, ErrSignature) {
				code = http.StatusForbidden
			}
			http.Error(w, "signature missing or wrong", code)
			return
		}
		evs, err := p.Parse(r, body)
		if err != nil {
			http.Error(w, "unreadable webhook: "+err.Error(), http.StatusBadRequest)
			return
		}
		ctx := r.Context()
		now := s.now()
		for i, ev := range evs {
			id := ev.ID
			if id == "" {
				// A provider event without an id cannot be de-duplicated;
				// keep it unique to this delivery rather than drop it.
				id = "noid:" + strconv.FormatInt(now.UnixNano(), 36) + ":" + strconv.Itoa(i)
			}
			b, err := json.Marshal(ev)
			if err != nil {
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			fresh, err := s.Store.AcceptInbound(ctx, p.Name(), id, b, now)
			if err != nil {
				// Not acknowledged: the provider delivers it again later.
				slog.ErrorContext(ctx, "store webhook event", "channel", p.Name(), "err", err)
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
			if fresh {
				s.accepted(StoredEvent{Channel: p.Name(), ProviderID: id, Event: b}, ev.Sender)
			}
		}
		if err := s.Store.NoteWebhook(ctx, p.Name(), now); err != nil {
			slog.ErrorContext(ctx, "note webhook", "channel", p.Name(), "err", err)
		}
		if a, ok := p.(Acknowledger); ok {
			a.Acknowledge(w)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
