package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// The real binary: starts with the demo shop, answers /healthz, and drains
// and exits 0 on SIGTERM.
func TestServe_StartsHealthyAndStopsCleanlyOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "shopkeeper")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "shop.db"))
	cmd.Env = append(os.Environ(), "SHOPKEEPER_ADMIN_KEY=")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	urlRE := regexp.MustCompile(`Storefront and chat: (http://\S+)/`)
	keyRE := regexp.MustCompile(`Admin API key:\s+(\S+)`)
	var url, key string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && (url == "" || key == "") {
		if m := urlRE.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
		}
		if m := keyRE.FindStringSubmatch(sc.Text()); m != nil {
			key = m[1]
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if url == "" || key == "" {
		t.Fatal("the demo start did not print its URL and admin key")
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	t.Logf("start-up to healthy (demo, fresh database, incl. seeding): %s", time.Since(start))

	req, _ := http.NewRequest("GET", url+"/api/v1/admin/products?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("admin with the printed key: %v %v", resp, err)
	}
	var body struct{ Products []any }
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if len(body.Products) != 1 {
		t.Fatalf("demo shop has no products")
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("did not exit within 30 s of SIGTERM")
	}
}
