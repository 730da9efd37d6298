package identity_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/i18n"
	"github.com/shopkeeper/shopkeeper/internal/identity"
	"github.com/shopkeeper/shopkeeper/internal/store"
	"github.com/shopkeeper/shopkeeper/internal/store/storetest"
)

// mailbox keeps what would have been sent.
type mailbox struct{ mails []identity.Mail }

func (m *mailbox) Send(_ context.Context, mail identity.Mail) error {
	m.mails = append(m.mails, mail)
	return nil
}

var convSeq int // conversation ids, unique per test binary run

var digits6 = regexp.MustCompile(`\b[0-9]{6}\b`)

func (m *mailbox) lastCode(t *testing.T) string {
	t.Helper()
	if len(m.mails) == 0 {
		t.Fatal("no mail sent")
	}
	c := digits6.FindString(m.mails[len(m.mails)-1].Body)
	if c == "" {
		t.Fatalf("no code in %q", m.mails[len(m.mails)-1].Body)
	}
	return c
}

// fixture is a conversation and a customer on a fresh database, with the
// service's clock in the test's hands.
type fixture struct {
	ctx      context.Context
	db       *store.DB
	svc      *identity.Service
	box      *mailbox
	now      time.Time
	conv     string
	customer int64
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	ctx := context.Background()
	f := &fixture{ctx: ctx, db: db, box: &mailbox{}, now: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)}
	f.svc = identity.NewService(db, f.box, i18n.MustLoad("en"), "", "Test Shop")
	f.svc.Now = func() time.Time { return f.now }
	f.conv = f.newConversation(t)
	var err error
	if f.customer, err = db.UpsertCustomer(ctx, "vera@example.com", "Vera", ""); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) newConversation(t *testing.T) string {
	convSeq++
	c := &conversation.Conversation{ID: fmt.Sprintf("c_test_%d", convSeq),
		Channel: "rest", Status: conversation.StatusBot, Language: "en", State: []byte("{}"), CreatedAt: f.now, UpdatedAt: f.now}
	if _, err := f.db.CreateConversation(f.ctx, c, "hash-"+c.ID, nil); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func (f *fixture) send(t *testing.T) string {
	t.Helper()
	if err := f.svc.SendCode(f.ctx, f.conv, f.customer, "vera@example.com", "en"); err != nil {
		t.Fatal(err)
	}
	return f.box.lastCode(t)
}

func wrong(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestCode_RightCodeProvesTheCustomerOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		code := f.send(t)
		if got := f.box.mails[0]; got.To != "vera@example.com" || !strings.Contains(got.Subject, "Test Shop") || !strings.Contains(got.Body, "10 minutes") {
			t.Errorf("mail = %+v", got)
		}
		stored, err := db.LatestCode(f.ctx, f.conv)
		if err != nil || strings.Contains(stored.Hash, code) || len(stored.Hash) != 64 {
			t.Fatalf("stored code = %+v, %v: want only a digest", stored, err)
		}
		id, _, err := f.svc.CheckCode(f.ctx, f.conv, code)
		if err != nil || id != f.customer {
			t.Fatalf("right code = %d, %v", id, err)
		}
		if _, _, err := f.svc.CheckCode(f.ctx, f.conv, code); !errors.Is(err, identity.ErrNoCode) {
			t.Fatalf("second use = %v, want ErrNoCode", err)
		}
		// Another conversation cannot use this conversation's code.
		other := f.newConversation(t)
		if _, _, err := f.svc.CheckCode(f.ctx, other, code); !errors.Is(err, identity.ErrNoCode) {
			t.Fatalf("code in another conversation = %v", err)
		}
	})
}

func TestCode_ExpiresAfterTenMinutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range []struct {
			after time.Duration
			want  error
		}{
			{identity.CodeTTL - time.Second, nil},
			{identity.CodeTTL, identity.ErrExpired},
			{time.Hour, identity.ErrExpired},
		} {
			f := newFixture(t, db)
			code := f.send(t)
			f.now = f.now.Add(c.after)
			if _, _, err := f.svc.CheckCode(f.ctx, f.conv, code); !errors.Is(err, c.want) && (c.want != nil || err != nil) {
				t.Errorf("after %v: %v, want %v", c.after, err, c.want)
			}
		}
	})
}

func TestCode_LocksAfterFiveTries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		code := f.send(t)
		for i := 1; i < identity.MaxAttempts; i++ {
			_, left, err := f.svc.CheckCode(f.ctx, f.conv, wrong(code))
			if !errors.Is(err, identity.ErrWrongCode) || left != identity.MaxAttempts-i {
				t.Fatalf("wrong try %d = %v, %d left", i, err, left)
			}
		}
		if _, _, err := f.svc.CheckCode(f.ctx, f.conv, wrong(code)); !errors.Is(err, identity.ErrLocked) {
			t.Fatalf("fifth wrong try = %v, want ErrLocked", err)
		}
		if _, _, err := f.svc.CheckCode(f.ctx, f.conv, code); !errors.Is(err, identity.ErrLocked) {
			t.Fatalf("right code after the lock = %v, want ErrLocked", err)
		}
		// A new code starts afresh.
		code = f.send(t)
		if id, _, err := f.svc.CheckCode(f.ctx, f.conv, code); err != nil || id != f.customer {
			t.Fatalf("new code = %d, %v", id, err)
		}
	})
}

func TestCode_OnlyTheLatestCodeCountsAndSendingIsLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		first := f.send(t)
		latest := f.send(t)
		if first != latest {
			if _, _, err := f.svc.CheckCode(f.ctx, f.conv, first); !errors.Is(err, identity.ErrWrongCode) {
				t.Fatalf("superseded code = %v, want ErrWrongCode", err)
			}
		}
		f.send(t)
		if err := f.svc.SendCode(f.ctx, f.conv, f.customer, "vera@example.com", "en"); !errors.Is(err, identity.ErrTooMany) {
			t.Fatalf("fourth code in an hour = %v, want ErrTooMany", err)
		}
		// Another conversation for the same customer is limited too: the
		// victim's mailbox is not to be flooded from many chats.
		f.conv = f.newConversation(t)
		if err := f.svc.SendCode(f.ctx, f.conv, f.customer, "vera@example.com", "en"); !errors.Is(err, identity.ErrTooMany) {
			t.Fatalf("code from another chat = %v, want ErrTooMany", err)
		}
		f.now = f.now.Add(time.Hour + time.Second)
		f.send(t)
	})
}

func TestCode_NoMailerSendsNothing(t *testing.T) {
	var svc *identity.Service = identity.NewService(nil, nil, i18n.MustLoad("en"), "", "Shop")
	if svc.CanSendCodes() {
		t.Fatal("codes offered without a mailer")
	}
	if err := svc.SendCode(context.Background(), "c_1", 1, "a@example.com", "en"); !errors.Is(err, identity.ErrNoMailer) {
		t.Fatalf("send = %v", err)
	}
}

func TestBindVerified_TiesTheConversationAndRecordsTheSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.svc.Conversations = conversation.NewService(db, nil)
		if err := f.svc.BindVerified(f.ctx, f.conv, f.customer, "phone:whatsapp", "+31612345678"); err != nil {
			t.Fatal(err)
		}
		c, _, err := db.Conversation(f.ctx, f.conv)
		if err != nil || c.CustomerID != f.customer {
			t.Fatalf("conversation = %+v, %v", c, err)
		}
		b, err := f.svc.Latest(f.ctx, f.conv)
		if err != nil || b == nil || b.Source != "phone:whatsapp" || b.Reference != "+31612345678" || b.CustomerID != f.customer || !b.CreatedAt.Equal(f.now) {
			t.Fatalf("binding = %+v, %v", b, err)
		}
		if err := f.svc.BindVerified(f.ctx, f.conv, 0, "phone:sms", "+31612345678"); err == nil {
			t.Fatal("bound to no customer")
		}
	})
}

func TestCheckSignature_AcceptsOnlyTheShopsSignature(t *testing.T) {
	const secret = "a-long-shared-secret-0123456789"
	good := identity.Sign(secret, "42", "Ana@Example.com")
	svc := identity.NewService(nil, nil, nil, secret, "Shop")
	cases := []struct {
		name, id, email, sig string
		ok                   bool
	}{
		{"valid", "42", "ana@example.com", good, true},
		{"e-mail case and spaces", "42", "  ANA@example.COM ", good, true},
		{"hex in capitals", "42", "ana@example.com", strings.ToUpper(good), true},
		{"other id", "43", "ana@example.com", good, false},
		{"other e-mail", "42", "bob@example.com", good, false},
		{"other secret", "42", "ana@example.com", identity.Sign("another-secret-0123456789", "42", "ana@example.com"), false},
		{"truncated", "42", "ana@example.com", good[:63], false},
		{"empty", "42", "ana@example.com", "", false},
		{"no id", "", "ana@example.com", identity.Sign(secret, "", "ana@example.com"), false},
		// A signature for id 77 and e-mail "x:victim@…" signs the same text
		// as id "77:x" and the victim's e-mail: neither may carry a ':'.
		{"boundary moved into the id", "77:x", "victim@example.com", identity.Sign(secret, "77", "x:victim@example.com"), false},
		{"colon in the e-mail", "77", "x:victim@example.com", identity.Sign(secret, "77", "x:victim@example.com"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := svc.CheckSignature(c.id, c.email, c.sig); (err == nil) != c.ok {
				t.Fatalf("CheckSignature = %v, want ok %v", err, c.ok)
			}
		})
	}
	noSecret := identity.NewService(nil, nil, nil, "", "Shop")
	if err := noSecret.CheckSignature("42", "ana@example.com", identity.Sign("", "42", "ana@example.com")); err == nil {
		t.Fatal("a shop without a secret accepted a signature")
	}
}

// FuzzCheckSignature: whatever a caller sends, checking never panics and
// accepts only the real signature.
func FuzzCheckSignature(f *testing.F) {
	const secret = "a-long-shared-secret-0123456789"
	f.Add("42", "ana@example.com", identity.Sign(secret, "42", "ana@example.com"))
	f.Add("", "", "")
	f.Add("1:2", "a@b", "zz")
	svc := identity.NewService(nil, nil, nil, secret, "Shop")
	f.Fuzz(func(t *testing.T, id, email, sig string) {
		err := svc.CheckSignature(id, email, sig)
		if err == nil && !strings.EqualFold(strings.TrimSpace(sig), identity.Sign(secret, id, email)) {
			t.Fatalf("accepted a wrong signature %q for %q %q", sig, id, email)
		}
	})
}
