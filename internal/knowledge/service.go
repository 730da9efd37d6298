package knowledge

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MinScore is the relevance below which no article answers a question: the
// bot then says it does not know rather than answer something else.
const MinScore = 2.5

// StrongScore is the relevance at which an article answers even a message
// the NLU thought was not a question for the shop: "what are your shoe
// sizes like?" may look out of scope, but the size guide fits it well.
const StrongScore = 4.0

// Store keeps articles; internal/store implements it.
type Store interface {
	Articles(ctx context.Context) ([]Article, error)
	Article(ctx context.Context, slug string) (Article, error)
	CreateArticle(ctx context.Context, a Article) error
	SaveArticle(ctx context.Context, a Article) error
	DeleteArticle(ctx context.Context, slug string) error
	ArticlesVersion(ctx context.Context) (int64, error)
}

// Service is the knowledge base: articles and the index over them, rebuilt
// when the stored articles change (here or on another instance).
type Service struct {
	store     Store
	languages []string
	// Freshness is how long the index is trusted before the stored version
	// is checked again.
	Freshness time.Duration
	mu        sync.Mutex
	index     atomic.Pointer[Index]
	checked   atomic.Int64
}

// NewService makes the knowledge base over st; languages are the ones an
// article may be written in.
func NewService(st Store, languages []string) *Service {
	return &Service{store: st, languages: languages, Freshness: 2 * time.Second}
}

// Languages are the languages articles may be written in.
func (s *Service) Languages() []string { return s.languages }

// List returns every article, in position then slug order.
func (s *Service) List(ctx context.Context) ([]Article, error) {
	as, err := s.store.Articles(ctx)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return as, nil
}

// Get returns one article, or ErrNotFound.
func (s *Service) Get(ctx context.Context, slug string) (Article, error) {
	return s.store.Article(ctx, slug)
}

// Create stores a new article after validating it; ErrExists if the slug is taken.
func (s *Service) Create(ctx context.Context, a Article) (Article, error) {
	if err := a.Validate(s.languages); err != nil {
		return a, err
	}
	if err := s.store.CreateArticle(ctx, a); err != nil {
		return a, err
	}
	return s.changed(ctx, a.Slug)
}

// Save creates or replaces an article after validating it.
func (s *Service) Save(ctx context.Context, a Article) (Article, error) {
	if err := a.Validate(s.languages); err != nil {
		return a, err
	}
	if err := s.store.SaveArticle(ctx, a); err != nil {
		return a, err
	}
	return s.changed(ctx, a.Slug)
}

// Delete removes an article; ErrNotFound if there is none.
func (s *Service) Delete(ctx context.Context, slug string) error {
	if err := s.store.DeleteArticle(ctx, slug); err != nil {
		return err
	}
	return s.Refresh(ctx)
}

func (s *Service) changed(ctx context.Context, slug string) (Article, error) {
	if err := s.Refresh(ctx); err != nil {
		return Article{}, err
	}
	return s.store.Article(ctx, slug)
}

// Refresh rebuilds the index if the stored articles changed since it was built.
func (s *Service) Refresh(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.store.ArticlesVersion(ctx)
	if err != nil {
		return fmt.Errorf("read articles version: %w", err)
	}
	s.checked.Store(time.Now().UnixNano())
	if cur := s.index.Load(); cur != nil && cur.Version == v {
		return nil
	}
	as, err := s.store.Articles(ctx)
	if err != nil {
		return fmt.Errorf("load articles: %w", err)
	}
	s.index.Store(BuildIndex(as, v))
	return nil
}

func (s *Service) fresh(ctx context.Context) *Index {
	if ix := s.index.Load(); ix == nil || time.Since(time.Unix(0, s.checked.Load())) > s.Freshness {
		// A failed check keeps the current index: stale answers beat none.
		_ = s.Refresh(ctx)
	}
	if ix := s.index.Load(); ix != nil {
		return ix
	}
	return BuildIndex(nil, -1)
}

// MinCoverage is the share of a question's words an answering article must
// match: one distinctive word ("policy") of five is not enough.
const MinCoverage = 0.4

// Match is an article that may answer a question, with its relevance.
type Match struct {
	Article  Article
	Score    float64
	Coverage float64
}

// Answers reports whether the article answers the question.
func (m Match) Answers() bool { return m.Score >= MinScore && m.Coverage >= MinCoverage }

// Strong reports whether the article answers even a message the NLU did
// not take for a question to the shop.
func (m Match) Strong() bool { return m.Score >= StrongScore && m.Coverage >= MinCoverage }

// Find ranks the articles for a question in lang (best first, at most
// limit), boosting the topics the shopper's intent implies. Callers compare
// Score with MinScore to decide whether the best one answers it.
func (s *Service) Find(ctx context.Context, lang, question string, boost []string, limit int) ([]Match, error) {
	hits := s.fresh(ctx).Search(lang, question, boost)
	if len(hits) > limit {
		hits = hits[:limit]
	}
	var ms []Match
	for _, h := range hits {
		a, err := s.store.Article(ctx, h.Slug)
		if err == ErrNotFound {
			continue // deleted since the index was built
		}
		if err != nil {
			return nil, fmt.Errorf("read article %s: %w", h.Slug, err)
		}
		ms = append(ms, Match{Article: a, Score: h.Score, Coverage: h.Coverage})
	}
	return ms, nil
}

// First returns the first article (by position) of one of topics, for a
// question whose kind the NLU is sure of but whose words match nothing:
// "shipping?" deserves the shipping article.
func (s *Service) First(ctx context.Context, topics []string) (Article, bool, error) {
	as, err := s.List(ctx)
	if err != nil {
		return Article{}, false, err
	}
	for _, topic := range topics {
		for _, a := range as {
			if a.Topic == topic {
				return a, true, nil
			}
		}
	}
	return Article{}, false, nil
}

//go:embed seed
var seedFS embed.FS

// Demo returns the demo shop's articles, read from the embedded seed files:
// seed/articles.json lists slug, topic and position; seed/<lang>.json holds
// each language's text by slug.
func Demo() ([]Article, error) {
	b, err := seedFS.ReadFile("seed/articles.json")
	if err != nil {
		return nil, err
	}
	var as []Article
	if err := json.Unmarshal(b, &as); err != nil {
		return nil, fmt.Errorf("seed/articles.json: %w", err)
	}
	files, err := seedFS.ReadDir("seed")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		lang := strings.TrimSuffix(f.Name(), ".json")
		if f.Name() == "articles.json" || path.Ext(f.Name()) != ".json" {
			continue
		}
		b, err := seedFS.ReadFile("seed/" + f.Name())
		if err != nil {
			return nil, err
		}
		var trs map[string]Translation
		if err := json.Unmarshal(b, &trs); err != nil {
			return nil, fmt.Errorf("seed/%s: %w", f.Name(), err)
		}
		for i := range as {
			tr, ok := trs[as[i].Slug]
			if !ok {
				return nil, fmt.Errorf("seed/%s: no text for %s", f.Name(), as[i].Slug)
			}
			if as[i].Translations == nil {
				as[i].Translations = map[string]Translation{}
			}
			as[i].Translations[lang] = tr
			delete(trs, as[i].Slug)
		}
		for slug := range trs {
			return nil, fmt.Errorf("seed/%s: %s is not in articles.json", f.Name(), slug)
		}
	}
	sort.SliceStable(as, func(i, j int) bool { return as[i].Position < as[j].Position })
	return as, nil
}

// SeedDemo stores the demo articles in a knowledge base that has none; a
// shop whose editors changed them keeps their version across restarts.
func (s *Service) SeedDemo(ctx context.Context) error {
	existing, err := s.List(ctx)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil
	}
	as, err := Demo()
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := a.Validate(s.languages); err != nil {
			return fmt.Errorf("seed article %s: %w", a.Slug, err)
		}
		if err := s.store.SaveArticle(ctx, a); err != nil {
			return fmt.Errorf("seed article %s: %w", a.Slug, err)
		}
	}
	return s.Refresh(ctx)
}
