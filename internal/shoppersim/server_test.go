package shoppersim

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// TestStartServer_RealBinary starts a built shopkeeper the way bench/shoppers
// does, imports the sample catalogue and searches it. It needs a binary:
//
//	go build -o /tmp/shopkeeper ./cmd/shopkeeper
//	SHOPPERSIM_BINARY=/tmp/shopkeeper go test -run TestStartServer ./internal/shoppersim/
func TestStartServer_RealBinary(t *testing.T) {
	bin := os.Getenv("SHOPPERSIM_BINARY")
	if bin == "" {
		t.Skip("SHOPPERSIM_BINARY is not set")
	}
	s := loadSample(t)
	var log bytes.Buffer
	srv, err := StartServer(context.Background(), bin, t.TempDir(), &log)
	if err != nil {
		t.Fatalf("start: %v\n%s", err, log.String())
	}
	stopped := false
	defer func() {
		if !stopped {
			srv.Stop()
		}
	}()
	c := NewClient(srv.URL, srv.AdminKey)
	imp, err := Setup(context.Background(), c, s, "mini")
	if err != nil || imp.Products != 2 || imp.Variants != 4 || len(imp.Errors) != 0 {
		t.Fatalf("import: %+v, %v", imp, err)
	}
	hits, err := c.Search(context.Background(), "merino", K)
	if err != nil || len(hits) == 0 || hits[0] != "merino-socks" {
		t.Errorf("search merino: %v, %v", hits, err)
	}
	stopped = true
	if err := srv.Stop(); err != nil {
		t.Errorf("stop: %v\n%s", err, log.String())
	}
}
