package vocab

import (
	"strings"
	"sync"
	"unicode/utf8"
)

// Fallbacks turns on the readings of words the vocabulary does not list
// (this file): Chinese heads, Dutch diminutives, Armenian genitives, and the
// catalogue's loanword spellings (catalog's skeleton). It is on; tests turn
// it off to show that English and listed words are read as without them.
var Fallbacks = true

// A Chinese product word names its kind by its last character: 咖啡壶 is a
// pot (壶) for coffee, 吉他架 a stand (架) for a guitar. The vocabulary lists
// the words it knows whole; for one it does not, the last character still
// says what kind of thing it is. Only characters that are a product's head
// whenever they end a word are listed, with the kinds they name: 机
// (machine) is left out, it ends headphones (耳机), phones (手机) and
// cameras (相机) alike; so is 膏, lipstick (口红膏) and toothpaste (牙膏).
// Characters the vocabulary reads on their own (包, 灯, 刀, 笼) need no entry:
// the vocabulary already finds them in any word they end.
var zhHeads = map[string][]string{
	"架": {"instrument_stands", "mic_stands", "music_stands", "laptop_stands", "tablet_stands", "headset_stands",
		"phone_holders", "shoe_racks", "coat_racks", "drying_racks", "dish_racks", "spice_racks", "wine_racks", "bike_racks"},
	"盆": {"planters", "mixing_bowls", "baby_baths"},
	"线": {"cables", "sewing_thread", "yarn"},
	"壶": {"kettles", "teapots", "water_bottles"},
	"杯": {"mugs", "drinking_glasses", "wine_glasses", "water_bottles", "sippy_cups"},
	"盒": {"storage_boxes", "gift_boxes", "lunch_boxes", "jewellery_boxes", "tool_boxes"},
	"椅": {"chairs"},
	"桌": {"tables", "desks"},
	"梳": {"hairbrushes", "pet_brushes"},
	"绳": {"ropes_chains", "jump_ropes", "pet_leashes"},
	"镜": {"mirrors", "eyewear"},
	"瓶": {"water_bottles", "vases", "baby_bottles", "travel_bottles"},
	"剪": {"scissors", "pruners"},
	"锯": {"saws"},
	"钳": {"pliers"},
	"刷": {"paint_brushes", "makeup_brushes", "hairbrushes", "dish_brushes", "decorating_brushes", "pet_brushes"},
	"枕": {"pillows"},
	"毯": {"blankets", "rugs"},
	"巾": {"towels", "scarves"},
	"壳": {"phone_cases", "tablet_cases"},
	"霜": {"moisturisers", "hand_creams", "eye_creams", "sunscreen"},
}

// zhHead is the kinds a Chinese head character names, nil for a character
// that is not a head (or names kinds this vocabulary does not have).
func (v *Vocabulary) zhHead(char string) []ID {
	var out []ID
	for _, name := range zhHeads[char] {
		if id, ok := v.byName[name]; ok && v.IsKind(id) {
			out = append(out, id)
		}
	}
	return out
}

// diminutives are the Dutch endings that make a thing small ("rugzakje",
// a little backpack; "tasje", "bloempje", "flesjes"), longest first. A
// little backpack is still a backpack.
var diminutives = []string{"etjes", "etje", "tjes", "pjes", "jes", "tje", "pje", "je"}

// diminutive is the kind a Dutch diminutive the vocabulary does not know
// names without its ending, nil when it is not one. The word must be long
// enough that the ending is not part of a short word ("skje", a Norwegian
// spoon), and only a kind counts: "-je" ends too many other words to read a
// material or colour in one.
func (v *Vocabulary) diminutive(w string) []ID {
	if !Fallbacks || utf8.RuneCountInString(w) < 5 {
		return nil
	}
	for _, e := range diminutives {
		if !strings.HasSuffix(w, e) {
			continue
		}
		base := w[:len(w)-len(e)]
		if strings.HasPrefix(e, "et") {
			// "balletje": a doubled consonant before -etje is written once
			// in the word itself (bal).
			if n := len(base); n >= 2 && base[n-1] == base[n-2] {
				base = base[:n-1]
			}
		}
		if utf8.RuneCountInString(base) < 3 {
			return nil
		}
		if ids := kindsOf(v, v.plain.ids(makeToken(base).plain)); len(ids) > 0 {
			return ids
		}
	}
	return nil
}

// zhFallback reads a run of Chinese characters from i that the vocabulary
// does not know, up to the next word it does. Two readings, in order:
//
//   - The run's first characters end a word the vocabulary knows that began
//     with the last character of the word before: 羊毛线 is read 羊毛 (wool),
//     and 线 alone is nothing, but 毛线 is yarn. Chinese words share
//     characters so.
//   - The run ends in a head character (zhHeads): the whole run is that
//     kind, the characters before the head what kind of it. A lone head
//     character counts only right after a word the vocabulary read (木 架:
//     wooden + stand), where it ends a compound.
//
// The match is a Compound one: its kind is a constraint, its characters the
// shopper's own words.
func (v *Vocabulary) zhFallback(toks []token, i int, prev []Match, lookup func(i, L int) ([]ID, bool)) (Match, bool) {
	if !Fallbacks {
		return Match{}, false
	}
	j := i
	for j < len(toks) && toks[j].cjk && (j == i || !v.knownAt(toks, j, lookup)) {
		j++
	}
	after := len(prev) > 0 && prev[len(prev)-1].End == i && i > 0 && toks[i-1].cjk
	if after {
		for L := min(j-i, 3); L >= 1; L-- {
			if ids, ok := lookup(i-1, L+1); ok && v.hasKind(ids) {
				return Match{Start: i, End: i + L, Concepts: kindsOf(v, ids), Compound: true}, true
			}
		}
	}
	if j-i < 2 && !after {
		return Match{}, false
	}
	if ids := v.zhHead(toks[j-1].plain); len(ids) > 0 {
		return Match{Start: i, End: j, Concepts: ids, Compound: true}, true
	}
	return Match{}, false
}

// knownAt reports whether a phrase the vocabulary knows starts at token j.
func (v *Vocabulary) knownAt(toks []token, j int, lookup func(i, L int) ([]ID, bool)) bool {
	maxL := min(v.longest(toks[j].plain), len(toks)-j)
	for L := maxL; L >= 1; L-- {
		if _, ok := lookup(j, L); ok {
			return true
		}
	}
	return false
}

// genitive reads an Armenian word the vocabulary does not know as the
// genitive of one it does: -ի ("կիթառի", of the guitar), -յի after a vowel
// ("մեքենայի", of the car), in Armenian letters or typed in Latin ("kitari",
// "meqenayi"). In Latin letters the word must be six letters or more and
// the stem four: a shorter word ending in i is as often Malay ("lari",
// running, is not the genitive of "lar", a string).
func (v *Vocabulary) genitive(t token) []ID {
	if !Fallbacks || t.cjk || t.hy == "" || !t.armenian && t.runes < 6 {
		return nil
	}
	canon := armenianCanon(t.word, t.armenian)
	for _, e := range []string{"yi", "i"} {
		base, ok := strings.CutSuffix(canon, e)
		if !ok || utf8.RuneCountInString(base) < 4 {
			continue
		}
		key := stem(base, hyEndings)
		if ids := v.hy.ids(key); len(ids) > 0 && ids[0] != stop {
			return ids
		}
		if t.armenian {
			continue // Armenian letters are read as Armenian only
		}
		if ids := v.plain.ids(stem(base, endings)); len(ids) > 0 && ids[0] != stop {
			return ids
		}
	}
	return nil
}

// Malay puts the head of a noun phrase first ("beg kasut", shoe bag; "beg
// ukulele", ukulele bag), the other five languages last. malayOnly holds
// the keys of Malay terms for kinds that no English, Dutch or Norwegian
// term shares: only such a word says the phrase is Malay ("kabel" is
// Dutch and Norwegian too, "kit" English). It is worked out once, from the
// shipped terms: a retailer's own words (With) do not make a word Malay.
var (
	malayOnlyOnce sync.Once
	malayOnly     map[string]bool
)

func (v *Vocabulary) malayKinds() map[string]bool {
	malayOnlyOnce.Do(func() {
		keys := func(lang string) map[string]bool {
			out := map[string]bool{}
			for _, c := range v.concepts {
				for _, term := range c.Terms[lang] {
					toks := tokenize(strings.TrimPrefix(term, "~"))
					parts := make([]string, len(toks))
					for i, t := range toks {
						parts[i] = t.plain
					}
					if c.Facet == Kind || lang != "ms" {
						out[strings.Join(parts, " ")] = true
					}
				}
			}
			return out
		}
		malayOnly = keys("ms")
		for _, lang := range []string{"en", "nl", "nb"} {
			for k := range keys(lang) {
				delete(malayOnly, k)
			}
		}
	})
	return malayOnly
}

// markHeadFirst marks a kind that directly follows a kind named by a
// Malay-only term as what the first goes with.
func (v *Vocabulary) markHeadFirst(toks []token, ms []Match) {
	if !Fallbacks || len(ms) < 2 {
		return
	}
	var key strings.Builder
	for i := 1; i < len(ms); i++ {
		prev, m := ms[i-1], &ms[i]
		if m.Start != prev.End || prev.Compound || prev.Genitive || prev.Modifier || !v.hasKind(prev.Concepts) || !v.hasKind(m.Concepts) {
			continue
		}
		key.Reset()
		for j := prev.Start; j < prev.End; j++ {
			if j > prev.Start {
				key.WriteByte(' ')
			}
			key.WriteString(toks[j].plain)
		}
		if v.malayKinds()[key.String()] {
			m.Modifier = true
		}
	}
}
