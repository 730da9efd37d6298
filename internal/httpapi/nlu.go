package httpapi

import (
	"context"
	"net/http"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/nlu"
)

const maxParseRunes = 10000

func (s *Server) parse(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Text string `json:"text"`
		Lang string `json:"lang"`
	}
	if err := decodeJSON(w, r, &req, 256<<10); err != nil {
		writeError(w, r, err)
		return
	}
	if !utf8.ValidString(req.Text) {
		writeError(w, r, errorf(http.StatusBadRequest, "invalid_text", "text must be valid UTF-8"))
		return
	}
	if utf8.RuneCountInString(req.Text) > maxParseRunes {
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, "text_too_long", "text may have at most %d characters", maxParseRunes))
		return
	}
	if req.Lang != "" && s.language(req.Lang) != req.Lang {
		writeError(w, r, errorf(http.StatusBadRequest, "unsupported_language", "lang must be one of en, nl, ms, zh, nb, hy"))
		return
	}
	writeJSON(w, http.StatusOK, s.NLU.Parse(req.Text, req.Lang))
}

// Training is how the retailer teaches the NLU.
type Training interface {
	AddExamples(ctx context.Context, ex []nlu.Example) error
	AddSynonyms(ctx context.Context, syns []nlu.Synonym) error
}

func (s *Server) adminAddExamples(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Examples []nlu.Example `json:"examples"`
	}
	if err := decodeJSON(w, r, &req, 1<<20); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Training.AddExamples(r.Context(), req.Examples); err != nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error()))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int{"added": len(req.Examples)})
}

func (s *Server) adminAddSynonyms(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Synonyms []nlu.Synonym `json:"synonyms"`
	}
	if err := decodeJSON(w, r, &req, 1<<20); err != nil {
		writeError(w, r, err)
		return
	}
	if err := s.Training.AddSynonyms(r.Context(), req.Synonyms); err != nil {
		writeError(w, r, errorf(http.StatusUnprocessableEntity, "validation_failed", "%s", err.Error()))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int{"added": len(req.Synonyms)})
}
