package whatsapp_test

import (
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/channel"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp"
	"github.com/shopkeeper/shopkeeper/internal/channel/whatsapp/whatsapptest"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

var at = time.Date(2026, 12, 6, 20, 15, 0, 0, time.UTC)

func TestParse_ReadsEachEventKind(t *testing.T) {
	s, p := standIn(t)
	wh := s.Webhooks()
	anna := whatsapptest.From{WaID: "31612345678", Name: "Anna", ID: "wamid.IN1", Time: at}
	msg := func(mod func(*channel.Event)) channel.Event {
		e := channel.Event{Kind: channel.EventMessage, ID: "wamid.IN1", Sender: "31612345678", Name: "Anna", Phone: "+31612345678", Time: at}
		mod(&e)
		return e
	}
	tests := []struct {
		name string
		wh   whatsapptest.Webhook
		want []channel.Event
	}{
		{"text", wh.Text(anna, "Do you have the Aurora jacket in M?"),
			[]channel.Event{msg(func(e *channel.Event) { e.Text = "Do you have the Aurora jacket in M?" })}},
		{"Chinese text", wh.Text(anna, "有M码的外套吗？"),
			[]channel.Event{msg(func(e *channel.Event) { e.Text = "有M码的外套吗？" })}},
		{"reply button", wh.ButtonReply(anna, "checkout", "Check out"),
			[]channel.Event{msg(func(e *channel.Event) { e.Payload, e.Text = "checkout", "Check out" })}},
		{"list row", wh.ListReply(anna, "add:AUR-M-BLU", "Blue · M", "€89.95"),
			[]channel.Event{msg(func(e *channel.Event) { e.Payload, e.Text = "add:AUR-M-BLU", "Blue · M" })}},
		{"template quick reply", wh.QuickReply(anna, "view_cart", "See my cart"),
			[]channel.Event{msg(func(e *channel.Event) { e.Payload, e.Text = "view_cart", "See my cart" })}},
		{"image", wh.Media(anna, "image"), []channel.Event{msg(func(e *channel.Event) { e.Unsupported = true })}},
		{"voice note", wh.Media(anna, "audio"), []channel.Event{msg(func(e *channel.Event) { e.Unsupported = true })}},
		{"sticker", wh.Media(anna, "sticker"), []channel.Event{msg(func(e *channel.Event) { e.Unsupported = true })}},
		{"delivered", wh.Status("wamid.OUT1", "31612345678", "delivered", at), []channel.Event{{
			Kind: channel.EventReceipt, ID: "wamid.OUT1:delivered", Sender: "31612345678", MessageID: "wamid.OUT1", Status: channel.ReceiptDelivered, Time: at}}},
		{"read", wh.Status("wamid.OUT1", "31612345678", "read", at), []channel.Event{{
			Kind: channel.EventReceipt, ID: "wamid.OUT1:read", Sender: "31612345678", MessageID: "wamid.OUT1", Status: channel.ReceiptRead, Time: at}}},
		{"failed", wh.Failed("wamid.OUT1", "31612345678", at, 131047, "Re-engagement message"), []channel.Event{{
			Kind: channel.EventReceipt, ID: "wamid.OUT1:failed", Sender: "31612345678", MessageID: "wamid.OUT1", Status: channel.ReceiptFailed, Error: "131047 Re-engagement message", Time: at}}},
		{"sent is left out", wh.Status("wamid.OUT1", "31612345678", "sent", at), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Parse(tt.wh.Request("/webhooks/whatsapp"), tt.wh.Body)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParse_LeavesOutWhatIsNotForThisNumber(t *testing.T) {
	s, p := standIn(t)
	anna := whatsapptest.From{WaID: "31612345678", Name: "Anna", Time: at}
	otherNumber := s.Webhooks()
	otherNumber.PhoneNumberID = "999999999"
	tests := []struct {
		name string
		body string
	}{
		{"another phone number id", string(otherNumber.Text(anna, "hi").Body)},
		{"another object", `{"object":"page","entry":[{"id":"1","messaging":[]}]}`},
		{"another field", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"account_update","value":{"phone_number":"15550783881","event":"VERIFIED_ACCOUNT"}}]}]}`},
		{"reaction", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"messages":[{"from":"31612345678","id":"wamid.R","timestamp":"1765052100","type":"reaction","reaction":{"message_id":"wamid.OUT1","emoji":"👍"}}]}}]}]}`},
		{"errors only", `{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"errors":[{"code":130429,"title":"Rate limit hit"}]}}]}]}`},
		{"no entries", `{"object":"whatsapp_business_account","entry":[]}`},
		{"message without id", `{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"31612345678","type":"text","text":{"body":"x"}}]}}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.Parse(httptest.NewRequest("POST", "/", nil), []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0 {
				t.Fatalf("got %+v, want nothing", got)
			}
		})
	}
}

func TestParse_MalformedBodyIsAnError(t *testing.T) {
	_, p := standIn(t)
	for _, body := range []string{"", "{", "null x", `{"object":"whatsapp_business_account","entry":"no"}`, `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"timestamp":1}]}}]}]}`} {
		if _, err := p.Parse(httptest.NewRequest("POST", "/", nil), []byte(body)); err == nil {
			t.Errorf("%q: no error", body)
		}
	}
}

// A redelivery is the same message with the same id: the core keys on it.
func TestParse_RedeliveryKeepsTheMessageID(t *testing.T) {
	s, p := standIn(t)
	wh := s.Webhooks().Text(whatsapptest.From{WaID: "31612345678", Name: "Anna", Time: at}, "hi")
	a, _ := p.Parse(nil, wh.Body)
	b, _ := p.Parse(nil, wh.Body)
	if len(a) != 1 || len(b) != 1 || a[0].ID != b[0].ID || a[0].ID == "" {
		t.Fatalf("ids %+v %+v", a, b)
	}
}

// Meta batches: several messages and statuses, several entries, in order.
func TestParse_BatchedNotificationsInOrder(t *testing.T) {
	_, p := standIn(t)
	body := `{"object":"whatsapp_business_account","entry":[
	 {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
	  "contacts":[{"profile":{"name":"Anna"},"wa_id":"31612345678"},{"profile":{"name":"Lim"},"wa_id":"60123456789"}],
	  "messages":[{"from":"31612345678","id":"wamid.A","timestamp":"1765052100","type":"text","text":{"body":"one"}},
	              {"from":"60123456789","id":"wamid.B","timestamp":"1765052101","type":"text","text":{"body":"two"}}]}}]},
	 {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
	  "statuses":[{"id":"wamid.OUT","status":"read","timestamp":"1765052102","recipient_id":"31612345678"}]}}]}]}`
	got, err := p.Parse(nil, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	var ids, names []string
	for _, e := range got {
		ids, names = append(ids, e.ID), append(names, e.Name)
	}
	if strings.Join(ids, ",") != "wamid.A,wamid.B,wamid.OUT:read" || strings.Join(names, ",") != "Anna,Lim," {
		t.Fatalf("ids %v names %v", ids, names)
	}
}

func FuzzParse(f *testing.F) {
	w := whatsapptest.Webhooks{AppSecret: "s", PhoneNumberID: "106540352242922", DisplayNumber: "15550783881"}
	from := whatsapptest.From{WaID: "31612345678", Name: "Anna", ID: "wamid.X", Time: at}
	for _, wh := range []whatsapptest.Webhook{
		w.Text(from, "hello"), w.ButtonReply(from, "checkout", "Check out"), w.ListReply(from, "add:SKU", "M", "€1"),
		w.QuickReply(from, "p", "t"), w.Media(from, "image"), w.Status("wamid.O", "31612345678", "delivered", at),
		w.Failed("wamid.O", "31612345678", at, 131047, "Re-engagement message"),
	} {
		f.Add(wh.Body)
	}
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},"messages":[{"from":"1","id":"2","type":"interactive","interactive":{"type":"button_reply"}}]}}]}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":null}`))
	p := whatsapp.New(config.WhatsApp{PhoneNumberID: "106540352242922"}, nil)
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := p.Parse(nil, body)
		if err != nil && len(events) > 0 {
			t.Fatal("events with an error")
		}
		for _, e := range events {
			if e.ID == "" || (e.Kind != channel.EventMessage && e.Kind != channel.EventReceipt) {
				t.Fatalf("event without id or kind: %+v", e)
			}
			if e.Kind == channel.EventMessage && e.Sender == "" {
				t.Fatalf("message without sender: %+v", e)
			}
		}
	})
}
