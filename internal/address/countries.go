package address

import (
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/fold"
)

// country is one country as shoppers of the six languages write it: its
// name in en, nl, ms, zh, nb and hy (in that order, for naming it back to
// them), then other spellings seen in addresses (native names, Armenian in
// Latin letters, short forms). A shop ships to far more countries than it
// has rules for, so the table is wider than the launch countries: an address
// in France must read as France, not as a Malaysian postal code.
type country struct {
	code    string
	names   [6]string
	aliases []string
}

// langIndex is the position of a language in country.names.
var langIndex = map[string]int{"en": 0, "nl": 1, "ms": 2, "zh": 3, "nb": 4, "hy": 5}

var countryTable = []country{
	{"NL", [6]string{"Netherlands", "Nederland", "Belanda", "荷兰", "Nederland", "Նիդերլանդներ"}, []string{"nld", "the netherlands", "holland", "nederlandene", "niderlandner", "hollandia", "հոլանդիա"}},
	{"BE", [6]string{"Belgium", "België", "Belgium", "比利时", "Belgia", "Բելգիա"}, []string{"belgique", "belgien", "belgiya"}},
	{"DE", [6]string{"Germany", "Duitsland", "Jerman", "德国", "Tyskland", "Գերմանիա"}, []string{"deutschland", "germania"}},
	{"MY", [6]string{"Malaysia", "Maleisië", "Malaysia", "马来西亚", "Malaysia", "Մալայզիա"}, []string{"mys", "malaizia", "馬來西亞"}},
	{"CN", [6]string{"China", "China", "China", "中国", "Kina", "Չինաստան"}, []string{"chn", "中华人民共和国", "中國", "chinastan", "prc"}},
	{"NO", [6]string{"Norway", "Noorwegen", "Norway", "挪威", "Norge", "Նորվեգիա"}, []string{"nor", "norwegia", "noreg", "norvegia"}},
	{"AM", [6]string{"Armenia", "Armenië", "Armenia", "亚美尼亚", "Armenia", "Հայաստան"}, []string{"arm", "hayastan", "armenia (hayastan)", "armenie", "hayastani hanrapetutyun", "հհ"}},
	{"IE", [6]string{"Ireland", "Ierland", "Ireland", "爱尔兰", "Irland", "Իռլանդիա"}, []string{"eire", "irlandia", "republic of ireland"}},
	{"GB", [6]string{"United Kingdom", "Verenigd Koninkrijk", "United Kingdom", "英国", "Storbritannia", "Միացյալ Թագավորություն"}, []string{"uk", "great britain", "britain", "england", "scotland", "wales", "northern ireland", "engeland", "groot-brittannie", "britania raya", "england (uk)", "angliya", "անգլիա", "մեծ բրիտանիա"}},
	{"US", [6]string{"United States", "Verenigde Staten", "Amerika Syarikat", "美国", "USA", "ԱՄՆ"}, []string{"usa", "u.s.a.", "united states of america", "america", "amerika", "amn", "ամերիկա"}},
	{"FR", [6]string{"France", "Frankrijk", "Perancis", "法国", "Frankrike", "Ֆրանսիա"}, []string{"fransia", "fransiya", "frankreich"}},
	{"ES", [6]string{"Spain", "Spanje", "Sepanyol", "西班牙", "Spania", "Իսպանիա"}, []string{"espana", "ispania", "spanien"}},
	{"IT", [6]string{"Italy", "Italië", "Itali", "意大利", "Italia", "Իտալիա"}, []string{"italiya", "italien"}},
	{"PT", [6]string{"Portugal", "Portugal", "Portugal", "葡萄牙", "Portugal", "Պորտուգալիա"}, []string{"portugalia"}},
	{"AT", [6]string{"Austria", "Oostenrijk", "Austria", "奥地利", "Østerrike", "Ավստրիա"}, []string{"osterreich", "avstria"}},
	{"CH", [6]string{"Switzerland", "Zwitserland", "Switzerland", "瑞士", "Sveits", "Շվեյցարիա"}, []string{"schweiz", "suisse", "svizzera", "switzerland (ch)", "shveycaria"}},
	{"DK", [6]string{"Denmark", "Denemarken", "Denmark", "丹麦", "Danmark", "Դանիա"}, []string{"dania"}},
	{"SE", [6]string{"Sweden", "Zweden", "Sweden", "瑞典", "Sverige", "Շվեդիա"}, []string{"schweden", "shvedia"}},
	{"FI", [6]string{"Finland", "Finland", "Finland", "芬兰", "Finland", "Ֆինլանդիա"}, []string{"suomi", "finlandia"}},
	{"PL", [6]string{"Poland", "Polen", "Poland", "波兰", "Polen", "Լեհաստան"}, []string{"polska", "lehastan"}},
	{"LU", [6]string{"Luxembourg", "Luxemburg", "Luxembourg", "卢森堡", "Luxembourg", "Լյուքսեմբուրգ"}, []string{"letzebuerg"}},
	{"SG", [6]string{"Singapore", "Singapore", "Singapura", "新加坡", "Singapore", "Սինգապուր"}, []string{"singapur"}},
	{"ID", [6]string{"Indonesia", "Indonesië", "Indonesia", "印度尼西亚", "Indonesia", "Ինդոնեզիա"}, []string{"印尼"}},
	{"TH", [6]string{"Thailand", "Thailand", "Thailand", "泰国", "Thailand", "Թաիլանդ"}, []string{"siam"}},
	{"JP", [6]string{"Japan", "Japan", "Jepun", "日本", "Japan", "Ճապոնիա"}, []string{"nippon", "chaponia"}},
	{"KR", [6]string{"South Korea", "Zuid-Korea", "Korea Selatan", "韩国", "Sør-Korea", "Հարավային Կորեա"}, []string{"korea", "republic of korea", "韓國"}},
	{"HK", [6]string{"Hong Kong", "Hongkong", "Hong Kong", "香港", "Hongkong", "Հոնկոնգ"}, []string{"hong kong sar"}},
	{"TW", [6]string{"Taiwan", "Taiwan", "Taiwan", "台湾", "Taiwan", "Թայվան"}, []string{"臺灣", "台灣"}},
	{"AU", [6]string{"Australia", "Australië", "Australia", "澳大利亚", "Australia", "Ավստրալիա"}, []string{"澳洲"}},
	{"CA", [6]string{"Canada", "Canada", "Kanada", "加拿大", "Canada", "Կանադա"}, []string{"kanada"}},
	{"RU", [6]string{"Russia", "Rusland", "Rusia", "俄罗斯", "Russland", "Ռուսաստան"}, []string{"rusastan", "russian federation", "rossiya"}},
	{"GE", [6]string{"Georgia", "Georgië", "Georgia", "格鲁吉亚", "Georgia", "Վրաստան"}, []string{"vrastan", "sakartvelo"}},
	{"IN", [6]string{"India", "India", "India", "印度", "India", "Հնդկաստան"}, []string{"bharat", "hndkastan"}},
	{"AE", [6]string{"United Arab Emirates", "Verenigde Arabische Emiraten", "Emiriah Arab Bersatu", "阿联酋", "De forente arabiske emirater", "Արաբական Միացյալ Էմիրություններ"}, []string{"uae", "u.a.e.", "emirates", "ամէ"}},
}

// countries maps folded country names and ISO codes to codes.
var countries = func() map[string]string {
	m := map[string]string{}
	for _, c := range countryTable {
		m[strings.ToLower(c.code)] = c.code
		for _, n := range c.names {
			m[fold.String(n)] = c.code
		}
		for _, n := range c.aliases {
			m[fold.String(n)] = c.code
		}
	}
	return m
}()

// CountryCode reads a country name or ISO code in any of the six languages
// ("Norge", "荷兰", "Հայաստան", "fr"), or "" when it names none.
func CountryCode(name string) string {
	return countries[fold.String(strings.Trim(strings.TrimSpace(name), ".!?。"))]
}

// CountryName names a country (an ISO code) in a language, falling back to
// English and then to the code itself.
func CountryName(code, lang string) string {
	base, _, _ := strings.Cut(lang, "@") // "nl@formal" is Dutch
	for _, c := range countryTable {
		if c.code != code {
			continue
		}
		if i, ok := langIndex[base]; ok {
			return c.names[i]
		}
		return c.names[0]
	}
	return code
}

// trailingCountry finds a country named by the last words of a part written
// without commas ("12 Jalan Bukit Bintang 55100 Kuala Lumpur Malaysia"). Two
// letter codes count only in capitals ("… Amsterdam NL"), so a word such as
// "no" or "am" ending a street name is not taken for a country.
func trailingCountry(part string) (code, rest string) {
	words := strings.Fields(part)
	for n := min(4, len(words)-1); n >= 1; n-- {
		tail := strings.Join(words[len(words)-n:], " ")
		c := CountryCode(tail)
		if c == "" {
			continue
		}
		if len([]rune(strings.Trim(tail, "."))) <= 3 && strings.ToUpper(tail) != tail {
			continue
		}
		return c, strings.TrimSpace(strings.Join(words[:len(words)-n], " "))
	}
	return "", part
}

// languageCountry is the country a conversation's language points to when an
// address names none and its postal code fits the shop's own country less
// well: a Norwegian writing "Storgata 1, 0155 Oslo" means Norway.
var languageCountry = map[string]string{"nl": "NL", "nb": "NO", "ms": "MY", "zh": "CN", "hy": "AM"}

// LanguageCountry is the country a language's shoppers most likely live in,
// or "" (English is spoken everywhere).
func LanguageCountry(lang string) string {
	base, _, _ := strings.Cut(lang, "@")
	return languageCountry[base]
}
