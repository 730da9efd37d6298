package nlu

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// data holds the training utterances and the lexicons. Everything the engine
// knows ships inside the binary so a fresh server understands shoppers offline.
//
//go:embed data
var data embed.FS

// Example is one labelled utterance, from the shipped training files or added
// by a retailer.
type Example struct{ Lang, Intent, Text string }

// loadTraining reads data/train/{lang}.tsv for every launch language. A missing
// file is not an error: a language without examples is still identified, its
// messages are classified by the other languages' shared features.
func loadTraining(fsys fs.FS) ([]Example, error) {
	var out []Example
	for _, lang := range Languages {
		f, err := fsys.Open(path.Join("data/train", lang+".tsv"))
		if err != nil {
			continue
		}
		ex, err := readExamples(f, lang)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("read training data for %s: %w", lang, err)
		}
		out = append(out, ex...)
	}
	return out, nil
}

// readExamples reads a TSV with header "intent<TAB>text" (lang fixed by the
// caller) or "lang<TAB>intent<TAB>text". Lines starting with # are comments.
func readExamples(r io.Reader, lang string) ([]Example, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var out []Example
	withLang := false
	first := true
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if first {
			first = false
			s = strings.TrimPrefix(s, "\ufeff")
			if strings.HasPrefix(s, "lang\t") {
				withLang = true
				continue
			}
			if strings.HasPrefix(s, "intent\t") {
				continue
			}
		}
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		cols := strings.Split(s, "\t")
		var ex Example
		switch {
		case withLang && len(cols) >= 3:
			ex = Example{Lang: strings.TrimSpace(cols[0]), Intent: strings.TrimSpace(cols[1]), Text: strings.Join(cols[2:], " ")}
		case !withLang && len(cols) >= 2:
			ex = Example{Lang: lang, Intent: strings.TrimSpace(cols[0]), Text: strings.Join(cols[1:], " ")}
		default:
			continue // a malformed line should not stop the shop from starting
		}
		if ex.Intent == "" || strings.TrimSpace(ex.Text) == "" {
			continue
		}
		out = append(out, ex)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line, err)
	}
	return out, nil
}
