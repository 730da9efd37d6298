package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// Sign-in back-off lives in the database: of attempts racing on one
// account and client only one claims the next failure; failures add up
// and are forgotten after their window; a good sign-in clears them.
func TestLoginBackoff_ClaimsOnceAndCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		const acct, client = "ana@example.com", "c1"
		if _, _, found, err := db.LoginBackoff(ctx, acct, client); found || err != nil {
			t.Fatalf("fresh account: found %v, %v", found, err)
		}
		// Ten racers on an empty record: exactly one wins.
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := db.ClaimLoginAttempt(ctx, acct, client, -1, 1, now)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d racers claimed the first attempt, want 1", wins)
		}
		if ok, _ := db.ClaimLoginAttempt(ctx, acct, client, 0, 1, now); ok {
			t.Error("a claim on a stale count won")
		}
		if ok, err := db.ClaimLoginAttempt(ctx, acct, client, 1, 2, now.Add(time.Second)); !ok || err != nil {
			t.Fatalf("a claim on the current count lost: %v", err)
		}
		f, last, found, err := db.LoginBackoff(ctx, acct, client)
		if err != nil || !found || f != 2 || !last.Equal(now.Add(time.Second)) {
			t.Fatalf("after two claims: %d at %v (%v, %v)", f, last, found, err)
		}
		// The account-wide row counts up and starts again after its window.
		for i := range 3 {
			if err := db.AddLoginFailure(ctx, acct, inbox.AccountWide, now.Add(time.Duration(i)*time.Minute), now.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if f, _, _, _ := db.LoginBackoff(ctx, acct, inbox.AccountWide); f != 3 {
			t.Errorf("account-wide failures = %d, want 3", f)
		}
		later := now.Add(48 * time.Hour)
		db.AddLoginFailure(ctx, acct, inbox.AccountWide, later, later.Add(-24*time.Hour))
		if f, _, _, _ := db.LoginBackoff(ctx, acct, inbox.AccountWide); f != 1 {
			t.Errorf("account-wide failures after a quiet day = %d, want 1", f)
		}
		if f, _, _, _ := db.LoginBackoff(ctx, "wei@example.com", client); f != 0 {
			t.Errorf("another account has %d failures", f)
		}
		if err := db.ClearLoginBackoff(ctx, acct, client); err != nil {
			t.Fatal(err)
		}
		if _, _, found, _ := db.LoginBackoff(ctx, acct, client); found {
			t.Error("failures left after clearing")
		}
		// Known addresses.
		if known, _ := db.KnownLoginClient(ctx, acct, client, now.Add(-time.Hour)); known {
			t.Error("an address known before any sign-in")
		}
		db.RememberLoginClient(ctx, acct, client, now)
		if known, _ := db.KnownLoginClient(ctx, acct, client, now.Add(-time.Hour)); !known {
			t.Error("the address of a good sign-in is not known")
		}
		if known, _ := db.KnownLoginClient(ctx, acct, client, now.Add(time.Hour)); known {
			t.Error("an address known beyond its time")
		}
	})
}

// A second-factor code's time step is used once.
func TestAgentTOTP_StepsAreUsedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := &inbox.Agent{Email: "ana@example.com", Name: "Ana", Role: "agent", Capacity: 3}
		if err := db.CreateAgent(ctx, a, "x"); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAgentTOTP(ctx, a.ID, "", "PENDING"); err != nil {
			t.Fatal(err)
		}
		if s, p, err := db.AgentTOTP(ctx, a.ID); s != "" || p != "PENDING" || err != nil {
			t.Fatalf("pending: %q %q %v", s, p, err)
		}
		db.SetAgentTOTP(ctx, a.ID, "SECRET", "")
		for _, tt := range []struct {
			step int64
			ok   bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			if ok, err := db.UseTOTPStep(ctx, a.ID, tt.step); ok != tt.ok || err != nil {
				t.Errorf("step %d: %v, %v; want %v", tt.step, ok, err, tt.ok)
			}
		}
		// A new secret starts afresh.
		db.SetAgentTOTP(ctx, a.ID, "OTHER", "")
		if ok, _ := db.UseTOTPStep(ctx, a.ID, 50); !ok {
			t.Error("a new secret kept the old secret's used steps")
		}
	})
}

// Failed order lookups are counted per client and per number within the
// window, and swept once no window counts them.
func TestOrderLookupFailures_CountPerClientAndNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
		add := func(client, number string, at time.Time) {
			if err := db.AddOrderLookupFailure(ctx, client, number, at, at.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		add("a", "1001", now.Add(-2*time.Hour)) // swept by the next
		add("a", "1001", now)
		add("a", "1002", now)
		add("b", "1001", now)
		add("", "1001", now)
		tests := []struct {
			client, number     string
			byClient, byNumber int
		}{
			{"a", "1001", 2, 3},
			{"b", "1002", 1, 1},
			{"", "1001", 0, 3},
			{"c", "9999", 0, 0},
		}
		for _, tt := range tests {
			bc, bn, err := db.OrderLookupFailures(ctx, tt.client, tt.number, now.Add(-time.Hour))
			if err != nil || bc != tt.byClient || bn != tt.byNumber {
				t.Errorf("%q/%s: %d, %d (%v); want %d, %d", tt.client, tt.number, bc, bn, err, tt.byClient, tt.byNumber)
			}
		}
		if bc, _, _ := db.OrderLookupFailures(ctx, "a", "1001", now.Add(-3*time.Hour)); bc != 2 {
			t.Errorf("the failure from before the window was not swept: %d for a", bc)
		}
	})
}
