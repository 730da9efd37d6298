// Package demo is the demo shop that `shopkeeper serve --demo` seeds: a
// catalogue of our own invention and the placeholder product images it
// points at, so the assistant can be tried without a real store.
package demo

import (
	_ "embed"
	"slices"
)

//go:generate go run ./gen -o shop.csv

// ShopName is what the assistant calls the demo shop.
const ShopName = "Noordkaap Sport & Style"

// Currency is the currency of every price in the demo catalogue.
const Currency = "EUR"

//go:embed shop.csv
var catalogCSV []byte

// CatalogCSV returns the demo catalogue as a Shopify product CSV export. It
// is a copy, so a caller cannot change what the next caller gets.
func CatalogCSV() []byte { return slices.Clone(catalogCSV) }
