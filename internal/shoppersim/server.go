package shoppersim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Server is a shopkeeper process started for one catalogue.
type Server struct {
	URL      string
	AdminKey string
	cmd      *exec.Cmd
	done     chan error
}

// Build compiles ./cmd/shopkeeper of the module in moduleDir into dir.
func Build(ctx context.Context, moduleDir, dir string) (string, error) {
	out := filepath.Join(dir, "shopkeeper")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/shopkeeper")
	cmd.Dir = moduleDir
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/shopkeeper in %s: %w\n%s", moduleDir, err, b)
	}
	return out, nil
}

// StartServer starts `binary serve` on a free loopback port with a fresh
// SQLite file in dir, the test payment gateway on and rate limits off, and
// waits until /healthz answers. The server's output goes to logw.
func StartServer(ctx context.Context, binary, dir string, logw io.Writer) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	key := randomTag(32)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	db, err := os.CreateTemp(dir, "shop-*.db")
	if err != nil {
		return nil, err
	}
	db.Close()
	os.Remove(db.Name()) // the server creates it; only the unique name was wanted
	cmd := exec.Command(binary, "serve",
		"--db", db.Name(),
		"--addr", fmt.Sprintf("127.0.0.1:%d", port),
		"--admin-key", key,
		"--public-url", base)
	cmd.Env = append(os.Environ(), "SHOPKEEPER_TEST_GATEWAY=1", "SHOPKEEPER_RATE_LIMITS=off")
	cmd.Stdout = logw
	cmd.Stderr = logw
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", binary, err)
	}
	s := &Server{URL: base, AdminKey: key, cmd: cmd, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	wctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	hc := make(chan error, 1)
	go func() { hc <- NewClient(base, key).Healthy(wctx) }()
	select {
	case err := <-hc:
		if err != nil {
			s.Stop()
			return nil, err
		}
	case err := <-s.done:
		return nil, fmt.Errorf("server exited before it was healthy: %v", err)
	}
	return s, nil
}

// Stop sends SIGTERM, waits for the drain, and kills after 15 seconds.
func (s *Server) Stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("server exited: %w", err)
		}
		return err
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return errors.New("server did not stop within 15s of SIGTERM; killed")
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
