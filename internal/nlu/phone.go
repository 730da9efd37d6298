package nlu

import "strings"

// countryCodes are the calling codes of the launch markets, longest first so
// that 374 is tried before a one-digit code.
var countryCodes = []struct {
	code     string
	national []int // digit counts of the national significant number
}{
	{"374", []int{8}},
	{"31", []int{9}},
	{"60", []int{9, 10}},
	{"86", []int{11, 10}},
	{"47", []int{8}},
	{"44", []int{10, 9}},
	{"1", []int{10}},
}

// normalizePhone turns the digits a shopper typed into E.164. plus says the
// number was typed with a leading "+"; lang picks the country of a number
// written the national way (0612345678 in Dutch is +31612345678).
func normalizePhone(digits string, plus bool, lang string) (string, bool) {
	if !plus && strings.HasPrefix(digits, "00") {
		digits, plus = digits[2:], true
	}
	if plus {
		for _, cc := range countryCodes {
			rest, ok := strings.CutPrefix(digits, cc.code)
			if !ok {
				continue
			}
			// "+31 (0)6 …": the trunk zero is dropped in international form
			if strings.HasPrefix(rest, "0") && cc.code != "1" && cc.code != "86" {
				rest = rest[1:]
			}
			for _, n := range cc.national {
				if len(rest) == n {
					return "+" + cc.code + rest, true
				}
			}
		}
		if len(digits) >= 8 && len(digits) <= 15 && digits[0] != '0' {
			return "+" + digits, true // another country: keep as typed
		}
		return "", false
	}
	if e, ok := nationalPhone(digits, lang); ok {
		return e, true
	}
	// Written with the country code but without "+": 31612345678.
	for _, cc := range countryCodes {
		if rest, ok := strings.CutPrefix(digits, cc.code); ok && rest != "" && rest[0] != '0' {
			for _, n := range cc.national {
				if len(rest) == n && len(digits) >= 10 {
					return "+" + digits, true
				}
			}
		}
	}
	// A national number of another launch market, recognisable by shape.
	for _, l := range Languages {
		if l != lang {
			if e, ok := nationalPhone(digits, l); ok && l != "nb" && l != "en" {
				return e, true
			}
		}
	}
	return "", false
}

func nationalPhone(d, lang string) (string, bool) {
	switch lang {
	case "nl":
		if len(d) == 10 && d[0] == '0' && d[1] != '0' {
			return "+31" + d[1:], true
		}
	case "ms":
		if (len(d) == 10 || len(d) == 11) && d[0] == '0' && d[1] != '0' {
			return "+60" + d[1:], true
		}
	case "zh":
		if len(d) == 11 && d[0] == '1' && d[1] >= '3' {
			return "+86" + d, true
		}
		if (len(d) == 11 || len(d) == 12) && d[0] == '0' && d[1] != '0' {
			return "+86" + d[1:], true // landline with area code
		}
	case "nb":
		if len(d) == 8 && d[0] >= '2' {
			return "+47" + d, true
		}
	case "hy":
		if len(d) == 9 && d[0] == '0' {
			return "+374" + d[1:], true
		}
		if len(d) == 8 && d[0] != '0' {
			return "+374" + d, true
		}
	case "en":
		if len(d) == 11 && d[0] == '0' && d[1] != '0' {
			return "+44" + d[1:], true // UK, 07700 900123
		}
		if len(d) == 10 && d[0] >= '2' {
			return "+1" + d, true // North America
		}
		if len(d) == 11 && d[0] == '1' {
			return "+" + d, true
		}
	}
	return "", false
}
