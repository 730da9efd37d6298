package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/shopkeeper/shopkeeper/internal/knowledge"
)

// Knowledge is the knowledge base as the admin API and help pages use it.
type Knowledge interface {
	List(ctx context.Context) ([]knowledge.Article, error)
	Get(ctx context.Context, slug string) (knowledge.Article, error)
	Create(ctx context.Context, a knowledge.Article) (knowledge.Article, error)
	Save(ctx context.Context, a knowledge.Article) (knowledge.Article, error)
	Delete(ctx context.Context, slug string) error
}

// maxArticleBody leaves room for an article in six languages, Chinese and
// Armenian taking two or three bytes a letter.
const maxArticleBody = 512 << 10

func (s *Server) adminArticles(w http.ResponseWriter, r *http.Request) {
	as, err := s.Knowledge.List(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	if as == nil {
		as = []knowledge.Article{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"articles": as})
}

func (s *Server) adminArticle(w http.ResponseWriter, r *http.Request) {
	a, err := s.Knowledge.Get(r.Context(), r.PathValue("slug"))
	if err != nil {
		writeError(w, r, articleError(err))
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) adminCreateArticle(w http.ResponseWriter, r *http.Request) {
	var a knowledge.Article
	if err := decodeJSON(w, r, &a, maxArticleBody); err != nil {
		writeError(w, r, err)
		return
	}
	a, err := s.Knowledge.Create(r.Context(), a)
	if err != nil {
		writeError(w, r, articleError(err))
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

// adminPutArticle creates or replaces the article at the address; a slug in
// the body must be the same.
func (s *Server) adminPutArticle(w http.ResponseWriter, r *http.Request) {
	var a knowledge.Article
	if err := decodeJSON(w, r, &a, maxArticleBody); err != nil {
		writeError(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	if a.Slug != "" && a.Slug != slug {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "slug: the body names %q but the address %q; rename by creating the new one and deleting the old", a.Slug, slug))
		return
	}
	a.Slug = slug
	a, err := s.Knowledge.Save(r.Context(), a)
	if err != nil {
		writeError(w, r, articleError(err))
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) adminDeleteArticle(w http.ResponseWriter, r *http.Request) {
	if err := s.Knowledge.Delete(r.Context(), r.PathValue("slug")); err != nil {
		writeError(w, r, articleError(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func articleError(err error) error {
	var ve *knowledge.ValidationError
	switch {
	case errors.As(err, &ve):
		return errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", ve.Error())
	case errors.Is(err, knowledge.ErrNotFound):
		return errorf(http.StatusNotFound, "not_found", "no article with that slug")
	case errors.Is(err, knowledge.ErrExists):
		return errorf(http.StatusConflict, "article_exists", "an article with that slug exists; change it with PUT /api/v1/admin/articles/{slug}")
	}
	return err
}
