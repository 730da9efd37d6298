package app

import (
	"context"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/messenger"
	"github.com/shopkeeper/shopkeeper/internal/channel/telegram"
	"github.com/shopkeeper/shopkeeper/internal/channel/twilio"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/httpapi"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
)

// wireChannels starts the messaging channels that have settings: their
// webhooks, and the outbox every bot and agent message of their
// conversations leaves through.
func (a *App) wireChannels(srv *httpapi.Server, msgs *i18n.Catalog, shopName string) {
	cs := channel.New(a.DB, a.Conversations, msgs)
	cs.DefaultLanguage = a.Config.DefaultLanguage
	cs.Greet = a.Bot.Greet
	cs.Identity = a.Identity
	cs.WhatsAppNumber = a.Config.Channels.WhatsApp.DisplayNumber
	cs.TelegramBot = a.Config.Channels.Telegram.BotName
	cs.ShopName = shopName
	cs.BaseURL = a.Config.BaseURL()
	for _, p := range a.channelProviders() {
		cs.Add(p)
	}
	a.Channels = cs
	for _, name := range cs.Names() {
		h := cs.Webhook(cs.Provider(name))
		path := "/webhooks/" + name
		if name == "sms" {
			path = "/webhooks/twilio/sms"
		}
		srv.Extra["POST "+path] = h
		if _, ok := cs.Provider(name).(channel.Handshaker); ok {
			srv.Extra["GET "+path] = h
		}
	}
	if p, ok := cs.Provider("sms").(*twilio.Provider); ok {
		srv.Extra["POST "+twilio.VoicePath] = p.Voice(twilio.VoiceOptions{Turn: cs.Call, T: msgs.T, Language: a.Config.DefaultLanguage,
			LanguageOf: cs.CallerLanguage, TextInstead: cs.TextInstead, HandoffNumber: a.Config.Channels.Twilio.HandoffNumber})
	}
	srv.Channels = cs
	if cs.Provider("whatsapp") != nil && cs.WhatsAppNumber != "" {
		srv.ContinueOn = append(srv.ContinueOn, "whatsapp")
	}
	if cs.Provider("telegram") != nil && cs.TelegramBot != "" {
		srv.ContinueOn = append(srv.ContinueOn, "telegram")
	}
	srv.ConversationList = a.DB
	prev := a.Conversations.OnSaved
	a.Conversations.OnSaved = func(ctx context.Context, c *conversation.Conversation, before string, saved []conversation.Message) {
		if prev != nil {
			prev(ctx, c, before, saved)
		}
		cs.Saved(ctx, c, saved)
	}
}

// channelProviders are the providers whose settings are given.
func (a *App) channelProviders() []channel.Provider {
	cfg := a.Config.Channels
	var ps []channel.Provider
	if cfg.WhatsApp.On() {
		ps = append(ps, whatsapp.New(cfg.WhatsApp, nil))
	}
	if cfg.Messenger.On() {
		ps = append(ps, messenger.New(cfg.Messenger, nil))
	}
	if cfg.Telegram.On() {
		ps = append(ps, telegram.New(cfg.Telegram, nil))
	}
	if cfg.Twilio.On() {
		ps = append(ps, twilio.New(cfg.Twilio, a.Config.PublicURL, nil))
	}
	return ps
}
