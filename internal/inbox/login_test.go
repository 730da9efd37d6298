package inbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
	"github.com/shopkeeper/shopkeeper/internal/limit"
	"github.com/shopkeeper/shopkeeper/internal/reqinfo"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

const password = "correct horse battery"

// team is an inbox with one agent, Ana, on a hand-moved clock.
type team struct {
	t   testing.TB
	svc *inbox.Service
	now time.Time
}

func newTeam(t testing.TB, db *store.DB) *team {
	tm := &team{t: t, now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	tm.svc = inbox.NewService(db, conversation.NewService(db, nil))
	tm.svc.Now = func() time.Time { return tm.now }
	if _, err := tm.svc.CreateAgent(context.Background(), inbox.NewAgent{Email: "ana@example.com", Name: "Ana", Password: password}); err != nil {
		t.Fatal(err)
	}
	return tm
}

// try signs in from addr and returns the error and, when refused for
// speed, the wait.
func (tm *team) try(addr, pw string) (error, time.Duration) {
	ctx := reqinfo.WithClientAddr(context.Background(), addr)
	_, _, err := tm.svc.Login(ctx, "ana@example.com", pw)
	var re *inbox.RetryError
	if errors.As(err, &re) {
		return err, re.After
	}
	return err, 0
}

// loginStep is one sign-in attempt after advance; patient steps are
// attackers who wait out every back-off and keep guessing n times.
type loginStep struct {
	advance time.Duration
	addr    string
	pw      string
	want    error         // nil: signed in
	wait    time.Duration // with ErrRateLimited; 0: any
	patient int
}

const wrong = "wrong password!"

func TestLogin_BacksOffPerAddressAndAccount(t *testing.T) {
	const a, b, stranger = "203.0.113.7", "198.51.100.2", "192.0.2.50"
	tests := []struct {
		name  string
		steps []loginStep
	}{
		{"four free failures, then doubling waits from 5 s", []loginStep{
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized}, {addr: a, pw: wrong, want: inbox.ErrUnauthorized},
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized},
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized}, {addr: a, pw: wrong, want: inbox.ErrUnauthorized},
			{addr: a, pw: password, want: inbox.ErrRateLimited, wait: 5 * time.Second},
			{advance: 3 * time.Second, addr: a, pw: password, want: inbox.ErrRateLimited, wait: 2 * time.Second},
			{advance: 2 * time.Second, addr: a, pw: wrong, want: inbox.ErrUnauthorized},
			{addr: a, pw: wrong, want: inbox.ErrRateLimited, wait: 10 * time.Second},
			// The same account from elsewhere is not held back…
			{addr: b, pw: password},
			// …and a good sign-in from a clears a's failures.
			{advance: 10 * time.Second, addr: a, pw: password},
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized},
		}},
		{"failures are forgotten after a quiet day", []loginStep{
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized, patient: 8},
			{advance: 24 * time.Hour, addr: a, pw: password},
		}},
		{"one address cannot lock the owner out", []loginStep{
			{addr: a, pw: wrong, want: inbox.ErrUnauthorized, patient: 30},
			{addr: b, pw: password},
			{addr: stranger, pw: password},
		}},
		{"a distributed attack slows unknown addresses, not known ones", []loginStep{
			{addr: b, pw: password}, // b is Ana's usual address
			{addr: "203.0.113.1", pw: wrong, want: inbox.ErrUnauthorized, patient: 5},
			{addr: "203.0.113.2", pw: wrong, want: inbox.ErrUnauthorized, patient: 5},
			{addr: "203.0.113.3", pw: wrong, want: inbox.ErrUnauthorized, patient: 5},
			{addr: "203.0.113.4", pw: wrong, want: inbox.ErrUnauthorized, patient: 5},
			{addr: "203.0.113.5", pw: wrong, want: inbox.ErrUnauthorized}, // the 21st failure on the account
			{addr: stranger, pw: password, want: inbox.ErrRateLimited, wait: 5 * time.Second},
			{addr: "203.0.113.6", pw: wrong, want: inbox.ErrRateLimited, wait: 5 * time.Second},
			{addr: b, pw: password},
			{advance: 5 * time.Second, addr: stranger, pw: password},
		}},
	}
	for dbName, dsn := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteDSN, "postgres": storetest.PostgresDSN} {
		for _, tt := range tests {
			t.Run(dbName+"/"+tt.name, func(t *testing.T) {
				tm := newTeam(t, storetest.Open(t, dsn(t)))
				for i, s := range tt.steps {
					tm.now = tm.now.Add(s.advance)
					if s.patient > 0 {
						for n := 0; n < s.patient; {
							err, wait := tm.try(s.addr, s.pw)
							switch {
							case errors.Is(err, inbox.ErrRateLimited):
								tm.now = tm.now.Add(wait)
							case errors.Is(err, s.want):
								n++
							default:
								t.Fatalf("step %d, guess %d from %s: %v", i, n+1, s.addr, err)
							}
						}
						continue
					}
					err, wait := tm.try(s.addr, s.pw)
					if (s.want == nil) != (err == nil) || s.want != nil && !errors.Is(err, s.want) {
						t.Fatalf("step %d (%s): %v, want %v", i, s.addr, err, s.want)
					}
					if s.wait != 0 && wait != s.wait {
						t.Fatalf("step %d (%s): wait %v, want %v", i, s.addr, wait, s.wait)
					}
				}
			})
		}
	}
}

func TestLogin_TOTPRequiredOnceConfirmed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		tm := newTeam(t, db)
		ctx := reqinfo.WithClientAddr(context.Background(), "198.51.100.2")
		_, ana, err := tm.svc.Login(ctx, "ana@example.com", password)
		if err != nil {
			t.Fatal(err)
		}
		e, err := tm.svc.EnrolTOTP(ctx, ana, "Test Shop")
		if err != nil {
			t.Fatal(err)
		}
		// Until confirmed, the password alone still signs in.
		if _, _, err := tm.svc.Login(ctx, "ana@example.com", password); err != nil {
			t.Fatalf("before confirmation: %v", err)
		}
		if err := tm.svc.ConfirmTOTP(ctx, ana, "000000"); !errors.Is(err, inbox.ErrWrongCode) && inbox.TOTPCode(e.Secret, tm.now) != "000000" {
			t.Fatalf("confirm with a wrong code: %v", err)
		}
		if err := tm.svc.ConfirmTOTP(ctx, ana, inbox.TOTPCode(e.Secret, tm.now)); err != nil {
			t.Fatal(err)
		}
		sign := func(code string) error {
			_, _, err := tm.svc.SignIn(ctx, inbox.Credentials{Email: "ana@example.com", Password: password, Code: code})
			return err
		}
		tm.now = tm.now.Add(30 * time.Second)
		code := inbox.TOTPCode(e.Secret, tm.now)
		tests := []struct {
			name string
			code string
			want error
		}{
			{"no code", "", inbox.ErrCodeRequired},
			{"the right code", code, nil},
			{"the same code again", code, inbox.ErrUnauthorized},
		}
		for _, tt := range tests {
			if err := sign(tt.code); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
			}
		}
		// A wrong password with the right code is still a wrong password.
		tm.now = tm.now.Add(30 * time.Second)
		if _, _, err := tm.svc.SignIn(ctx, inbox.Credentials{Email: "ana@example.com", Password: wrong, Code: inbox.TOTPCode(e.Secret, tm.now)}); !errors.Is(err, inbox.ErrUnauthorized) {
			t.Errorf("wrong password with a good code: %v", err)
		}
		// Turning it off takes a current code.
		if err := tm.svc.DisableTOTP(ctx, ana, "12345"); !errors.Is(err, inbox.ErrWrongCode) {
			t.Errorf("disable with a bad code: %v", err)
		}
		tm.now = tm.now.Add(30 * time.Second)
		if err := tm.svc.DisableTOTP(ctx, ana, inbox.TOTPCode(e.Secret, tm.now)); err != nil {
			t.Fatal(err)
		}
		tm.now = tm.now.Add(time.Minute) // past the back-off of the failures above
		if err := sign(""); err != nil {
			t.Errorf("after turning it off: %v", err)
		}
	})
}

func TestLogin_NoHashingSlotMeansComeBackLater(t *testing.T) {
	db := storetest.Open(t, storetest.SQLiteDSN(t))
	tm := newTeam(t, db)
	tm.svc.HashSlots = limit.NewSlots(1)
	if !tm.svc.HashSlots.Acquire(context.Background(), 0) {
		t.Fatal("no slot for the test")
	}
	err, wait := tm.try("203.0.113.7", password)
	if !errors.Is(err, inbox.ErrRateLimited) || wait < time.Second {
		t.Fatalf("with every slot busy: %v, wait %v; want ErrRateLimited with a wait", err, wait)
	}
	tm.svc.HashSlots.Release()
	if err, _ := tm.try("203.0.113.7", password); err != nil {
		t.Fatalf("with a free slot: %v (a refusal for a busy slot must not count as a failure)", err)
	}
}
