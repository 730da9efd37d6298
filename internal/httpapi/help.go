package httpapi

import (
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/knowledge"
)

// The help pages: the knowledge base as plain, readable HTML in the
// shopper's language, where the bot's article links lead. They carry the
// chat widget, so "ask in the chat" opens a chat in the page's language.

var helpPage = template.Must(template.New("help").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · {{.Shop}}</title>
<script src="/static/widget.js" data-lang="{{.Lang}}" data-open="false" defer></script>
<style>
body{font:17px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Armenian","Noto Sans CJK SC",sans-serif;color:#1d2327;background:#fafaf7;margin:0}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
header{font-weight:600;color:#4a5a66;margin-bottom:1rem}
h1{font-size:1.7rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.8rem 0 .4rem}
.lead{font-size:1.1rem;background:#fff;border-left:4px solid #2f6f8f;padding:.75rem 1rem;margin:0 0 1.25rem}
ul{padding-left:1.3rem}
a{color:#1f5f7f}
.langs,.chat,.back{font-size:.95rem;color:#4a5a66;margin-top:1.5rem}
.chat button{font:inherit;color:#1f5f7f;background:none;border:0;padding:0;text-decoration:underline;cursor:pointer;text-align:left}
.langs a{margin-right:.6rem}
</style>
</head>
<body><main>
<header>{{.Shop}} · <a href="/help?lang={{.Lang}}">{{.HelpTitle}}</a></header>
{{if .Article}}
<h1>{{.Title}}</h1>
<p class="lead">{{.Article.Answer}}</p>
{{range .Blocks}}{{if .Items}}<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>{{.Text}}</p>{{end}}{{end}}
<p class="back"><a href="/help?lang={{.Lang}}">← {{.Back}}</a></p>
{{else if .NotFound}}
<h1>{{.Title}}</h1>
<p class="back"><a href="/help?lang={{.Lang}}">← {{.Back}}</a></p>
{{else}}
<h1>{{.Title}}</h1>
<p>{{.Intro}}</p>
{{range .Topics}}<h2>{{.Name}}</h2><ul>{{range .Links}}<li><a href="/help/{{.Slug}}?lang={{$.Lang}}">{{.Title}}</a></li>{{end}}</ul>{{end}}
{{end}}
<p class="chat"><button type="button" data-shopkeeper-open>{{.Chat}}</button></p>
{{if .Langs}}<p class="langs">{{.AlsoIn}}: {{range .Langs}}<a href="{{.URL}}" lang="{{.Code}}" hreflang="{{.Code}}">{{.Name}}</a>{{end}}</p>{{end}}
</main></body>
</html>
`))

// languageNames are written in their own language, as a language menu should be.
var languageNames = map[string]string{"en": "English", "nl": "Nederlands", "ms": "Bahasa Melayu", "zh": "中文", "nb": "Norsk bokmål", "hy": "Հայերեն"}

type helpBlock struct {
	Text  string
	Items []string
}

type helpLink struct{ Slug, Title string }

type helpTopic struct {
	Name  string
	Links []helpLink
}

type helpLang struct{ Code, Name, URL string }

type helpView struct {
	Lang, Shop, Title, HelpTitle, Intro, Back, Chat, AlsoIn string
	Article                                                 *knowledge.Translation
	Blocks                                                  []helpBlock
	Topics                                                  []helpTopic
	Langs                                                   []helpLang
	NotFound                                                bool
}

// helpLanguage is ?lang= when the shop speaks it, else the browser's
// preference, else the shop's default.
func (s *Server) helpLanguage(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(s.Languages, l) {
		return l
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if base == "no" || base == "nn" {
			base = "nb"
		}
		if slices.Contains(s.Languages, base) {
			return base
		}
	}
	return s.DefaultLanguage
}

func (s *Server) view(lang string) helpView {
	t := func(key string) string { return s.Messages.T(lang, key) }
	return helpView{Lang: lang, Shop: s.ShopName, HelpTitle: t("knowledge.help_title"), Intro: t("knowledge.help_intro"),
		Back: t("knowledge.help_back"), Chat: t("knowledge.help_chat"), AlsoIn: t("knowledge.help_languages")}
}

// helpIndex lists the articles by topic.
func (s *Server) helpIndex(w http.ResponseWriter, r *http.Request) {
	lang := s.helpLanguage(r)
	as, err := s.Knowledge.List(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	v := s.view(lang)
	v.Title = v.HelpTitle
	for _, topic := range knowledge.Topics {
		ht := helpTopic{Name: s.Messages.T(lang, "knowledge.topic."+topic)}
		for _, a := range as {
			if a.Topic == topic {
				tr, _ := a.In(lang, s.DefaultLanguage)
				ht.Links = append(ht.Links, helpLink{Slug: a.Slug, Title: tr.Title})
			}
		}
		if len(ht.Links) > 0 {
			v.Topics = append(v.Topics, ht)
		}
	}
	for _, l := range s.Languages {
		if l != lang {
			v.Langs = append(v.Langs, helpLang{Code: l, Name: languageNames[l], URL: "/help?lang=" + l})
		}
	}
	s.renderHelp(w, http.StatusOK, v)
}

// helpArticle shows one article in the asked language (or the shop's).
func (s *Server) helpArticle(w http.ResponseWriter, r *http.Request) {
	lang := s.helpLanguage(r)
	slug := r.PathValue("slug")
	a, err := s.Knowledge.Get(r.Context(), slug)
	v := s.view(lang)
	if errors.Is(err, knowledge.ErrNotFound) {
		v.Title, v.NotFound = s.Messages.T(lang, "knowledge.help_not_found"), true
		s.renderHelp(w, http.StatusNotFound, v)
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	tr, shown := a.In(lang, s.DefaultLanguage)
	v.Lang = shown // the page's language is the text's, for screen readers
	v.Title, v.Article, v.Blocks = tr.Title, &tr, blocks(tr.Body)
	for _, l := range s.Languages {
		if _, ok := a.Translations[l]; ok && l != shown {
			v.Langs = append(v.Langs, helpLang{Code: l, Name: languageNames[l], URL: "/help/" + a.Slug + "?lang=" + l})
		}
	}
	s.renderHelp(w, http.StatusOK, v)
}

func (s *Server) renderHelp(w http.ResponseWriter, status int, v helpView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	w.WriteHeader(status)
	helpPage.Execute(w, v)
}

// blocks reads an article body: paragraphs separated by blank lines, and
// lines starting with "- " as list items. Everything is text; the template
// escapes it.
func blocks(body string) []helpBlock {
	var out []helpBlock
	for _, para := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		var text []string
		var items []string
		flush := func() {
			if len(text) > 0 {
				out = append(out, helpBlock{Text: strings.Join(text, " ")})
				text = nil
			}
			if len(items) > 0 {
				out = append(out, helpBlock{Items: items})
				items = nil
			}
		}
		for _, line := range strings.Split(para, "\n") {
			line = strings.TrimSpace(line)
			if item, ok := strings.CutPrefix(line, "- "); ok {
				if len(text) > 0 {
					flush()
				}
				items = append(items, item)
				continue
			}
			if len(items) > 0 {
				flush()
			}
			text = append(text, line)
		}
		flush()
	}
	return out
}
