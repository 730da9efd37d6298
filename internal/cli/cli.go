// Package cli holds the shopkeeper command's subcommands, one file each.
package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/shopkeeper/shopkeeper/internal/httpapi"
)

// Version is set at build time with -ldflags "-X .../internal/cli.Version=v1.2.3".
var Version = "dev"

const usage = `shopkeeper — a conversational-commerce server

Usage:
  shopkeeper serve [--addr HOST:PORT] [--db DSN] [--admin-key KEY] [--demo]
  shopkeeper import [--db DSN] FILE.csv     import a Shopify product CSV export
  shopkeeper migrate [--db DSN]             apply database migrations and exit
  shopkeeper sync [--db DSN] PLATFORM       full catalogue sync from shopify, woocommerce or magento
  shopkeeper nlu parse [--lang L] "text"    show what the NLU understands
  shopkeeper nlu eval FILE.tsv              evaluate the NLU on a lang/intent/text TSV
  shopkeeper version                        print the version

Every flag also reads SHOPKEEPER_<NAME> from the environment (SHOPKEEPER_DB, …).
`

// Run runs the command line args and returns the process exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	setupLogging(stderr)
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(rest, stdout, stderr)
	case "import":
		return importCSV(rest, stdout, stderr)
	case "migrate":
		return migrate(rest, stdout, stderr)
	case "sync":
		return syncPlatform(rest, stdout, stderr)
	case "nlu":
		return nluCommand(rest, stdout, stderr)
	case "version", "--version", "-v":
		return version(stdout)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "shopkeeper: unknown command %q\n\n%s", cmd, usage)
	return 2
}

// setupLogging logs text to a terminal and JSON everywhere else, where a
// machine reads the logs.
func setupLogging(w io.Writer) {
	var h slog.Handler
	level := slog.LevelInfo
	if os.Getenv("SHOPKEEPER_DEBUG") != "" {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	if isTerminal(w) {
		h = slog.NewTextHandler(w, opts)
	} else {
		h = slog.NewJSONHandler(w, opts)
	}
	// Every line logged for an HTTP request carries its request id.
	slog.SetDefault(slog.New(httpapi.LogHandler(h)))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
