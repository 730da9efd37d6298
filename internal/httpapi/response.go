package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// apiError is an error with the contract's code and an HTTP status.
type apiError struct {
	Status  int
	Code    string
	Message string
	// RetryAfter, in seconds, becomes the Retry-After header (429, 503).
	RetryAfter int
	// Field names the part of the request at fault, when one is: the
	// body's error.field (an extension of the contract's error).
	Field string
}

func (e *apiError) Error() string { return e.Message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError answers with the contract's error body. Errors that are not
// apiErrors are internal: logged, and answered without details.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		slog.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = errorf(http.StatusInternalServerError, "internal", "something went wrong on our side; nothing was changed by this request")
	}
	if ae.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(ae.RetryAfter))
	}
	body := map[string]string{"code": ae.Code, "message": ae.Message}
	if ae.Field != "" {
		body["field"] = ae.Field
	}
	writeJSON(w, ae.Status, map[string]any{"error": body})
}

// decodeJSON reads a JSON body into v: the right content type, at most
// limit bytes, no unknown trailing data, every field within its maximum
// length (limits.go).
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if err := requireType(r, "application/json"); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return bodyError(err)
	}
	if !utf8.Valid(body) {
		// encoding/json would quietly turn bad bytes into U+FFFD; say so instead.
		return errorf(http.StatusBadRequest, "invalid_text", "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errorf(http.StatusBadRequest, "invalid_json", "the body must hold exactly one JSON value")
	}
	return checkLengths(v)
}

func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return errorf(http.StatusRequestEntityTooLarge, "payload_too_large", "the body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return errorf(http.StatusBadRequest, "invalid_json", "the body is empty; send a JSON object")
	case errors.As(err, &syn):
		return errorf(http.StatusBadRequest, "invalid_json", "malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return errorf(http.StatusBadRequest, "invalid_json", "field %q must be %s", typ.Field, typ.Type)
	}
	return errorf(http.StatusBadRequest, "invalid_json", "malformed JSON: %s", err.Error())
}

// requireType checks the request's Content-Type.
func requireType(r *http.Request, want string) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !strings.EqualFold(mt, want) {
		return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as %s", want)
	}
	return nil
}
