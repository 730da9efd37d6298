package dialog

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func TestChoosing_DescriptionWordsPickAmongShownProducts(t *testing.T) {
	kettle := &catalog.Product{Title: "Brisk Kettle", BodyHTML: "<p>Steel kettle with a limescale filter and a window to see the water level.</p>"}
	quiet := &catalog.Product{Title: "Hush Kettle", BodyHTML: "<p>Steel kettle that boils quietly. No window, no filter.</p>"}
	socksSplit := &catalog.Product{Title: "Studio Grip Socks Five Toe", BodyHTML: "<p>Grip socks with separate toes for a barefoot feel.</p>"}
	socksClosed := &catalog.Product{Title: "Studio Grip Socks", BodyHTML: "<p>Grip socks with a closed toe box and a cushioned sole.</p>"}
	brolly := &catalog.Product{Title: "Pocket Brolly", BodyHTML: "<p>Folding umbrella, 200 g.</p>"}
	storm := &catalog.Product{Title: "Gale Brolly", BodyHTML: "<p>Folding umbrella whose vented canopy won't flip inside out in strong wind.</p>"}
	for _, c := range []struct {
		name, text string
		ps         []*catalog.Product
		want       int // index of the product that must score highest; -1: a tie
	}{
		{"a feature word of one description", "the one with the limescale filter", []*catalog.Product{kettle, quiet}, 0},
		{"a feature the other says it lacks", "I'd like one with a window", []*catalog.Product{quiet, kettle}, 1},
		{"a negated feature counts against", "not the one with separate toes", []*catalog.Product{socksSplit, socksClosed}, 1},
		{"a negation in the middle of the clause", "the one where the toes aren't separate", []*catalog.Product{socksSplit, socksClosed}, 1},
		{"a negation that meets the description's own", "the one that doesn't flip inside out in the wind", []*catalog.Product{brolly, storm}, 1},
		{"'without' counts against the one that has it", "the kettle without a window", []*catalog.Product{kettle, quiet}, 1},
		{"a short stem of a long word tells", "de versie zonder pads", []*catalog.Product{
			{Title: "Wren Bra – Removable Pads"}, {Title: "Wren Bra – No Pads", BodyHTML: "Without pads, for a lighter feel."}}, 1},
		{"words both share tell nothing", "the folding umbrella", []*catalog.Product{brolly, storm}, -1},
		{"one stem with another ending", "the more cushioned one", []*catalog.Product{
			{Title: "Lark Mat", BodyHTML: "Light mat for standing poses."}, {Title: "Lark Mat Plus", BodyHTML: "Extra cushioning under knees."}}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := describedShown(c.text, c.ps)
			best, tie := 0, false
			for i := range s {
				if s[i] > s[best] {
					best, tie = i, false
				} else if i != best && s[i] == s[best] {
					tie = true
				}
			}
			if c.want < 0 && !tie || c.want >= 0 && (tie || best != c.want) {
				t.Fatalf("%q scores %v, want the best to be %d", c.text, s, c.want)
			}
		})
	}
}

func TestChoosing_BiggerAndSmallerCompareMeasuresOrMarks(t *testing.T) {
	p := func(title string) *catalog.Product { return &catalog.Product{Title: title} }
	for _, c := range []struct {
		text string
		ps   []*catalog.Product
		want int
	}{
		{"the bigger one", []*catalog.Product{p("Trek Pack 24 L"), p("Trek Pack 32 L")}, 1},
		{"den minste", []*catalog.Product{p("Trek Pack 24 L"), p("Trek Pack 32 L")}, 0},
		{"大号的", []*catalog.Product{p("Wash Bag"), p("Wash Bag XL")}, 1},
		{"the wash bag, normal size", []*catalog.Product{p("Wash Bag XL"), p("Wash Bag")}, 1},
		{"the bigger one", []*catalog.Product{p("Wash Bag Mini"), p("Wash Bag")}, 1},
		{"the thicker mat", []*catalog.Product{p("Cloud Mat 8 mm"), p("Cloud Mat 5 mm")}, 0},
		{"the bigger one", []*catalog.Product{p("Lamp 40 W"), p("Pack 30 L")}, -1}, // no common measure
		{"the blue one", []*catalog.Product{p("Trek Pack 24 L"), p("Trek Pack 32 L")}, -1},
	} {
		if got := bySize(c.ps, sizeSaid(c.text)); got != c.want {
			t.Errorf("%q among %s, %s = %d, want %d", c.text, c.ps[0].Title, c.ps[1].Title, got, c.want)
		}
	}
}

func TestChoosing_OfTheTwoIsNoQuantity(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"I'll take the thicker of the two", 0},
		{"de dikste van de twee graag", 0},
		{"two of the thick ones", 2},
	} {
		res := nlu.Result{Text: c.text, Entities: []nlu.Entity{{Entity: "quantity", Value: 2, Start: 0, End: 1}}}
		if n, _ := quantitySaid(res); n != c.want {
			t.Errorf("quantitySaid(%q) = %d, want %d", c.text, n, c.want)
		}
	}
}

func TestChoosing_WithoutInsideAClauseRulesOutWhatFollows(t *testing.T) {
	for _, c := range []struct{ text, said, out string }{
		{"the soft one but without the removable pads", "the soft one but", "the removable pads"},
		{"de zachte, zonder capuchon", "de zachte", "capuchon"},
		{"not the padded one, the plain one", "the plain one", "not the padded one"},
		{"the blue one", "the blue one", ""},
	} {
		said, out := splitNegated(c.text)
		if strings.TrimSpace(said) != c.said || strings.TrimSpace(out) != c.out {
			t.Errorf("splitNegated(%q) = %q / %q, want %q / %q", c.text, said, out, c.said, c.out)
		}
	}
}

func TestChoosing_OneBareWordAfterForXAndIsAUseNotAProduct(t *testing.T) {
	for _, c := range []struct {
		before string
		want   bool
	}{
		{"sports bras for yoga", true},
		{"sport bh's voor yoga", true},
		{"a bag for my laptop", false},
		{"two black mugs", false},
	} {
		if got := useListed(c.before); got != c.want {
			t.Errorf("useListed(%q) = %v, want %v", c.before, got, c.want)
		}
	}
}

func TestChoosing_OptionAnswerInOwnWords(t *testing.T) {
	p := &catalog.Product{Title: "Tabi Socks"}
	for _, c := range []struct {
		text      string
		vals      []string
		want      string
		ambiguous bool
	}{
		{"m/l please", []string{"S/M", "M/L"}, "M/L", false},
		{"large", []string{"S/M", "M/L"}, "M/L", false},
		{"小号", []string{"S/M", "M/L"}, "S/M", false},
		{"medium", []string{"S/M", "M/L"}, "", true},
		{"the bigger one", []string{"38", "36", "40"}, "40", false},
		{"den minste", []string{"M", "S", "L"}, "S", false},
		{"42 please", []string{"40", "42"}, "42", false},
		{"something else", []string{"40", "42"}, "", false},
		{"6 մետր", []string{"3 m", "6 m"}, "6 m", false},
		{"the 6 metre one please", []string{"3 m", "6 m"}, "6 m", false},
		{"6 մ-անոցը, ուղիղ", []string{"3 m", "6 m"}, "6 m", false},
		{"要5毫米的", []string{"4mm", "5mm"}, "5mm", false},
		{"那5B呢", []string{"7A", "5A", "5B"}, "5B", false},
		{"3 packs", []string{"3 m", "6 m"}, "", false},
	} {
		got, amb := optionInWords(p, "Size", c.text, c.vals)
		if got != c.want || amb != c.ambiguous {
			t.Errorf("optionInWords(%q, %v) = %q, %v; want %q, %v", c.text, c.vals, got, amb, c.want, c.ambiguous)
		}
	}
}

func TestChoosing_FirstSentenceKeepsDecimals(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Compact cordless kettle, 1.2 litres. Auto shut-off.", "Compact cordless kettle, 1.2 litres."},
		{"No full stop here", "No full stop here"},
		{"轻便水壶。自动断电。", "轻便水壶。"},
	} {
		if got := firstSentence(c.in); got != c.want {
			t.Errorf("firstSentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAnswer_MeasureOfAnOptionIsNotAQuantity(t *testing.T) {
	p := &catalog.Product{Title: "Loomwire Speaker Lead", Options: []string{"Length"},
		Variants: []catalog.Variant{{SKU: "LW-3", Options: map[string]string{"Length": "3 m"}}, {SKU: "LW-6", Options: map[string]string{"Length": "6 m"}}}}
	for _, c := range []struct {
		text string
		n    int
		want bool
	}{
		{"6 մետր", 6, true},
		{"the 6 metre one", 6, true},
		{"6m", 6, true},
		{"2 of the 6 m", 2, false},
		{"6 please", 6, false},
		{"9 m", 9, false},
	} {
		if got := measureOfProduct(p, c.text, c.n); got != c.want {
			t.Errorf("measureOfProduct(%q, %d) = %v, want %v", c.text, c.n, got, c.want)
		}
	}
}

func TestAnswer_ShortenedValueNamesTheOneItBegins(t *testing.T) {
	for _, c := range []struct {
		vals []string
		text string
		want string
	}{
		{[]string{"Natural", "Sunburst"}, "natur", "Natural"},
		{[]string{"Terracotta", "Stone Grey"}, "terra", "Terracotta"},
		{[]string{"Blue", "Blush"}, "blu", ""},
		{[]string{"Stone Grey", "Stone White"}, "stone", ""},
	} {
		if got := valueByPrefix(c.vals, c.text); got != c.want {
			t.Errorf("valueByPrefix(%v, %q) = %q, want %q", c.vals, c.text, got, c.want)
		}
	}
}

func TestAnswer_TheWordsOfOneValueInARowPickIt(t *testing.T) {
	vals := []string{"Extra Soft 8-38", "Soft 9-42", "Firm 11-52"}
	cases := []struct{ text, want string }{
		{"9-42", "Soft 9-42"},
		{"soft 9-42", "Soft 9-42"},
		{"soft", ""}, // one plain word in two values
		{"8-42", ""}, // no value has it
		{"11 52", "Firm 11-52"},
	}
	for _, c := range cases {
		if got := valueByRun(vals, c.text); got != c.want {
			t.Errorf("valueByRun(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
