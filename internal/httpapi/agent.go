package httpapi

import (
	"errors"
	"github.com/shopkeeper/shopkeeper/internal/channel"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/money"
	"github.com/shopkeeper/shopkeeper/internal/order"
	"github.com/shopkeeper/shopkeeper/internal/payment"
)

// agentCookie carries the console's session; the API also accepts the
// token as a bearer.
const agentCookie = "sk_agent"

// agentJSON is an agent as the console sees itself.
type agentJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Email     string   `json:"email"`
	Role      string   `json:"role"`
	Languages []string `json:"languages"`
	Topics    []string `json:"topics"`
}

func toAgentJSON(a *inbox.Agent) agentJSON {
	return agentJSON{ID: a.ID, Name: a.Name, Email: a.Email, Role: a.Role, Languages: a.Languages, Topics: a.Topics}
}

func agentToken(r *http.Request) string {
	if t := bearer(r); t != "" {
		return t
	}
	if c, err := r.Cookie(agentCookie); err == nil {
		return c.Value
	}
	return ""
}

// agentOnly guards a console handler with an agent's session.
func (s *Server) agentOnly(h func(w http.ResponseWriter, r *http.Request, a *inbox.Agent)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, err := s.Inbox.Authenticate(r.Context(), agentToken(r))
		if err != nil {
			writeError(w, r, inboxError(err))
			return
		}
		h(w, r, a)
	})
}

// agentConv guards a handler of one conversation ({id}): besides a
// session, the agent must be allowed to see it (their team's, or theirs);
// another team's conversation answers 404 as if it did not exist.
func (s *Server) agentConv(h func(w http.ResponseWriter, r *http.Request, a *inbox.Agent)) http.Handler {
	return s.agentOnly(func(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
		if err := s.Inbox.CanSee(r.Context(), a, r.PathValue("id")); err != nil {
			writeError(w, r, inboxError(err))
			return
		}
		h(w, r, a)
	})
}

// liveAgentSession identifies the agent of a live connection.
func (s *Server) liveAgentSession(r *http.Request) (LiveAgent, error) {
	token := agentToken(r)
	if token == "" {
		// A browser cannot put a header on a WebSocket; the cookie is the
		// usual way, ?token= serves other clients. Only here: tokens in
		// URLs of ordinary requests end up in logs and histories.
		token = r.URL.Query().Get("token")
	}
	a, err := s.Inbox.Authenticate(r.Context(), token)
	if err != nil {
		return LiveAgent{}, err
	}
	return LiveAgent{ID: a.ID, Name: a.Name}, nil
}

// inboxError maps the inbox's errors to the contract's.
func inboxError(err error) error {
	switch {
	case errors.Is(err, inbox.ErrUnauthorized):
		return errorf(http.StatusUnauthorized, "unauthorized", "sign in as an agent first")
	case errors.Is(err, inbox.ErrRateLimited):
		var re *inbox.RetryError
		wait := time.Minute
		if errors.As(err, &re) {
			wait = re.After
		}
		return rateLimited(wait)
	case errors.Is(err, inbox.ErrCodeRequired):
		return errorf(http.StatusUnauthorized, "totp_required", "%s", err.Error())
	case errors.Is(err, inbox.ErrWrongCode):
		return errorf(http.StatusUnprocessableEntity, "wrong_code", "%s", err.Error())
	case errors.Is(err, inbox.ErrAlreadyTaken):
		return errorf(http.StatusConflict, "already_taken", "another agent has this conversation")
	case errors.Is(err, inbox.ErrNotAssignee):
		return errorf(http.StatusForbidden, "not_assignee", "only the assigned agent may do this; take the conversation first")
	case errors.Is(err, inbox.ErrForbidden):
		return errorf(http.StatusForbidden, "forbidden", "%s", err.Error())
	case errors.Is(err, inbox.ErrNotHandedOff):
		return errorf(http.StatusConflict, "not_handed_off", "%s", err.Error())
	case errors.Is(err, inbox.ErrInvalid):
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error())
	case errors.Is(err, inbox.ErrDuplicate):
		return errorf(http.StatusConflict, "conflict", "%s", err.Error())
	case errors.Is(err, inbox.ErrReviewClosed):
		return errorf(http.StatusConflict, "conflict", "%s", err.Error())
	case errors.Is(err, inbox.ErrNoOrderAccess):
		return errorf(http.StatusForbidden, "forbidden", "%s", err.Error())
	case errors.Is(err, payment.ErrRefundTooLarge):
		return errorf(http.StatusConflict, "refund_too_large", "%s", err.Error())
	case errors.Is(err, inbox.ErrNoAgent):
		return errorf(http.StatusNotFound, "not_found", "no such agent")
	case errors.Is(err, inbox.ErrNotFound), errors.Is(err, conversation.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "not found")
	case errors.Is(err, order.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no such order")
	}
	return err
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// Code is the TOTP code of an agent who turned the second factor on.
	Code string `json:"code"`
}

func (s *Server) agentLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	token, a, err := s.Inbox.SignIn(r.Context(), inbox.Credentials{Email: req.Email, Password: req.Password, Code: req.Code})
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: agentCookie, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: r.TLS != nil || strings.HasPrefix(s.PublicURL, "https://"), MaxAge: int(s.Inbox.SessionTTL / time.Second)})
	writeJSON(w, 200, map[string]any{"token": token, "agent": toAgentJSON(a)})
}

func (s *Server) agentLogout(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	if err := s.Inbox.Logout(r.Context(), agentToken(r)); err != nil {
		writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: agentCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	writeJSON(w, 200, map[string]bool{"ok": true})
}

func (s *Server) agentMe(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	totp, err := s.Inbox.TOTPEnabled(r.Context(), a)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"agent": toAgentJSON(a), "online": a.Online, "capacity": a.Capacity, "active": a.Active, "totp": totp})
}

// agentEnrolTOTP starts turning on the second factor: a new secret and its
// otpauth:// link for an authenticator app. It counts once confirmed.
func (s *Server) agentEnrolTOTP(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	issuer := s.ShopName
	if issuer == "" {
		issuer = "Shopkeeper"
	}
	e, err := s.Inbox.EnrolTOTP(r.Context(), a, issuer)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

type codeRequest struct {
	Code string `json:"code"`
}

// agentConfirmTOTP turns the second factor on with a first code.
func (s *Server) agentConfirmTOTP(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req codeRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Inbox.ConfirmTOTP(r.Context(), a, req.Code); err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, map[string]bool{"totp": true})
}

// agentDisableTOTP turns the second factor off, given a current code.
func (s *Server) agentDisableTOTP(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req codeRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Inbox.DisableTOTP(r.Context(), a, req.Code); err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, map[string]bool{"totp": false})
}

func (s *Server) agentStatus(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		Online *bool `json:"online"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Online == nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "send {\"online\": true} or {\"online\": false}"))
		return
	}
	if err := s.Inbox.SetOnline(r.Context(), a, *req.Online); err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, map[string]any{"online": a.Online})
}

func (s *Server) agentConversations(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	items, err := s.Inbox.Inbox(r.Context(), a, r.URL.Query().Get("view"))
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, map[string]any{"conversations": items})
}

// conversationDetail is the console's view of one conversation.
func (s *Server) conversationDetail(r *http.Request, d *inbox.Detail) map[string]any {
	c := d.Conversation
	orders := make([]Order, 0, len(d.Customer.Orders))
	for i := range d.Customer.Orders {
		orders = append(orders, s.orderJSON(&d.Customer.Orders[i]))
	}
	// Refunded amounts by order number: a partial refund leaves the order
	// "paid", so the panel says how much already went back.
	refunded := map[string]money.Money{}
	for _, o := range d.Customer.Orders {
		if n := d.Customer.Refunded[o.ID]; n > 0 {
			refunded[o.Number] = money.New(n, o.Total.Currency)
		}
	}
	prev := make([]map[string]any, 0, len(d.Customer.Previous))
	for _, p := range d.Customer.Previous {
		prev = append(prev, map[string]any{"id": p.ID, "updated_at": p.UpdatedAt, "status": p.Status})
	}
	transcript := d.Transcript
	if transcript == nil {
		transcript = []conversation.Message{}
	}
	cust := map[string]any{"name": d.Customer.Name, "email": d.Customer.Email, "phone": d.Customer.Phone,
		"orders": orders, "refunded": refunded, "previous_conversations": prev,
		// verified: the shopper proved who they are (verified_by says how);
		// otherwise an e-mail shown is only what they typed at checkout.
		"verified": c.CustomerID != 0}
	if c.CustomerID != 0 && s.Identity != nil {
		if b, err := s.Identity.Latest(r.Context(), c.ID); err == nil && b != nil {
			cust["verified_by"] = b.Source
		}
	}
	out := map[string]any{
		"id": c.ID, "status": c.Status, "language": c.Language, "channel": c.Channel, "handoff": c.Handoff,
		"transcript": transcript, "notes": d.Notes, "customer": cust,
		"updated_at": c.UpdatedAt,
	}
	if d.Cart != nil {
		out["cart"] = s.cartJSON(r.Context(), d.Cart, c.CustomerID)
	}
	if s.Channels != nil && c.Channel != "web" && c.Channel != "rest" {
		// Messages the shopper's app never got, with the provider's reason,
		// so the agent knows to try another way.
		undelivered := []map[string]any{}
		if ds, err := s.Channels.Deliveries(r.Context(), c.ID); err == nil {
			for _, d := range ds {
				if d.Status == channel.StatusFailed {
					undelivered = append(undelivered, map[string]any{"seq": d.Seq, "error": d.Error})
				}
			}
		}
		out["undelivered"] = undelivered
	}
	if d.Assignee != nil {
		out["assignee"] = d.Assignee
	}
	return out
}

func (s *Server) agentConversation(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	d, err := s.Inbox.Conversation(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, s.conversationDetail(r, d))
}

func (s *Server) agentTake(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		Force bool `json:"force"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
			writeError(w, r, err)
			return
		}
	}
	d, err := s.Inbox.Take(r.Context(), a, r.PathValue("id"), req.Force)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, s.conversationDetail(r, d))
}

type textRequest struct {
	Text string `json:"text"`
}

func (s *Server) agentSend(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req textRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	m, err := s.Inbox.Send(r.Context(), a, r.PathValue("id"), req.Text)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"message": m})
}

func (s *Server) agentNote(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req textRequest
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	n, err := s.Inbox.AddNote(r.Context(), a, r.PathValue("id"), req.Text)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"note": n})
}

func (s *Server) agentTransfer(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		AgentID int64  `json:"agent_id"`
		Team    string `json:"team"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Inbox.Transfer(r.Context(), a, r.PathValue("id"), req.AgentID, req.Team); err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	s.agentConversation(w, r, a)
}

func (s *Server) agentResolve(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	if err := s.Inbox.Resolve(r.Context(), a, r.PathValue("id")); err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	s.agentConversation(w, r, a)
}

// colleagueJSON is what an agent sees of a colleague when transferring:
// no e-mail, no role, nothing of the password.
type colleagueJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Languages []string `json:"languages"`
	Topics    []string `json:"topics"`
	Teams     []string `json:"teams"`
	Online    bool     `json:"online"`
	OpenChats int      `json:"open_chats"`
	Capacity  int      `json:"capacity"`
}

// agentColleagues lists the team and its teams for the transfer picker.
func (s *Server) agentColleagues(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	all, err := s.Inbox.Agents(r.Context())
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	out := make([]colleagueJSON, 0, len(all))
	seen := map[string]bool{}
	teams := []string{}
	for _, c := range all {
		out = append(out, colleagueJSON{ID: c.ID, Name: c.Name, Languages: nonNil(c.Languages), Topics: nonNil(c.Topics),
			Teams: nonNil(c.Teams), Online: c.Online, OpenChats: c.Active, Capacity: c.Capacity})
		for _, t := range c.Teams {
			if !seen[t] {
				seen[t] = true
				teams = append(teams, t)
			}
		}
	}
	slices.Sort(teams)
	writeJSON(w, http.StatusOK, map[string]any{"agents": out, "teams": teams})
}

func (s *Server) agentCanned(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	lang := r.URL.Query().Get("lang")
	if lang != "" && !s.supported(lang) {
		writeError(w, r, errorf(http.StatusBadRequest, "unsupported_language", "lang must be one of the shop's languages"))
		return
	}
	cs, err := s.Inbox.Canned(r.Context(), lang)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"responses": cs})
}

func (s *Server) supported(lang string) bool {
	for _, l := range s.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

func (s *Server) agentCoupon(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		Percent int64 `json:"percent"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	code, m, err := s.Inbox.GiveCoupon(r.Context(), a, r.PathValue("id"), req.Percent, s.Messages)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": code, "percent": req.Percent, "message": m})
}

func (s *Server) agentRefund(w http.ResponseWriter, r *http.Request, a *inbox.Agent) {
	var req struct {
		OrderNumber string       `json:"order_number"`
		Amount      *money.Money `json:"amount"`
	}
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	if req.OrderNumber == "" {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "order_number is required"))
		return
	}
	ref, m, err := s.Inbox.Refund(r.Context(), a, r.PathValue("id"), req.OrderNumber, req.Amount, s.Messages)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"reference": ref, "message": m})
}

// ---- admin: the team ----

func (s *Server) adminAgents(w http.ResponseWriter, r *http.Request) {
	as, err := s.Inbox.Agents(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"agents": as})
}

func (s *Server) adminCreateAgent(w http.ResponseWriter, r *http.Request) {
	var req inbox.NewAgent
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	a, err := s.Inbox.CreateAgent(r.Context(), req)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

func (s *Server) adminUpdateAgent(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no such agent"))
		return
	}
	var req inbox.AgentUpdate
	if err := decodeJSON(w, r, &req, maxJSONBody); err != nil {
		writeError(w, r, err)
		return
	}
	a, err := s.Inbox.UpdateAgent(r.Context(), id, req)
	if err != nil {
		writeError(w, r, inboxError(err))
		return
	}
	writeJSON(w, 200, a)
}

// agentRoutes registers the console's API and the hand-off admin API.
func (s *Server) agentRoutes(mux *http.ServeMux) {
	if s.AgentSession == nil {
		s.AgentSession = s.liveAgentSession
	}
	mux.HandleFunc("POST /api/v1/agent/login", s.agentLogin)
	mux.Handle("POST /api/v1/agent/logout", s.agentOnly(s.agentLogout))
	mux.Handle("GET /api/v1/agent/me", s.agentOnly(s.agentMe))
	mux.Handle("POST /api/v1/agent/totp", s.agentOnly(s.agentEnrolTOTP))
	mux.Handle("POST /api/v1/agent/totp/confirm", s.agentOnly(s.agentConfirmTOTP))
	mux.Handle("POST /api/v1/agent/totp/disable", s.agentOnly(s.agentDisableTOTP))
	mux.Handle("POST /api/v1/agent/status", s.agentOnly(s.agentStatus))
	mux.Handle("GET /api/v1/agent/conversations", s.agentOnly(s.agentConversations))
	mux.Handle("GET /api/v1/agent/conversations/{id}", s.agentConv(s.agentConversation))
	mux.Handle("POST /api/v1/agent/conversations/{id}/take", s.agentConv(s.agentTake))
	mux.Handle("POST /api/v1/agent/conversations/{id}/messages", s.agentConv(s.agentSend))
	mux.Handle("POST /api/v1/agent/conversations/{id}/notes", s.agentConv(s.agentNote))
	mux.Handle("POST /api/v1/agent/conversations/{id}/transfer", s.agentConv(s.agentTransfer))
	mux.Handle("POST /api/v1/agent/conversations/{id}/resolve", s.agentConv(s.agentResolve))
	mux.Handle("GET /api/v1/agent/agents", s.agentOnly(s.agentColleagues))
	mux.Handle("POST /api/v1/agent/conversations/{id}/actions/coupon", s.agentConv(s.agentCoupon))
	mux.Handle("POST /api/v1/agent/conversations/{id}/actions/refund", s.agentConv(s.agentRefund))
	mux.Handle("POST /api/v1/agent/conversations/{id}/cart/items", s.agentConv(s.agentCartAdd))
	mux.Handle("PUT /api/v1/agent/conversations/{id}/cart/items/{sku}", s.agentConv(s.agentCartSet))
	mux.Handle("DELETE /api/v1/agent/conversations/{id}/cart/items/{sku}", s.agentConv(s.agentCartRemove))
	mux.Handle("POST /api/v1/agent/conversations/{id}/products", s.agentConv(s.agentSendProduct))
	mux.Handle("GET /api/v1/agent/products", s.agentOnly(s.agentProducts))
	mux.Handle("GET /api/v1/agent/canned", s.agentOnly(s.agentCanned))
	mux.Handle("GET /api/v1/agent/orders/review", s.agentOnly(s.agentReviewQueue))
	mux.Handle("POST /api/v1/agent/orders/{number}/review", s.agentOnly(s.agentReviewOrder))

	mux.Handle("GET /api/v1/admin/agents", s.admin(s.adminAgents))
	mux.Handle("POST /api/v1/admin/agents", s.admin(s.adminCreateAgent))
	mux.Handle("PUT /api/v1/admin/agents/{id}", s.admin(s.adminUpdateAgent))
	mux.Handle("GET /api/v1/admin/handoff-rules", s.admin(s.adminHandoffRules))
	mux.Handle("PUT /api/v1/admin/handoff-rules", s.admin(s.adminPutHandoffRules))
	mux.Handle("GET /api/v1/admin/training-review", s.admin(s.adminTrainingReview))
	mux.Handle("POST /api/v1/admin/training-review/{id}", s.admin(s.adminLabelReview))
	mux.Handle("GET /api/v1/admin/audit", s.admin(s.adminAudit))
}
