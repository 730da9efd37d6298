package dialog

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
)

// A number that says how many pieces a product comes with ("5个一套", "set
// of 4", "4-pakken", "6 stk settet", "五件套", "6-anoc") names the variant
// wanted, not how many of it to buy: "换5个一套的" is one set of five. The
// NLU reads the number as a quantity; the words around it say otherwise.

// packAfter are the words that, right after a number, make it a pack size.
var packAfter = []string{
	// Chinese measure words of a pack or set
	"个装", "只装", "支装", "片装", "件装", "袋装", "瓶装", "条装", "双装", "个一套", "个一组", "只一套", "件一套",
	"件套", "个套", "pcs", "pc set", "pc.",
	// English, Dutch, Malay
	"-pack", "pack set", "-piece", "piece set", "pieces set", "pce", "-delig", "delige", "delig", "keping", "-pak ",
	// Norwegian
	"-pakk", "pakk", "-pakning", "stk settet", "stk sett", "stk-sett", "-delt", "delt sett", "delers",
	// Armenian, in its letters and in Latin ones ("5 հատանոցը", "6-anoc")
	"հատանոց", "-անոց", "անոց", "hatanoc", "-anoc", "anoc", "-anots", "hatanots",
}

// packBefore are the words that, right before a number, make it a pack size.
var packBefore = []string{
	"set of", "pack of", "box of", "sets of", "packs of", "set van", "pak van", "doos van", "sett med", "pakke med",
	"verpakking van", "verpakking met", "pakje van", "doosje van",
	"pakning med", "set isi", "pek isi", "kotak isi", "set", "sett", "一套", "每套",
}

// packSizeAt reports whether the number the runes start..end of text hold
// says how many pieces a pack has.
func packSizeAt(text string, start, end int) bool {
	r := []rune(strings.ToLower(text))
	if start < 0 || end > len(r) || start >= end {
		return false
	}
	if last := lastDigit(r[start:end]); last >= 0 && slices.ContainsFunc(r[start+last+1:end], func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
		// The NLU's number may take in the Chinese measure word after it
		// ("5个" of "5个一套"): the pack words are read from the digits'
		// end. Words in other scripts it takes in ("3 pakker", three
		// packs) stay part of the count.
		end = start + last + 1
	}
	after := strings.TrimLeft(string(r[end:]), " ")
	for _, w := range packAfter {
		if strings.HasPrefix(after, w) {
			// "2 packs" counts packs; "2-pack" and "2 pack set" name one.
			rest := after[len(w):]
			if (w == "pakk" || w == "-pack") && strings.HasPrefix(rest, "s") {
				continue
			}
			// "3个装进购物车" puts three into the cart.
			if strings.HasSuffix(w, "装") && strings.ContainsAny(string([]rune(rest + " ")[0]), "进入到上满") {
				continue
			}
			return true
		}
	}
	before := strings.TrimRightFunc(string(r[:start]), func(c rune) bool { return unicode.IsSpace(c) || c == '-' })
	for _, w := range packBefore {
		if strings.HasSuffix(before, w) {
			i := len(before) - len(w)
			if i == 0 || !unicode.IsLetter([]rune(before[:i])[len([]rune(before[:i]))-1]) {
				return true
			}
		}
	}
	return false
}

// lastDigit is the index of the last ASCII digit in r, or -1.
func lastDigit(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] >= '0' && r[i] <= '9' {
			return i
		}
	}
	return -1
}

// numberOfValue reports a number that is the one number of the option
// value chosen ("de verpakking van 25 stuks" for the "25 pack", "a box of
// 5 reams" for "5 reams"), said once: it names the variant, it does not
// count it. A message that says the number twice ("2 of the 2-pack")
// counts with one of them.
func numberOfValue(p *catalog.Product, want map[string]string, said string, n int) bool {
	num := strconv.Itoa(n)
	if strings.Count(" "+strings.Join(numbersIn(said), " ")+" ", " "+num+" ") != 1 {
		return false
	}
	for _, name := range p.Options {
		v, ok := catalog.OptionValue(want, name)
		if !ok {
			continue
		}
		if nums := numbersIn(v); len(nums) == 1 && nums[0] == num {
			return true
		}
	}
	return false
}
