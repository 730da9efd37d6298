// Command shoppers plays a suite of simulated shoppers against Shopkeeper
// through its public API and reports how many bought exactly what they
// wanted, how availability and shop questions were answered, and how well
// search and chat find products. See docs/shoppers.md.
//
//	go run ./bench/shoppers -suite /path/to/suite -batch b1 -runs 2
//	go run ./bench/shoppers -suite DIR -batch b1 -url http://127.0.0.1:8080 -admin-key KEY
//
// It measures: the exit code is 0 whatever the scores, and 1 only when the
// tool itself could not run.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/shoppersim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shoppers", flag.ContinueOnError)
	fs.SetOutput(stderr)
	suiteDir := fs.String("suite", "", "suite folder holding catalogs/, batch folders and retrieval/")
	batch := fs.String("batch", "", "batch folder of shoppers (empty: retrieval only)")
	langs := fs.String("lang", "", "comma-separated languages to run (empty: all)")
	catalogs := fs.String("catalog", "", "comma-separated catalogues to run (empty: all)")
	seed := fs.Int64("seed", 0, "seed of the wording (0: from the clock; printed)")
	runs := fs.Int("runs", 1, "plays per shopper, each with other wording")
	parallel := fs.Int("parallel", 4, "shoppers played at once")
	server := fs.String("server", "", "a built shopkeeper binary (default: build ./cmd/shopkeeper)")
	baseURL := fs.String("url", "", "use this running server instead of starting one per catalogue")
	adminKey := fs.String("admin-key", os.Getenv("SHOPKEEPER_ADMIN_KEY"), "admin key of the -url server (env SHOPKEEPER_ADMIN_KEY)")
	outDir := fs.String("out", "", "folder for report.json, failures.txt, transcripts.jsonl (default: a new temp folder)")
	noRetrieval := fs.Bool("no-retrieval", false, "skip the retrieval queries")
	noNoise := fs.Bool("no-noise", false, "say the paraphrases exactly as written")
	baseline := fs.String("baseline", "", "a report.json of an earlier run: print what changed since (use its -seed)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *suiteDir == "" {
		fmt.Fprintln(stderr, "shoppers: -suite is required")
		return 2
	}
	if *baseURL != "" && *adminKey == "" {
		fmt.Fprintln(stderr, "shoppers: -url needs -admin-key")
		return 2
	}
	if *seed == 0 {
		*seed = time.Now().UnixNano() % 1_000_000_000
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var base *shoppersim.Report
	if *baseline != "" {
		b, err := shoppersim.LoadReport(*baseline)
		if err != nil {
			fmt.Fprintln(stderr, "shoppers:", err)
			return 1
		}
		base = b
	}
	s, err := shoppersim.Load(*suiteDir, *batch, split(*langs))
	if err != nil {
		fmt.Fprintln(stderr, "shoppers:", err)
		return 1
	}
	if *noRetrieval {
		s.Retrieval = nil
	}
	if *outDir == "" {
		*outDir, err = os.MkdirTemp("", "shoppers-")
		if err != nil {
			fmt.Fprintln(stderr, "shoppers:", err)
			return 1
		}
	} else if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintln(stderr, "shoppers:", err)
		return 1
	}
	work, err := os.MkdirTemp("", "shoppers-work-")
	if err != nil {
		fmt.Fprintln(stderr, "shoppers:", err)
		return 1
	}
	defer os.RemoveAll(work)

	binary := *server
	if *baseURL == "" && binary == "" {
		fmt.Fprintln(stderr, "building ./cmd/shopkeeper …")
		binary, err = shoppersim.Build(ctx, ".", work)
		if err != nil {
			fmt.Fprintln(stderr, "shoppers:", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "suite %s, batch %q, seed %d, runs %d, %d shoppers\n", *suiteDir, *batch, *seed, *runs, len(s.Shoppers))

	opt := shoppersim.Options{NoNoise: *noNoise}
	var results []shoppersim.Result
	var queries []shoppersim.QueryResult
	only := split(*catalogs)
	for _, cat := range s.CatalogNames() {
		if len(only) > 0 && !contains(only, cat) {
			continue
		}
		c := shoppersim.NewClient(*baseURL, *adminKey)
		var srv *shoppersim.Server
		if *baseURL == "" {
			logf, err := os.Create(filepath.Join(*outDir, "server-"+cat+".log"))
			if err != nil {
				fmt.Fprintln(stderr, "shoppers:", err)
				return 1
			}
			srv, err = shoppersim.StartServer(ctx, binary, work, logf)
			if err != nil {
				logf.Close()
				fmt.Fprintf(stderr, "shoppers: catalogue %s: %v (server log: %s)\n", cat, err, logf.Name())
				return 1
			}
			c = shoppersim.NewClient(srv.URL, srv.AdminKey)
			defer logf.Close()
		}
		imp, err := shoppersim.Setup(ctx, c, s, cat)
		if err != nil {
			if srv != nil {
				srv.Stop()
			}
			fmt.Fprintf(stderr, "shoppers: catalogue %s: %v\n", cat, err)
			return 1
		}
		for _, e := range imp.Errors {
			fmt.Fprintf(stderr, "warning: catalogue %s: the shop refused line %d: %s\n", cat, e.Line, e.Message)
		}
		started := time.Now()
		progress := func(r shoppersim.Result) {
			mark := "."
			if !r.Passed {
				mark = "x"
			}
			fmt.Fprint(stderr, mark)
		}
		fmt.Fprintf(stderr, "%s: ", cat)
		rs, qs, err := shoppersim.RunCatalog(ctx, c, s, cat, *seed, *runs, *parallel, opt, progress)
		if srv != nil {
			if serr := srv.Stop(); serr != nil {
				fmt.Fprintf(stderr, "\nshoppers: catalogue %s: stop server: %v\n", cat, serr)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "\nshoppers: catalogue %s: %v\n", cat, err)
			return 1
		}
		fmt.Fprintf(stderr, " %d shoppers, %d queries in %s\n", len(rs), len(qs), time.Since(started).Round(time.Second))
		results = append(results, rs...)
		queries = append(queries, qs...)
	}

	rep := shoppersim.NewReport(*suiteDir, *batch, *seed, *runs, results, queries)
	rep.WriteTable(stdout)
	writeFailureLines(stdout, rep, 30)
	if base != nil {
		shoppersim.WriteComparison(stdout, base, rep)
	}
	if err := writeOutputs(*outDir, rep); err != nil {
		fmt.Fprintln(stderr, "shoppers:", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nseed %d; report, failures and transcripts in %s\n", *seed, *outDir)
	return 0
}

// writeOutputs writes report.json (scores and results without transcripts),
// failures.txt (failed shoppers with transcripts) and transcripts.jsonl (every
// play, transcript included).
func writeOutputs(dir string, rep *shoppersim.Report) error {
	tf, err := os.Create(filepath.Join(dir, "transcripts.jsonl"))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(tf)
	enc.SetEscapeHTML(false)
	for _, r := range rep.Shoppers {
		if err := enc.Encode(r); err != nil {
			tf.Close()
			return err
		}
	}
	if err := tf.Close(); err != nil {
		return err
	}

	ff, err := os.Create(filepath.Join(dir, "failures.txt"))
	if err != nil {
		return err
	}
	rep.WriteFailures(ff)
	if err := ff.Close(); err != nil {
		return err
	}

	slim := *rep
	slim.Shoppers = make([]shoppersim.Result, len(rep.Shoppers))
	for i, r := range rep.Shoppers {
		r.Transcript = nil
		slim.Shoppers[i] = r
	}
	b, err := json.MarshalIndent(&slim, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.json"), append(b, '\n'), 0o644)
}

// writeFailureLines lists up to max failed plays, one line each.
func writeFailureLines(w io.Writer, rep *shoppersim.Report, max int) {
	n := 0
	for _, r := range rep.Shoppers {
		if r.Passed {
			continue
		}
		if n == 0 {
			fmt.Fprintln(w, "\nfailed:")
		}
		n++
		if n <= max {
			fmt.Fprintf(w, "  %s run %d: %s\n", r.ID, r.Run, trim(r.Failure, 160))
		}
	}
	if n > max {
		fmt.Fprintf(w, "  … and %d more (failures.txt)\n", n-max)
	}
}

func trim(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
