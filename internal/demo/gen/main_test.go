package main

import (
	"bytes"
	"os"
	"testing"
)

// The CSV is what ships, so a product edited here but not regenerated would
// silently never reach the binary.
func TestWrite_MatchesCommittedCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../shop.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Error("shop.csv is out of date; run go generate ./internal/demo")
	}
}
