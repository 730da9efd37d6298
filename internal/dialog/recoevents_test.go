package dialog

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
)

type clicks struct{ skus []string }

func (c *clicks) RecommendationShown(context.Context, string, string, []string) error { return nil }
func (c *clicks) RecommendationClicked(_ context.Context, _, _, sku string) error {
	c.skus = append(c.skus, sku)
	return nil
}

// A tap counts as a recommendation's click only when it names an item of
// the recommendation shown last, once; any other payload counts nothing.
func TestRecoClick_OnlyItemsOfTheLastRecommendationOnce(t *testing.T) {
	tests := []struct {
		payload string
		want    []string
	}{
		{"add:SOCK-1", []string{"SOCK-1"}},
		{"focus:ghost-socks", []string{"ghost-socks"}},
		{"bundle:add:SHOE-42,SOCK-1", []string{"SOCK-1"}},
		{"add:SHOE-42", nil},
		{"checkout", nil},
		{"bundle:another", nil},
	}
	for _, tt := range tests {
		ev := &clicks{}
		b := &Bot{Deps: Deps{RecoEvents: ev}}
		tr := &turn{ctx: context.Background(), c: &conversation.Conversation{ID: "c1"},
			st: &state{Reco: &recoState{Last: []string{"ghost-socks", "SOCK-1"}, LastReason: "cross_sell"}}}
		b.recoClick(tr, tt.payload)
		b.recoClick(tr, tt.payload)
		if !slices.Equal(ev.skus, tt.want) {
			t.Errorf("%q clicked %v, want %v", tt.payload, ev.skus, tt.want)
		}
	}
}

// FuzzRecoClick: whatever a channel sends as a payload, recoClick neither
// panics nor counts an id the recommendation did not show.
func FuzzRecoClick(f *testing.F) {
	for _, s := range []string{"add:SOCK-1", "focus:ghost-socks", "bundle:add:,SOCK-1,", "bundle:add:", ":", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		ev := &clicks{}
		b := &Bot{Deps: Deps{RecoEvents: ev}}
		last := []string{"ghost-socks", "SOCK-1"}
		tr := &turn{ctx: context.Background(), c: &conversation.Conversation{ID: "c1"},
			st: &state{Reco: &recoState{Last: slices.Clone(last)}}}
		b.recoClick(tr, payload)
		if len(ev.skus) > 1 || len(ev.skus) == 1 && (!slices.Contains(last, ev.skus[0]) || !strings.Contains(payload, ev.skus[0])) {
			t.Fatalf("%q clicked %v", payload, ev.skus)
		}
	})
}
