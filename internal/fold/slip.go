package fold

// Slip reports whether typed is word written with one slip of the fingers,
// not another word: both folded, one letter apart (dropped, added, swapped
// with its neighbour, or struck for another) — and the first letter kept,
// and a letter struck for another only when the two keys are neighbours or
// the two letters are one sound ("karbon" for "carbon", "vanille" for
// "vanilla"). One edit alone joins too many ordinary words to a shop's
// words: "shame" to "Shape", "grove" to "glove", "renser" to "genser",
// "paket" to "jaket", none of them a slip a typist makes.
//
// Letters outside a–z (Armenian, Cyrillic) are judged by the edit alone:
// which keys neighbour them depends on a keyboard we do not know.
func Slip(typed, word string) bool {
	a, b := []rune(typed), []rune(word)
	la, lb := len(a), len(b)
	if la-lb > 1 || lb-la > 1 {
		return false
	}
	i := 0
	for i < la && i < lb && a[i] == b[i] {
		i++
	}
	if i == la && i == lb {
		return true
	}
	if i == 0 {
		// A word that differs in its first letter is another word far
		// more often than a slip ("saint", "paint"), unless it is the same
		// sound spelt another way ("karbon").
		return la == lb && alike[[2]rune{a[0], b[0]}] && string(a[1:]) == string(b[1:])
	}
	switch {
	case la == lb:
		if string(a[i+1:]) == string(b[i+1:]) {
			return struckFor(a[i], b[i])
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
	case la > lb:
		return string(a[i+1:]) == string(b[i:])
	default:
		return string(a[i:]) == string(b[i+1:])
	}
}

// keyRows are the letter rows of the keyboards of the six languages'
// Latin spellings (QWERTY), each row set half a key to the right of the
// one above.
var keyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyAt is each letter's row and column on keyRows.
var keyAt = func() map[rune][2]int {
	m := map[rune][2]int{}
	for r, row := range keyRows {
		for c, k := range row {
			m[k] = [2]int{r, c}
		}
	}
	return m
}()

// alike are pairs of letters that spell one sound in one of the languages
// or another ("kamera", "nilon", "organizer"): a word spelt by its sound.
var alike = map[[2]rune]bool{}

func init() {
	for _, p := range []string{"ck", "cq", "kq", "cs", "sz", "iy", "fv", "vw", "dt", "bp", "gk"} {
		r := []rune(p)
		alike[[2]rune{r[0], r[1]}] = true
		alike[[2]rune{r[1], r[0]}] = true
	}
}

// struckFor reports whether typing x for y is a slip: neighbouring keys,
// two vowels, or two letters of one sound.
func struckFor(x, y rune) bool {
	px, okx := keyAt[x]
	py, oky := keyAt[y]
	if !okx || !oky {
		return true
	}
	if vowel(x) && vowel(y) || alike[[2]rune{x, y}] {
		return true
	}
	dr, dc := py[0]-px[0], py[1]-px[1]
	switch dr {
	case 0:
		return dc == 1 || dc == -1
	case -1: // y on the row above: its keys sit half a key to the left
		return dc == 0 || dc == 1
	case 1:
		return dc == 0 || dc == -1
	}
	return false
}

func vowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
