package dialog

import (
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

func TestProductValues_MeasuresTypedApartOrInAnotherScriptMeetTheCatalogue(t *testing.T) {
	p := &catalog.Product{Options: []string{"Size"}, Variants: []catalog.Variant{
		{SKU: "s", Options: map[string]string{"Size": "50 ml"}},
		{SKU: "l", Options: map[string]string{"Size": "100 ml"}},
		{SKU: "t", Options: map[string]string{"Size": "100x150 cm"}},
		{SKU: "k", Options: map[string]string{"Size": "1.7 L"}},
		{SKU: "r", Options: map[string]string{"Size": "25 inch"}},
		{SKU: "c", Options: map[string]string{"Size": "3C"}},
	}}
	tests := []struct{ text, want string }{
		{"I want the amber nights perfume 100 ml", "100 ml"},
		{"endre til den lille flasken, 50 ml", "50 ml"},
		{"Ուզում եմ 100 մլ", "100 ml"},
		{"要100毫升", "100 ml"},
		{"我要100毫升的", "100 ml"},
		{"tukar ke saiz paling besar 100x150", "100x150 cm"},
		{"aurora 1,7 l i hvitt", "1.7 L"},
		{"two of them please", ""},
		{"and a kids racket in 25\"", "25 inch"},
		{"կարո՞ղ եք չափսը փոխել 100 մլ-ի", "100 ml"},
		{"那3C呢", "3C"}, // a value between Han characters, no spaces
		{"要3C的", "3C"},
	}
	for _, tt := range tests {
		if got := productValues(p, tt.text)["Size"]; got != tt.want {
			t.Errorf("productValues(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestQuantitySaid_AComparisonCountsProductsNotUnits(t *testing.T) {
	q := func(text string, n int) nlu.Result {
		return nlu.Result{Text: text, Entities: []nlu.Entity{{Entity: "quantity", Value: float64(n), Text: "x"}}}
	}
	tests := []struct {
		res  nlu.Result
		want int
	}{
		{q("what's the difference between those three pans", 3), 0},
		{q("wat is het verschil tussen die drie pannen", 3), 0},
		{q("hvilken av de to Aurora er best", 2), 0},
		{q("two of the black ones please", 2), 2},
		{nlu.Result{Text: "actually 6-7 years not 4-5", Entities: []nlu.Entity{{Entity: "quantity", Value: float64(5), Start: 25, End: 26, Text: "5"}}}, 0},
		{nlu.Result{Text: "is the Loomwave K-5 in red?", Entities: []nlu.Entity{{Entity: "quantity", Value: float64(5), Start: 18, End: 19, Text: "5"}}}, 0},
		{nlu.Result{Text: "the Loomwave K5 please", Entities: []nlu.Entity{{Entity: "quantity", Value: float64(5), Start: 14, End: 15, Text: "5"}}}, 0},
		{nlu.Result{Text: "medium picks x3", Entities: []nlu.Entity{{Entity: "quantity", Value: float64(3), Start: 14, End: 15, Text: "3"}}}, 3},
		{nlu.Result{Text: "要2个", Entities: []nlu.Entity{{Entity: "quantity", Value: float64(2), Start: 1, End: 2, Text: "2"}}}, 2},
	}
	for _, tt := range tests {
		if got, _ := quantitySaid(tt.res); got != tt.want {
			t.Errorf("quantitySaid(%q) = %d, want %d", tt.res.Text, got, tt.want)
		}
	}
}

func TestNumbersIn_TitleNumbersTellProductsOfOneNameApart(t *testing.T) {
	said := numbersIn("the Aurora 1,2 L kettle")
	if !sharesNumber("Aurora Electric Kettle 1.2 L", said) || sharesNumber("Aurora Electric Kettle 1.7 L", said) {
		t.Errorf("numbersIn = %v: the 1.2 L kettle should share it, the 1.7 L not", said)
	}
	if !sharesNumber("Kumo Rice Cooker 1 L", numbersIn("Kumo 1.0 L")) {
		t.Error("1.0 and 1 should be one number")
	}
	if said, _ := splitNegated("ok the 1.2 litre, white please"); strings.Join(strings.Fields(said), " ") != "ok the 1.2 litre white please" {
		t.Errorf("splitNegated kept %q: a decimal point is no clause break", said)
	}
}

func TestSwitchesLanguage_ProductWordsCountForNoLanguage(t *testing.T) {
	res := nlu.Result{Language: "en"}
	if switchesLanguage("body lotion 400ml pun", res, "ms", "body lotion") {
		t.Error("a Malay message naming an English-titled product switched to English")
	}
	if !switchesLanguage("do you have any body lotion", res, "ms", "body lotion") {
		t.Error("an English sentence should switch")
	}
}

func TestColourByConcept_ShadesInAnyLanguageMeetTheCatalogueColour(t *testing.T) {
	p := &catalog.Product{Options: []string{"Color"}, Variants: []catalog.Variant{
		{SKU: "c", Options: map[string]string{"Color": "Cream"}},
		{SKU: "s", Options: map[string]string{"Color": "Sage"}},
		{SKU: "n", Options: map[string]string{"Color": "Navy"}},
	}}
	for said, want := range map[string]string{"emerald": "Sage", "kremhvit": "Cream", "off-white": "Cream", "մուգ կապույտ": "Navy", "墨绿": "Sage", "red": ""} {
		if got := colourByConcept(p, "Color", said, true); got != want {
			t.Errorf("colourByConcept(%q) = %q, want %q", said, got, want)
		}
	}
}

func TestNumberOfName_ANumberInTheTitleNamesTheProductNotTheCount(t *testing.T) {
	tests := []struct {
		title, text, known string
		n                  int
		want               bool
	}{
		{"Tea Towels Set of 3", "the tea towel set of 3 please", "", 3, true},
		{"Storage Boxes (5 pieces)", "kotak storage 5 keping tu", "", 5, true},
		{"Tea Towels Set of 3", "2 more please", "", 2, false},               // not in the title
		{"Tea Towels Set of 3", "3 more", "", 3, false},                      // names nothing of the title
		{"Tea Towels Set of 3", "3 of the tea towel set of 3", "", 3, false}, // said twice: one is a count
		{"Linen Napkin", "4 linen napkins", "", 4, false},
		{"2-in-1 Phone Stand", "stand telefon 2 dalam 1", "", 2, true}, // the title's numbers in its order
		{"2-in-1 Phone Stand", "2 stands", "", 2, false},
		{"2-in-1 Phone Stand", "2 phone stands please", "", 2, false}, // a count before the title's noun
		{"Storage Boxes (5 pieces)", "the 5 piece storage set", "", 5, true},
		{"Storage Boxes (5 pieces)", "jeg vil ha settet med 5 oppbevaringsbokser", "storage boxes", 5, true}, // through the catalogue words
	}
	for _, tt := range tests {
		if got := numberOfName(tt.title, tt.text, tt.known, tt.n); got != tt.want {
			t.Errorf("numberOfName(%q, %q, %q, %d) = %v, want %v", tt.title, tt.text, tt.known, tt.n, got, tt.want)
		}
	}
}

func TestStartsWithAnd_ASoundBeforeTheAndStillAddsOneMore(t *testing.T) {
	for text, want := range map[string]bool{
		"and the black one":           true,
		"oh and a pair of gloves too": true,
		"oh en een theedoek":          true,
		"ok og den svarte":            true,
		"tas dan dompet":              false, // a product, then "and"
		"4 and 5":                     false,
		"hello":                       false,
	} {
		if got := startsWithAnd(text); got != want {
			t.Errorf("startsWithAnd(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestProductValues_ANumberedWordOfOneValuePicksIt(t *testing.T) {
	p := &catalog.Product{Options: []string{"Size"}, Variants: []catalog.Variant{
		{SKU: "a", Options: map[string]string{"Size": "Travel 3/4"}},
		{SKU: "b", Options: map[string]string{"Size": "Concert 4/4"}},
		{SKU: "c", Options: map[string]string{"Size": "Light 10-46"}},
		{SKU: "d", Options: map[string]string{"Size": "Heavy 10-46"}},
	}}
	tests := []struct{ text, want string }{
		{"yang 4/4", "Concert 4/4"},
		{"the 3/4 one please", "Travel 3/4"},
		{"10-46", ""}, // two values have it
		{"the travel one", ""},
	}
	for _, tt := range tests {
		if got := productValues(p, tt.text)["Size"]; got != tt.want {
			t.Errorf("productValues(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// "5m" answering "which size?" of values that name two measures ("5m
// 25mm²") is the size, not five of them.
func TestMeasureOfProduct_AMeasureOfAValueOfSeveralIsNoCount(t *testing.T) {
	p := &catalog.Product{Options: []string{"Size"}, Variants: []catalog.Variant{
		{SKU: "a", Options: map[string]string{"Size": "3m 16mm²"}},
		{SKU: "b", Options: map[string]string{"Size": "5m 25mm²"}},
	}}
	tests := []struct {
		text string
		n    int
		want bool
	}{
		{"5m", 5, true},
		{"5 of the 3m ones", 5, false},
	}
	for _, tt := range tests {
		if got := measureOfProduct(p, tt.text, tt.n); got != tt.want {
			t.Errorf("measureOfProduct(%q, %d) = %v, want %v", tt.text, tt.n, got, tt.want)
		}
	}
}

func TestPlainestOf_TheTitleOfTheWordsSaidAndNothingMore(t *testing.T) {
	p := func(h, title string) catalog.Product { return catalog.Product{Handle: h, Title: title} }
	tied := []catalog.Product{p("pine", "Woodcraft Pine Spoons"), p("pine-oiled", "Woodcraft Pine Spoons Oiled Finish"), p("birch", "Woodcraft Birch Spoons")}
	tests := []struct {
		name, words, want string
	}{
		{"a feature not said is not chosen, a word only in a description neither", "pine spoons", "pine"},
		{"the feature said is chosen", "pine spoons oiled", "pine-oiled"},
		{"words of no title choose nothing", "kitchen", ""},
		{"two plain titles alike: the shopper says which", "spoons", ""},
	}
	for _, tt := range tests {
		got := ""
		if c := plainestOf(tt.words, tied); c != nil {
			got = c.Handle
		}
		if got != tt.want {
			t.Errorf("%s: plainestOf(%q) = %q, want %q", tt.name, tt.words, got, tt.want)
		}
	}
}

func TestValueByDisplay_TheStartOfTheButtonInTheShoppersLanguage(t *testing.T) {
	vals := []string{"Black", "Cream"}
	tests := []struct{ lang, text, want string }{
		{"nl", "zwar", "Black"},
		{"nl", "zwarte", "Black"},
		{"en", "cre", "Cream"},
		{"en", "blue", ""},
		{"en", "c", ""},
	}
	for _, tt := range tests {
		if got := valueByDisplay(tt.lang, "Color", vals, tt.text); got != tt.want {
			t.Errorf("valueByDisplay(%s, %q) = %q, want %q (shown as %q, %q)", tt.lang, tt.text, got, tt.want,
				optionDisplay(tt.lang, "Color", "Black"), optionDisplay(tt.lang, "Color", "Cream"))
		}
	}
}

func TestOptionDisplay_AColourNamedForAFlavourIsShownAsTheColour(t *testing.T) {
	// "Cherry" and "Vanilla" also name flavours; on a colour option they
	// are colours, named in the shopper's language.
	for _, tt := range []struct{ val, want string }{{"Cherry", "kersenrood"}, {"Vanilla", "crème"}, {"Black", "zwart"}} {
		if got := colourDisplay("nl", "Color", tt.val); got != tt.want {
			t.Errorf("colourDisplay(nl, %q) = %q, want %q", tt.val, got, tt.want)
		}
	}
}

func TestProductValues_APackSizeInAnyLanguageMeetsTheCataloguesPack(t *testing.T) {
	p := &catalog.Product{Options: []string{"Size"}, Variants: []catalog.Variant{
		{SKU: "p3", Options: map[string]string{"Size": "3-pack"}},
		{SKU: "p6", Options: map[string]string{"Size": "6 pack"}},
	}}
	tests := []struct{ text, want string }{
		{"还有海绵，6只装那种", "6 pack"},
		{"要3个装的", "3-pack"},
		{"3 հատանոցը տվեք", "3-pack"},
		{"6-anoc@", "6 pack"},
		{"the 6-pack please", "6 pack"},
		{"3 pack", "3-pack"},
		{"2 packs of them", ""},
		{"3个装进购物车", ""},
	}
	for _, tt := range tests {
		if got := productValues(p, tt.text)["Size"]; got != tt.want {
			t.Errorf("productValues(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
