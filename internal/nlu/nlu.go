// Package nlu understands what a shopper writes: the language, the intent with a
// calibrated confidence, and normalised entities. It is a pure function of the
// text, the conversation's language and the catalogue vocabulary: it never
// touches the database during a turn.
package nlu

// Languages are the launch languages, in a stable order.
var Languages = []string{"en", "nl", "ms", "zh", "nb", "hy"}

// Result is the answer of Parse; its JSON is the contract's parse result.
type Result struct {
	Text          string        `json:"text"`
	Language      string        `json:"language"`
	Intent        IntentScore   `json:"intent"`
	IntentRanking []IntentScore `json:"intent_ranking"`
	Entities      []Entity      `json:"entities"`
}

// IntentScore is an intent with its confidence in [0, 1].
type IntentScore struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// Entity is one value found in the text. Start and End are offsets in Unicode
// code points of Result.Text. Value is a string for most entities, an int for
// quantity and a MoneyValue for money.
type Entity struct {
	Entity string `json:"entity"`
	Value  any    `json:"value"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Text   string `json:"text"`
}

// MoneyValue is the value of a money entity. Amount is a decimal string.
type MoneyValue struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Bound    string `json:"bound"` // max, min or exact
}

// Vocabulary is what the catalogue teaches the NLU: the names it uses for its
// product types, brands and products. It is rebuilt when the catalogue changes.
type Vocabulary struct {
	Categories []string      // product types / categories as the catalogue names them, e.g. "Running Shoes"
	Brands     []string      // vendors
	Products   []ProductName // products that a shopper may name
	Synonyms   []Synonym     // the retailer's own words for entity values
}

// Synonym is a retailer-added word for an entity value: in Dutch, "sneaks"
// means the category "sneakers".
type Synonym struct {
	Lang   string `json:"lang"`   // a launch language, or "" for all
	Entity string `json:"entity"` // category, color, brand, size, …
	Value  string `json:"value"`  // the normalised value it stands for
	Text   string `json:"text"`   // the word or phrase shoppers write
	// Exact words forgive no typos: thousands of words in six languages
	// (the product vocabulary's) would otherwise make near neighbours of
	// ordinary words ("leren" one edit from "kleren", "Bakker" from "jakker").
	Exact bool `json:"-"`
}

// ProductName ties a product's title to its handle.
type ProductName struct {
	Handle string
	Title  string
}

// First returns the first entity of a kind, and whether there was one.
func (r Result) First(kind string) (Entity, bool) {
	for _, e := range r.Entities {
		if e.Entity == kind {
			return e, true
		}
	}
	return Entity{}, false
}
