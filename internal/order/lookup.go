package order

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/limit"
)

// LookupStore keeps failed order lookups, shared by every instance.
type LookupStore interface {
	OrderLookupFailures(ctx context.Context, client, number string, since time.Time) (byClient, byOrder int, err error)
	AddOrderLookupFailure(ctx context.Context, client, number string, at, forgetBefore time.Time) error
}

// lookupLimits bound the wrong order-number + e-mail pairs a shopper may
// try: per client (address, or a messaging channel's sender) and per order
// number, across conversations. Order numbers are sequential, so without
// this a new conversation would be a new set of guesses.
type lookupLimits struct {
	store     LookupStore
	perClient limit.Rate // Count failures per Per
	perOrder  limit.Rate
	now       func() time.Time
}

// UseLookupLimits turns on the limits on failed order lookups: at most
// perClient.Count failures per perClient.Per from one client, and
// perOrder.Count per perOrder.Per on one order number.
func (s *Service) UseLookupLimits(st LookupStore, perClient, perOrder limit.Rate, now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.lookups = &lookupLimits{store: st, perClient: perClient, perOrder: perOrder, now: now}
}

// LookupLocked reports whether client or number has used up its failed
// lookups; then even the right e-mail is not checked, or guessing would
// go on. Without UseLookupLimits nothing is locked.
func (s *Service) LookupLocked(ctx context.Context, client, number string) (bool, error) {
	l := s.lookups
	if l == nil {
		return false, nil
	}
	now := l.now()
	byClient, _, err := l.store.OrderLookupFailures(ctx, clientHash(client), number, now.Add(-l.perClient.Per))
	if err != nil {
		return false, err
	}
	if client != "" && byClient >= l.perClient.Count {
		return true, nil
	}
	_, byOrder, err := l.store.OrderLookupFailures(ctx, "", number, now.Add(-l.perOrder.Per))
	if err != nil {
		return false, err
	}
	return byOrder >= l.perOrder.Count, nil
}

// LookupFailed records a wrong pair for client and number.
func (s *Service) LookupFailed(ctx context.Context, client, number string) error {
	l := s.lookups
	if l == nil {
		return nil
	}
	now := l.now()
	return l.store.AddOrderLookupFailure(ctx, clientHash(client), number, now, now.Add(-max(l.perClient.Per, l.perOrder.Per)))
}

// clientHash keeps client addresses out of the database: only a hash of
// the limited key (an IPv6 /64, an IPv4 address, a channel sender) is
// stored.
func clientHash(client string) string {
	if client == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("order-lookup\x00" + limit.ClientKey(client)))
	return hex.EncodeToString(sum[:16])
}
