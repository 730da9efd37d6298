package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

// syncPlatform runs `shopkeeper sync PLATFORM`: a full sync of the
// catalogue from the commerce platform (the same one the server runs at
// start and nightly), with a progress bar on a terminal.
func syncPlatform(args []string, stdout, stderr io.Writer) int {
	cfg, fs, err := config.ParseDB("sync", args, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper sync:", err)
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: shopkeeper sync [--db DSN] shopify|woocommerce|magento")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	svc, closeDB, err := app.OpenPlatformSync(ctx, cfg, fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper sync:", err)
		return 1
	}
	defer closeDB()
	var progress func(done int)
	if isTerminal(stderr) {
		// The platforms do not say how many products there are before the
		// last page, so the bar counts up without a total.
		last := time.Time{}
		progress = func(done int) {
			if time.Since(last) < 50*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(stderr, "\r[%s] %d products", spinner(done), done)
		}
	}
	sum, err := svc.FullSync(ctx, progress)
	if progress != nil {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper sync:", err)
		return 1
	}
	rate := float64(sum.Products) / max(sum.Took.Seconds(), 1e-9)
	fmt.Fprintf(stdout, "synced %d products, %d variants from %s (%d new, %d updated, %d archived) in %s (%.0f products/s)\n",
		sum.Products, sum.Variants, svc.Name(), sum.Created, sum.Updated, sum.Archived, sum.Took.Round(time.Millisecond), rate)
	return 0
}

func spinner(n int) string {
	const width = 30
	pos := (n / 25) % width
	b := make([]byte, width)
	for i := range b {
		b[i] = ' '
		if i <= pos {
			b[i] = '#'
		}
	}
	return string(b)
}
