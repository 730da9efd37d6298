package httpapi

import (
	"net/http"
	"unicode/utf8"
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
