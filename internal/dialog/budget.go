package dialog

import (
	"strings"
	"unicode"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

// currencyWords are how shoppers write a currency beside an amount, for
// the budgets the NLU's money reader does not catch ("200欧元以内",
// "մինչև 200 եվրո"). Keys are ISO codes; the code itself always counts.
var currencyWords = map[string][]string{
	"EUR": {"€", "euro", "euros", "欧元", "欧", "եվրո", "evro"},
	"USD": {"$", "dollar", "dollars", "美元", "դոլար"},
	"GBP": {"£", "pound", "pounds", "英镑"},
	"NOK": {"kr", "kroner", "krone", "挪威克朗"},
	"MYR": {"rm", "ringgit", "令吉", "马币"},
	"AMD": {"֏", "dram", "դրամ"},
	"CNY": {"¥", "元", "yuan", "人民币"},
}

// budgetIn finds an amount written next to a word for the shop's currency
// in text and reads it in minor units: "200欧元" → 20000 for EUR. It is the
// fallback for budgets the NLU did not read; any number without the
// currency beside it is not a budget (a size, a quantity).
func budgetIn(text, currency string) (money.Money, bool) {
	words := append([]string{strings.ToLower(currency)}, currencyWords[strings.ToUpper(currency)]...)
	lower := strings.ToLower(text)
	rs := []rune(lower)
	for i := 0; i < len(rs); i++ {
		if !unicode.IsDigit(rs[i]) || i > 0 && (unicode.IsDigit(rs[i-1]) || rs[i-1] == '.' || rs[i-1] == ',') {
			continue
		}
		j := i
		for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || (rs[j] == '.' || rs[j] == ',') && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9') {
			j++
		}
		number := string(rs[i:j])
		after := strings.TrimLeft(string(rs[j:]), " ")
		before := strings.TrimRight(string(rs[:i]), " ")
		for _, w := range words {
			if w == "" {
				continue
			}
			if strings.HasPrefix(after, w) && !letterAfter(after, w) || strings.HasSuffix(before, w) && !letterBefore(before, w) {
				if m, err := money.Parse(number, currency); err == nil && m.Amount > 0 {
					return m, true
				}
			}
		}
		i = j
	}
	return money.Money{}, false
}

// letterAfter: a Latin currency word must end there ("eur" is not "europe").
func letterAfter(s, w string) bool {
	rest := []rune(s[len(w):])
	return len(rest) > 0 && unicode.IsLetter(rest[0]) && rest[0] < 0x2E80 && []rune(w)[0] < 0x2E80
}

func letterBefore(s, w string) bool {
	head := []rune(s[:len(s)-len(w)])
	return len(head) > 0 && unicode.IsLetter(head[len(head)-1]) && head[len(head)-1] < 0x2E80 && []rune(w)[0] < 0x2E80
}
