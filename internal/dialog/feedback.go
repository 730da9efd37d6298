package dialog

import (
	"context"
	"encoding/json"
	"log/slog"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/conversation"
	"github.com/shopkeeper/shopkeeper/internal/inbox"
)

var ratingRE = regexp.MustCompile(`(?:^|[^0-9])([1-5])(?:[^0-9]|$)`)

// ratingOf reads a 1–5 rating from text: a digit or a row of stars.
func ratingOf(text string) int {
	if m := ratingRE.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if n := strings.Count(text, "★") + strings.Count(text, "⭐"); n >= 1 && n <= 5 {
		return n
	}
	return 0
}

// Rejoin is the bot's turn after a person resolved the conversation: it
// confirms, offers more help and asks for a rating. The inbox stores these
// messages together with the resolution, once.
func (b *Bot) Rejoin(ctx context.Context, c *conversation.Conversation, agentName string) []conversation.Message {
	st := &state{}
	if len(c.State) > 0 {
		json.Unmarshal(c.State, st)
	}
	t := &turn{ctx: ctx, c: c, st: st, lang: c.Language}
	st.Ask, st.After = "", ""
	hs := t.handoff()
	hs.Low, hs.Offered, hs.Similar, hs.Recent = 0, false, 0, nil
	m := b.say(t, "feedback.rejoin", "agent", agentName)
	m.Options = b.starters(t.lang)
	b.askRating(t)
	c.State, _ = json.Marshal(st)
	return t.out
}

// askRating asks for a 1–5 rating, once per conversation.
func (b *Bot) askRating(t *turn) {
	hs := t.handoff()
	hs.CSAT = true
	m := b.say(t, "feedback.ask_rating")
	for n := 1; n <= 5; n++ {
		m.Options = append(m.Options, b.option(t, "feedback.star", "csat:"+strconv.Itoa(n), "n", n))
	}
	m.Input = &conversation.Input{Type: "choice", Field: "rating"}
	t.st.Ask = "rating"
}

// csatAnswer takes a typed rating or comment. It returns false when the
// shopper moved on to something else.
func (b *Bot) csatAnswer(t *turn) (bool, error) {
	text := strings.TrimSpace(t.res.Text)
	// A confident shopping question ("size 4 trainers?") is not a rating
	// nor a comment, even with a digit in it.
	moved := t.res.Intent.Confidence >= 0.6 && !strings.Contains(" feedback thanks out_of_scope goodbye complaint affirm deny greet ", " "+t.res.Intent.Name+" ")
	if t.st.Ask == "rating" {
		n := ratingOf(text)
		if n == 0 || moved || len([]rune(text)) > 40 {
			t.st.Ask = ""
			return false, nil
		}
		return true, b.rate(t, n)
	}
	// A comment, unless it is plainly a new question.
	t.st.Ask = ""
	if moved {
		return false, nil
	}
	b.store(t, inbox.Feedback{ConversationID: t.c.ID, Kind: "comment", Comment: text})
	b.say(t, "feedback.thanks_comment")
	return true, nil
}

// rate stores a rating and asks for an optional comment.
func (b *Bot) rate(t *turn, n int) error {
	b.store(t, inbox.Feedback{ConversationID: t.c.ID, Kind: "csat", Rating: n})
	m := b.say(t, "feedback.ask_comment")
	m.Options = []conversation.Option{b.option(t, "feedback.skip", "csat:skip")}
	t.st.Ask = "comment"
	return nil
}

// csatPayload handles the rating buttons and "no, thanks".
func (b *Bot) csatPayload(t *turn, arg string) error {
	if arg == "skip" {
		t.st.Ask = ""
		b.say(t, "feedback.thanks")
		return nil
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 1 || n > 5 {
		b.fallback(t)
		return nil
	}
	return b.rate(t, n)
}

// feedbackIntent stores unprompted feedback ("5 stars, very helpful").
func (b *Bot) feedbackIntent(t *turn) error {
	b.store(t, inbox.Feedback{ConversationID: t.c.ID, Kind: "intent", Rating: ratingOf(t.res.Text), Comment: t.res.Text})
	b.say(t, "feedback.intent_thanks")
	return nil
}

func (b *Bot) store(t *turn, f inbox.Feedback) {
	if b.Handoffs == nil {
		return
	}
	if err := b.Handoffs.Feedback(t.ctx, f); err != nil {
		slog.ErrorContext(t.ctx, "store feedback", "conversation", t.c.ID, "err", err)
	}
}
