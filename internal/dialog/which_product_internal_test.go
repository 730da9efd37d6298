package dialog

import (
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// The shopper's own words weigh products by their descriptions only when
// they are no size or colour of the products: "small" said of a carrier and
// changed since to M must not choose the harness "for small breeds".
func TestWeigh_SizeAndColourWordsAreNoDescription(t *testing.T) {
	carrier := &catalog.Product{Title: "Plastic Pet Carrier", Options: []string{"Size", "Color"},
		Variants: []catalog.Variant{{SKU: "C1", Options: map[string]string{"Size": "Small", "Color": "Blue"}}, {SKU: "C2", Options: map[string]string{"Size": "M", "Color": "Blue"}}}}
	harness := &catalog.Product{Title: "Padded Mesh Harness", BodyHTML: "<p>Soft padded mesh for small breeds.</p>", Options: []string{"Size"},
		Variants: []catalog.Variant{{SKU: "H1", Options: map[string]string{"Size": "M"}}}}
	ps := []*catalog.Product{carrier, harness}
	said := "a cage for the cat, small, blue. rather size M"
	got := describedShown(withoutValues(said, ps), ps)
	if got[1] > got[0] {
		t.Fatalf("the harness outweighs the carrier on a size word: %v (text %q)", got, withoutValues(said, ps))
	}
	if plainOnly := describedShown(said, ps); plainOnly[1] <= plainOnly[0] {
		t.Fatalf("the made-up products no longer show the trap: %v", plainOnly)
	}
}
