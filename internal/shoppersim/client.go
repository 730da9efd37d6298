package shoppersim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Message is a chat message as the contract shapes it.
type Message struct {
	Seq      int64     `json:"seq"`
	From     string    `json:"from"`
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	Options  []Option  `json:"options,omitempty"`
	Items    []Item    `json:"items,omitempty"`
	URL      string    `json:"url,omitempty"`
	Purpose  string    `json:"purpose,omitempty"`
	Input    *Input    `json:"input,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Fallback bool      `json:"fallback,omitempty"` // admin transcript only
	NLU      *NLUTrace `json:"nlu,omitempty"`      // admin transcript only
}

// NLUTrace is what the admin transcript says the NLU understood.
type NLUTrace struct {
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
}

// Option is a quick reply.
type Option struct {
	Title   string `json:"title"`
	Payload string `json:"payload"`
}

// Input is the bot's hint that it waits for one field.
type Input struct {
	Type  string `json:"type"`
	Field string `json:"field"`
}

// Item is a product shown in a products message.
type Item struct {
	SKU      string        `json:"sku"`
	Handle   string        `json:"handle"`
	Title    string        `json:"title"`
	InStock  bool          `json:"in_stock"`
	Price    *Money        `json:"price,omitempty"`
	Variants []ItemVariant `json:"variants,omitempty"`
}

// ItemVariant is one variant of an item.
type ItemVariant struct {
	SKU     string            `json:"sku"`
	Options map[string]string `json:"options,omitempty"`
	InStock bool              `json:"in_stock"`
}

// Money is the contract's money: a decimal string and a currency.
type Money struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// Order is an order of the admin API.
type Order struct {
	Number        json.RawMessage `json:"number"`
	Status        string          `json:"status"`
	PaymentStatus string          `json:"payment_status"`
	Items         []struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	} `json:"items"`
}

// Conversation is a started chat.
type Conversation struct {
	ID    string
	Token string
}

// Client speaks the public contract to one server.
type Client struct {
	BaseURL  string
	AdminKey string
	HTTP     *http.Client
}

// NewClient returns a client with a per-request timeout generous enough for
// a cold NLU on a busy machine.
func NewClient(baseURL, adminKey string) *Client {
	return &Client{
		BaseURL:  strings.TrimRight(baseURL, "/"),
		AdminKey: adminKey,
		HTTP:     &http.Client{Timeout: 60 * time.Second},
	}
}

// HTTPError is an answer with an unexpected status.
type HTTPError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.Path, e.Status, e.Body)
}

// do sends one request and decodes the JSON answer into out (when not nil).
// A 429 is retried after its Retry-After, a few times: rate limits are the
// server protecting itself, not a dialogue failure.
func (c *Client) do(ctx context.Context, method, path, token, ctype string, body []byte, out any) error {
	for attempt := 0; ; attempt++ {
		u := path
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			u = c.BaseURL + path
		}
		req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
		if err != nil {
			return err
		}
		if body != nil {
			req.Header.Set("Content-Type", ctype)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := c.HTTP.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: read: %w", method, path, err)
		}
		if resp.StatusCode == http.StatusTooManyRequests && attempt < 5 {
			wait := time.Second
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 && s < 30 {
				wait = time.Duration(s) * time.Second
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			continue
		}
		if resp.StatusCode/100 != 2 {
			return &HTTPError{Method: method, Path: path, Status: resp.StatusCode, Body: trim(string(b), 300)}
		}
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w (%s)", method, path, err, trim(string(b), 200))
		}
		return nil
	}
}

func (c *Client) postJSON(ctx context.Context, path, token string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, path, token, "application/json", b, out)
}

// Start creates a conversation in a language and returns it with the greeting.
func (c *Client) Start(ctx context.Context, lang string) (Conversation, []Message, error) {
	var out struct {
		ID       string    `json:"id"`
		Token    string    `json:"token"`
		Messages []Message `json:"messages"`
	}
	if err := c.postJSON(ctx, "/api/v1/conversations", "", map[string]string{"locale": lang}, &out); err != nil {
		return Conversation{}, nil, err
	}
	if out.ID == "" || out.Token == "" {
		return Conversation{}, nil, fmt.Errorf("create conversation: no id or token in the answer")
	}
	return Conversation{ID: out.ID, Token: out.Token}, out.Messages, nil
}

// Say sends a text message and returns the replies to it.
func (c *Client) Say(ctx context.Context, conv Conversation, text string) ([]Message, error) {
	return c.send(ctx, conv, map[string]string{"text": text})
}

// Tap sends a quick reply's payload and returns the replies to it.
func (c *Client) Tap(ctx context.Context, conv Conversation, payload string) ([]Message, error) {
	return c.send(ctx, conv, map[string]string{"payload": payload})
}

func (c *Client) send(ctx context.Context, conv Conversation, body map[string]string) ([]Message, error) {
	var out struct {
		Messages []Message `json:"messages"`
	}
	if err := c.postJSON(ctx, "/api/v1/conversations/"+url.PathEscape(conv.ID)+"/messages", conv.Token, body, &out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}

// After returns the conversation's messages after sequence number seq.
func (c *Client) After(ctx context.Context, conv Conversation, seq int64) ([]Message, error) {
	var out struct {
		Messages []Message `json:"messages"`
	}
	p := "/api/v1/conversations/" + url.PathEscape(conv.ID) + "/messages?after=" + strconv.FormatInt(seq, 10)
	if err := c.do(ctx, http.MethodGet, p, conv.Token, "", nil, &out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}

// Pay pays a test-gateway payment link.
func (c *Client) Pay(ctx context.Context, link, outcome string) error {
	form := url.Values{"outcome": {outcome}}.Encode()
	return c.do(ctx, http.MethodPost, link, "", "application/x-www-form-urlencoded", []byte(form), nil)
}

// Transcript returns the admin transcript of a conversation.
func (c *Client) Transcript(ctx context.Context, id string) ([]Message, error) {
	var out struct {
		Transcript []Message `json:"transcript"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/v1/admin/conversations/"+url.PathEscape(id), c.AdminKey, "", nil, &out); err != nil {
		return nil, err
	}
	return out.Transcript, nil
}

// Orders returns the orders of one e-mail address.
func (c *Client) Orders(ctx context.Context, email string) ([]Order, error) {
	var out struct {
		Orders []Order `json:"orders"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/v1/admin/orders?email="+url.QueryEscape(email), c.AdminKey, "", nil, &out); err != nil {
		return nil, err
	}
	return out.Orders, nil
}

// Search returns the handles of the shop's search results for q, best first.
func (c *Client) Search(ctx context.Context, q string, limit int) ([]string, error) {
	var out struct {
		Products []struct {
			Handle string `json:"handle"`
		} `json:"products"`
	}
	p := "/api/v1/admin/products?q=" + url.QueryEscape(q) + "&limit=" + strconv.Itoa(limit)
	if err := c.do(ctx, http.MethodGet, p, c.AdminKey, "", nil, &out); err != nil {
		return nil, err
	}
	var hs []string
	for _, p := range out.Products {
		hs = append(hs, p.Handle)
	}
	return hs, nil
}

// ImportResult is the answer of a catalogue import.
type ImportResult struct {
	Products int `json:"products"`
	Variants int `json:"variants"`
	Errors   []struct {
		Line    int    `json:"line"`
		Message string `json:"message"`
	} `json:"errors"`
}

// Import loads a catalogue CSV into the shop.
func (c *Client) Import(ctx context.Context, csv []byte) (ImportResult, error) {
	var out ImportResult
	err := c.do(ctx, http.MethodPost, "/api/v1/admin/catalog/import", c.AdminKey, "text/csv", csv, &out)
	return out, err
}

// PutArticle creates a help article, or replaces the one with its slug.
func (c *Client) PutArticle(ctx context.Context, body json.RawMessage) error {
	err := c.do(ctx, http.MethodPost, "/api/v1/admin/articles", c.AdminKey, "application/json", body, nil)
	var he *HTTPError
	if errors.As(err, &he) && he.Status == http.StatusConflict {
		var a struct {
			Slug string `json:"slug"`
		}
		if json.Unmarshal(body, &a) == nil && a.Slug != "" {
			return c.do(ctx, http.MethodPut, "/api/v1/admin/articles/"+url.PathEscape(a.Slug), c.AdminKey, "application/json", body, nil)
		}
	}
	return err
}

// Healthy waits until GET /healthz answers 200 or the context ends.
func (c *Client) Healthy(ctx context.Context) error {
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/healthz", nil)
		resp, err := c.HTTP.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for %s/healthz: %w", c.BaseURL, ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func trim(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
