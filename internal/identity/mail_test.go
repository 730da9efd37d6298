package identity_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/identity"
)

// smtpServer is a local stand-in for a submission server: it speaks enough
// SMTP (EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA) to record what a
// client did and in which order.
type smtpServer struct {
	addr     string
	log      chan string // "tls", "auth:<user>:<password>", "from:…", "rcpt:…", "data:…"
	starttls bool
}

func newSMTPServer(t *testing.T, starttls bool) (*smtpServer, *tls.Config) {
	t.Helper()
	ts := httptest.NewTLSServer(http.NotFoundHandler()) // only for its certificate
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	serverTLS := &tls.Config{Certificates: ts.TLS.Certificates}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &smtpServer{addr: ln.Addr().String(), log: make(chan string, 20), starttls: starttls}
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		s.serve(conn, serverTLS)
	}()
	return s, &tls.Config{RootCAs: pool, ServerName: "example.com"}
}

func (s *smtpServer) serve(conn net.Conn, cfg *tls.Config) {
	tp := textproto.NewConn(conn)
	tp.PrintfLine("220 test ESMTP")
	secure := false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			if s.starttls && !secure {
				tp.PrintfLine("250-test\r\n250-STARTTLS\r\n250 AUTH PLAIN")
			} else {
				tp.PrintfLine("250-test\r\n250 AUTH PLAIN")
			}
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(conn, cfg)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, secure = tc, true
			tp = textproto.NewConn(tc)
			s.log <- "tls"
		case "AUTH":
			_, b64, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(b64)
			parts := strings.Split(string(raw), "\x00")
			if len(parts) == 3 {
				s.log <- "auth:" + parts[1] + ":" + parts[2]
			}
			tp.PrintfLine("235 ok")
		case "MAIL":
			s.log <- "from:" + arg
			tp.PrintfLine("250 ok")
		case "RCPT":
			s.log <- "rcpt:" + arg
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			b, _ := tp.ReadDotBytes()
			s.log <- "data:" + string(b)
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 no")
		}
	}
}

func (s *smtpServer) events() []string {
	var out []string
	for {
		select {
		case e := <-s.log:
			out = append(out, e)
		default:
			return out
		}
	}
}

func TestSMTP_SendsOverStartTLSWithTheCredentials(t *testing.T) {
	srv, clientTLS := newSMTPServer(t, true)
	m := identity.SMTP{Addr: srv.addr, User: "shop", Password: "s3cret", From: "shop@example.com", TLS: clientTLS}
	err := m.Send(context.Background(), identity.Mail{To: "vera@example.com", Subject: "Uw code — 验证码", Body: "Code:\n\n123456\n.\nend"})
	if err != nil {
		t.Fatal(err)
	}
	ev := srv.events()
	if len(ev) < 5 || ev[0] != "tls" || ev[1] != "auth:shop:s3cret" || !strings.Contains(ev[2], "shop@example.com") || !strings.Contains(ev[3], "vera@example.com") {
		t.Fatalf("events = %q", ev)
	}
	data := ev[4]
	for _, want := range []string{"To: vera@example.com", "Subject: =?utf-8?q?", "charset=utf-8", "123456", "\n.\nend"} {
		if !strings.Contains(strings.ReplaceAll(data, "\r\n", "\n"), want) {
			t.Errorf("message lacks %q:\n%s", want, data)
		}
	}
}

func TestSMTP_RefusesToSendThePasswordInTheClear(t *testing.T) {
	srv, _ := newSMTPServer(t, false)
	m := identity.SMTP{Addr: srv.addr, User: "shop", Password: "s3cret", From: "shop@example.com"}
	if err := m.Send(context.Background(), identity.Mail{To: "vera@example.com", Subject: "x", Body: "y"}); err == nil {
		t.Fatal("sent without STARTTLS")
	}
	for _, e := range srv.events() {
		if strings.HasPrefix(e, "auth:") || strings.HasPrefix(e, "data:") {
			t.Fatalf("the server got %q", e)
		}
	}
}

func TestSMTP_RefusesHeaderInjection(t *testing.T) {
	m := identity.SMTP{Addr: "127.0.0.1:1", From: "shop@example.com"}
	if err := m.Send(context.Background(), identity.Mail{To: "a@example.com\r\nBcc: all@example.com", Subject: "x", Body: "y"}); err == nil || !strings.Contains(err.Error(), "line break") {
		t.Fatalf("err = %v", err)
	}
}
