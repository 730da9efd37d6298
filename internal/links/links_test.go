package links

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestSigner_SignedLinkWorksUntilItExpires(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	s := NewSigner([]byte("server secret"))
	s.Now = func() time.Time { return now }
	link := s.Sign("/documents/invoices/abc.pdf?lang=nl")
	check := func(link string) error {
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		return s.Check(u.Path, u.Query())
	}
	if err := check(link); err != nil {
		t.Fatalf("fresh link %s: %v", link, err)
	}
	if err := check(strings.Replace(link, "lang=nl", "lang=zh", 1)); err != nil {
		t.Fatalf("another language must still open: %v", err)
	}
	tests := []struct {
		name string
		link string
		at   time.Time
		want error
	}{
		{"expired", link, now.Add(DefaultTTL + time.Second), ErrExpired},
		{"other document", strings.Replace(link, "abc.pdf", "abd.pdf", 1), now, ErrInvalid},
		{"later expiry", strings.Replace(link, "exp=", "exp=9", 1), now, ErrInvalid},
		{"no signature", "/documents/invoices/abc.pdf", now, ErrInvalid},
		{"another server's", NewSigner([]byte("other")).Sign("/documents/invoices/abc.pdf"), now, ErrInvalid},
	}
	for _, tt := range tests {
		s.Now = func() time.Time { return tt.at }
		if err := check(tt.link); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v; want %v", tt.name, err, tt.want)
		}
	}
}
