package dialog

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

// RecoEvents records what recommendations did, for the retailer's figures:
// a products message that sold (cross_sell, recommendation, bundle) was
// shown, and the shopper tapped one of its items or added it.
type RecoEvents interface {
	RecommendationShown(ctx context.Context, conversationID, reason string, skus []string) error
	RecommendationClicked(ctx context.Context, conversationID, reason, sku string) error
}

// recoReasons are the products messages' reasons that count as selling.
var recoReasons = map[string]bool{"cross_sell": true, "recommendation": true, "bundle": true}

// recoClick records a tap of payload on an item of the recommendation
// shown last (right before it: any other products message since clears
// it), and records the click once: the recommendation is forgotten with
// it, so a second tap is not a second click.
func (b *Bot) recoClick(t *turn, payload string) {
	r := t.st.Reco
	if r == nil || len(r.Last) == 0 || b.RecoEvents == nil {
		return
	}
	kind, arg, _ := strings.Cut(payload, ":")
	var ids []string
	switch kind {
	case "add", "focus":
		ids = []string{arg}
	case "bundle":
		if skus, ok := strings.CutPrefix(arg, "add:"); ok {
			ids = strings.Split(skus, ",")
		}
	}
	for _, id := range ids {
		if id != "" && slices.Contains(r.Last, id) {
			if err := b.RecoEvents.RecommendationClicked(t.ctx, t.c.ID, r.LastReason, id); err != nil {
				slog.ErrorContext(t.ctx, "record recommendation click", "conversation", t.c.ID, "err", err)
			}
			r.Last, r.LastReason = nil, ""
			return
		}
	}
}

// noteRecommendations remembers the skus and handles of the turn's last
// products message when it sold, and records it as shown; a products
// message of another reason (a search) forgets the recommendation.
func (b *Bot) noteRecommendations(t *turn, out []conversation.Message) {
	for i := len(out) - 1; i >= 0; i-- {
		m := out[i]
		if m.Type != conversation.TypeProducts {
			continue
		}
		if !recoReasons[m.Reason] {
			if t.st.Reco != nil {
				t.st.Reco.Last, t.st.Reco.LastReason = nil, ""
			}
			return
		}
		var ids, skus []string
		for _, it := range m.Items {
			if it.Handle != "" {
				ids = append(ids, it.Handle)
			}
			for _, v := range it.Variants {
				ids, skus = append(ids, v.SKU), append(skus, v.SKU)
			}
			if len(it.Variants) == 0 && it.SKU != "" {
				ids, skus = append(ids, it.SKU), append(skus, it.SKU)
			}
		}
		r := t.reco()
		r.Last, r.LastReason = ids, m.Reason
		if b.RecoEvents != nil {
			if err := b.RecoEvents.RecommendationShown(t.ctx, t.c.ID, m.Reason, skus); err != nil {
				slog.ErrorContext(t.ctx, "record recommendation shown", "conversation", t.c.ID, "err", err)
			}
		}
		return
	}
}
