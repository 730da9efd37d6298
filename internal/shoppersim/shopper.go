package shoppersim

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Options bound one shopper's play.
type Options struct {
	// MaxAnswers is how many of the bot's questions in a row the shopper
	// answers within one step. A checkout can ask e-mail, name, phone,
	// address, delivery option, a coupon and a confirmation: 8 leaves room
	// for that and still stops a bot that keeps asking.
	MaxAnswers int
	// MaxMessages ends the play as a loop when the shopper would send more.
	MaxMessages int
	// Repeats ends the play as a loop when the bot's turn is the same text
	// this many turns in a row.
	Repeats int
	// ConfirmWait is how long to wait for the paid order's confirmation.
	ConfirmWait time.Duration
	// NoNoise turns off the light noise on what the shopper types.
	NoNoise bool
	// Timeout bounds one whole play, so that a hung server cannot hold the
	// run; the play then ends with an error.
	Timeout time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxAnswers <= 0 {
		o.MaxAnswers = 8
	}
	if o.MaxMessages <= 0 {
		o.MaxMessages = 40
	}
	if o.Repeats <= 0 {
		o.Repeats = 3
	}
	if o.ConfirmWait <= 0 {
		o.ConfirmWait = 15 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Minute
	}
	return o
}

// Check kinds.
const (
	CheckAvailable    = "available"
	CheckNoFallback   = "no_fallback"
	CheckMentions     = "mentions"
	CheckOrder        = "order"
	CheckConfirmation = "confirmation"
)

// Check is one expectation and whether it was met.
type Check struct {
	Step   int    `json:"step,omitempty"` // 1-based; 0 for the shopper's end state
	Kind   string `json:"kind"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"` // what was expected and what was seen
	// Cause sorts a failed order check: no_payment_link, not_paid, no_order,
	// no_email, wrong_lines, error.
	Cause string `json:"cause,omitempty"`
}

// Line is one line of a transcript.
type Line struct {
	From     string   `json:"from"` // shopper, bot, agent, system, sim
	Seq      int64    `json:"seq,omitempty"`
	Type     string   `json:"type,omitempty"`
	Text     string   `json:"text,omitempty"`
	Tapped   string   `json:"tapped,omitempty"` // title of the quick reply the shopper tapped
	Input    string   `json:"input,omitempty"`  // "type/field" of the bot's input hint
	Options  []string `json:"options,omitempty"`
	Items    []string `json:"items,omitempty"`
	URL      string   `json:"url,omitempty"`
	Purpose  string   `json:"purpose,omitempty"`
	Fallback bool     `json:"fallback,omitempty"`
	NLU      string   `json:"nlu,omitempty"` // the server's reading of a shopper line
}

// Result is the outcome of one shopper's play.
type Result struct {
	ID           string   `json:"id"`
	Catalog      string   `json:"catalog"`
	Language     string   `json:"language"`
	Kind         string   `json:"kind"`
	Covers       []string `json:"covers,omitempty"`
	Run          int      `json:"run"`
	Seed         int64    `json:"seed"`
	Conversation string   `json:"conversation,omitempty"`
	Emails       []string `json:"emails,omitempty"`
	Passed       bool     `json:"passed"`
	// PurchaseOK: a purchase shopper's paid order holds exactly expect.order.
	PurchaseOK bool `json:"purchase_ok,omitempty"`
	// Failure says in one line why the shopper did not pass.
	Failure string `json:"failure,omitempty"`
	// Cause is the failure's kind, for counting: loop, error, or the first
	// failed check's kind (order/<cause> for the order).
	Cause      string  `json:"cause,omitempty"`
	Loop       string  `json:"loop,omitempty"`  // why the play was stopped as a loop
	Error      string  `json:"error,omitempty"` // a transport error that ended the play
	Checks     []Check `json:"checks,omitempty"`
	Messages   int     `json:"messages"` // what the shopper sent
	Answered   int     `json:"answered"` // questions of the bot it answered
	DurationMS int64   `json:"duration_ms"`
	TurnMS     []int64 `json:"turn_ms,omitempty"` // how long each shopper message took to answer
	Transcript []Line  `json:"transcript,omitempty"`
}

var (
	errLoop    = errors.New("loop")
	emailRegex = regexp.MustCompile(`[^\s@<>(),;:"']+@[^\s@<>(),;:"']+\.[A-Za-z]{2,}`)
)

// Play plays one shopper against the server and scores it. run and seed pick
// the paraphrases and noise; the same seed and run say the same words.
func Play(ctx context.Context, c *Client, sh Shopper, seed int64, run int, opt Options) Result {
	start := time.Now()
	opt = opt.withDefaults()
	playCtx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	p := &player{
		c:      c,
		sh:     sh,
		opt:    opt,
		rng:    newRand(seed, sh.ID, run),
		emails: map[string]string{},
		res: Result{ID: sh.ID, Catalog: sh.Catalog, Language: sh.Language, Kind: sh.Kind,
			Covers: sh.Covers, Run: run, Seed: seed},
	}
	err := p.play(playCtx)
	switch {
	case errors.Is(err, errLoop):
	case err != nil:
		p.res.Error = err.Error()
		p.note("stopped: " + err.Error())
	}
	// Scoring gets its own time: a play that ran out of time still has its
	// transcript read and its order looked up.
	scoreCtx, cancelScore := context.WithTimeout(ctx, opt.ConfirmWait+time.Minute)
	defer cancelScore()
	p.score(scoreCtx)
	p.res.DurationMS = time.Since(start).Milliseconds()
	return p.res
}

type span struct {
	step   int
	expect *StepExpect
	msgs   []Message // the bot's messages from the step until the next one
	done   bool      // the step was played
}

type player struct {
	c       *Client
	sh      Shopper
	opt     Options
	rng     *rand.Rand
	conv    Conversation
	lastSeq int64
	last    []Message // the bot's messages of the last turn
	sigs    []string  // the bot's text per turn, for loop detection
	emails  map[string]string
	payLink string
	cur     *span
	spans   []*span
	res     Result
}

func (p *player) play(ctx context.Context) error {
	conv, greeting, err := p.c.Start(ctx, p.sh.Language)
	if err != nil {
		return err
	}
	p.conv = conv
	p.res.Conversation = conv.ID
	p.record(greeting)
	p.last = botMessages(greeting)
	for i, st := range p.sh.Steps {
		p.cur = &span{step: i + 1, expect: st.Expect}
		p.spans = append(p.spans, p.cur)
		p.note(fmt.Sprintf("step %d/%d", i+1, len(p.sh.Steps)))
		if err := p.step(ctx, i, st); err != nil {
			return err
		}
		p.cur.done = true
		if err := p.answer(ctx); err != nil {
			return err
		}
	}
	p.cur = nil
	if p.sh.Kind != KindPurchase {
		return nil
	}
	if p.payLink == "" && len(p.sh.Checkout) > 0 {
		p.note("checkout")
		rng := p.stepRand(len(p.sh.Steps))
		if err := p.say(ctx, p.noisy(rng, pick(rng, p.sh.Checkout))); err != nil {
			return err
		}
		if err := p.answer(ctx); err != nil {
			return err
		}
	}
	if p.payLink == "" {
		return nil // scored as no payment link
	}
	p.note("pays " + p.payLink)
	if err := p.c.Pay(ctx, p.payLink, "succeeded"); err != nil {
		return fmt.Errorf("pay: %w", err)
	}
	return nil
}

// step says or taps one scripted step.
func (p *player) step(ctx context.Context, i int, st Step) error {
	if st.Tap != "" {
		want := strings.ToLower(st.Tap)
		// Any message of the turn may carry the button (a product card's
		// "Add to cart" as well as the closing question's); the latest wins.
		for i := len(p.last) - 1; i >= 0; i-- {
			for _, o := range p.last[i].Options {
				if strings.Contains(strings.ToLower(o.Title), want) {
					return p.tap(ctx, o)
				}
			}
		}
		p.note(fmt.Sprintf("no quick reply %q to tap: says it", st.Tap))
		return p.say(ctx, st.Tap)
	}
	rng := p.stepRand(i)
	return p.say(ctx, p.noisy(rng, pick(rng, st.Say)))
}

// answer answers the bot's questions from the shopper's answers until the
// bot asks nothing, asks what the shopper has no answer for, or asked
// MaxAnswers questions in a row.
func (p *player) answer(ctx context.Context) error {
	for n := 0; ; n++ {
		in := inputOf(p.last)
		if in == nil {
			return nil
		}
		a, ok := p.sh.Answers[in.Field]
		if !ok {
			p.note("has no answer for " + in.Field + ": moves on")
			return nil
		}
		if n >= p.opt.MaxAnswers {
			p.note(fmt.Sprintf("stops answering after %d questions in a row", n))
			return nil
		}
		p.res.Answered++
		if a.First {
			opts := options(p.last)
			if len(opts) == 0 {
				p.note("asked " + in.Field + " with no quick reply to tap")
				return nil
			}
			if err := p.tap(ctx, opts[0]); err != nil {
				return err
			}
			continue
		}
		if len(a.Say) == 0 {
			return nil
		}
		if err := p.say(ctx, pick(p.rng, a.Say)); err != nil {
			return err
		}
	}
}

func (p *player) say(ctx context.Context, text string) error {
	text = p.uniqueEmails(text)
	p.res.Transcript = append(p.res.Transcript, Line{From: "shopper", Text: text})
	return p.turn(ctx, func() ([]Message, error) { return p.c.Say(ctx, p.conv, text) })
}

func (p *player) tap(ctx context.Context, o Option) error {
	p.res.Transcript = append(p.res.Transcript, Line{From: "shopper", Tapped: o.Title, Text: o.Payload})
	return p.turn(ctx, func() ([]Message, error) { return p.c.Tap(ctx, p.conv, o.Payload) })
}

// turn sends one shopper message and takes in the bot's replies.
func (p *player) turn(ctx context.Context, send func() ([]Message, error)) error {
	if p.res.Messages >= p.opt.MaxMessages {
		p.res.Loop = fmt.Sprintf("more than %d shopper messages", p.opt.MaxMessages)
		p.note("stopped: " + p.res.Loop)
		return errLoop
	}
	p.res.Messages++
	t0 := time.Now()
	msgs, err := send()
	p.res.TurnMS = append(p.res.TurnMS, time.Since(t0).Milliseconds())
	if err != nil {
		return err
	}
	bot := botMessages(msgs)
	if len(bot) == 0 {
		// A reply may come later (a person took over, a slow job): give it a
		// moment, as a shopper would, before calling the bot silent.
		more, err := p.poll(ctx, 2*time.Second)
		if err != nil {
			return err
		}
		msgs = append(msgs, more...)
		bot = botMessages(more)
	}
	p.record(msgs)
	p.last = bot
	if len(bot) == 0 {
		p.note("the bot did not answer")
	}
	for i := 0; i < len(bot)-1; i++ {
		if in := bot[i].Input; in != nil && bot[len(bot)-1].Input == nil {
			// Said in the transcript so that a reader sees why a question
			// went unanswered: the contract puts the hint on the last message.
			p.note("input hint " + in.Field + " on a message that is not the turn's last: not followed")
			break
		}
	}
	if p.cur != nil {
		p.cur.msgs = append(p.cur.msgs, bot...)
	}
	p.sigs = append(p.sigs, signature(bot))
	if n := len(p.sigs); n >= p.opt.Repeats {
		same := p.sigs[n-1] != ""
		for i := n - p.opt.Repeats; i < n-1 && same; i++ {
			same = p.sigs[i] == p.sigs[n-1]
		}
		if same {
			p.res.Loop = fmt.Sprintf("the bot said the same %d turns in a row: %q", p.opt.Repeats, trim(p.sigs[n-1], 120))
			p.note("stopped: " + p.res.Loop)
			return errLoop
		}
	}
	return nil
}

// poll waits up to d for messages after the last one seen.
func (p *player) poll(ctx context.Context, d time.Duration) ([]Message, error) {
	deadline := time.Now().Add(d)
	for {
		msgs, err := p.c.After(ctx, p.conv, p.lastSeq)
		if err != nil {
			return nil, err
		}
		if len(botMessages(msgs)) > 0 || time.Now().After(deadline) {
			return msgs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(150 * time.Millisecond):
		}
	}
}

// record adds messages to the transcript and remembers a payment link.
func (p *player) record(msgs []Message) {
	for _, m := range msgs {
		if m.Seq > p.lastSeq {
			p.lastSeq = m.Seq
		}
		if m.From == "shopper" {
			continue // already written as the shopper said it
		}
		if m.Type == "link" && m.Purpose == "payment" && m.URL != "" {
			p.payLink = m.URL
		}
		l := Line{From: m.From, Seq: m.Seq, Type: m.Type, Text: m.Text, URL: m.URL, Purpose: m.Purpose}
		if m.Input != nil {
			l.Input = m.Input.Type + "/" + m.Input.Field
		}
		for _, o := range m.Options {
			l.Options = append(l.Options, o.Title)
		}
		for _, it := range m.Items {
			l.Items = append(l.Items, describeItem(it))
		}
		p.res.Transcript = append(p.res.Transcript, l)
	}
}

func (p *player) note(s string) {
	p.res.Transcript = append(p.res.Transcript, Line{From: "sim", Text: s})
}

// stepRand is the randomness of step i's wording (i = len(steps): the
// checkout line). It depends on nothing the bot said, so that one seed gives
// every step the same words even when two versions of the server answer
// differently: comparisons between versions compare like with like.
func (p *player) stepRand(i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(p.res.Seed), idHash(p.sh.ID)+uint64(p.res.Run)<<20+uint64(i)+1))
}

func pick(rng *rand.Rand, l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[rng.IntN(len(l))]
}

// noisy varies what the shopper types as people do, without changing what
// it means: lower case, no final punctuation, now and then a doubled space.
func (p *player) noisy(rng *rand.Rand, s string) string {
	if p.opt.NoNoise {
		return s
	}
	// Lower-casing an e-mail address could make it another customer's.
	if rng.Float64() < 0.3 && !strings.Contains(s, "@") {
		s = strings.ToLower(s)
	}
	if rng.Float64() < 0.3 {
		s = strings.TrimRightFunc(s, func(r rune) bool { return strings.ContainsRune(".!?。？！։", r) })
	}
	if rng.Float64() < 0.1 {
		if idx := spaces(s); len(idx) > 0 {
			i := idx[rng.IntN(len(idx))]
			s = s[:i] + " " + s[i:]
		}
	}
	return s
}

// uniqueEmails gives every e-mail address the shopper says a tag unique to
// this play (user+rXXXX@host), the same one each time within the play, so
// that plays never share a customer and their orders are found apart. The
// tag comes from crypto/rand, not the seed: two runs with the same seed
// against one server must not collide either.
func (p *player) uniqueEmails(s string) string {
	return emailRegex.ReplaceAllStringFunc(s, func(e string) string {
		key := strings.ToLower(e)
		if u, ok := p.emails[key]; ok {
			return u
		}
		at := strings.LastIndex(e, "@")
		u := e[:at] + "+r" + randomTag(8) + e[at:]
		p.emails[key] = u
		p.res.Emails = append(p.res.Emails, u)
		return u
	})
}

func randomTag(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	if _, err := crand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func spaces(s string) []int {
	var idx []int
	for i, r := range s {
		if r == ' ' {
			idx = append(idx, i)
		}
	}
	return idx
}

// newRand is the wording's randomness of one play: the seed, the shopper
// and the run, so shoppers of one seed do not all pick alike.
func newRand(seed int64, id string, run int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), idHash(id)+uint64(run)))
}

func idHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func botMessages(msgs []Message) []Message {
	var out []Message
	for _, m := range msgs {
		if m.From != "shopper" {
			out = append(out, m)
		}
	}
	return out
}

// inputOf is the input hint of the turn's last message (the contract puts it
// there when the bot waits for one field).
func inputOf(msgs []Message) *Input {
	if len(msgs) == 0 {
		return nil
	}
	in := msgs[len(msgs)-1].Input
	if in == nil || in.Field == "" {
		return nil
	}
	return in
}

// options are the quick replies of the turn, the last message's first.
func options(msgs []Message) []Option {
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].Options) > 0 {
			return msgs[i].Options
		}
	}
	return nil
}

func signature(msgs []Message) string {
	var b strings.Builder
	for _, m := range msgs {
		if m.Text != "" {
			b.WriteString(m.Text)
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(b.String())
}

func describeItem(it Item) string {
	var vs []string
	for _, v := range it.Variants {
		mark := "in"
		if !v.InStock {
			mark = "out"
		}
		vs = append(vs, v.SKU+":"+mark)
	}
	s := it.Handle
	if s == "" {
		s = it.SKU
	}
	if it.Price != nil {
		s += " " + it.Price.Amount
	}
	if len(vs) > 0 {
		s += " [" + strings.Join(vs, " ") + "]"
	}
	return s
}

// score checks every expectation of the shopper. Expectations of steps the
// play never reached count as failed, so that a loop costs what it skipped.
func (p *player) score(ctx context.Context) {
	stopped := p.res.Loop
	if stopped == "" {
		stopped = p.res.Error
	}
	var transcript map[int64]Message
	needTranscript := p.res.Conversation != ""
	if needTranscript {
		tr, err := p.c.Transcript(ctx, p.res.Conversation)
		if err != nil {
			p.note("admin transcript: " + err.Error())
		} else {
			transcript = map[int64]Message{}
			for _, m := range tr {
				transcript[m.Seq] = m
			}
			p.annotate(tr)
		}
	}
	for i := range p.sh.Steps {
		var sp *span
		if i < len(p.spans) {
			sp = p.spans[i]
		}
		e := p.sh.Steps[i].Expect
		if e == nil {
			continue
		}
		var kinds []string
		if e.Available != nil {
			kinds = append(kinds, CheckAvailable)
		}
		if e.NoFallback {
			kinds = append(kinds, CheckNoFallback)
		}
		if len(e.Mentions) > 0 {
			kinds = append(kinds, CheckMentions)
		}
		for _, k := range kinds {
			c := Check{Step: i + 1, Kind: k}
			if sp == nil || !sp.done {
				c.Detail = "step not reached: " + stopped
			} else {
				c.OK, c.Detail = checkStep(k, e, sp.msgs, transcript)
			}
			p.res.Checks = append(p.res.Checks, c)
		}
	}
	if p.sh.Kind == KindPurchase {
		p.scoreOrder(ctx)
	}
	p.res.Passed = p.res.Loop == "" && p.res.Error == ""
	for _, c := range p.res.Checks {
		if !c.OK {
			p.res.Passed = false
			if p.res.Failure == "" {
				p.res.Cause = c.Kind
				if c.Cause != "" {
					p.res.Cause += "/" + c.Cause
				}
				if c.Step > 0 {
					p.res.Failure = fmt.Sprintf("step %d %s: %s", c.Step, c.Kind, c.Detail)
				} else {
					p.res.Failure = c.Kind + ": " + c.Detail
				}
			}
		}
	}
	// A loop or an error is the cause even when it shows as a failed check:
	// it is what ended the play.
	switch {
	case p.res.Loop != "":
		p.res.Cause = "loop"
		if p.res.Failure == "" {
			p.res.Failure = "loop: " + p.res.Loop
		}
	case p.res.Error != "":
		p.res.Cause = "error"
		if p.res.Failure == "" {
			p.res.Failure = "error: " + p.res.Error
		}
	}
}

// annotate marks fallbacks and the NLU's reading in the transcript lines.
func (p *player) annotate(tr []Message) {
	var shopper []Message
	bySeq := map[int64]Message{}
	for _, m := range tr {
		if m.From == "shopper" {
			shopper = append(shopper, m)
		} else {
			bySeq[m.Seq] = m
		}
	}
	k := 0
	for i := range p.res.Transcript {
		l := &p.res.Transcript[i]
		switch l.From {
		case "shopper":
			if k < len(shopper) {
				if n := shopper[k].NLU; n != nil {
					l.NLU = fmt.Sprintf("%s %.2f", n.Intent, n.Confidence)
				}
				k++
			}
		case "sim":
		default:
			if m, ok := bySeq[l.Seq]; ok && m.Fallback {
				l.Fallback = true
			}
		}
	}
}

func checkStep(kind string, e *StepExpect, msgs []Message, transcript map[int64]Message) (bool, string) {
	switch kind {
	case CheckAvailable:
		want := e.Available
		var shown []string
		for _, m := range msgs {
			if m.Type != "products" {
				continue
			}
			for _, it := range m.Items {
				shown = append(shown, describeItem(it))
				for _, v := range it.Variants {
					if strings.EqualFold(v.SKU, want.SKU) {
						if v.InStock == want.InStock {
							return true, ""
						}
						return false, fmt.Sprintf("want %s in_stock=%t, shown in_stock=%t", want.SKU, want.InStock, v.InStock)
					}
				}
				if len(it.Variants) == 0 && strings.EqualFold(it.SKU, want.SKU) {
					if it.InStock == want.InStock {
						return true, ""
					}
					return false, fmt.Sprintf("want %s in_stock=%t, shown in_stock=%t", want.SKU, want.InStock, it.InStock)
				}
			}
		}
		if len(shown) == 0 {
			return false, fmt.Sprintf("want %s in_stock=%t, no products shown", want.SKU, want.InStock)
		}
		return false, fmt.Sprintf("want %s in_stock=%t, not among %s", want.SKU, want.InStock, trim(strings.Join(shown, "; "), 300))
	case CheckNoFallback:
		if transcript == nil {
			return false, "admin transcript unavailable"
		}
		for _, m := range msgs {
			if t, ok := transcript[m.Seq]; ok && t.Fallback {
				return false, fmt.Sprintf("fallback: %q", trim(m.Text, 150))
			}
		}
		return true, ""
	case CheckMentions:
		// What the shopper reads: the messages' text and their buttons.
		var said []string
		for _, m := range msgs {
			texts := []string{m.Text}
			for _, o := range m.Options {
				texts = append(texts, o.Title)
			}
			for _, t := range texts {
				for _, want := range e.Mentions {
					if t != "" && strings.Contains(strings.ToLower(t), strings.ToLower(want)) {
						return true, ""
					}
				}
			}
			if m.Text != "" {
				said = append(said, m.Text)
			}
		}
		return false, fmt.Sprintf("want one of %q, bot said %q", e.Mentions, trim(strings.Join(said, " | "), 300))
	}
	return false, "unknown check " + kind
}

// scoreOrder waits for the paid order's confirmation and checks the order.
func (p *player) scoreOrder(ctx context.Context) {
	if p.payLink == "" {
		last := trim(signature(p.last), 150)
		detail := "no payment link"
		if p.res.Loop != "" || p.res.Error != "" {
			detail += " (stopped early)"
		}
		if in := inputOf(p.last); in != nil {
			detail += fmt.Sprintf("; bot waits for %s", in.Field)
		}
		p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, Cause: "no_payment_link", Detail: fmt.Sprintf("%s; bot's last words %q", detail, last)})
		return
	}
	if p.res.Error != "" {
		p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, Cause: "not_paid", Detail: "not paid: " + p.res.Error})
		return
	}
	// The confirmation: any message of the shop after paying.
	confirmed := false
	if msgs, err := p.poll(ctx, p.opt.ConfirmWait); err == nil {
		p.record(msgs)
		confirmed = len(botMessages(msgs)) > 0
	}
	c := Check{Kind: CheckConfirmation, OK: confirmed}
	if !confirmed {
		c.Detail = fmt.Sprintf("no message in the chat within %s of paying", p.opt.ConfirmWait)
	}
	p.res.Checks = append(p.res.Checks, c)

	if len(p.res.Emails) == 0 {
		p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, Cause: "no_email", Detail: "paid, but the shopper never gave an e-mail address to find the order by"})
		return
	}
	want := lines(p.sh.Expect.Order)
	var seen []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		seen = seen[:0]
		paid := false
		for _, e := range p.res.Emails {
			orders, err := p.c.Orders(ctx, e)
			if err != nil {
				p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, Cause: "error", Detail: "orders: " + err.Error()})
				return
			}
			for _, o := range orders {
				got := map[string]int{}
				for _, it := range o.Items {
					got[strings.ToUpper(it.SKU)] += it.Quantity
				}
				seen = append(seen, fmt.Sprintf("%s %s", o.PaymentStatus, formatLines(got)))
				if o.PaymentStatus != "paid" {
					continue
				}
				paid = true
				if equalLines(got, want) {
					p.res.PurchaseOK = true
					p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, OK: true})
					return
				}
			}
		}
		if paid || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(250 * time.Millisecond):
		}
	}
	detail := fmt.Sprintf("want paid %s, ", formatLines(want))
	cause := "wrong_lines"
	if len(seen) == 0 {
		cause = "no_order"
		detail += "no order for " + strings.Join(p.res.Emails, ", ")
	} else {
		detail += "got " + strings.Join(seen, "; ")
		if !paidSeen(seen) {
			cause = "not_paid"
		}
	}
	p.res.Checks = append(p.res.Checks, Check{Kind: CheckOrder, Cause: cause, Detail: detail})
}

func paidSeen(seen []string) bool {
	for _, s := range seen {
		if strings.HasPrefix(s, "paid ") {
			return true
		}
	}
	return false
}

func lines(l []OrderLine) map[string]int {
	m := map[string]int{}
	for _, x := range l {
		m[strings.ToUpper(x.SKU)] += x.Quantity
	}
	return m
}

func equalLines(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func formatLines(m map[string]int) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var out []string
	for _, k := range ks {
		out = append(out, fmt.Sprintf("%s×%d", k, m[k]))
	}
	if len(out) == 0 {
		return "(empty)"
	}
	return strings.Join(out, " ")
}
