package dialog

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/fold"
	"github.com/shopkeeper/shopkeeper/internal/stores"
)

// StoreLocator is the store locator as the dialogue uses it (stores.Service).
type StoreLocator interface {
	List(ctx context.Context) ([]stores.Store, error)
	Get(ctx context.Context, id string) (stores.Store, error)
	Named(ctx context.Context, text string) ([]stores.Store, error)
	Stock(ctx context.Context, id string, skus []string) (map[string]int, error)
}

// homeCountry is the country whose store a shopper writing in a language
// most likely means, so it is listed first.
var homeCountry = map[string]string{"nl": "NL", "ms": "MY", "zh": "CN", "nb": "NO", "hy": "AM"}

// storeLocator answers questions about the physical stores: where they
// are, whether one is open now or on a day, and what one has in stock.
func (b *Bot) storeLocator(t *turn) error {
	if b.Stores == nil {
		b.notYet(t)
		return nil
	}
	all, err := b.Stores.List(t.ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		b.say(t, "stores.none")
		return nil
	}
	named, err := b.Stores.Named(t.ctx, t.res.Text)
	if err != nil {
		return err
	}
	if _, ok := t.res.First("product"); ok {
		return b.stockQuestion(t, named)
	}
	if _, ok := t.res.First("category"); ok {
		return b.stockQuestion(t, named)
	}
	day, asked := dayIn(t.res.Text)
	switch {
	case len(named) == 1:
		b.storeHours(t, &named[0], day, asked)
	case asked:
		// "are you open on Sunday?": every store's hours that day.
		lines := []string{b.Messages.T(t.lang, "stores.list_intro", "count", len(all))}
		for i := range all {
			lines = append(lines, b.dayLine(t, &all[i], day))
		}
		b.sayText(t, strings.Join(lines, "\n")).Options = b.storeOptions(t, all, "store:")
	default:
		b.storeList(t, all)
	}
	return nil
}

// storeAsked is true when a product question names a store: "do you have
// the Aurora in the Amsterdam store?" is about that store's shelves.
func (b *Bot) storeAsked(t *turn) ([]stores.Store, bool) {
	if b.Stores == nil {
		return nil, false
	}
	named, err := b.Stores.Named(t.ctx, t.res.Text)
	if err != nil || len(named) != 1 {
		return nil, false
	}
	return named, true
}

// storeList lists every store with whether it is open now, the one of the
// shopper's language first; tapping one gives its address and hours.
func (b *Bot) storeList(t *turn, all []stores.Store) {
	home := homeCountry[t.lang]
	slices.SortStableFunc(all, func(x, y stores.Store) int {
		switch {
		case x.Country == home && y.Country != home:
			return -1
		case y.Country == home && x.Country != home:
			return 1
		}
		return 0
	})
	now := b.Now()
	lines := []string{b.Messages.T(t.lang, "stores.list_intro", "count", len(all))}
	for i := range all {
		s := &all[i]
		lines = append(lines, b.Messages.T(t.lang, "stores.list_line", "store", s.Name, "address", s.Address, "city", s.City,
			"status", b.shortStatus(t, s, now)))
	}
	lines = append(lines, b.Messages.T(t.lang, "stores.pick"))
	b.sayText(t, strings.Join(lines, "\n")).Options = b.storeOptions(t, all, "store:")
}

func (b *Bot) storeOptions(t *turn, ss []stores.Store, prefix string) []conversation.Option {
	var opts []conversation.Option
	for _, s := range ss {
		opts = append(opts, conversation.Option{Title: s.Name, Payload: prefix + s.ID})
	}
	return opts
}

// storeHours answers about one store: its address and whether it is open
// now, or its hours on the day asked about.
func (b *Bot) storeHours(t *turn, s *stores.Store, day int, asked bool) {
	now := b.Now()
	if !asked {
		b.say(t, "stores.address", "store", s.Name, "address", s.Address, "city", s.City, "phone", s.Phone)
		b.sayStatus(t, s, now)
		return
	}
	if daysAhead(now.In(s.Location()), day) == 0 {
		b.sayStatus(t, s, now)
	}
	b.sayText(t, b.dayLine(t, s, day))
}

// sayText adds a message composed of catalogue sentences.
func (b *Bot) sayText(t *turn, text string) *conversation.Message {
	t.out = append(t.out, conversation.Message{From: conversation.FromBot, Type: conversation.TypeText, Text: text})
	return &t.out[len(t.out)-1]
}

// daysAhead is how many days from local's date the asked day is: a
// weekday's next occurrence (today counts), or today (-1) or tomorrow (-2).
func daysAhead(local time.Time, day int) int {
	switch day {
	case -1:
		return 0
	case -2:
		return 1
	}
	return (day - int(local.Weekday()) + 7) % 7
}

// storeDetails is a tapped store: address, open now, and the week's hours.
func (b *Bot) storeDetails(t *turn, id string) bool {
	if b.Stores == nil {
		return false
	}
	s, err := b.Stores.Get(t.ctx, id)
	if err != nil {
		return false
	}
	now := b.Now()
	b.say(t, "stores.address", "store", s.Name, "address", s.Address, "city", s.City, "phone", s.Phone)
	b.sayStatus(t, &s, now)
	lines := []string{b.Messages.T(t.lang, "stores.hours_title")}
	for i := 1; i <= 7; i++ {
		wd := time.Weekday(i % 7) // Monday first
		lines = append(lines, b.Messages.T(t.lang, "stores.weekday."+strconv.Itoa(int(wd)))+": "+b.hoursText(t, s.Hours[stores.Weekdays[wd]]))
	}
	b.sayText(t, strings.Join(lines, "\n"))
	return true
}

func (b *Bot) sayStatus(t *turn, s *stores.Store, now time.Time) {
	st := s.StatusAt(now)
	switch {
	case st.Open:
		b.say(t, "stores.open_now", "store", s.Name, "closes", st.Until.Format("15:04"))
	case !st.Next.IsZero():
		b.say(t, "stores.closed_now_opens", "store", s.Name, "day", b.whenDay(t, s, now, st.Next), "opens", st.Next.Format("15:04"))
	default:
		b.say(t, "stores.closed_now", "store", s.Name)
	}
}

func (b *Bot) shortStatus(t *turn, s *stores.Store, now time.Time) string {
	st := s.StatusAt(now)
	switch {
	case st.Open:
		return b.Messages.T(t.lang, "stores.status_open", "closes", st.Until.Format("15:04"))
	case !st.Next.IsZero():
		return b.Messages.T(t.lang, "stores.status_closed", "day", b.whenDay(t, s, now, st.Next), "opens", st.Next.Format("15:04"))
	}
	return b.Messages.T(t.lang, "stores.status_closed_long")
}

// whenDay names the day of at as seen from now in the store's time zone:
// "today", "tomorrow" or "on Monday 30/11".
func (b *Bot) whenDay(t *turn, s *stores.Store, now, at time.Time) string {
	loc := s.Location()
	n, a := now.In(loc), at.In(loc)
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	switch {
	case a.Year() == today.Year() && a.YearDay() == today.YearDay():
		return b.Messages.T(t.lang, "stores.opens_today")
	case sameDay(a, today.AddDate(0, 0, 1)):
		return b.Messages.T(t.lang, "stores.opens_tomorrow")
	}
	return b.Messages.T(t.lang, "stores.opens_on", "weekday", b.Messages.T(t.lang, "stores.weekday."+strconv.Itoa(int(a.Weekday()))), "date", shortDate(t.lang, a))
}

func sameDay(a, b time.Time) bool { return a.Year() == b.Year() && a.YearDay() == b.YearDay() }

// dayLine tells a store's hours on the next such weekday (today counts),
// special days included.
func (b *Bot) dayLine(t *turn, s *stores.Store, asked int) string {
	local := b.Now().In(s.Location())
	ahead := daysAhead(local, asked)
	date := local.AddDate(0, 0, ahead)
	d := s.On(date)
	var day string
	switch ahead {
	case 0:
		day = b.Messages.T(t.lang, "stores.today")
	case 1:
		day = b.Messages.T(t.lang, "stores.tomorrow")
	default:
		day = b.Messages.T(t.lang, "stores.on_day", "weekday", b.Messages.T(t.lang, "stores.weekday."+strconv.Itoa(int(date.Weekday()))), "date", shortDate(t.lang, date))
	}
	key := "stores.day_open"
	if d.Closed() {
		key = "stores.day_closed"
	}
	if d.Note != "" {
		key += "_note"
	}
	return capitalise(b.Messages.T(t.lang, key, "day", day, "store", s.Name, "hours", b.hoursText(t, d.Hours), "note", d.Note))
}

// capitalise starts a sentence with a capital: a weekday that opens it is
// written small in Dutch, Norwegian and Armenian catalogues ("կիրակի").
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func (b *Bot) hoursText(t *turn, ivs []stores.Interval) string {
	if len(ivs) == 0 {
		return b.Messages.T(t.lang, "stores.closed_word")
	}
	var ps []string
	for _, iv := range ivs {
		ps = append(ps, iv.Opens+"–"+iv.Closes)
	}
	return strings.Join(ps, ", ")
}

func shortDate(lang string, d time.Time) string {
	if lang == "zh" {
		return d.Format("1月2日")
	}
	return d.Format("2/1")
}

// dayWords name days in the launch languages (folded): a weekday, or
// today (-1) and tomorrow (-2), which depend on the store's clock.
var dayWords = map[string]int{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
	"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
	"zondag": 0, "maandag": 1, "dinsdag": 2, "woensdag": 3, "donderdag": 4, "vrijdag": 5, "zaterdag": 6,
	"ahad": 0, "minggu": 0, "isnin": 1, "selasa": 2, "rabu": 3, "khamis": 4, "jumaat": 5, "sabtu": 6,
	"sondag": 0, "mandag": 1, "tirsdag": 2, "onsdag": 3, "torsdag": 4, "fredag": 5, "lordag": 6,
	"today": -1, "tonight": -1, "vandaag": -1, "vanavond": -1, "esok": -2, "tomorrow": -2, "morgen": -2,
	"կիրակի": 0, "երկուշաբթի": 1, "երեքշաբթի": 2, "չորեքշաբթի": 3, "հինգշաբթի": 4, "ուրբաթ": 5, "շաբաթ": 6,
	"այսօր": -1, "վաղը": -2,
}

// dayPhrases are days written in more than one word, or in Chinese.
var dayPhrases = []struct {
	text string
	day  int
}{
	{"hari ini", -1}, {"malam ini", -1}, {"i dag", -1}, {"i kveld", -1}, {"i morgen", -2},
	{"星期日", 0}, {"星期天", 0}, {"周日", 0}, {"周天", 0}, {"礼拜天", 0}, {"礼拜日", 0},
	{"星期一", 1}, {"周一", 1}, {"礼拜一", 1}, {"星期二", 2}, {"周二", 2}, {"礼拜二", 2},
	{"星期三", 3}, {"周三", 3}, {"礼拜三", 3}, {"星期四", 4}, {"周四", 4}, {"礼拜四", 4},
	{"星期五", 5}, {"周五", 5}, {"礼拜五", 5}, {"星期六", 6}, {"周六", 6}, {"礼拜六", 6},
	{"今天", -1}, {"今晚", -1}, {"明天", -2},
}

// dayIn finds the day a message asks about: a weekday (0 is Sunday), or
// today (-1) or tomorrow (-2), which each store reads on its own clock.
func dayIn(text string) (int, bool) {
	folded := " " + strings.Join(fold.Words(text), " ") + " "
	for _, p := range dayPhrases {
		if strings.Contains(folded, " "+p.text+" ") || strings.Contains(text, p.text) && !isLatin(p.text) {
			return p.day, true
		}
	}
	for _, w := range fold.Words(text) {
		if d, ok := dayWords[w]; ok {
			return d, true
		}
		// Armenian endings: "կիրակի օրը", "կիրակին", "շաբաթ օրը".
		for k, d := range dayWords {
			if !isLatin(k) && len([]rune(k)) >= 4 && strings.HasPrefix(w, k) {
				return d, true
			}
		}
	}
	return 0, false
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x24F {
			return false
		}
	}
	return true
}

// stockQuestion answers "do you have X in the Amsterdam store?": the
// products named, with each variant's stock in that store.
func (b *Bot) stockQuestion(t *turn, named []stores.Store) error {
	ps, err := b.productsAsked(t)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		if len(named) == 1 {
			b.say(t, "stores.stock_which", "store", named[0].Name)
			return nil
		}
		all, err := b.Stores.List(t.ctx)
		if err != nil {
			return err
		}
		b.storeList(t, all)
		return nil
	}
	t.st.Focus = ps[0].Handle
	if len(named) != 1 {
		all, err := b.Stores.List(t.ctx)
		if err != nil {
			return err
		}
		m := b.say(t, "stores.which_store")
		m.Options = b.storeOptions(t, all, "storestock:")
		return nil
	}
	return b.storeStock(t, &named[0], ps)
}

// productsAsked are the products a stock question names: the product, or
// a few of the category, or the product being talked about.
func (b *Bot) productsAsked(t *turn) ([]catalog.Product, error) {
	if h, ok := entity(t.res, "product"); ok {
		if p, err := b.Catalog.Product(t.ctx, h); err == nil {
			return []catalog.Product{*p}, nil
		}
	}
	if _, ok := t.res.First("category"); ok {
		q := b.query(t)
		q.Options, q.Limit = nil, 3
		res, err := b.Catalog.Search(t.ctx, q)
		if err != nil {
			return nil, err
		}
		return res.Products, nil
	}
	if t.res.Intent.Name == "product_availability" && t.st.Focus != "" {
		if p, err := b.Catalog.Product(t.ctx, t.st.Focus); err == nil {
			return []catalog.Product{*p}, nil
		}
	}
	return nil, nil
}

// storeStock shows products with their stock in one store as cards whose
// variants say in_stock for that store's shelves.
func (b *Bot) storeStock(t *turn, s *stores.Store, ps []catalog.Product) error {
	m := conversation.Message{From: conversation.FromBot, Type: conversation.TypeProducts, Reason: "availability"}
	some := false
	for _, p := range ps {
		var skus []string
		for _, v := range p.Variants {
			skus = append(skus, v.SKU)
		}
		qty, err := b.Stores.Stock(t.ctx, s.ID, skus)
		if err != nil {
			return err
		}
		card := Card(p)
		card.InStock = false
		for i := range card.Variants {
			n := qty[card.Variants[i].SKU]
			card.Variants[i].Stock, card.Variants[i].InStock = n, n > 0
			card.InStock = card.InStock || n > 0
		}
		some = some || card.InStock
		m.Items = append(m.Items, card)
	}
	item := ps[0].Title
	if len(ps) > 1 && ps[0].Type != "" {
		item = ps[0].Type // a category was asked about: "rain jackets"
	}
	if some {
		b.say(t, "stores.stock_intro", "store", s.Name, "item", item)
	} else {
		b.say(t, "stores.stock_none", "store", s.Name, "item", item)
	}
	t.out = append(t.out, m)
	return nil
}

// storeStockPayload is a store picked for the product in focus.
func (b *Bot) storeStockPayload(t *turn, id string) bool {
	if b.Stores == nil || t.st.Focus == "" {
		return false
	}
	s, err := b.Stores.Get(t.ctx, id)
	if err != nil {
		return false
	}
	p, err := b.Catalog.Product(t.ctx, t.st.Focus)
	if err != nil {
		return false
	}
	return b.storeStock(t, &s, []catalog.Product{*p}) == nil
}
