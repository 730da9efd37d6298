package nlu

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Entity kinds in the order they win when two claim the same words: the more
// specific shapes (an e-mail, a phone number) before the looser ones.
var entityPriority = map[string]int{
	"email": 0, "phone": 1, "order_number": 2, "money": 3, "coupon": 4, "size": 5,
	"quantity": 6, "brand": 7, "category": 8, "color": 9,
}

// span is an entity candidate over tokens [from, to).
type span struct {
	kind     string
	value    any
	from, to int
}

// extractor holds one message being read.
type extractor struct {
	m     *model
	rs    []rune
	toks  []token
	norm  []string
	hits  [][]hit
	lang  string
	cands []span
	taken []bool // tokens claimed by an accepted entity
}

func (x *extractor) add(kind string, value any, from, to int) {
	if from < 0 || to > len(x.toks) || from >= to {
		return
	}
	x.cands = append(x.cands, span{kind: kind, value: value, from: from, to: to})
}

// extract finds the entities of a message; toks/norm/hits come from the
// caller so the classifier can reuse them.
func (m *model) extract(rs []rune, toks []token, norm []string, hits [][]hit, lang string) []Entity {
	x := &extractor{m: m, rs: rs, toks: toks, norm: norm, hits: hits, lang: lang, taken: make([]bool, len(toks))}
	x.emails()
	x.phones()
	x.orderNumbers()
	x.money()
	x.coupons()
	x.sizes()
	x.quantities()
	x.lexical()
	return x.resolve()
}

// resolve keeps the best non-overlapping candidates. Products may overlap the
// category or colour words of their own title: both are useful to a skill.
func (x *extractor) resolve() []Entity {
	slices.SortStableFunc(x.cands, func(a, b span) int {
		pa, pb := entityPriority[a.kind], entityPriority[b.kind]
		if a.kind == "product" {
			pa = -1
		}
		if b.kind == "product" {
			pb = -1
		}
		if pa != pb {
			return pa - pb
		}
		return (b.to - b.from) - (a.to - a.from)
	})
	var out []Entity
	products := make([]bool, len(x.toks))
	for _, c := range x.cands {
		claim := x.taken
		if c.kind == "product" {
			claim = products
		}
		free := true
		for k := c.from; k < c.to; k++ {
			if claim[k] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for k := c.from; k < c.to; k++ {
			claim[k] = true
		}
		start, end := x.toks[c.from].start, x.toks[c.to-1].end
		out = append(out, Entity{Entity: c.kind, Value: c.value, Start: start, End: end, Text: runeSlice(x.rs, start, end)})
	}
	slices.SortStableFunc(out, func(a, b Entity) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return a.End - b.End
	})
	return out
}

// ---- e-mail and phone ----------------------------------------------------

func isEmailLocal(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("._%+-", r))
}

func isEmailDomain(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-')
}

func (x *extractor) emails() {
	rs := x.rs
	for i, r := range rs {
		if r != '@' {
			continue
		}
		s := i
		for s > 0 && isEmailLocal(rs[s-1]) {
			s--
		}
		e := i + 1
		for e < len(rs) && isEmailDomain(rs[e]) {
			e++
		}
		for e > i+1 && (rs[e-1] == '.' || rs[e-1] == '-') {
			e-- // a full stop ending the sentence is not part of the address
		}
		domain := string(rs[i+1 : e])
		dot := strings.LastIndexByte(domain, '.')
		if s == i || dot <= 0 || len(domain)-dot-1 < 2 {
			continue
		}
		from, to := x.tokensCovering(s, e)
		if from >= 0 {
			x.add("email", strings.ToLower(string(rs[s:e])), from, to)
		}
	}
}

// tokensCovering returns the token range covering runes [s, e).
func (x *extractor) tokensCovering(s, e int) (int, int) {
	from, to := -1, -1
	for k, t := range x.toks {
		if t.end > s && t.start < e {
			if from < 0 {
				from = k
			}
			to = k + 1
		}
	}
	return from, to
}

func (x *extractor) phones() {
	rs := x.rs
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !(r == '+' || r == '(' || digitValue(r) >= 0) || i > 0 && (digitValue(rs[i-1]) >= 0 || unicode.IsLetter(rs[i-1]) && !isCJK(rs[i-1]) || rs[i-1] == '#' || rs[i-1] == '@') {
			continue
		}
		var digits []byte
		plus := r == '+'
		j := i
		if plus {
			j++
		}
		last := j
		for j < len(rs) {
			c := rs[j]
			if d := digitValue(c); d >= 0 {
				digits = append(digits, byte('0'+d))
				j++
				last = j
				continue
			}
			if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/') && j+1 < len(rs) && (digitValue(rs[j+1]) >= 0 || rs[j+1] == '(' || rs[j+1] == ' ') && len(digits) < 15 {
				j++
				continue
			}
			break
		}
		if last < len(rs) && (unicode.IsLetter(rs[last]) && !isCJK(rs[last]) || rs[last] == '@') {
			i = last
			continue
		}
		if len(digits) < 8 || len(digits) > 15 {
			if last > i {
				i = last - 1
			}
			continue
		}
		if e164, ok := normalizePhone(string(digits), plus, x.lang); ok {
			if from, to := x.tokensCovering(i, last); from >= 0 {
				x.add("phone", e164, from, to)
			}
		}
		i = last - 1
	}
}

// ---- numbers -------------------------------------------------------------

// number reads a number starting at token i: "42", "8.5", "8,5", "30,000",
// "30 000", "1.299,00". It returns the decimal string and the token after it.
func (x *extractor) number(i int) (string, int, bool) {
	if i >= len(x.toks) || x.toks[i].kind != tokNum {
		return "", i, false
	}
	intPart := x.toks[i].fold
	frac := ""
	j := i + 1
	for j+1 < len(x.toks) {
		sep := x.toks[j]
		next := x.toks[j+1]
		if next.kind != tokNum || x.toks[j-1].spaceAfter || sep.spaceAfter {
			// "30 000": a space as thousands separator
			if x.toks[j-1].spaceAfter && sep.kind == tokNum && len(sep.fold) == 3 && len(intPart) <= 3 && frac == "" && sep.start == x.toks[j-1].end+1 {
				intPart += sep.fold
				j++
				continue
			}
			break
		}
		if sep.text != "," && sep.text != "." && sep.text != "'" {
			break
		}
		if len(next.fold) == 3 && frac == "" && !(j+2 < len(x.toks) && x.toks[j+2].kind == tokNum) {
			// "30,000" and "1.299" are thousands, except "1.299,00"-style tails handled next loop
			intPart += next.fold
			j += 2
			continue
		}
		if len(next.fold) == 3 && frac == "" {
			intPart += next.fold
			j += 2
			continue
		}
		if len(next.fold) <= 2 && frac == "" {
			frac = next.fold
			j += 2
			break
		}
		break
	}
	// "8½"
	if j < len(x.toks) && x.toks[j].text == "½" && !x.toks[j-1].spaceAfter {
		frac = "5"
		j++
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if frac != "" {
		return intPart + "." + frac, j, true
	}
	return intPart, j, true
}

// splitAlnum splits a glued token like "RM200", "200kr" or "2x" into its
// letter prefix, digits and letter suffix.
func splitAlnum(s string) (pre, digits, suf string, ok bool) {
	i := 0
	for i < len(s) && !(s[i] >= '0' && s[i] <= '9') {
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if i == j || strings.ContainsAny(s[j:], "0123456789") {
		return "", "", "", false
	}
	return s[:i], s[i:j], s[j:], true
}

// endingAt finds a phrase of the kinds that ends right before token i,
// looking back up to four tokens.
func (x *extractor) endingAt(i int, kinds ...string) (int, lexEntry, bool) {
	for j := max(0, i-4); j < i; j++ {
		for _, h := range x.hits[j] {
			if j+h.n != i {
				continue
			}
			if n, e, ok := longest(x.hits[j:j+1], 0, x.lang, kinds...); ok && n == h.n {
				return j, e, true
			}
		}
	}
	return 0, lexEntry{}, false
}

func (x *extractor) lexKind(word string, kinds ...string) (lexEntry, bool) {
	for _, e := range x.m.lex.phrases[word] {
		if kindIn(e.kind, kinds) {
			return e, true
		}
	}
	return lexEntry{}, false
}

// ---- order numbers -------------------------------------------------------

var orderFillers = map[string]bool{"#": true, "nr": true, "no": true, "number": true, "nummer": true, ":": true, "号": true, "编号": true, "是": true, "nombor": true, "num": true, "id": true, ".": true, "is": true, "er": true, "ialah": true, "adalah": true, "համար": true, "hamar": true, "-": true, "：": true, "为": true}

func (x *extractor) orderNumbers() {
	for i := 0; i < len(x.toks); i++ {
		t := x.toks[i]
		if t.text == "#" && i+1 < len(x.toks) && x.toks[i+1].kind == tokNum && !t.spaceAfter {
			x.add("order_number", x.toks[i+1].fold, i, i+2)
			continue
		}
		// "20931 պատվերը", "1042号订单": the number before the word
		if t.kind == tokNum && len(t.fold) >= 3 && (x.lang == "hy" || x.lang == "zh") {
			k := i + 1
			if k < len(x.toks) && (x.toks[k].text == "-" || x.toks[k].text == "号") {
				k++
			}
			if n, _, ok := longest(x.hits, k, x.lang, "order_word"); ok {
				x.add("order_number", t.fold, i, k+n)
				continue
			}
		}
		n, _, ok := longest(x.hits, i, x.lang, "order_word")
		if !ok {
			continue
		}
		j := i + n
		for k := 0; k < 3 && j < len(x.toks) && orderFillers[x.norm[j]]; k++ {
			j++
		}
		if j < len(x.toks) && (x.toks[j].kind == tokNum || x.toks[j].kind == tokWord && hasDigit(x.toks[j].fold) && len(x.toks[j].fold) >= 4) {
			if x.toks[j].kind == tokNum && len(x.toks[j].fold) < 3 {
				continue // "order 2" is a quantity, not a reference
			}
			x.add("order_number", strings.ToUpper(x.toks[j].fold), i, j+1)
		}
	}
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// ---- money ---------------------------------------------------------------

// defaultCurrency is assumed when a budget has a bound but no currency
// ("onder de 50"): the currency the shopper's language most likely means.
var defaultCurrency = map[string]string{"nl": "EUR", "ms": "MYR", "zh": "CNY", "nb": "NOK", "hy": "AMD", "en": "EUR"}

func (x *extractor) money() {
	for i := 0; i < len(x.toks); i++ {
		var amount, cur string
		from, to := i, i
		t := x.toks[i]
		switch t.kind {
		case tokNum:
			v, j, _ := x.number(i)
			amount, to = v, j
		case tokWord:
			pre, digits, suf, ok := splitAlnum(t.fold)
			if !ok || pre != "" && suf != "" {
				continue
			}
			e, ok := x.lexKind(pre+suf, "currency")
			if !ok {
				continue
			}
			amount, cur, to = strings.TrimLeft(digits, "0"), e.value, i+1
			if amount == "" {
				amount = "0"
			}
			// "RM1,299" continues after the glued token
			if suf == "" && to+1 < len(x.toks) && (x.toks[to].text == "," || x.toks[to].text == ".") && x.toks[to+1].kind == tokNum && !x.toks[i].spaceAfter {
				if len(x.toks[to+1].fold) == 3 {
					amount += x.toks[to+1].fold
					to += 2
				} else if len(x.toks[to+1].fold) <= 2 {
					if f := strings.TrimRight(x.toks[to+1].fold, "0"); f != "" {
						amount += "." + f
					}
					to += 2
				}
			}
		default:
			continue
		}
		if cur == "" {
			// currency before: "€50", "RM 200", "kr 500", "USD 30"
			if j, e, ok := x.endingAt(i, "currency"); ok && i-j <= 2 {
				cur, from = e.value, j
			} else if n, e, ok := longest(x.hits, to, x.lang, "currency"); ok {
				cur = e.value
				to += n
			}
		}
		// "50,-" and "50.-" are prices in Dutch and Norwegian
		if cur == "" && to+1 < len(x.toks) && (x.toks[to].text == "," || x.toks[to].text == ".") && x.toks[to+1].text == "-" {
			cur = defaultCurrency[x.lang]
			to += 2
		}
		bound := "exact"
		hasBound := false
		if j, e, ok := x.endingAt(from, "bound_max_before", "bound_min_before"); ok {
			bound, hasBound, from = boundOf(e.kind), true, j
		} else if from > 0 && x.skippable(from-1) {
			if j, e, ok := x.endingAt(from-1, "bound_max_before", "bound_min_before"); ok {
				bound, hasBound, from = boundOf(e.kind), true, j
			}
		}
		after := to
		if after < len(x.toks) && x.toks[after].text == "-" {
			after++ // "30000-ից պակաս"
		}
		if n, e, ok := longest(x.hits, after, x.lang, "bound_max_after", "bound_min_after"); ok {
			bound, hasBound, to = boundOf(e.kind), true, after+n
		}
		if cur == "" {
			if !hasBound || x.unitFollows(to) {
				continue
			}
			cur = defaultCurrency[x.lang]
		}
		x.add("money", MoneyValue{Amount: amount, Currency: cur, Bound: bound}, from, to)
		i = to - 1
	}
}

// skippable reports words that may stand between a bound and its amount:
// "under de 50", "bawah dari RM200", "less than a 100".
func (x *extractor) skippable(i int) bool {
	switch x.norm[i] {
	case "de", "the", "a", "dari", "daripada", "of", "about", "around", "ongeveer", "rond", "sekitar", "kira", "omtrent", "rundt", "cirka", "ca", "circa", "在", "是", "budget", "bajet", "my":
		return true
	}
	return false
}

func (x *extractor) unitFollows(i int) bool {
	_, _, ok := longest(x.hits, i, x.lang, "qty_unit", "size_word")
	return ok
}

func boundOf(kind string) string {
	if strings.HasPrefix(kind, "bound_min") {
		return "min"
	}
	return "max"
}

// ---- coupons -------------------------------------------------------------

var couponFillers = map[string]bool{":": true, "is": true, "er": true, "ini": true, "adalah": true, "ialah": true, "是": true, "为": true, "-": true, "=": true, "：": true, "\"": true, "'": true, "the": true, "my": true, "saya": true, "mijn": true, "min": true, "het": true, "de": true, "“": true, "「": true, "է": true, "e": true}

func (x *extractor) coupons() {
	for i := 0; i < len(x.toks); i++ {
		n, _, ok := longest(x.hits, i, x.lang, "coupon_word")
		if !ok {
			continue
		}
		j := i + n
		for k := 0; k < 3 && j < len(x.toks) && couponFillers[x.norm[j]]; k++ {
			j++
		}
		if j >= len(x.toks) || x.toks[j].kind != tokWord && x.toks[j].kind != tokNum {
			continue
		}
		code := x.toks[j]
		// a code has a digit, is typed in capitals, or is a long word the
		// training data never uses ("summer" yes, "pls" and "please" no)
		if !looksLikeCode(code.text) || !hasDigit(code.fold) && code.text != strings.ToUpper(code.text) && (len(code.fold) < 5 || x.m.known[code.fold]) {
			continue
		}
		// "SAVE-10" and "SUMMER_2024" are one code
		end := j + 1
		for end+1 < len(x.toks) && (x.toks[end].text == "-" || x.toks[end].text == "_") && !x.toks[end-1].spaceAfter && !x.toks[end].spaceAfter && x.toks[end+1].kind != tokPunct && x.toks[end+1].kind != tokCJK {
			end += 2
		}
		x.add("coupon", strings.ToUpper(runeSlice(x.rs, code.start, x.toks[end-1].end)), j, end)
		i = end - 1
	}
}

// looksLikeCode accepts what a discount code looks like after a code word:
// letters and digits, 3–20 characters, Latin script.
func looksLikeCode(s string) bool {
	n := 0
	for _, r := range s {
		if r >= 0x80 || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
		n++
	}
	return n >= 3 && n <= 20
}

// codeShaped accepts a token that is a discount code even without a code
// word: letters and digits mixed (SAVE10), or all capitals (FREESHIP).
func codeShaped(s string) bool {
	if !looksLikeCode(s) || len(s) < 4 {
		return false
	}
	var letters, digits, upper int
	for _, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case unicode.IsUpper(r):
			upper++
			letters++
		default:
			letters++
		}
	}
	return letters >= 2 && (digits > 0 || upper == letters && letters >= 5)
}

// ---- sizes ---------------------------------------------------------------

// sizeLabel normalises a size typed after a size word: "m" → "M", "2xl" →
// "XXL".
func sizeLabel(s string) (string, bool) {
	switch strings.ToLower(s) {
	case "xxs", "2xs":
		return "XXS", true
	case "xs":
		return "XS", true
	case "s":
		return "S", true
	case "m":
		return "M", true
	case "l":
		return "L", true
	case "xl":
		return "XL", true
	case "xxl", "2xl":
		return "XXL", true
	case "xxxl", "3xl":
		return "XXXL", true
	}
	return "", false
}

func (x *extractor) sizeValueAt(j int) (string, int, bool) {
	if j >= len(x.toks) {
		return "", j, false
	}
	t := x.toks[j]
	switch t.kind {
	case tokNum:
		v, end, _ := x.number(j)
		if len(t.fold) > 3 {
			return "", j, false
		}
		return v, end, true
	case tokWord:
		if l, ok := sizeLabel(t.fold); ok {
			return l, j + 1, true
		}
		if pre, digits, suf, ok := splitAlnum(t.fold); ok && suf == "" && (pre == "eu" || pre == "us" || pre == "uk") {
			return strings.TrimLeft(digits, "0"), j + 1, true
		}
		if n, e, ok := longest(x.hits, j, x.lang, "size_label"); ok {
			return e.value, j + n, true
		}
	}
	return "", j, false
}

func (x *extractor) sizes() {
	for i := 0; i < len(x.toks); i++ {
		t := x.toks[i]
		// "size 42", "maat M", "str. 38", "չափս 42", "EU 42"
		if n, _, ok := longest(x.hits, i, x.lang, "size_word", "size_system"); ok {
			j := i + n
			for k := 0; k < 2 && j < len(x.toks); k++ {
				if m, _, ok := longest(x.hits, j, x.lang, "size_system"); ok {
					j += m
					continue
				}
				if x.toks[j].text == ":" || x.toks[j].text == "-" || x.norm[j] == "is" || x.norm[j] == "=" {
					j++
					continue
				}
				break
			}
			if v, end, ok := x.sizeValueAt(j); ok && !x.unitAfterIsQty(end) {
				x.add("size", v, i, end)
				i = end - 1
				continue
			}
		}
		// "42码", "42 maat", "42-ի չափս", "M չափսի"
		if t.kind == tokNum && len(t.fold) <= 2 || t.kind == tokWord && isSizeLabel(t.fold) {
			v, end, _ := x.number(i)
			if t.kind == tokWord {
				v, _ = sizeLabel(t.fold)
				end = i + 1
			}
			k := end
			if k < len(x.toks) && x.toks[k].text == "-" {
				k++
			}
			if n, e, ok := longest(x.hits, k, x.lang, "size_word"); ok && (e.lang == "zh" || e.lang == "hy" || x.lang == e.lang) {
				x.add("size", v, i, k+n)
				i = k + n - 1
				continue
			}
		}
		if t.kind == tokWord {
			if pre, digits, suf, ok := splitAlnum(t.fold); ok && (pre == "eu" || pre == "us" || pre == "uk" || pre == "size" || pre == "maat" || pre == "saiz" || pre == "str") && suf == "" {
				x.add("size", strings.TrimLeft(digits, "0"), i, i+1)
				continue
			}
			if l, ok := sizeLabel(t.fold); ok && len(t.fold) >= 2 {
				x.add("size", l, i, i+1) // XL, XXS, 2XL on their own
				continue
			}
			if l, ok := sizeLabel(t.text); ok && t.text == strings.ToUpper(t.text) && len(t.text) == 1 && x.sizeContext(i) {
				x.add("size", l, i, i+1)
				continue
			}
		}
		if n, e, ok := longest(x.hits, i, x.lang, "size_label"); ok && (freeLabel(x.norm[i:i+n]) || x.sizeContext(i)) {
			x.add("size", e.value, i, i+n)
			i += n - 1
			continue
		}
		// "in 42", "in 9.5": shoe sizes after "in" (and its translations)
		if t.kind == tokNum && i > 0 && sizePreposition[x.norm[i-1]] {
			v, end, _ := x.number(i)
			if f, err := strconv.ParseFloat(v, 64); err == nil && (f >= 3 && f <= 15 && strings.Contains(v, ".") || f >= 34 && f <= 50) && !x.unitAfterIsQty(end) && !x.currencyAt(end) {
				x.add("size", v, i, end)
				i = end - 1
			}
		}
	}
}

func isSizeLabel(s string) bool { _, ok := sizeLabel(s); return ok }

var sizePreposition = map[string]bool{"in": true, "dalam": true, "i": true, "en": true, "op": true, "van": true, "saiz": true, "有": true, "要": true}

func (x *extractor) currencyAt(i int) bool {
	_, _, ok := longest(x.hits, i, x.lang, "currency")
	return ok
}

func (x *extractor) unitAfterIsQty(i int) bool {
	_, _, ok := longest(x.hits, i, x.lang, "qty_unit")
	return ok && i < len(x.toks) && x.norm[i] != "x"
}

// sizeContext: a single S, M or L counts as a size after "in", "a", "size"…
// or before one.
func (x *extractor) sizeContext(i int) bool {
	if i > 0 {
		switch x.norm[i-1] {
		case "in", "a", "an", "en", "een", "dalam", "i", "saiz", "size", "maat", "str", "størrelse", "要", "有", "the":
			return true
		}
		if _, _, ok := longest(x.hits, i-1, x.lang, "size_word"); ok {
			return true
		}
		// right after what it sizes: "shorts, medium", "կրծկալ S"
		j := i
		if x.norm[j-1] == "," {
			j--
		}
		if _, _, ok := x.endingAt(j, "category"); ok {
			return true
		}
	}
	return false
}

// freeLabel: labels that are sizes wherever they appear ("extra large",
// "中号"), unlike plain adjectives ("large", "besar").
func freeLabel(words []string) bool {
	if len(words) > 1 {
		return true
	}
	for _, r := range words[0] {
		if r > 0x2000 {
			return true // CJK
		}
	}
	return false
}

// ---- quantities ----------------------------------------------------------

func (x *extractor) quantities() {
	for i := 0; i < len(x.toks); i++ {
		t := x.toks[i]
		switch t.kind {
		case tokNum:
			if len(t.fold) > 3 || i+1 < len(x.toks) && (x.toks[i+1].text == "." || x.toks[i+1].text == ",") && i+2 < len(x.toks) && x.toks[i+2].kind == tokNum && !t.spaceAfter {
				continue
			}
			q, _ := strconv.Atoi(t.fold)
			if x.countsTimes(i + 1) {
				continue
			}
			if n, _, ok := longest(x.hits, i+1, x.lang, "qty_unit"); ok {
				x.add("quantity", q, i, i+1+n)
				i += n
				continue
			}
			if i > 0 && x.norm[i-1] == "x" && !x.toks[i-1].spaceAfter {
				x.add("quantity", q, i-1, i+1)
				continue
			}
			if q >= 1 && q <= 20 && x.bareQuantity(i) {
				x.add("quantity", q, i, i+1)
			}
		case tokWord:
			if pre, digits, suf, ok := splitAlnum(t.fold); ok && (pre == "x" && suf == "" || pre == "" && suf != "" && x.isUnit(suf)) {
				q, _ := strconv.Atoi(digits)
				x.add("quantity", q, i, i+1)
				continue
			}
			fallthrough
		case tokCJK:
			n, e, ok := longest(x.hits, i, x.lang, "number")
			if !ok || e.lang != x.lang {
				continue
			}
			q, _ := strconv.Atoi(e.value)
			if x.countsTimes(i + n) {
				continue
			}
			m, _, unit := longest(x.hits, i+n, x.lang, "qty_unit")
			if t.kind == tokCJK && !unit {
				continue // 一下, 一样, 一起: Chinese numerals count only with a measure word
			}
			if !unit && !x.numberWordIsQuantity(i, e) {
				continue
			}
			x.add("quantity", q, i, i+n+m)
			i += n + m - 1
		}
	}
}

// countsTimes reports whether the token at i says the number before it
// counts events ("2 times", "dua kali"), not items.
func (x *extractor) countsTimes(i int) bool {
	_, _, ok := longest(x.hits, i, x.lang, "times_word")
	return ok
}

func (x *extractor) isUnit(s string) bool {
	_, ok := x.lexKind(s, "qty_unit")
	return ok && s != "x" || s == "x"
}

// bareQuantity: a lone small number is a quantity when nothing else claims
// it; sizes and money are found first and win on overlap, but a number after
// "in" is more likely a size, one after "#" a reference.
func (x *extractor) bareQuantity(i int) bool {
	if i > 0 {
		p := x.norm[i-1]
		if p == "#" || sizePreposition[p] && x.lang != "zh" || p == "." || p == "," || p == ":" || p == "/" {
			return false
		}
	}
	if i+1 < len(x.toks) {
		n := x.toks[i+1]
		if n.text == "." || n.text == ":" || n.text == "/" || n.text == "%" || n.text == "-" || n.kind == tokWord && (n.fold == "am" || n.fold == "pm" || n.fold == "days" || n.fold == "dagen" || n.fold == "hari" || n.fold == "dager" || n.fold == "stars" || n.fold == "sterren" || n.fold == "bintang" || n.fold == "stjerner" || n.fold == "weeks" || n.fold == "uur" || n.fold == "hours" || n.fold == "jam" || n.fold == "timer" || n.fold == "minutes" || n.fold == "percent" || n.fold == "procent" || n.fold == "peratus" || n.fold == "prosent" || n.fold == "years" || n.fold == "jaar" || n.fold == "tahun" || n.fold == "ar" || n.fold == "months" || n.fold == "maanden" || n.fold == "bulan" || n.fold == "maneder") {
			return false
		}
		if n.kind == tokCJK && strings.Contains("天号日月点年星分%岁", n.text) {
			return false
		}
	}
	return true
}

// numberWordIsQuantity keeps "one" out of "the red one" and "which one".
func (x *extractor) numberWordIsQuantity(i int, e lexEntry) bool {
	if e.value != "1" {
		return true
	}
	if e.lang == "en" {
		// English "one" is mostly a pronoun; it counts after a verb of
		// taking or before what is being counted.
		if i > 0 {
			switch x.norm[i-1] {
			case "take", "add", "want", "need", "buy", "get", "order", "just", "only", "i'll", "give", "me", "put", "remove", "like":
				return true
			}
		}
		if _, _, ok := longest(x.hits, i+1, x.lang, "category", "color", "qty_unit"); ok {
			return true
		}
		return i+1 < len(x.norm) && x.norm[i+1] == "more"
	}
	if i > 0 {
		switch x.norm[i-1] {
		case "the", "this", "that", "which", "another", "any", "each", "every", "no", "red", "black", "white", "blue", "new", "other", "same", "die", "deze", "welke", "een", "de", "den", "det", "hvilken", "yang":
			return false
		}
		if _, _, ok := x.endingAt(i, "color"); ok {
			return false
		}
	}
	return true
}

// ---- words from the lexicon: colour, category, brand, product -----------

func (x *extractor) lexical() {
	for i := 0; i < len(x.toks); i++ {
		if n, e, ok := longest(x.hits, i, x.lang, "product"); ok {
			x.add("product", e.value, i, i+n)
		}
		n, e, ok := longest(x.hits, i, x.lang, "brand", "category", "color")
		if !ok {
			continue
		}
		value := e.value
		if e.kind == "category" {
			value = x.m.categoryValue(value)
		}
		x.add(e.kind, value, i, i+n)
	}
}
