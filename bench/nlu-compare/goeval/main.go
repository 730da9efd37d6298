// Command goeval scores the Shopkeeper NLU engine on held-out TSV files and
// times Parse, printing the same numbers as the NLP.js side of the comparison.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("goeval", flag.ContinueOnError)
	dir := fs.String("heldout", "internal/nlu/testdata/heldout", "folder of {lang}.tsv files")
	verbose := fs.Bool("v", false, "print the full report and every mistake")
	calcv := fs.Int("calcv", 0, "also report a k-fold cross-validation of the calibration on the shipped calibration set (e.g. 5)")
	seed := fs.String("seed", "1,2", "training shuffle seed, two integers: how much accuracy depends on it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := fmt.Sscanf(*seed, "%d,%d", &nlu.TrainSeed[0], &nlu.TrainSeed[1]); err != nil {
		fmt.Fprintln(stderr, "-seed:", err)
		return 2
	}
	t0 := time.Now()
	eng, err := nlu.New(nlu.Options{DefaultLanguage: "en"})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	trainTime := time.Since(t0)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heapMB := float64(ms.HeapAlloc) / (1 << 20)
	files, _ := filepath.Glob(filepath.Join(*dir, "*.tsv"))
	var all strings.Builder
	all.WriteString("lang\tintent\ttext\n")
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		lines := strings.Split(string(b), "\n")
		for _, ln := range lines[1:] {
			if ln == "" || strings.HasPrefix(ln, "#") {
				continue
			}
			all.WriteString(ln + "\n")
			if c := strings.Split(ln, "\t"); len(c) >= 3 {
				texts = append(texts, c[2])
			}
		}
	}
	rep, err := nlu.Evaluate(eng, strings.NewReader(all.String()))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// Parse speed on one goroutine, over the whole held-out set, repeated.
	n := 0
	start := time.Now()
	for time.Since(start) < 2*time.Second {
		for _, t := range texts {
			eng.Parse(t, nlu.ParseParams{})
			n++
		}
	}
	perSec := float64(n) / time.Since(start).Seconds()
	fmt.Fprintf(stdout, "engine: shopkeeper (train %.0f ms, heap after training %.1f MB, language identified)\n", float64(trainTime.Microseconds())/1000, heapMB)
	for _, l := range nlu.Languages {
		if lr, ok := rep.PerLang[l]; ok {
			fmt.Fprintf(stdout, "  %s accuracy %.4f (%d)\n", l, lr.Accuracy(), lr.Total)
		}
	}
	fmt.Fprintf(stdout, "  overall accuracy %.4f (%d), language id %.4f, ECE %.4f\n", rep.Accuracy(), rep.Total, rep.LangAccuracy(), rep.ECE)
	fmt.Fprintf(stdout, "  parses/s %.0f\n", perSec)
	if *calcv > 1 {
		cv, err := nlu.CalibrationCV(eng, *calcv)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "calibration set, %d-fold cross-validation of the calibration:\n", *calcv)
		cv.WriteText(stdout)
		fmt.Fprintln(stdout)
	}
	if *verbose {
		rep.WriteText(stdout)
		for _, m := range rep.Misclassified {
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%.2f\t%s\n", m.Lang, m.Want, m.Got, m.Confidence, m.Text)
		}
		for _, m := range rep.Misidentified {
			fmt.Fprintf(stdout, "language\t%s\t%s\t%s\n", m.Want, m.Got, m.Text)
		}
	}
	return 0
}
