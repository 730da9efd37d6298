package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
)

// Limits are the request rate limits (token buckets in memory, per
// instance). A nil Limits, or a nil bucket, limits nothing.
type Limits struct {
	// Address: every API call of one client address.
	Address *limit.Buckets
	// Conversations: new conversations per client address.
	Conversations *limit.Buckets
	// Messages: messages per conversation (keyed by conversation and token,
	// so that nobody without the token can use up a shopper's allowance).
	Messages *limit.Buckets
	// Logins: agent sign-in attempts per client address.
	Logins *limit.Buckets
	// LiveConnections caps WebSockets per shopper token and agent session;
	// 0: no cap.
	LiveConnections int
}

// NewLimits makes the buckets for the given rates.
func NewLimits(address, conversations, messages, logins limit.Rate, live int, now func() time.Time) *Limits {
	return &Limits{
		Address:         limit.NewBuckets(address, 0, now),
		Conversations:   limit.NewBuckets(conversations, 0, now),
		Messages:        limit.NewBuckets(messages, 0, now),
		Logins:          limit.NewBuckets(logins, 0, now),
		LiveConnections: live,
	}
}

// clientAddr is the request's client address: what an outer middleware
// (trusted proxies) put in the context, or else the peer's IP.
func clientAddr(r *http.Request) string {
	if a := reqinfo.ClientAddr(r.Context()); a != "" {
		return a
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limited makes sure the client's address is in the context (domain code
// such as the order-lookup lock reads it there) and refuses requests over
// the rate limits with 429 and Retry-After. Provider webhooks are not
// limited per address: one provider speaks for many shoppers.
func (s *Server) limited(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		if reqinfo.ClientAddr(r.Context()) == "" {
			r = r.WithContext(reqinfo.WithClientAddr(r.Context(), addr))
		}
		l := s.Limits
		p := r.URL.Path
		if l == nil || !strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/api/v1/webhooks/") {
			next.ServeHTTP(w, r)
			return
		}
		key := limit.ClientKey(addr)
		if !take(w, r, l.Address, key) {
			return
		}
		switch {
		case r.Method == http.MethodPost && p == "/api/v1/conversations":
			if !take(w, r, l.Conversations, key) {
				return
			}
		case r.Method == http.MethodPost && p == "/api/v1/agent/login":
			if !take(w, r, l.Logins, key) {
				return
			}
		case r.Method == http.MethodPost && strings.HasPrefix(p, "/api/v1/conversations/") && strings.HasSuffix(p, "/messages"):
			id := strings.TrimSuffix(strings.TrimPrefix(p, "/api/v1/conversations/"), "/messages")
			if !take(w, r, l.Messages, id+" "+secretKey(bearer(r))) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// take spends a token of key, or answers 429.
func take(w http.ResponseWriter, r *http.Request, b *limit.Buckets, key string) bool {
	if b == nil {
		return true
	}
	ok, wait := b.Take(key)
	if !ok {
		writeError(w, r, rateLimited(wait))
	}
	return ok
}

// rateLimited is the contract's 429.
func rateLimited(wait time.Duration) *apiError {
	secs := limit.RetryAfter(wait)
	e := errorf(http.StatusTooManyRequests, "rate_limited", "too many requests; try again in %d seconds", secs)
	e.RetryAfter = secs
	return e
}

// secretKey stands in for a bearer token in memory-held keys: short, and
// not the token itself.
func secretKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:12])
}
