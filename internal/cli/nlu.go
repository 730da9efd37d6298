package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func nluCommand(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: shopkeeper nlu parse [--lang L] \"text\" | shopkeeper nlu eval FILE.tsv")
		return 2
	}
	fs := flag.NewFlagSet("nlu "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "", "force the language (en, nl, ms, zh, nb, hy)")
	deflang := fs.String("default-lang", "en", "the shop's default language")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	engine, err := nlu.New(nlu.Options{DefaultLanguage: *deflang})
	if err != nil {
		fmt.Fprintln(stderr, "shopkeeper nlu:", err)
		return 1
	}
	switch args[0] {
	case "parse":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: shopkeeper nlu parse [--lang L] \"text\"")
			return 2
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(engine.Parse(fs.Arg(0), nlu.ParseParams{Lang: *lang}))
		return 0
	case "eval":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "usage: shopkeeper nlu eval FILE.tsv")
			return 2
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintln(stderr, "shopkeeper nlu eval:", err)
			return 1
		}
		defer f.Close()
		rep, err := nlu.Evaluate(engine, f)
		if err != nil {
			fmt.Fprintln(stderr, "shopkeeper nlu eval:", err)
			return 1
		}
		rep.WriteText(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "shopkeeper nlu: unknown subcommand %q\n", args[0])
	return 2
}
