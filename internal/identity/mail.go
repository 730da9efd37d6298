package identity

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Mail is one plain-text message.
type Mail struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends mail.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// SMTP sends mail through a submission server, upgrading the connection
// with STARTTLS before any password is sent.
type SMTP struct {
	Addr     string // host:port, e.g. smtp.example.com:587
	User     string // empty: no authentication
	Password string
	From     string
	// TLS overrides the TLS settings (tests trust their own server's
	// certificate); nil verifies the server's name as usual.
	TLS *tls.Config
}

// Send delivers m. Header values are checked for line breaks, so a
// shopper-typed address cannot add headers.
func (s SMTP) Send(ctx context.Context, m Mail) error {
	for _, v := range []string{m.To, m.Subject, s.From} {
		if strings.ContainsAny(v, "\r\n") {
			return errors.New("smtp: a header holds a line break")
		}
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %w", s.Addr, err)
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	} else {
		conn.SetDeadline(time.Now().Add(30 * time.Second))
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp hello: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	} else if s.User != "" {
		// net/smtp's PlainAuth refuses to send a password in the clear to
		// anything but localhost; say so plainly.
		return errors.New("smtp: the server offers no STARTTLS; refusing to send the password in the clear")
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("smtp from: %w", err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return fmt.Errorf("smtp rcpt: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(message(s.From, m)); err != nil {
		return fmt.Errorf("smtp write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data end: %w", err)
	}
	return c.Quit()
}

// message is m as an RFC 5322 message in UTF-8.
func message(from string, m Mail) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\n", from, m.To,
		mime.QEncoding.Encode("utf-8", m.Subject), time.Now().UTC().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	for _, line := range strings.Split(body, "\n") {
		b.WriteString(line + "\r\n") // net/smtp's data writer does the dot-stuffing
	}
	return []byte(b.String())
}

// OutboxStore keeps mail instead of sending it.
type OutboxStore interface {
	AddOutbox(ctx context.Context, m Mail, at time.Time) error
	Outbox(ctx context.Context, limit int) ([]OutboxMail, error)
}

// OutboxMail is a kept mail, newest first in lists.
type OutboxMail struct {
	ID        int64     `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Outbox is the mailer of the demo and the tests: mail lands in the
// database and is read at /demo/outbox or /api/v1/admin/outbox.
type Outbox struct{ Store OutboxStore }

// Send keeps m.
func (o Outbox) Send(ctx context.Context, m Mail) error {
	return o.Store.AddOutbox(ctx, m, time.Now().UTC())
}
