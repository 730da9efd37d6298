// Package knowledge is the shop's own knowledge: help articles (shipping,
// returns, payment, warranty, privacy, sizing, account…) in every launch
// language, and the retrieval that finds the article a shopper's question
// is about.
package knowledge

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Topics an article may have. The dialogue maps intents onto them.
var Topics = []string{"shipping", "returns", "payment", "warranty", "privacy", "sizing", "store", "account", "orders", "contact", "other"}

// Size limits: an article is a help page, not a book.
const (
	MaxTitle    = 200
	MaxAnswer   = 600
	MaxBody     = 8000
	MaxKeywords = 40
	MaxKeyword  = 60
)

// ErrNotFound is returned for an unknown article.
var ErrNotFound = errors.New("article not found")

// ErrExists is returned when creating an article whose slug is taken.
var ErrExists = errors.New("article already exists")

// Article is one help article in all the languages it is written in.
type Article struct {
	Slug         string                 `json:"slug"`
	Topic        string                 `json:"topic"`
	Position     int                    `json:"position"`
	Translations map[string]Translation `json:"translations"`
	UpdatedAt    time.Time              `json:"updated_at"`
}

// Translation is an article in one language. Answer is what the bot says
// (1–3 sentences); Body is the article page, paragraphs separated by blank
// lines and "- " list items.
type Translation struct {
	Title    string   `json:"title"`
	Answer   string   `json:"answer"`
	Body     string   `json:"body"`
	Keywords []string `json:"keywords"`
}

// In returns the article in lang, or else in fallback, or else in any
// language it has (the first in sorted order, so the choice is stable).
func (a *Article) In(lang, fallback string) (Translation, string) {
	if tr, ok := a.Translations[lang]; ok {
		return tr, lang
	}
	if tr, ok := a.Translations[fallback]; ok {
		return tr, fallback
	}
	langs := make([]string, 0, len(a.Translations))
	for l := range a.Translations {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	if len(langs) == 0 {
		return Translation{}, ""
	}
	return a.Translations[langs[0]], langs[0]
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s can name an article (and its page address).
func ValidSlug(s string) bool { return len(s) <= 80 && slugRE.MatchString(s) }

// ValidationError says which field of an article is wrong and why.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Validate checks an article before it is stored: a slug, a known topic, at
// least one translation, only known languages, and every translation with a
// title and an answer within the size limits. It trims the text in place.
func (a *Article) Validate(languages []string) error {
	a.Slug = strings.TrimSpace(a.Slug)
	if !ValidSlug(a.Slug) {
		return invalid("slug", "must be lower-case letters, digits and single dashes, at most 80 characters (e.g. \"returns-policy\")")
	}
	if !slices.Contains(Topics, a.Topic) {
		return invalid("topic", "must be one of %s", strings.Join(Topics, ", "))
	}
	if len(a.Translations) == 0 {
		return invalid("translations", "give the article in at least one language")
	}
	for lang, tr := range a.Translations {
		if !slices.Contains(languages, lang) {
			return invalid("translations."+lang, "unknown language; use one of %s", strings.Join(languages, ", "))
		}
		f := "translations." + lang
		tr.Title, tr.Answer, tr.Body = strings.TrimSpace(tr.Title), strings.TrimSpace(tr.Answer), strings.TrimSpace(tr.Body)
		for _, c := range []struct {
			name, val string
			max       int
			required  bool
		}{{"title", tr.Title, MaxTitle, true}, {"answer", tr.Answer, MaxAnswer, true}, {"body", tr.Body, MaxBody, false}} {
			if c.required && c.val == "" {
				return invalid(f+"."+c.name, "is required")
			}
			if !utf8.ValidString(c.val) {
				return invalid(f+"."+c.name, "is not valid UTF-8")
			}
			if n := utf8.RuneCountInString(c.val); n > c.max {
				return invalid(f+"."+c.name, "is %d characters long; at most %d", n, c.max)
			}
		}
		if len(tr.Keywords) > MaxKeywords {
			return invalid(f+".keywords", "has %d keywords; at most %d", len(tr.Keywords), MaxKeywords)
		}
		kws := tr.Keywords[:0:0]
		for _, k := range tr.Keywords {
			k = strings.TrimSpace(k)
			if k == "" {
				continue
			}
			if utf8.RuneCountInString(k) > MaxKeyword || strings.ContainsAny(k, "\n,") {
				return invalid(f+".keywords", "keyword %q must be one line without commas, at most %d characters", k, MaxKeyword)
			}
			kws = append(kws, k)
		}
		tr.Keywords = kws
		a.Translations[lang] = tr
	}
	return nil
}
