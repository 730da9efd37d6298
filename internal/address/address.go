// Package address holds postal addresses and reads them from one line of
// chat text in the formats of the launch countries ("Keizersgracht 12,
// 1015 CS Amsterdam, NL", "12 Jalan Ampang, 50450 Kuala Lumpur, Malaysia",
// "上海市黄浦区南京东路100号 200001").
package address

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Address is a postal address.
type Address struct {
	Name       string `json:"name"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2,omitempty"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
	Country    string `json:"country"` // ISO 3166-1 alpha-2
}

// ErrIncomplete is wrapped by Validate and Parse when fields are missing.
var ErrIncomplete = errors.New("incomplete address")

// Missing lists the fields that are empty or wrong.
func (a Address) Missing() []string {
	var m []string
	if strings.TrimSpace(a.Name) == "" {
		m = append(m, "name")
	}
	if strings.TrimSpace(a.Line1) == "" {
		m = append(m, "line1")
	}
	if strings.TrimSpace(a.PostalCode) == "" && !noPostalCode[a.Country] {
		m = append(m, "postal_code")
	}
	if strings.TrimSpace(a.City) == "" {
		m = append(m, "city")
	}
	if len(strings.TrimSpace(a.Country)) != 2 {
		m = append(m, "country")
	}
	return m
}

// Validate reports what is missing, and a postal code that does not fit the country.
func (a Address) Validate() error {
	if m := a.Missing(); len(m) > 0 {
		return fmt.Errorf("%w: needs %s", ErrIncomplete, strings.Join(m, ", "))
	}
	if re, ok := postal[a.Country]; ok && !re.MatchString(a.PostalCode) && (a.PostalCode != "" || !noPostalCode[a.Country]) {
		return fmt.Errorf("%w: %q is not a postal code of %s", ErrIncomplete, a.PostalCode, a.Country)
	}
	return nil
}

// OneLine renders the address the way it was probably written.
func (a Address) OneLine() string {
	parts := []string{}
	for _, p := range []string{a.Name, a.Line1, a.Line2, strings.TrimSpace(a.PostalCode + " " + a.City), a.Country} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// noPostalCode are countries whose addresses go without a postal code:
// Hong Kong and the Emirates have none, and Chinese and Armenian shoppers
// rarely type theirs (couriers go by district and street), so asking for it
// again and again only stalls the checkout. Irish post is delivered without
// an Eircode too, and many shoppers write only the Dublin district ("Dublin
// D13"), which is no Eircode.
var noPostalCode = map[string]bool{"HK": true, "AE": true, "CN": true, "AM": true, "IE": true}

// ieDistrict is an Irish town line ending in a postal district: "Dublin 6",
// "Dublin D13", "Dublin 6W".
var ieDistrict = regexp.MustCompile(`^\pL[\pL .'-]+ D?[0-9]{1,2}W?$`)

// cityStates are countries that are one city: the city may go unsaid.
var cityStates = map[string]bool{"SG": true, "HK": true}

// postal are the postal-code shapes of the countries we ship to most.
var postal = map[string]*regexp.Regexp{
	"NL": regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Z]{2}$`),
	"BE": regexp.MustCompile(`^[1-9][0-9]{3}$`),
	"DE": regexp.MustCompile(`^[0-9]{5}$`),
	"MY": regexp.MustCompile(`^[0-9]{5}$`),
	"CN": regexp.MustCompile(`^[0-9]{6}$`),
	"NO": regexp.MustCompile(`^[0-9]{4}$`),
	"AM": regexp.MustCompile(`^[0-9]{4}$`),
	"IE": regexp.MustCompile(`^[AC-FHKNPRTV-Y][0-9]{2}W? ?[0-9AC-FHKNPRTV-Y]{4}$`),
	"GB": regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$`),
	"US": regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`),
}

var (
	nlPostal = regexp.MustCompile(`\b([1-9][0-9]{3}) ?([A-Za-z]{2})\b`)
	iePostal = regexp.MustCompile(`\b([AC-FHKNPRTV-Ya-z][0-9]{2}[Ww]?) ?([0-9AC-FHKNPRTV-Ya-z]{4})\b`)
	gbPostal = regexp.MustCompile(`\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?) ?([0-9][A-Za-z]{2})\b`)
	digits   = regexp.MustCompile(`\b[0-9]{4,6}\b`)
	// groupedPostal is a code of three digits and two, then the city (SE, CZ, SK, GR).
	groupedPostal = regexp.MustCompile(`^\s*([0-9]{3}) ([0-9]{2})\s+\pL`)
	cnPostal      = regexp.MustCompile(`[0-9]{6}`)
	cnCity        = regexp.MustCompile(`^(?:中国)?(.+?(?:省|自治区))?(.+?市)`)
	hasDigits     = regexp.MustCompile(`[0-9]`)
)

// Parse reads an address from one line of text. defaultCountry is used when
// the text names none (the shop's or the shopper's country). The result is
// returned even when incomplete, with an error naming what is missing, so the
// bot can ask for just that.
func Parse(text, defaultCountry string) (Address, error) {
	return ParseIn(text, defaultCountry)
}

// ParseIn is Parse with several countries to fall back on, most likely first
// (the shop's, then the one the shopper's language points to): the first
// whose postal-code shape fits the code typed is taken.
func ParseIn(text string, defaults ...string) (Address, error) {
	text = strings.TrimSpace(text)
	if chineseAddress(text) {
		return parseChinese(text)
	}
	parts := splitParts(text)
	var a Address
	// Country: a trailing part that names one, or the last words of a
	// trailing part typed without commas.
	if n := len(parts); n > 0 {
		if c := CountryCode(parts[n-1]); c != "" {
			a.Country = c
			parts = parts[:n-1]
		} else if c, rest := trailingCountry(parts[n-1]); c != "" && hasDigits.MatchString(text) {
			a.Country = c
			parts[n-1] = rest
		}
	}
	if len(parts) == 1 {
		// "Keizersgracht 12 1015CS Amsterdam": no commas at all.
		parts = splitRun(parts[0], a.Country)
	}
	// Postal code and city: the part holding a postal code of the right shape.
	pc := -1
	for i := len(parts) - 1; i >= 0 && pc < 0; i-- {
		p := parts[i]
		if m := nlPostal.FindStringSubmatchIndex(p); m != nil && (a.Country == "" || a.Country == "NL") && i > 0 {
			a.PostalCode = p[m[2]:m[3]] + " " + strings.ToUpper(p[m[4]:m[5]])
			a.City = strings.TrimSpace(p[:m[0]] + " " + p[m[1]:])
			if a.Country == "" {
				a.Country = "NL"
			}
			pc = i
			continue
		}
		if m := iePostal.FindStringSubmatchIndex(p); m != nil && a.Country == "IE" && i > 0 {
			a.PostalCode = strings.ToUpper(p[m[2]:m[3]] + " " + p[m[4]:m[5]])
			a.City = strings.TrimSpace(p[:m[0]] + " " + p[m[1]:])
			pc = i
			continue
		}
		if m := gbPostal.FindStringSubmatchIndex(p); m != nil && (a.Country == "" || a.Country == "GB") && i > 0 {
			a.PostalCode = strings.ToUpper(p[m[2]:m[3]] + " " + p[m[4]:m[5]])
			a.City = strings.TrimSpace(p[:m[0]] + " " + p[m[1]:])
			a.Country = "GB"
			pc = i
			continue
		}
		if m := groupedPostal.FindStringSubmatchIndex(p); m != nil && i > 0 {
			// "114 55 Stockholm", "110 00 Praha", "105 57 Athens": a postal
			// code written in two groups of digits.
			a.PostalCode = p[m[2]:m[3]] + " " + p[m[4]:m[5]]
			a.City = strings.TrimSpace(p[m[5]:])
			pc = i
			continue
		}
		if loc := digits.FindStringIndex(p); loc != nil && i > 0 {
			a.PostalCode = p[loc[0]:loc[1]]
			a.City = strings.TrimSpace(p[:loc[0]] + " " + p[loc[1]:])
			pc = i
		}
	}
	if pc >= 0 {
		a.City = strings.Trim(a.City, " ,")
		if a.City == "" && pc+1 < len(parts) {
			a.City = parts[pc+1]
		}
		parts = parts[:pc]
		if a.City == "" {
			// "22 Shop Street, Galway, H91 F2KT": the code in a part of its
			// own, the city in the part after the street (a county after
			// that goes to the second line).
			for s, p := range parts {
				if hasDigits.MatchString(p) {
					if s+1 < len(parts) {
						a.City = parts[s+1]
						if s+2 < len(parts) {
							a.Line2 = strings.Join(parts[s+2:], ", ")
						}
						parts = parts[:s+1]
					}
					break
				}
			}
		}
	}
	// Street: the first remaining part with a house number; a part before it
	// without digits is the name.
	for i, p := range parts {
		if hasDigits.MatchString(p) {
			a.Line1 = p
			if i > 0 {
				a.Name = strings.Join(parts[:i], " ")
			}
			if i+1 < len(parts) && a.Line2 == "" {
				a.Line2 = strings.Join(parts[i+1:], ", ")
			}
			if last := len(parts) - 1; pc < 0 && a.City == "" && last > i && (!hasDigits.MatchString(parts[last]) || a.Country == "IE" && ieDistrict.MatchString(parts[last])) {
				// No postal code ("Abovyan 10, Yerevan"): the last part
				// after the street is the city, unless it is a flat number.
				a.City = parts[last]
				a.Line2 = strings.Join(parts[i+1:last], ", ")
			}
			break
		}
	}
	if a.Line1 == "" && len(parts) > 0 {
		a.Line1 = parts[len(parts)-1]
		a.Name = strings.Join(parts[:len(parts)-1], " ")
	}
	if a.City == "" && cityStates[a.Country] {
		a.City = CountryName(a.Country, "en")
	}
	if a.City == "" && a.Line1 != "" && a.Name != "" && !strings.Contains(a.Name, " ") && hasDigits.MatchString(a.Line1) {
		// "Yerevan, Abovyan poghots 10, 0001": one word before the street
		// and no city after it is the city written first; a name on a
		// parcel has two words or more.
		a.City, a.Name = a.Name, ""
	}
	if a.Country == "" {
		a.Country = guessCountry(a.PostalCode, defaults)
	}
	return a, a.Validate()
}

// guessCountry infers a country from the postal code's shape, preferring the
// defaults in their order.
func guessCountry(code string, defaults []string) string {
	def := ""
	for _, d := range defaults {
		if d == "" {
			continue
		}
		if def == "" {
			def = d
		}
		if re, ok := postal[d]; ok && re.MatchString(code) {
			return d
		}
	}
	switch len(code) {
	case 6:
		return "CN"
	case 5:
		return "MY"
	case 0:
		// No code to go by: a default whose addresses go without one is the
		// only one under which the address is whole.
		for _, d := range defaults {
			if noPostalCode[d] {
				return d
			}
		}
	}
	return def
}

// splitRun cuts an address typed without commas at its postal code: the
// street before it, the city after it ("12 Jalan Bukit Bintang 55100 Kuala
// Lumpur"), or before it when the code ends the line ("Abovyan 10 Yerevan
// 0001").
func splitRun(p, country string) []string {
	var loc []int
	switch {
	case country == "" || country == "NL":
		loc = nlPostal.FindStringIndex(p)
	case country == "GB":
		loc = gbPostal.FindStringIndex(p)
	case country == "IE":
		loc = iePostal.FindStringIndex(p)
	}
	if loc == nil || loc[0] == 0 {
		all := digits.FindAllStringIndex(p, -1)
		if len(all) == 0 {
			return []string{p}
		}
		loc = all[len(all)-1]
	}
	if loc[0] == 0 {
		return []string{p}
	}
	street, code, city := strings.TrimSpace(p[:loc[0]]), p[loc[0]:loc[1]], strings.TrimSpace(p[loc[1]:])
	if city == "" {
		// The city is the words after the house number.
		words := strings.Fields(street)
		for i := len(words) - 1; i > 0; i-- {
			if hasDigits.MatchString(words[i]) {
				if i+1 < len(words) {
					street, city = strings.Join(words[:i+1], " "), strings.Join(words[i+1:], " ")
				}
				break
			}
		}
	}
	if city == "" {
		return []string{street, code}
	}
	return []string{street, code + " " + city}
}

func splitParts(text string) []string {
	var parts []string
	for _, p := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '\n' || r == ';' || r == '，' }) {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// chineseAddress reports text written as a Chinese address: with a province
// or city, or Han characters naming a district, road or house number.
func chineseAddress(text string) bool {
	if strings.ContainsRune(text, '市') || strings.ContainsRune(text, '省') {
		return true
	}
	han := 0
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	return han >= 4 && strings.ContainsAny(text, "区县路街号道")
}

// cnCities are cities Chinese shoppers name without "市" ("北京朝阳区…").
var cnCities = []string{"北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州",
	"厦门", "青岛", "长沙", "郑州", "沈阳", "大连", "宁波", "昆明", "哈尔滨", "福州", "济南", "合肥"}

// cnMobile is a mainland mobile number, typed with the address more often
// than not; its digits are no postal code.
var cnMobile = regexp.MustCompile(`(?:\+?86[ -]?)?1[3-9][0-9]{9}`)

// parseChinese reads big-to-small Chinese addresses: [中国]省市区街道门牌 [postal code] [name].
func parseChinese(text string) (Address, error) {
	a := Address{Country: "CN"}
	text = strings.TrimSpace(cnMobile.ReplaceAllString(text, " "))
	if loc := cnPostal.FindStringIndex(text); loc != nil {
		a.PostalCode = text[loc[0]:loc[1]]
		text = strings.TrimSpace(text[:loc[0]] + " " + text[loc[1]:])
	}
	parts := splitParts(strings.ReplaceAll(text, " ", ","))
	var street []string
	for _, p := range parts {
		switch {
		case strings.ContainsAny(p, "市省区路街号") || hasDigits.MatchString(p):
			street = append(street, p)
		case a.Name == "" && len([]rune(p)) <= 5 && !strings.ContainsFunc(p, unicode.IsDigit):
			a.Name = p
		default:
			street = append(street, p)
		}
	}
	s := strings.Join(street, "")
	s = strings.TrimPrefix(s, "中国")
	if m := cnCity.FindStringSubmatchIndex(s); m != nil {
		a.City = s[m[4]:m[5]]
		a.Line1 = strings.TrimSpace(s[m[5]:])
	} else {
		a.Line1 = s
		for _, c := range cnCities {
			if rest, ok := strings.CutPrefix(s, c); ok && rest != "" {
				a.City, a.Line1 = c+"市", rest
				break
			}
		}
	}
	return a, a.Validate()
}
