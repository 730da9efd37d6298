package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopkeeper/shopkeeper/internal/catalog"
	"github.com/shopkeeper/shopkeeper/internal/config"
	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

// training lets the retailer teach the NLU: examples and synonyms are stored,
// and take effect at once on this instance (others pick them up at start).
type training struct{ a *App }

var synonymEntities = map[string]bool{"category": true, "color": true, "brand": true, "size": true, "product": true}

// AddExamples validates, stores and learns retailer-written examples.
func (t training) AddExamples(ctx context.Context, ex []nlu.Example) error {
	for i := range ex {
		ex[i].Lang, ex[i].Intent, ex[i].Text = strings.TrimSpace(ex[i].Lang), strings.TrimSpace(ex[i].Intent), strings.TrimSpace(ex[i].Text)
		e := ex[i]
		switch {
		case !config.SupportedLanguage(e.Lang):
			return fmt.Errorf("example %d: lang must be one of %s", i+1, strings.Join(config.Languages, ", "))
		case e.Intent == "" || strings.ContainsAny(e.Intent, " \t\n"):
			return fmt.Errorf("example %d: intent must be a snake_case name", i+1)
		case e.Text == "" || len(e.Text) > 1000:
			return fmt.Errorf("example %d: text must have 1 to 1000 characters", i+1)
		}
	}
	if len(ex) == 0 || len(ex) > 1000 {
		return fmt.Errorf("send 1 to 1000 examples")
	}
	if err := t.a.DB.AddNLUExamples(ctx, ex); err != nil {
		return err
	}
	return t.a.Engine().AddExamples(ex)
}

// AddSynonyms validates, stores and applies retailer-written synonyms.
func (t training) AddSynonyms(ctx context.Context, syns []nlu.Synonym) error {
	if len(syns) == 0 || len(syns) > 1000 {
		return fmt.Errorf("send 1 to 1000 synonyms")
	}
	for i, s := range syns {
		switch {
		case s.Lang != "" && !config.SupportedLanguage(s.Lang):
			return fmt.Errorf("synonym %d: lang must be empty (all) or one of %s", i+1, strings.Join(config.Languages, ", "))
		case !synonymEntities[s.Entity]:
			return fmt.Errorf("synonym %d: entity must be category, color, brand, size or product", i+1)
		case strings.TrimSpace(s.Value) == "" || strings.TrimSpace(s.Text) == "":
			return fmt.Errorf("synonym %d: value and text are required", i+1)
		}
	}
	if err := t.a.DB.AddNLUSynonyms(ctx, syns); err != nil {
		return err
	}
	if err := t.a.applyCatalogSynonyms(ctx); err != nil {
		return err
	}
	return t.a.refreshVocabulary(ctx, t.a.Catalog.Snapshot())
}

// applyCatalogSynonyms gives the catalogue search the retailer's synonyms
// too, so a word taught to the NLU also finds products ("sneaks" →
// sneakers), and overrides what the shipped product vocabulary says about it.
func (a *App) applyCatalogSynonyms(ctx context.Context) error {
	syns, err := a.DB.NLUSynonyms(ctx)
	if err != nil {
		return fmt.Errorf("load synonyms for the catalogue: %w", err)
	}
	cs := make([]catalog.Synonym, 0, len(syns))
	for _, s := range syns {
		cs = append(cs, catalog.Synonym{Text: s.Text, Value: s.Value})
	}
	a.Catalog.SetSynonyms(cs)
	return nil
}

// refreshVocabulary teaches the NLU the catalogue's names plus the
// retailer's synonyms. Before training ends there is nothing to teach yet:
// the end of training applies the catalogue as it is then.
func (a *App) refreshVocabulary(ctx context.Context, ps []catalog.Product) error {
	a.nlu.mu.Lock()
	defer a.nlu.mu.Unlock()
	if a.nlu.engine == nil {
		return nil
	}
	return a.applyVocabulary(ctx, ps)
}

func (a *App) applyVocabulary(ctx context.Context, ps []catalog.Product) error {
	syns, err := a.DB.NLUSynonyms(ctx)
	if err != nil {
		return err
	}
	v := Vocabulary(ps)
	// The product vocabulary's words for the kinds the catalogue has, in six
	// languages, then the retailer's own words.
	own := map[string]bool{}
	for _, s := range syns {
		own[strings.ToLower(strings.TrimSpace(s.Text))] = true
	}
	for _, w := range a.Catalog.CategoryWords() {
		if !own[strings.ToLower(w.Text)] { // the retailer's word overrides the vocabulary's
			v.Synonyms = append(v.Synonyms, nlu.Synonym{Lang: w.Lang, Entity: "category", Value: w.Value, Text: w.Text, Exact: true})
		}
	}
	v.Synonyms = append(v.Synonyms, syns...)
	a.nlu.engine.SetVocabulary(v)
	return nil
}

// loadTraining applies stored examples at start.
func (a *App) loadTraining(ctx context.Context) error {
	ex, err := a.DB.NLUExamples(ctx)
	if err != nil {
		return err
	}
	if len(ex) > 0 {
		return a.nlu.engine.AddExamples(ex)
	}
	return nil
}
