package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/settings"
)

type agentLogin struct {
	Token string `json:"token"`
	Agent struct {
		ID        int64    `json:"id"`
		Name      string   `json:"name"`
		Role      string   `json:"role"`
		Languages []string `json:"languages"`
	} `json:"agent"`
}

type handoffBody struct {
	Reason, Summary, Agent string
}

type convView struct {
	ID         string      `json:"id"`
	Status     string      `json:"status"`
	Language   string      `json:"language"`
	Handoff    handoffBody `json:"handoff"`
	Transcript []message   `json:"transcript"`
	Notes      []struct{ Author, Text string }
	Customer   struct {
		Name, Email string
	}
}

func (s *shop) addAgent(email, name, role string, langs []string) agentLogin {
	s.t.Helper()
	const password = "correct horse battery"
	if code := s.json("POST", "/api/v1/admin/agents", adminKey, map[string]any{"email": email, "name": name, "password": password,
		"role": role, "languages": langs, "capacity": 2}, nil); code != http.StatusCreated {
		s.t.Fatalf("create agent %s: %d", email, code)
	}
	var l agentLogin
	if code := s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": email, "password": password}, &l); code != 200 || l.Token == "" {
		s.t.Fatalf("login %s: %d", email, code)
	}
	return l
}

func (s *shop) startChat(lang string) (id, token string) {
	s.t.Helper()
	var c struct{ ID, Token string }
	if code := s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": lang}, &c); code != http.StatusCreated {
		s.t.Fatalf("start conversation: %d", code)
	}
	return c.ID, c.Token
}

func (s *shop) say(id, token, text string) []message {
	s.t.Helper()
	var r struct{ Messages []message }
	if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"text": text}, &r); code != 200 {
		s.t.Fatalf("say %q: %d", text, code)
	}
	return r.Messages
}

func (s *shop) adminView(id string) convView {
	s.t.Helper()
	var v convView
	if code := s.json("GET", "/api/v1/admin/conversations/"+id, adminKey, nil, &v); code != 200 {
		s.t.Fatalf("admin conversation: %d", code)
	}
	return v
}

func fromBot(ms []message) []message {
	var out []message
	for _, m := range ms {
		if m.From != "shopper" {
			out = append(out, m)
		}
	}
	return out
}

// TestHandoff_ExplicitRequestInEveryLanguage: a shopper asking for a person,
// in any of the six languages, reaches the queue with a summary, and hears
// in their language where they stand.
func TestHandoff_ExplicitRequestInEveryLanguage(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	asks := map[string][]string{
		"en": {"I'd like to speak with a human, please", "can you put me through to customer service"},
		"nl": {"ik wil graag met een mens praten", "mag ik een medewerker spreken"},
		"ms": {"saya mahu bercakap dengan manusia", "boleh sambungkan saya dengan khidmat pelanggan"},
		"zh": {"我要找人工客服", "请帮我转人工"},
		"nb": {"jeg vil snakke med et menneske", "kan jeg få snakke med kundeservice", "jeg vil ha en kundebehandler"},
		"hy": {"ուզում եմ խոսել մարդու հետ", "միացրեք ինձ աշխատակցի հետ", "աշխատակից, խնդրում եմ"},
	}
	for lang, texts := range asks {
		for _, text := range texts {
			id, token := s.startChat(lang)
			replies := fromBot(s.say(id, token, text))
			v := s.adminView(id)
			if v.Status != "queued" && v.Status != "agent" {
				t.Errorf("%s %q: status %s, want queued; bot said %+v", lang, text, v.Status, replies)
				continue
			}
			if strings.TrimSpace(v.Handoff.Summary) == "" || v.Handoff.Reason == "" {
				t.Errorf("%s %q: handoff %+v, want a reason and a summary", lang, text, v.Handoff)
			}
			if len(replies) != 1 || replies[0].Text == "" || strings.HasPrefix(replies[0].Text, "handoff.") {
				t.Errorf("%s %q: the bot said %+v, want one message about the queue", lang, text, replies)
			}
		}
	}
}

// TestConsole_AgentFlowOverHTTP walks the console's API: an online agent
// gets the conversation, the bot stays silent while the agent owns it, the
// agent's reply reaches the shopper, and resolving brings the bot back once
// with a rating question whose answer is stored.
func TestConsole_AgentFlowOverHTTP(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en", "nl"})
		if code := s.json("POST", "/api/v1/agent/status", ana.Token, map[string]bool{"online": true}, nil); code != 200 {
			t.Fatalf("go online: %d", code)
		}
		id, token := s.startChat("nl")
		s.say(id, token, "ik wil met een medewerker praten")
		v := s.adminView(id)
		if v.Status != "agent" || v.Handoff.Agent != "Ana" {
			t.Fatalf("status %s agent %q, want agent Ana (she is online)", v.Status, v.Handoff.Agent)
		}
		var mine struct{ Conversations []struct{ ID, Status string } }
		s.json("GET", "/api/v1/agent/conversations?view=mine", ana.Token, nil, &mine)
		if len(mine.Conversations) != 1 || mine.Conversations[0].ID != id {
			t.Fatalf("mine = %+v", mine)
		}

		// The bot says nothing while Ana owns the conversation.
		if got := fromBot(s.say(id, token, "hallo? waar blijft mijn pakket")); len(got) != 0 {
			t.Errorf("the bot answered while an agent owns the conversation: %+v", got)
		}
		var sent struct{ Message message }
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/messages", ana.Token, map[string]string{"text": "Hoi, ik kijk even mee!"}, &sent); code != http.StatusCreated {
			t.Fatalf("agent message: %d", code)
		}
		var after struct {
			Messages []struct {
				From, Text string
				AgentName  string `json:"agent_name"`
			}
		}
		s.json("GET", fmt.Sprintf("/api/v1/conversations/%s/messages?after=%d", id, sent.Message.Seq-1), token, nil, &after)
		if len(after.Messages) != 1 || after.Messages[0].From != "agent" || after.Messages[0].AgentName != "Ana" {
			t.Errorf("shopper sees %+v, want Ana's message", after.Messages)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/notes", ana.Token, map[string]string{"text": "wacht op DHL"}, nil); code != http.StatusCreated {
			t.Errorf("note: %d", code)
		}

		// A second agent can neither take nor write.
		bo := s.addAgent("bo@example.com", "Bo", "agent", []string{"nl"})
		var e errorBody
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", bo.Token, nil, &e); code != http.StatusConflict || e.Error.Code != "already_taken" {
			t.Errorf("second take: %d %s", code, e.Error.Code)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/messages", bo.Token, map[string]string{"text": "ik ook"}, nil); code != http.StatusForbidden {
			t.Errorf("non-assignee message: %d, want 403", code)
		}

		// Resolving twice at once brings the bot back exactly once.
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.json("POST", "/api/v1/agent/conversations/"+id+"/resolve", ana.Token, nil, nil)
			}()
		}
		wg.Wait()
		v = s.adminView(id)
		ratings := 0
		for _, m := range v.Transcript {
			if m.Input != nil && m.Input.Field == "rating" {
				ratings++
			}
		}
		if v.Status != "bot" || ratings != 1 {
			t.Fatalf("after resolve: status %s, %d rating questions; want bot and 1", v.Status, ratings)
		}
		var r struct{ Messages []message }
		s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": "csat:5"}, &r)
		s.say(id, token, "Ana was heel snel")
		fb, err := s.app.Inbox.FeedbackOf(context.Background(), id)
		if err != nil || len(fb) != 2 || fb[0].Rating != 5 || fb[1].Kind != "comment" {
			t.Errorf("feedback = %+v, %v; want a 5 and a comment", fb, err)
		}
		var audit struct{ Entries []struct{ Action string } }
		s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
		if len(audit.Entries) == 0 {
			t.Error("resolve is not in the audit log")
		}
	})
}

// TestConsole_LoginAnswersAlikeAndLimitsTries: an unknown e-mail and a wrong
// password get the same answer; five failures lock the e-mail for a minute.
func TestConsole_LoginAnswersAlikeAndLimitsTries(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", false)
	s.addAgent("cleo@example.com", "Cleo", "admin", []string{"en"})
	var unknown, wrong errorBody
	c1 := s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": "nobody@example.com", "password": "correct horse battery"}, &unknown)
	c2 := s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": "cleo@example.com", "password": "wrong password!"}, &wrong)
	if c1 != 401 || c2 != 401 || unknown != wrong {
		t.Errorf("unknown e-mail: %d %+v; wrong password: %d %+v; want the same 401", c1, unknown, c2, wrong)
	}
	for range 4 {
		s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": "cleo@example.com", "password": "wrong password!"}, nil)
	}
	if code := s.json("POST", "/api/v1/agent/login", "", map[string]string{"email": "cleo@example.com", "password": "correct horse battery"}, nil); code != http.StatusTooManyRequests {
		t.Errorf("after 5 failures the right password got %d, want 429", code)
	}
	if code := s.json("GET", "/api/v1/agent/me", "not-a-token", nil, nil); code != 401 {
		t.Errorf("me with a bad token: %d", code)
	}
}

// TestHandoff_Triggers: low confidence offers then hands off, a retailer's
// topic rule and strong words hand off at once, in the shopper's language.
func TestHandoff_Triggers(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	rules := map[string]any{
		"topics": []any{
			map[string]any{"topic": "special_discount", "keywords": map[string][]string{"nl": {"speciale korting"}, "en": {"special discount"}}},
			map[string]any{"topic": "fraud", "keywords": map[string][]string{"en": {"fraud", "stolen card"}}},
		},
		"intents":        []string{},
		"low_confidence": map[string]any{"threshold": 0.45, "offer": 2, "handoff": 3},
		"frustration":    true,
	}
	if code := s.json("PUT", "/api/v1/admin/handoff-rules", adminKey, rules, nil); code != 200 {
		t.Fatalf("put rules: %d", code)
	}
	var back struct{ Topics []struct{ Topic string } }
	s.json("GET", "/api/v1/admin/handoff-rules", adminKey, nil, &back)
	if len(back.Topics) != 2 || back.Topics[0].Topic != "special_discount" {
		t.Errorf("rules read back = %+v", back)
	}

	t.Run("low confidence", func(t *testing.T) {
		id, token := s.startChat("en")
		offered := false
		for i, text := range []string{"blorp zingle wafflecat", "qwv zzkp frobnicate", "mmmph glarb tronk"} {
			for _, m := range fromBot(s.say(id, token, text)) {
				for _, o := range m.Options {
					offered = offered || o.Payload == "handoff:low_confidence"
				}
			}
			if i == 1 && !offered {
				t.Error("after two unclear messages no person was offered")
			}
		}
		if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "low_confidence" {
			t.Errorf("after three: status %s reason %q", v.Status, v.Handoff.Reason)
		}
	})
	t.Run("topic rule", func(t *testing.T) {
		id, token := s.startChat("nl")
		s.say(id, token, "kan ik een speciale korting krijgen voor mijn vereniging?")
		if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "rule:special_discount" {
			t.Errorf("status %s reason %q", v.Status, v.Handoff.Reason)
		}
	})
	t.Run("fraud rule", func(t *testing.T) {
		id, token := s.startChat("en")
		s.say(id, token, "someone used my card, this is fraud")
		if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "rule:fraud" {
			t.Errorf("status %s reason %q", v.Status, v.Handoff.Reason)
		}
	})
	t.Run("strong words", func(t *testing.T) {
		for lang, text := range map[string]string{"en": "this chat is useless", "nb": "dette er helt ubrukelig", "zh": "你们太差了，真没用"} {
			id, token := s.startChat(lang)
			s.say(id, token, text)
			if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "frustration" {
				t.Errorf("%s %q: status %s reason %q", lang, text, v.Status, v.Handoff.Reason)
			}
		}
	})
	t.Run("button from another skill", func(t *testing.T) {
		id, token := s.startChat("ms")
		var r struct{ Messages []message }
		s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": "handoff:requested"}, &r)
		if v := s.adminView(id); v.Status != "queued" {
			t.Errorf("status %s after the hand-off button", v.Status)
		}
		// Nobody is online in this shop: the shopper hears so, in Malay,
		// rather than a place in a queue nobody works (waiting_test.go).
		if len(r.Messages) == 0 || !strings.Contains(r.Messages[len(r.Messages)-1].Text, "Tiada sesiapa daripada pasukan kami") {
			t.Errorf("the Malay shopper was told %+v", r.Messages)
		}
	})
}

// TestHandoff_BotServesUntilAnAgentJoins: handed over while nobody is
// online, the shopper is told so and the bot goes on answering shop tasks
// (a stock question, the cart) and the payment's confirmation reaches them;
// a proactive message still waits. Once an agent has joined, the bot is
// silent and only the agent's messages go through.
func TestHandoff_BotServesUntilAnAgentJoins(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	id, token := s.startChat("en")
	handed := fromBot(s.say(id, token, "can I talk to a real person"))
	if len(handed) != 1 || !strings.Contains(handed[0].Text, "Nobody from our team is online") || !strings.Contains(handed[0].Text, "Until someone joins") {
		t.Fatalf("the hand-off with nobody online said %+v", handed)
	}
	if got := fromBot(s.say(id, token, "do you have running shoes in size 42?")); len(got) == 0 {
		t.Errorf("the bot went silent while nobody had joined")
	}
	if v := s.adminView(id); v.Status != "queued" {
		t.Errorf("status %s after a shop question, want still queued", v.Status)
	}
	if got := fromBot(s.say(id, token, "I want to talk to a person")); len(got) != 1 || !strings.Contains(got[0].Text, "already passed") {
		t.Errorf("asking again for a person said %+v", got)
	}
	saved, err := s.app.Conversations.Notify(context.Background(), id, func(c *conversation.Conversation) []conversation.Message {
		return []conversation.Message{{From: conversation.FromBot, Type: "text", Text: "Back in stock!", Proactive: "back_in_stock"}}
	})
	if err != nil || len(saved) != 0 {
		t.Errorf("a proactive bot message went through while queued: %+v %v", saved, err)
	}
	confirm := func(c *conversation.Conversation) []conversation.Message {
		// Tagged as the app tags it (orderUpdate): a service message.
		return []conversation.Message{{From: conversation.FromBot, Type: "text", Text: "Order 1001 is paid.", Proactive: "order_update"}}
	}
	if saved, err := s.app.Conversations.Notify(context.Background(), id, confirm); err != nil || len(saved) != 1 {
		t.Errorf("the payment's confirmation did not reach the queued shopper the bot still serves: %+v %v", saved, err)
	}

	kari := s.addAgent("kari@example.com", "Kari", "agent", []string{"en"})
	s.json("POST", "/api/v1/agent/status", kari.Token, map[string]bool{"online": true}, nil)
	if v := s.adminView(id); v.Status != "agent" {
		t.Fatalf("after Kari came online: status %s, want agent", v.Status)
	}
	before := s.adminView(id).Transcript
	if got := fromBot(s.say(id, token, "do you have running shoes in size 43?")); len(got) != 0 {
		t.Errorf("the bot answered after an agent joined: %+v", got)
	}
	if saved, err := s.app.Conversations.Notify(context.Background(), id, confirm); err != nil || len(saved) != 0 {
		t.Errorf("a bot message went through after an agent joined: %+v %v", saved, err)
	}
	after := s.adminView(id)
	if len(after.Transcript) != len(before)+1 || after.Status != "agent" {
		t.Errorf("transcript grew from %d to %d (want +1, the shopper's message); status %s", len(before), len(after.Transcript), after.Status)
	}
}

// TestHandoff_QueueDrainsWhenAnAgentComesOnline: a queued shopper is
// assigned as soon as an agent who speaks their language goes online, and
// outside support hours the shopper gets the away message.
func TestHandoff_QueueDrainsWhenAnAgentComesOnline(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	id, token := s.startChat("nb")
	s.say(id, token, "jeg vil snakke med et menneske")
	if v := s.adminView(id); v.Status != "queued" {
		t.Fatalf("status %s, want queued (nobody online)", v.Status)
	}
	kari := s.addAgent("kari@example.com", "Kari", "agent", []string{"nb"})
	var queued struct{ Conversations []struct{ ID string } }
	s.json("GET", "/api/v1/agent/conversations?view=queued", kari.Token, nil, &queued)
	if len(queued.Conversations) != 1 || queued.Conversations[0].ID != id {
		t.Fatalf("queued view = %+v", queued)
	}
	s.json("POST", "/api/v1/agent/status", kari.Token, map[string]bool{"online": true}, nil)
	if v := s.adminView(id); v.Status != "agent" || v.Handoff.Agent != "Kari" {
		t.Errorf("after Kari came online: status %s agent %q", v.Status, v.Handoff.Agent)
	}

	if err := s.app.Settings.Put(context.Background(), settings.SupportHours, "Mon 00:00-00:01"); err != nil {
		t.Fatal(err)
	}
	if s.app.Settings.Hours().Open(time.Now()) {
		t.Skip("the test runs in the one open minute")
	}
	id2, token2 := s.startChat("en")
	replies := fromBot(s.say(id2, token2, "I want to talk to a person"))
	if len(replies) != 1 || !strings.Contains(replies[0].Text, "Mon 00:00-00:01") {
		t.Errorf("outside hours the shopper was told %+v", replies)
	}
	if v := s.adminView(id2); v.Status != "queued" {
		t.Errorf("outside hours: status %s, want queued (a ticket)", v.Status)
	}
}

// TestHandoff_TrainingReviewBecomesAnExample: the messages the bot missed
// before a hand-off are listed after resolution, and labelling one teaches
// the NLU.
func TestHandoff_TrainingReviewBecomesAnExample(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	admin := s.addAgent("root@example.com", "Root", "admin", []string{"en"})
	id, token := s.startChat("en")
	s.say(id, token, "zorblax my flimflam")
	s.say(id, token, "let me talk to a human")
	if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/resolve", admin.Token, nil, nil); code != 200 {
		t.Fatalf("resolve: %d", code)
	}
	var list struct {
		Items []struct {
			ID   int64
			Text string
			Why  string
		}
	}
	s.json("GET", "/api/v1/admin/training-review", adminKey, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Text != "zorblax my flimflam" {
		t.Fatalf("review items = %+v", list.Items)
	}
	path := fmt.Sprintf("/api/v1/admin/training-review/%d", list.Items[0].ID)
	if code := s.json("POST", path, adminKey, map[string]string{"intent": "order_status"}, nil); code != 200 {
		t.Fatalf("label: %d", code)
	}
	if code := s.json("POST", path, adminKey, map[string]any{"dismiss": true}, nil); code != http.StatusConflict {
		t.Errorf("labelling twice: %d, want 409", code)
	}
	var p struct{ Intent struct{ Name string } }
	s.json("POST", "/api/v1/nlu/parse", "", map[string]string{"text": "zorblax my flimflam", "lang": "en"}, &p)
	if p.Intent.Name != "order_status" {
		t.Errorf("after labelling the NLU reads %q", p.Intent.Name)
	}
}

// TestCSAT_AskedOnceAtTheEndOfABotConversation: thanks after a real answer
// gets one rating question; thanks again does not ask twice.
func TestCSAT_AskedOnceAtTheEndOfABotConversation(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	id, token := s.startChat("en")
	s.say(id, token, "do you have running shoes?")
	asks := 0
	for _, text := range []string{"thanks!", "thank you"} {
		for _, m := range s.say(id, token, text) {
			if m.Input != nil && m.Input.Field == "rating" {
				asks++
			}
		}
	}
	if asks != 1 {
		t.Errorf("%d rating questions, want 1", asks)
	}
	s.say(id, token, "you were very helpful, 5 stars")
	fb, _ := s.app.Inbox.FeedbackOf(context.Background(), id)
	if len(fb) == 0 || fb[len(fb)-1].Rating != 5 {
		t.Errorf("feedback = %+v", fb)
	}
}

type recorder struct {
	mu     sync.Mutex
	events []inbox.Event
}

func (r *recorder) Publish(_ context.Context, e inbox.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) kinds(conv string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		if e.ConversationID != conv {
			continue
		}
		k := e.Type
		if e.Message != nil {
			k += ":" + e.Message.From
		}
		if e.Conversation != nil {
			k += ":" + e.Conversation.Status
		}
		out = append(out, k)
	}
	return strings.Join(out, " ")
}

// TestConsole_AgentActionsAndLiveEvents: a goodwill code and a refund go
// through the domain services, are sent as the agent's messages and
// audit-logged; transfers and an admin's take-over work; and every step
// reaches the live screens.
func TestConsole_AgentActionsAndLiveEvents(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	rec := &recorder{}
	s.app.Inbox.Publisher = rec
	ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en"})
	bo := s.addAgent("bo@example.com", "Bo", "agent", []string{"en"})
	root := s.addAgent("root@example.com", "Root", "admin", []string{"en"})

	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string
				Stock int
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?limit=50", adminKey, "", nil, &prods)
	sku := ""
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock >= 1 && sku == "" {
				sku = v.SKU
			}
		}
	}
	addr := map[string]string{"name": "Jan Jansen", "line1": "Keizersgracht 12", "postal_code": "1015 CS", "city": "Amsterdam", "country": "NL"}
	var o struct{ Number string }
	if code := s.json("POST", "/api/v1/admin/orders", adminKey, map[string]any{"customer": map[string]string{"email": "jan@example.com", "name": "Jan"},
		"items": []map[string]any{{"sku": sku, "quantity": 1}}, "shipping_address": addr, "paid": true}, &o); code != http.StatusCreated {
		t.Fatalf("create order: %d", code)
	}
	var c struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("jan@example.com", "Jan")}, &c)
	s.say(c.ID, c.Token, "I need to talk to a person about my order")

	var detail struct {
		Handoff  handoffBody
		Customer struct {
			Name   string
			Orders []struct{ Number string }
		}
	}
	s.json("GET", "/api/v1/agent/conversations/"+c.ID, ana.Token, nil, &detail)
	if detail.Customer.Name != "Jan" || len(detail.Customer.Orders) != 1 || !strings.Contains(detail.Handoff.Summary, "#"+o.Number) {
		t.Errorf("customer panel %+v, summary:\n%s", detail.Customer, detail.Handoff.Summary)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/take", ana.Token, nil, nil); code != 200 {
		t.Fatalf("take: %d", code)
	}
	var coupon struct {
		Code    string
		Message message
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/actions/coupon", ana.Token, map[string]int{"percent": 10}, &coupon); code != http.StatusCreated || !strings.Contains(coupon.Message.Text, coupon.Code) {
		t.Errorf("coupon: %d %+v", code, coupon)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/actions/refund", ana.Token, map[string]any{"order_number": o.Number,
		"amount": map[string]string{"amount": "1.00", "currency": "EUR"}}, nil); code != http.StatusCreated {
		t.Errorf("refund: %d", code)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/actions/refund", ana.Token, map[string]any{"order_number": "999999"}, nil); code != http.StatusNotFound {
		t.Errorf("refund of an unknown order: %d", code)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/transfer", ana.Token, map[string]int64{"agent_id": bo.Agent.ID}, nil); code != 200 {
		t.Errorf("transfer: %d", code)
	}
	if v := s.adminView(c.ID); v.Handoff.Agent != "Bo" {
		t.Errorf("after transfer the agent is %q", v.Handoff.Agent)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/take", ana.Token, map[string]bool{"force": true}, nil); code != http.StatusForbidden {
		t.Errorf("an agent forcing a take-over: %d, want 403", code)
	}
	if code := s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/take", root.Token, map[string]bool{"force": true}, nil); code != 200 {
		t.Errorf("an admin's take-over: %d", code)
	}
	s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/notes", root.Token, map[string]string{"text": "took over"}, nil)
	s.json("POST", "/api/v1/agent/conversations/"+c.ID+"/resolve", root.Token, nil, nil)

	var audit struct {
		Entries []struct{ Action, Actor string }
	}
	s.json("GET", "/api/v1/admin/audit", adminKey, nil, &audit)
	// The log holds the agents' actions and, since the admin key's actions
	// are audited too, the set-up done with it (agents, the order).
	var actions, adminActions []string
	for _, e := range audit.Entries {
		if e.Actor == "admin key" {
			adminActions = append(adminActions, e.Action)
			continue
		}
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, ","); got != "resolve,take_over,transfer,refund,coupon" {
		t.Errorf("agents' audit log (newest first) = %s", got)
	}
	if got := strings.Join(adminActions, ","); got != "POST /orders,POST /agents,POST /agents,POST /agents" {
		t.Errorf("admin key's audit log (newest first) = %s", got)
	}
	want := "message:shopper message:bot conversation:queued conversation:agent message:agent message:agent conversation:agent conversation:agent note " +
		"message:bot message:bot conversation:bot"
	if got := rec.kinds(c.ID); got != want {
		t.Errorf("live events:\n got %s\nwant %s", got, want)
	}
}

// TestConsole_TakeRace: two agents press "take" at the same moment; exactly
// one gets the conversation, the other a 409 already_taken.
func TestConsole_TakeRace(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		a := s.addAgent("a@example.com", "A", "agent", []string{"en"})
		b := s.addAgent("b@example.com", "B", "agent", []string{"en"})
		for round := range 3 {
			id, token := s.startChat("en")
			s.say(id, token, "can I talk to a real person")
			codes := make([]int, 2)
			var wg sync.WaitGroup
			for i, tok := range []string{a.Token, b.Token} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes[i] = s.json("POST", "/api/v1/agent/conversations/"+id+"/take", tok, nil, nil)
				}()
			}
			wg.Wait()
			if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
				t.Errorf("round %d: take answered %v, want one 200 and one 409", round, codes)
			}
		}
	})
}

// TestHandoff_RephrasingIsFrustration: the same question three times in
// other words, missed each time, goes to a person as frustration.
func TestHandoff_RephrasingIsFrustration(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	id, token := s.startChat("en")
	for _, text := range []string{"blorp zingle wafflecat now", "blorp zingle wafflecat please", "blorp zingle wafflecat again"} {
		s.say(id, token, text)
	}
	if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "frustration" {
		t.Errorf("status %s reason %q, want queued for frustration", v.Status, v.Handoff.Reason)
	}
}

// TestHandoff_VIPAndValueRules: a VIP's real question, and checking out a
// cart worth more than the retailer's amount, go to a person.
func TestHandoff_VIPAndValueRules(t *testing.T) {
	s := newShop(t, t.TempDir()+"/s.db", true)
	rules := map[string]any{"vip_emails": []string{"VIP@example.com"}, "value_above": map[string]string{"amount": "50.00", "currency": "EUR"}}
	if code := s.json("PUT", "/api/v1/admin/handoff-rules", adminKey, rules, nil); code != 200 {
		t.Fatalf("put rules: %d", code)
	}
	var c struct{ ID, Token string }
	s.json("POST", "/api/v1/conversations", "", map[string]any{"locale": "en", "customer": signed("vip@example.com", "")}, &c)
	s.say(c.ID, c.Token, "hello")
	if v := s.adminView(c.ID); v.Status != "bot" {
		t.Errorf("small talk from a VIP was handed off: %s", v.Status)
	}
	s.say(c.ID, c.Token, "do you have running shoes?")
	if v := s.adminView(c.ID); v.Status != "queued" || v.Handoff.Reason != "rule:vip" {
		t.Errorf("VIP: status %s reason %q", v.Status, v.Handoff.Reason)
	}

	var prods struct {
		Products []struct {
			Variants []struct {
				SKU   string
				Stock int
				Price struct{ Amount string }
			}
		}
	}
	s.do("GET", "/api/v1/admin/products?limit=50", adminKey, "", nil, &prods)
	sku := ""
	for _, p := range prods.Products {
		for _, v := range p.Variants {
			if v.Stock > 0 && sku == "" && len(v.Price.Amount) >= 5 { // 60.00 and up
				sku = v.SKU
			}
		}
	}
	if sku == "" {
		t.Skip("no demo variant above 50")
	}
	id, token := s.startChat("en")
	var r struct{ Messages []message }
	s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": "add:" + sku}, &r)
	s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": "checkout"}, nil)
	if v := s.adminView(id); v.Status != "queued" || v.Handoff.Reason != "rule:high_value" || !strings.Contains(v.Handoff.Summary, sku) {
		t.Errorf("high value: status %s reason %q summary:\n%s", v.Status, v.Handoff.Reason, v.Handoff.Summary)
	}
}

type timedRecorder struct{ got chan inbox.Event }

func (r timedRecorder) Publish(_ context.Context, e inbox.Event) {
	if e.Type == inbox.EventMessage && e.Message != nil && e.Message.From == "shopper" {
		r.got <- e
	}
}

// BenchmarkShopperMessageToAgentEvent measures the server's part of the
// time from a shopper's message to the agent's screen: the HTTP post, the
// silent turn and the event handed to the live hub.
func BenchmarkShopperMessageToAgentEvent(b *testing.B) {
	cfg := config.Defaults()
	cfg.IdentitySecret, cfg.MailOutbox = identitySecret, true // shoppers can prove who they are
	cfg.DB, cfg.Demo, cfg.AdminKey = b.TempDir()+"/s.db", true, adminKey
	a, srv := serveApp(b, cfg)
	post := func(path, token string, body any, out any) {
		buf, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(buf))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		defer res.Body.Close()
		if out != nil {
			json.NewDecoder(res.Body).Decode(out)
		}
	}
	post("/api/v1/admin/agents", adminKey, map[string]any{"email": "bench@example.com", "name": "Bench", "password": "correct horse battery", "languages": []string{"en"}}, nil)
	var l agentLogin
	post("/api/v1/agent/login", "", map[string]string{"email": "bench@example.com", "password": "correct horse battery"}, &l)
	post("/api/v1/agent/status", l.Token, map[string]bool{"online": true}, nil)
	var c struct{ ID, Token string }
	post("/api/v1/conversations", "", map[string]any{"locale": "en"}, &c)
	post("/api/v1/conversations/"+c.ID+"/messages", c.Token, map[string]string{"text": "can I talk to a real person"}, nil)
	rec := timedRecorder{got: make(chan inbox.Event, 1)}
	a.Inbox.Publisher = rec
	b.ResetTimer()
	for range b.N {
		go post("/api/v1/conversations/"+c.ID+"/messages", c.Token, map[string]string{"text": "are you there?"}, nil)
		<-rec.got
	}
}
