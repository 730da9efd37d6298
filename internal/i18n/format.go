package i18n

import (
	"strings"
	"time"

	"github.com/shopkeeper/shopkeeper/internal/money"
)

var symbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "MYR": "RM", "CNY": "¥", "NOK": "kr", "AMD": "֏"}

// Money formats an amount the way a shopper of lang reads it:
// en "€89.95", nl "€ 89,95", nb "89,95 €".
func Money(lang string, m money.Money) string {
	d := m.Decimal()
	sym, ok := symbols[m.Currency]
	if !ok {
		sym = m.Currency
	}
	switch lang {
	case "nl":
		return sym + " " + strings.Replace(d, ".", ",", 1)
	case "nb":
		return strings.Replace(d, ".", ",", 1) + " " + sym
	case "hy":
		return d + " " + sym
	}
	return sym + d
}

var weekdays = map[string][7]string{
	"en": {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	"nl": {"zo", "ma", "di", "wo", "do", "vr", "za"},
	"ms": {"Ahd", "Isn", "Sel", "Rab", "Kha", "Jum", "Sab"},
	"zh": {"周日", "周一", "周二", "周三", "周四", "周五", "周六"},
	"nb": {"søn", "man", "tir", "ons", "tor", "fre", "lør"},
	"hy": {"կիր", "երկ", "երք", "չրք", "հնգ", "ուրբ", "շբթ"},
}

// Day formats a delivery day: en "Tue 24/11", zh "11月24日 周二".
func Day(lang string, t time.Time) string {
	w, ok := weekdays[lang]
	if !ok {
		w = weekdays["en"]
	}
	if lang == "zh" {
		return t.Format("1月2日") + " " + w[t.Weekday()]
	}
	return w[t.Weekday()] + " " + t.Format("2/1")
}
