package app_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestAgentCart_OwnerChangesQuantityAndShopperIsTold: the assigned agent
// sets a line's quantity, adds and removes lines; the cart changes, the
// shopper's transcript says so as the agent's message and the audit log
// has it; another agent is refused and the cart stays as it was.
func TestAgentCart_OwnerChangesQuantityAndShopperIsTold(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en"})
		bo := s.addAgent("bo@example.com", "Bo", "agent", []string{"en"})
		id, token := s.startChat("en")
		sku := inStockSKU(t, s)
		if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, map[string]string{"payload": "add:" + sku}, nil); code != 200 {
			t.Fatalf("add: %d", code)
		}
		s.say(id, token, "I need to talk to a person")
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", ana.Token, nil, nil); code != 200 {
			t.Fatalf("take: %d", code)
		}
		type line struct {
			SKU, Title string
			Quantity   int
		}
		cartOf := func() []line {
			var got struct{ Cart struct{ Items []line } }
			s.do("GET", "/api/v1/conversations/"+id, token, "", nil, &got)
			return got.Cart.Items
		}
		path := "/api/v1/agent/conversations/" + id + "/cart/items/" + sku
		if code := s.json("PUT", path, bo.Token, map[string]int{"quantity": 3}, nil); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("another agent's change: %d, want 403 or 404", code)
		}
		if items := cartOf(); len(items) != 1 || items[0].Quantity != 1 {
			t.Fatalf("after a refused change the cart is %+v", items)
		}
		var res struct {
			Cart    struct{ Items []line }
			Message message
		}
		if code := s.json("PUT", path, ana.Token, map[string]int{"quantity": 3}, &res); code != 200 {
			t.Fatalf("owner's change: %d", code)
		}
		items := cartOf()
		if len(items) != 1 || items[0].Quantity != 3 || len(res.Cart.Items) != 1 || res.Cart.Items[0].Quantity != 3 {
			t.Fatalf("after setting 3 the cart is %+v (answer %+v)", items, res.Cart)
		}
		if res.Message.From != "agent" || !strings.Contains(res.Message.Text, items[0].Title) || !strings.Contains(res.Message.Text, "3") {
			t.Errorf("message %+v", res.Message)
		}
		if code := s.json("PUT", path, ana.Token, map[string]int{"quantity": 100}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("quantity 100: %d, want 422", code)
		}
		if code := s.json("DELETE", path, ana.Token, nil, nil); code != 200 {
			t.Errorf("remove: %d", code)
		}
		if items := cartOf(); len(items) != 0 {
			t.Errorf("after remove the cart is %+v", items)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/cart/items", ana.Token, map[string]any{"sku": sku, "quantity": 2}, nil); code != 200 {
			t.Errorf("add by SKU: %d", code)
		}
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/cart/items", ana.Token, map[string]any{"sku": "NO-SUCH-SKU"}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("unknown SKU: %d, want 422", code)
		}
		if items := cartOf(); len(items) != 1 || items[0].Quantity != 2 {
			t.Errorf("after adding 2 the cart is %+v", items)
		}

		var hist struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+id+"/messages?after=0", token, "", nil, &hist)
		var told []string
		for _, m := range hist.Messages {
			if m.From == "agent" {
				told = append(told, m.Text)
			}
		}
		want := []string{"changed", "removed", "added"}
		if len(told) != len(want) {
			t.Fatalf("shopper saw agent messages %q", told)
		}
		for i, w := range want {
			if !strings.Contains(told[i], w) {
				t.Errorf("message %d = %q, want it to say %q", i, told[i], w)
			}
		}
		var audit struct {
			Entries []struct{ Action, ConversationID string } `json:"entries"`
		}
		s.do("GET", "/api/v1/admin/audit", adminKey, "", nil, &audit)
		n := 0
		for _, e := range audit.Entries {
			if e.Action == "cart" {
				n++
			}
		}
		if n != 3 {
			t.Errorf("audit has %d cart entries, want 3: %+v", n, audit.Entries)
		}
	})
}

// TestAgentCart_ProductCardFromSearchReachesTheShopper: an agent finds a
// product in the catalogue and sends it; the shopper's messages have the
// card with its variants and stock, from the agent; another agent cannot
// send one.
func TestAgentCart_ProductCardFromSearchReachesTheShopper(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		ana := s.addAgent("ana@example.com", "Ana", "agent", []string{"en"})
		bo := s.addAgent("bo@example.com", "Bo", "agent", []string{"en"})
		id, token := s.startChat("en")
		s.say(id, token, "I need to talk to a person")
		if code := s.json("POST", "/api/v1/agent/conversations/"+id+"/take", ana.Token, nil, nil); code != 200 {
			t.Fatalf("take: %d", code)
		}
		var all struct {
			Products []struct{ Handle, Title string }
		}
		s.do("GET", "/api/v1/admin/products?limit=1", adminKey, "", nil, &all)
		if len(all.Products) == 0 {
			t.Fatal("no products in the demo shop")
		}
		word := strings.Fields(all.Products[0].Title)[0]
		var found struct {
			Products []struct {
				Handle   string
				Variants []struct{ SKU string }
			}
		}
		if code := s.do("GET", "/api/v1/agent/products?q="+word, ana.Token, "", nil, &found); code != 200 || len(found.Products) == 0 {
			t.Fatalf("agent search for %q: %d %+v", word, code, found)
		}
		if code := s.do("GET", "/api/v1/agent/products?q="+word, "", "", nil, nil); code != http.StatusUnauthorized {
			t.Errorf("search without an agent: %d, want 401", code)
		}
		p := found.Products[0]
		path := "/api/v1/agent/conversations/" + id + "/products"
		if code := s.json("POST", path, bo.Token, map[string]string{"handle": p.Handle}, nil); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("another agent's card: %d, want 403 or 404", code)
		}
		if code := s.json("POST", path, ana.Token, map[string]string{"handle": "no-such-product"}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("unknown product: %d, want 422", code)
		}
		if code := s.json("POST", path, ana.Token, map[string]string{"handle": p.Handle}, nil); code != http.StatusCreated {
			t.Fatalf("send card: %d", code)
		}
		var hist struct{ Messages []message }
		s.do("GET", "/api/v1/conversations/"+id+"/messages?after=0", token, "", nil, &hist)
		cards := 0
		for _, m := range hist.Messages {
			if m.From != "agent" || m.Type != "products" {
				continue
			}
			cards++
			if len(m.Items) != 1 || m.Items[0].Handle != p.Handle || len(m.Items[0].Variants) != len(p.Variants) {
				t.Errorf("card %+v, want %s with %d variants", m.Items, p.Handle, len(p.Variants))
			}
		}
		if cards != 1 {
			t.Errorf("shopper saw %d agent cards, want 1", cards)
		}
	})
}

// TestPickup_AsksWhichStoreHasItAndTheOrderNamesIt: choosing pickup at
// checkout offers only the stores holding the cart, one quick reply each,
// and the order records the store tapped.
func TestPickup_AsksWhichStoreHasItAndTheOrderNamesIt(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		var all struct{ Stores []struct{ ID string } }
		s.do("GET", "/api/v1/admin/stores", adminKey, "", nil, &all)
		if len(all.Stores) < 2 {
			t.Fatalf("demo stores: %+v", all)
		}
		// Only the second store has the item; the first has none.
		want := all.Stores[1].ID
		for _, st := range all.Stores {
			q := 0
			if st.ID == want {
				q = 5
			}
			if code := s.json("PUT", "/api/v1/admin/stores/"+st.ID+"/stock", adminKey, []map[string]any{{"sku": sku, "quantity": q}}, nil); code != 200 {
				t.Fatalf("store stock: %d", code)
			}
		}
		id, token := s.startChat("en")
		send := func(body map[string]string) []message {
			var out struct{ Messages []message }
			if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, body, &out); code != 200 {
				t.Fatalf("%v = %d", body, code)
			}
			return out.Messages
		}
		send(map[string]string{"payload": "add:" + sku})
		send(map[string]string{"payload": "checkout"})
		send(map[string]string{"text": "piet@example.com"})
		out := send(map[string]string{"text": "Piet de Vries, Keizersgracht 12, 1015 CS Amsterdam, NL"})
		if asOption(out, "ship:pickup") == "" {
			t.Fatalf("no pickup offered: %+v", out)
		}
		out = send(map[string]string{"payload": "ship:pickup"})
		var offered []string
		for _, m := range out {
			for _, o := range m.Options {
				if strings.HasPrefix(o.Payload, "pickup_store:") {
					offered = append(offered, strings.TrimPrefix(o.Payload, "pickup_store:"))
				}
			}
		}
		if len(offered) != 1 || offered[0] != want {
			t.Fatalf("stores offered %q, want only %s: %+v", offered, want, out)
		}
		out = send(map[string]string{"payload": "pickup_store:" + want})
		paid := false
		for _, m := range out {
			paid = paid || (m.Type == "link" && m.Purpose == "payment")
		}
		if !paid {
			t.Fatalf("no payment link after the store: %+v", out)
		}
		var orders struct {
			Orders []struct {
				ShippingOption string `json:"shipping_option"`
				PickupStore    string `json:"pickup_store"`
			}
		}
		s.do("GET", "/api/v1/admin/orders?email=piet@example.com", adminKey, "", nil, &orders)
		if len(orders.Orders) != 1 || orders.Orders[0].PickupStore != want {
			t.Errorf("orders = %+v, want one picked up at %s", orders.Orders, want)
		}
	})
}

// TestPickup_NoStoreHoldingTheCartOffersDelivery: when no store has the
// whole cart, pickup is not offered as a store question: the shopper is
// told and asked to choose a delivery option, pickup left out.
func TestPickup_NoStoreHoldingTheCartOffersDelivery(t *testing.T) {
	eachDB(t, true, func(t *testing.T, s *shop) {
		sku := inStockSKU(t, s)
		var all struct{ Stores []struct{ ID string } }
		s.do("GET", "/api/v1/admin/stores", adminKey, "", nil, &all)
		for _, st := range all.Stores {
			if code := s.json("PUT", "/api/v1/admin/stores/"+st.ID+"/stock", adminKey, []map[string]any{{"sku": sku, "quantity": 0}}, nil); code != 200 {
				t.Fatalf("store stock: %d", code)
			}
		}
		id, token := s.startChat("en")
		send := func(body map[string]string) []message {
			var out struct{ Messages []message }
			if code := s.json("POST", "/api/v1/conversations/"+id+"/messages", token, body, &out); code != 200 {
				t.Fatalf("%v = %d", body, code)
			}
			return out.Messages
		}
		send(map[string]string{"payload": "add:" + sku})
		send(map[string]string{"payload": "checkout"})
		send(map[string]string{"text": "kari@example.com"})
		send(map[string]string{"text": "Kari Nordmann, Keizersgracht 12, 1015 CS Amsterdam, NL"})
		out := send(map[string]string{"payload": "ship:pickup"})
		if asOption(out, "pickup_store:") != "" || asOption(out, "ship:pickup") != "" || asOption(out, "ship:standard") == "" {
			t.Errorf("with no store holding the cart: %+v", out)
		}
		if in := out[len(out)-1].Input; in == nil || in.Field != "shipping_option" {
			t.Errorf("asks %+v, want the delivery option again", out[len(out)-1])
		}
	})
}
