package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/store"
)

func migrate(args []string, stdout, stderr io.Writer) int {
	cfg, _, err := config.ParseDB("migrate", args, os.Getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper migrate:", err)
		return 2
	}
	ctx := context.Background()
	db, err := store.Open(ctx, cfg.DB) // Open applies what is missing
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper migrate:", err)
		return 1
	}
	defer db.Close()
	v, err := db.Version(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper migrate:", err)
		return 1
	}
	fmt.Fprintf(stdout, "database %s is at schema version %d\n", db.Dialect, v)
	return 0
}
