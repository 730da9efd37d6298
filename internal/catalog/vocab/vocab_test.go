package vocab

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func names(v *Vocabulary, ms []Match) []string {
	var out []string
	for _, m := range ms {
		for _, id := range m.Concepts {
			out = append(out, v.Concept(id).Name)
		}
		if m.Rewrite != "" {
			out = append(out, "="+m.Rewrite)
		}
	}
	return out
}

func TestVocabulary_EveryKindHasTermsInAllSixLanguages(t *testing.T) {
	v := Default()
	kinds := 0
	perLang := map[string]int{}
	for i := 0; i < v.Len(); i++ {
		c := v.Concept(ID(i))
		if c.Facet == Kind {
			kinds++
		}
		for _, lang := range Languages {
			if len(c.Terms[lang]) == 0 {
				t.Errorf("%s %s has no %s term", c.Facet, c.Name, lang)
			}
			perLang[lang] += len(c.Terms[lang])
		}
		armenianScript := false
		for _, term := range c.Terms["hy"] {
			for _, r := range term {
				if isArmenian(r) {
					armenianScript = true
				}
			}
		}
		if !armenianScript {
			t.Errorf("%s has no term in Armenian letters", c.Name)
		}
		// Every term must find its own concept (or a related one, when a
		// longer term of another concept contains it).
		for lang, terms := range c.Terms {
			for _, term := range terms {
				ms := v.NewMatcher().MatchWords(Words(term), false) // as in a catalogue: "~" terms too
				ok := false
				for _, m := range ms {
					for _, id := range m.Concepts {
						if v.Related(id, ID(i)) {
							ok = true
						}
					}
				}
				if !ok {
					t.Errorf("%s term %q (%s) finds %v", c.Name, term, lang, names(v, ms))
				}
			}
		}
	}
	if kinds < 150 {
		t.Errorf("%d kinds, want at least 150", kinds)
	}
	t.Logf("%d concepts, %d kinds; terms per language: %v", v.Len(), kinds, perLang)
}

func TestVocabulary_MatchesShoppersWords(t *testing.T) {
	v := Default()
	tests := []struct {
		text string
		want []string
	}{
		{"斜挎包", []string{"crossbody_bags"}},
		{"我想要一个黑色的斜挎包", []string{"black", "crossbody_bags"}},
		{"包邮吗", nil},
		{"ullsokker", []string{"wool", "socks"}},
		{"arbeidsstøvler", []string{"boots"}}, // an unknown modifier before a known kind
		{"wandelsokken", []string{"socks"}},
		{"Ullsokkene", []string{"wool", "socks"}},
		{"regenjas", []string{"rain_jackets"}},
		{"regnbukse", []string{"rain", "bottoms"}},
		{"vanntett jakke", []string{"waterproof", "outerwear"}},
		{"kasut hiking", []string{"hiking_shoes"}},
		{"kasut running", []string{"running_shoes"}},
		{"baju sejuk", []string{"sweaters"}},
		{"beg galas", []string{"backpacks"}},
		{"կիսաճտքավոր կոշիկներ", []string{"ankle_boots"}},
		{"kisachtkavor koshikner", []string{"ankle_boots"}},
		{"kisachtqavor koshiknery", []string{"ankle_boots"}},
		{"բրդյա գուլպաներ", []string{"wool", "socks"}},
		{"brdya gulpaner", []string{"wool", "socks"}},
		{"բրդյա գուլպաների զույգ", []string{"wool", "socks"}}, // genitive plural: a pair of wool socks
		{"brdya gulpaneri", []string{"wool", "socks"}},
		{"գուլպաներից մեկը", []string{"socks"}}, // ablative plural: one of the socks
		{"high-rise loose jeans", []string{"high_rise", "loose_fit", "jeans"}},
		{"Women's Waterproof Hooded Rain Jacket", []string{"women", "waterproof", "hooded", "rain_jackets"}},
		{"wandelschoenen", []string{"hiking_shoes"}},
		{"skinnjakke", []string{"leather", "outerwear"}},
		{"fotballsko", []string{"football_boots"}},
		{"Capstone hoodie", []string{"hoodies"}},
		{"dresses", []string{"dresses"}},
		{"glasses", []string{"eyewear"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := names(v, v.Match(tt.text, true))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Match(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestVocabulary_BroaderKindsIncludeNarrower(t *testing.T) {
	v := Default()
	for _, pair := range [][2]string{{"ankle_boots", "boots"}, {"ankle_boots", "footwear"}, {"running_shoes", "footwear"},
		{"crossbody_bags", "bags"}, {"merino", "wool"}, {"navy", "blue"}, {"baby", "kids"}} {
		a, _ := v.Lookup(pair[0])
		b, _ := v.Lookup(pair[1])
		if !slices.Contains(v.Ancestors(a), b) {
			t.Errorf("%s is not under %s", pair[0], pair[1])
		}
	}
}

func TestVocabulary_OverrideWins(t *testing.T) {
	v := Default()
	socks, _ := v.Lookup("socks")
	o := v.With([]Override{{Text: "joggers", Concepts: []ID{socks}}, {Text: "trail gear", Rewrite: "Trail Kit"}})
	if got := names(o, o.Match("joggers", false)); !slices.Equal(got, []string{"socks"}) {
		t.Errorf("override: %v", got)
	}
	if got := names(o, o.Match("some trail gear", false)); !slices.Equal(got, []string{"=Trail Kit"}) {
		t.Errorf("rewrite: %v", got)
	}
	if got := names(v, v.Match("joggers", false)); !slices.Equal(got, []string{"track_pants"}) {
		t.Errorf("the shipped vocabulary changed: %v", got)
	}
}

// The NLU's category lexicon names some of the same kinds; a word it
// normalises must land on the same (or a related) concept here, or the
// dialogue and the search would disagree about what the shopper asked for.
func TestVocabulary_AgreesWithNLUCategories(t *testing.T) {
	v := Default()
	f, err := os.Open("../../nlu/data/lexicon/categories.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if knownDisagreement[cols[1]+" "+strings.ToLower(cols[0])] {
			continue
		}
		value := v.Match(cols[0], true)
		if len(value) == 0 {
			t.Errorf("NLU category %q is no concept", cols[0])
			continue
		}
		for _, phrase := range strings.Split(cols[2], "|") {
			phrase = strings.TrimSpace(phrase)
			// Read as catalogue text: the NLU has already decided the word
			// names a product, which is what the query side is careful about.
			ms := v.NewMatcher().MatchWords(Words(phrase), true)
			ok := false
			for _, m := range ms {
				for _, id := range m.Concepts {
					for _, want := range value[len(value)-1].Concepts {
						if v.IsKind(id) && v.Related(id, want) {
							ok = true
						}
					}
				}
			}
			if knownDisagreement[cols[1]+" "+phrase] {
				continue
			}
			if !ok && !strings.ContainsFunc(phrase, unicode.IsDigit) {
				t.Errorf("NLU reads %q (%s) as %q; the vocabulary as %v", phrase, cols[1], cols[0], names(v, ms))
			}
		}
	}
}

// knownDisagreement lists words the NLU normalises to a kind the vocabulary
// deliberately reads otherwise: a material or feature is not a kind (摇粒绒 and
// fleece are a fabric, denim is not only jeans, 短袖 is short-sleeved), house slippers are not sandals, and words
// that are common in other languages must not name a product ("pet", "das",
// "kain" is any cloth). The search still finds the NLU's reading, since the
// dialogue passes the normalised English name on.
var knownDisagreement = map[string]bool{
	"zh 摇粒绒": true, "hy ֆլիս": true, "zh 短袖": true, "nb tøfler": true, "hy հողաթափեր": true,
	"nl vest": true, "nl pet": true, "nl das": true, "ms kain": true,
	"en sports bralette": true, // a bralette, whatever it is worn for
	"en fleece":          true, "en fleeces": true, "nl fleece": true, "nb fleece": true, "en denim": true, "en denims": true,
}

// Match reads shoppers' text, so it must take anything: spans stay inside
// the text's words and every concept is a real one.
func FuzzMatch(f *testing.F) {
	for _, s := range []string{"ullsokker", "斜挎包 黑色", "kisachtqavor koshikner", "包邮吗", "", "ééé---", "regenjasregenjas"} {
		f.Add(s)
	}
	v := Default()
	f.Fuzz(func(t *testing.T, s string) {
		n := len(Words(s))
		end := 0
		for _, m := range v.Match(s, true) {
			if m.Start < end || m.End <= m.Start || m.End > n {
				t.Fatalf("Match(%q): span %d-%d after %d of %d words", s, m.Start, m.End, end, n)
			}
			end = m.End
			for _, id := range m.Concepts {
				if id < 0 || int(id) >= v.Len() {
					t.Fatalf("Match(%q): concept %d", s, id)
				}
			}
		}
	})
}

// Two concepts sharing a term (after folding and stemming) make both match;
// the few that do so on purpose are listed, anything else is a mistake in
// the data.
func TestVocabulary_TermsDoNotCollideByAccident(t *testing.T) {
	v := Default()
	allowed := map[string]bool{
		"flip_flops slippers": true, "dresses skirts": true, "sandals slippers": true, "rain_jackets umbrellas": true,
		"necklaces scarves": true, "leggings tights": true, "beige brown": true,
		"earbuds wireless": true, "silver silver_material": true, "denim jeans": true,
		// Norwegian skjorte (shirt) and skjørt (skirt) differ only in ø, which
		// folding removes.
		"shirts skirts": true,
		// A cage holds a pet or a camera; the shop's own catalogue decides.
		"camera_accessories pet_cages": true,
		// Words that name either in everyday speech: Chinese 水壶 is a
		// kettle or a water bottle, Armenian աման any bowl or dish; the
		// shopper's other words decide.
		"kettles water_bottles": true, "mixing_bowls pots_pans": true,
	}
	for _, m := range []*idMap{&v.plain, &v.hy} {
		for key, ids := range m.all() {
			if len(ids) < 2 {
				continue
			}
			var ns []string
			for _, id := range ids {
				ns = append(ns, v.Concept(id).Name)
			}
			slices.Sort(ns)
			pair := strings.Join(ns, " ")
			if !allowed[pair] && !v.Related(ids[0], ids[1]) && !colourNamedForTaste(v, ids) {
				t.Errorf("%q means %s", key, pair)
			}
		}
	}
}

// colourNamedForTaste reports whether a term names one colour and one
// flavour or scent: many colours are named after them (vanilla, caramel,
// cherry, lemon; Malay "coklat" is both brown and chocolate), and a product
// may be either. The shopper's other words decide; a colour option's value
// still reads as its colour.
func colourNamedForTaste(v *Vocabulary, ids []ID) bool {
	tastes := 0
	for _, id := range ids {
		c := v.Concept(id)
		switch {
		case c.Facet == Feature && (strings.HasSuffix(c.Name, "_flavour") || strings.HasSuffix(c.Name, "_scent")):
			tastes++
		case c.Facet != Colour:
			return false
		}
	}
	return tastes == 1
}

// chatLatin spells Armenian the way shoppers often type it in Latin letters
// (kh, ts, q, zh), which is not the vocabulary's own canonical spelling.
func chatLatin(s string) string {
	m := map[rune]string{
		'ա': "a", 'բ': "b", 'գ': "g", 'դ': "d", 'ե': "e", 'զ': "z", 'է': "e", 'ը': "y", 'թ': "t", 'ժ': "zh",
		'ի': "i", 'լ': "l", 'խ': "kh", 'ծ': "ts", 'կ': "k", 'հ': "h", 'ձ': "dz", 'ղ': "gh", 'ճ': "ch", 'մ': "m",
		'յ': "y", 'ն': "n", 'շ': "sh", 'ո': "o", 'չ': "ch", 'պ': "p", 'ջ': "j", 'ռ': "r", 'ս': "s", 'վ': "v",
		'տ': "t", 'ր': "r", 'ց': "ts", 'ւ': "v", 'փ': "p", 'ք': "q", 'և': "ev", 'օ': "o", 'ֆ': "f",
	}
	var b strings.Builder
	rs := []rune(strings.ToLower(s))
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == 'ո' && i+1 < len(rs) && rs[i+1] == 'ւ':
			b.WriteString("u")
			i++
		case rs[i] == 'ե' && (i == 0 || rs[i-1] == ' '):
			b.WriteString("ye")
		case rs[i] == 'ո' && (i == 0 || rs[i-1] == ' '):
			b.WriteString("vo")
		default:
			if l, ok := m[rs[i]]; ok {
				b.WriteString(l)
			} else {
				b.WriteRune(rs[i])
			}
		}
	}
	return b.String()
}

func TestVocabulary_ArmenianTermsAreFoundTypedInLatinLetters(t *testing.T) {
	v := Default()
	checked := 0
	for i := 0; i < v.Len(); i++ {
		c := v.Concept(ID(i))
		for _, term := range c.Terms["hy"] {
			if !strings.ContainsFunc(term, isArmenian) || strings.HasPrefix(term, "~") {
				continue
			}
			latin := chatLatin(term)
			if len(Words(latin)) == 1 && len([]rune(latin)) < 4 {
				continue // too short to tell from a word of another language ("mom")
			}
			checked++
			ok := false
			for _, m := range v.Match(latin, true) {
				for _, id := range m.Concepts {
					ok = ok || v.Related(id, ID(i))
				}
			}
			if !ok {
				t.Errorf("%s: %q typed as %q finds %v", c.Name, term, latin, names(v, v.Match(latin, true)))
			}
		}
	}
	t.Logf("%d Armenian terms found in Latin letters", checked)
}

// Everyday chat words that happen to look like a product word must not turn
// a question about an order into a product search.
func TestVocabulary_ChatWordsNameNoProduct(t *testing.T) {
	v := Default()
	for _, text := range []string{
		"我的包裹在哪里", "麻烦帮我查一下", "退款金额是多少", "明白了", "可以用银行卡吗", "包邮吗",
		"stok kosong ke", "saiz besar ada", "tak nak", "terima kasih",
		"det er lett", "rett hjem", "er den ledig", "trykk på knappen", "takk",
		"ik heb recht op een retour", "dank je", "hoe lang duurt het",
		"but I want it sooner", "sort by price", "for my mom", "check my order", "thank you",
		"շնորհակալություն", "որտեղ է իմ պատվերը",
	} {
		if ms := v.Match(text, true); len(ms) > 0 {
			t.Errorf("Match(%q) = %v", text, names(v, ms))
		}
	}
}

// A key that holds a stop phrase must hold nothing else: callers read every
// id of a match as a concept, and stop is not one.
func TestVocabulary_StopPhraseKeysHoldNoConcept(t *testing.T) {
	v := Default()
	for name, m := range map[string]*idMap{"plain": &v.plain, "hy": &v.hy, "indexOnly": &v.indexOnly} {
		for key, ids := range m.all() {
			if slices.Contains(ids, stop) && len(ids) > 1 {
				t.Errorf("%s key %q holds stop and concepts %v", name, key, ids)
			}
		}
	}
	v2 := &Vocabulary{plain: newIDMap(), hy: newIDMap(), indexOnly: newIDMap(), firstLen: map[string]int{}}
	v2.addTerm(0, "en", "custom")
	v2.addTerm(stop, "en", "custom")
	v2.addTerm(1, "en", "custom")
	if got, _ := v2.plain.get("custom"); !slices.Equal(got, []ID{stop}) {
		t.Errorf("custom = %v, want only stop", got)
	}
}

func TestVocabulary_FacetSplitOverFilesByName(t *testing.T) {
	for _, c := range []struct {
		file, facet string
		ok          bool
	}{
		{"kinds.tsv", Kind, true},
		{"kinds-hobby.tsv", Kind, true},
		{"colours-beauty.tsv", Colour, true},
		{"stop.tsv", "", true},
		{"sizes.tsv", "", false},
		{"-kinds.tsv", "", false},
	} {
		facet, ok := facetOf(c.file)
		if facet != c.facet || ok != c.ok {
			t.Errorf("facetOf(%q) = %q, %v; want %q, %v", c.file, facet, ok, c.facet, c.ok)
		}
	}
}

// Chinese has no spaces: the longest phrase from a character may take the
// first character of the next word. "玻璃水壶" is a glass kettle, not
// screenwash (玻璃水) and a stray 壶.
func TestVocabulary_ChineseSegmentsToCoverTheMostCharacters(t *testing.T) {
	v := Default()
	for _, c := range []struct {
		text      string
		want, not string
	}{
		{"玻璃水壶", "glass", "screenwash"},
		{"可以控温的玻璃水壶", "kettles", "screenwash"},
		{"买玻璃水", "screenwash", "glass"},
	} {
		got := names(v, v.Match(c.text, true))
		if !slices.Contains(got, c.want) || slices.Contains(got, c.not) {
			t.Errorf("%q reads as %v, want %s and not %s", c.text, got, c.want, c.not)
		}
	}
}

func TestVocabulary_AVarietyNamedAloneStillNamesItsKind(t *testing.T) {
	// "earl grey" is a black tea: the shopper who types only the variety
	// asks for the kind too, and the variety tells its siblings apart.
	v := Default()
	for _, text := range []string{"earl grey", "伯爵茶", "sencha", "jasmine green tea", "茉莉绿茶"} {
		got := names(v, v.Match(text, false))
		kind, variety := false, false
		for _, n := range got {
			kind = kind || n == "black_tea" || n == "green_tea"
			variety = variety || strings.HasSuffix(n, "_tea") && n != "black_tea" && n != "green_tea"
		}
		if !kind || !variety {
			t.Errorf("Match(%q) = %v, want the tea kind and its variety", text, got)
		}
	}
}
