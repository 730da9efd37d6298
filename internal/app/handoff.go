package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/coupon"
	"github.com/shopkeeper/shopkeeper/internal/dialog"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

// wireInbox builds the human side of the shop and hooks it into the bot
// and the conversations.
func (a *App) wireInbox(ctx context.Context) error {
	loc := time.UTC
	if a.Config.TimeZone != "" {
		var err error
		if loc, err = time.LoadLocation(a.Config.TimeZone); err != nil {
			return fmt.Errorf("--timezone: %w", err)
		}
	}
	hours, err := inbox.ParseHours(a.Config.SupportHours, loc)
	if err != nil {
		return fmt.Errorf("--support-hours: %w", err)
	}
	in := inbox.NewService(a.DB, a.Conversations)
	in.Hours = hours
	in.HoursNow = a.Settings.Hours
	in.Bot = a.Bot
	in.Customers, in.Orders, in.Carts, in.CartEdits = a.DB, a.Orders, a.Carts, a.Carts
	in.Coupons = goodwill{a.Coupons}
	in.Cards = agentCards{a}
	in.Refunds = a.Payments
	in.Trainer = training{a}
	in.Languages = config.Languages
	a.Inbox = in
	a.Bot.Handoffs = in
	if a.Config.Demo {
		return a.seedDemoTeam(ctx)
	}
	return nil
}

// goodwill makes the single goodwill codes agents give out.
type goodwill struct{ cs *coupon.Service }

// Goodwill makes a percentage code, valid for 90 days, that exactly one
// order can use (MaxUses 1), whoever it is passed to.
func (g goodwill) Goodwill(ctx context.Context, percent int64, customerID int64) (string, error) {
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	code := "SORRY-" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	exp := time.Now().Add(90 * 24 * time.Hour).UTC()
	if err := g.cs.Save(ctx, coupon.Coupon{Code: code, Kind: coupon.Percent, Value: percent, OncePerCustomer: true, MaxUses: 1, ExpiresAt: &exp, Active: true}); err != nil {
		return "", fmt.Errorf("make goodwill code: %w", err)
	}
	return code, nil
}

// Demo team: two agents and an admin. Their password is new at every
// start and printed with the admin key, like it.
var demoTeam = []inbox.NewAgent{
	{Email: "ana@demo.shopkeeper.test", Name: "Ana", Role: inbox.RoleAgent, Languages: []string{"en", "nl", "nb"}, Topics: []string{"orders", "returns"}, Teams: []string{"support"}, Capacity: 3},
	{Email: "wei@demo.shopkeeper.test", Name: "Wei", Role: inbox.RoleAgent, Languages: []string{"en", "zh", "ms"}, Topics: []string{"fraud", "payments"}, Teams: []string{"support"}, Capacity: 3},
	{Email: "admin@demo.shopkeeper.test", Name: "Aram", Role: inbox.RoleAdmin, Languages: []string{"en", "hy"}, Topics: []string{"fraud", "vip"}, Teams: []string{"support", "billing"}, Capacity: 5},
}

// demoCanned are canned responses in the six languages.
var demoCanned = []inbox.Canned{
	{Lang: "en", Title: "Greeting", Text: "Hi, thanks for waiting! I've read your conversation. Let me look into it for you."},
	{Lang: "en", Title: "Checking", Text: "Let me check that for you; it will only take a moment."},
	{Lang: "en", Title: "Closing", Text: "Is there anything else I can do for you today?"},
	{Lang: "nl", Title: "Begroeting", Text: "Hoi, bedankt voor het wachten! Ik heb je gesprek gelezen. Ik zoek het voor je uit."},
	{Lang: "nl", Title: "Even kijken", Text: "Ik kijk het even voor je na; dat duurt maar een moment."},
	{Lang: "nl", Title: "Afsluiten", Text: "Kan ik verder nog iets voor je doen?"},
	{Lang: "ms", Title: "Sapaan", Text: "Hai, terima kasih kerana menunggu! Saya sudah membaca perbualan anda. Biar saya semak untuk anda."},
	{Lang: "ms", Title: "Menyemak", Text: "Sebentar ya, saya semak dahulu untuk anda."},
	{Lang: "ms", Title: "Penutup", Text: "Ada apa-apa lagi yang boleh saya bantu hari ini?"},
	{Lang: "zh", Title: "问候", Text: "您好，感谢您的耐心等待！我已经看过您的对话记录，这就为您处理。"},
	{Lang: "zh", Title: "查询中", Text: "我帮您查一下，请稍等片刻。"},
	{Lang: "zh", Title: "结束", Text: "请问还有什么可以帮您的吗？"},
	{Lang: "nb", Title: "Hilsen", Text: "Hei, takk for at du ventet! Jeg har lest samtalen din. Jeg skal se på det for deg."},
	{Lang: "nb", Title: "Sjekker", Text: "Jeg sjekker det for deg; det tar bare et øyeblikk."},
	{Lang: "nb", Title: "Avslutning", Text: "Er det noe mer jeg kan hjelpe deg med i dag?"},
	{Lang: "hy", Title: "Ողջույն", Text: "Բարև ձեզ, շնորհակալություն սպասելու համար։ Կարդացել եմ ձեր զրույցը և հիմա կզբաղվեմ դրանով։"},
	{Lang: "hy", Title: "Ստուգում", Text: "Թույլ տվեք ստուգել, մի պահ։"},
	{Lang: "hy", Title: "Ավարտ", Text: "Էլ ինչո՞վ կարող եմ օգնել այսօր։"},
}

// seedDemoTeam creates the demo team (or gives it a new password) and the
// canned responses.
func (a *App) seedDemoTeam(ctx context.Context) error {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	password := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	agents, err := a.Inbox.Agents(ctx)
	if err != nil {
		return err
	}
	byEmail := map[string]int64{}
	for _, ag := range agents {
		byEmail[ag.Email] = ag.ID
	}
	for _, n := range demoTeam {
		if id, ok := byEmail[n.Email]; ok {
			if _, err := a.Inbox.UpdateAgent(ctx, id, inbox.AgentUpdate{Password: &password}); err != nil {
				return fmt.Errorf("demo team: %w", err)
			}
			continue
		}
		n.Password = password
		if _, err := a.Inbox.CreateAgent(ctx, n); err != nil && !errors.Is(err, inbox.ErrDuplicate) {
			return fmt.Errorf("demo team: %w", err)
		}
	}
	for _, c := range demoCanned {
		if err := a.Inbox.AddCanned(ctx, c); err != nil {
			return err
		}
	}
	a.DemoTeamPassword = password
	slog.Info("demo team ready", "agents", len(demoTeam))
	return nil
}

// DemoTeam returns the demo team's e-mails.
func DemoTeam() []string {
	out := make([]string, len(demoTeam))
	for i, n := range demoTeam {
		out[i] = n.Email
	}
	return out
}

// queueInterval is how often waiting shoppers are offered to free agents
// besides the moments that free one (going online, resolving).
const queueInterval = 30 * time.Second

func (a *App) drainQueue(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.Inbox.Drain(ctx)
		}
	}
}

// agentCards builds the product cards agents send, as the bot builds and
// dresses its own.
type agentCards struct{ a *App }

func (c agentCards) Card(ctx context.Context, lang, handle string) (conversation.Item, error) {
	p, err := c.a.Catalog.Product(ctx, handle)
	if err != nil {
		return conversation.Item{}, err
	}
	if p.Status != "" && p.Status != catalog.StatusActive {
		// Shoppers cannot buy a draft or archived product: no card for it.
		return conversation.Item{}, fmt.Errorf("product %s: %w", handle, catalog.ErrNotFound)
	}
	it := dialog.Card(*p)
	c.a.Bot.DressItem(lang, &it)
	return it, nil
}
