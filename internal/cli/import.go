package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/app"
	"github.com/shopkeeper/shopkeeper/internal/config"
)

func importCSV(args []string, stdout, stderr io.Writer) int {
	cfg, fs, err := config.ParseDB("import", args, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper import:", err)
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: shopkeeper import [--db DSN] FILE.csv")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper import:", err)
		return 1
	}
	defer f.Close()
	ctx := context.Background()
	cat, closeDB, err := app.OpenCatalog(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper import:", err)
		return 1
	}
	defer closeDB()
	var progress func(done, total int)
	if isTerminal(stderr) {
		progress = progressBar(stderr)
	}
	start := time.Now()
	res, err := cat.ImportCSV(ctx, f, cfg.Currency, progress)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper import:", err)
		return 1
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "%s:%d: %s\n", fs.Arg(0), e.Line, e.Message)
	}
	el := time.Since(start)
	rate := float64(res.Variants) / el.Seconds()
	fmt.Fprintf(stdout, "imported %d products, %d variants (%d new, %d updated, %d unchanged), %d errors in %s (%.0f variants/s)\n",
		res.Products, res.Variants, res.Created, res.Updated, res.Unchanged, len(res.Errors), el.Round(time.Millisecond), rate)
	if len(res.Errors) > 0 {
		return 1
	}
	return 0
}

// progressBar draws "[#####     ] 120/400" on one terminal line.
func progressBar(w io.Writer) func(done, total int) {
	last := time.Time{}
	return func(done, total int) {
		if total == 0 || (done < total && time.Since(last) < 50*time.Millisecond) {
			return
		}
		last = time.Now()
		const width = 30
		n := done * width / total
		fmt.Fprintf(w, "\r[%s%s] %d/%d products", strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
