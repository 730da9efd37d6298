package cli

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// shutdownGrace is how long SIGTERM waits for in-flight turns to finish.
const shutdownGrace = 20 * time.Second

func serve(args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	cfg, err := config.ParseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "shopkeeper serve:", err)
		return 2
	}
	if cfg.AdminKey == "" && cfg.Demo {
		cfg.AdminKey = randomKey()
	}
	raiseFileLimit()
	if cfg.PprofAddr == "" {
		// Without the profiler nobody reads the heap profile, and keeping it
		// costs a megabyte of the idle server's memory: a record per sampled
		// call stack, most of them start-up's (issue #17).
		runtime.MemProfileRate = 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	a, err := app.New(ctx, cfg)
	if err != nil {
		slog.Error("start failed", "err", err)
		return 1
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		slog.Error("listen failed", "addr", cfg.Addr, "err", err)
		return 1
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.PprofAddr != "" {
		stopProfiler, err := serveProfiler(cfg.PprofAddr)
		if err != nil {
			slog.Error("listen failed", "addr", cfg.PprofAddr, "err", err)
			return 1
		}
		defer stopProfiler()
	}

	url := "http://" + ln.Addr().String()
	slog.Info("shopkeeper is ready", "url", url, "db", a.DB.Dialect, "demo", cfg.Demo, "startup_ms", time.Since(start).Milliseconds())
	if cfg.Demo {
		fmt.Fprintf(stdout, "\nShopkeeper demo shop is running.\n  Storefront and chat: %s/\n  Admin API key:       %s\n  Try: curl -H 'Authorization: Bearer %s' %s/api/v1/admin/products?limit=3\n\n",
			url, cfg.AdminKey, cfg.AdminKey, url)
		fmt.Fprintf(stdout, "  Agent console:       %s/console/\n  Agents (password %s): %s\n\n",
			url, a.DemoTeamPassword, strings.Join(app.DemoTeam(), ", "))
	} else if cfg.AdminKey == "" {
		slog.Warn("no admin key set: the admin API is closed; set --admin-key or SHOPKEEPER_ADMIN_KEY")
	}

	select {
	case err := <-errc:
		slog.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	slog.Info("shutting down: draining in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		slog.Error("shutdown", "err", err)
		return 1
	}
	slog.Info("stopped")
	return 0
}

func randomKey() string {
	b := make([]byte, 18)
	rand.Read(b)
	return "sk_demo_" + base64.RawURLEncoding.EncodeToString(b)
}
