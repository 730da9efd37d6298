package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"unicode/utf8"

	"github.com/shopkeeper/shopkeeper/internal/settings"
)

// Documents are the settings whose value is a JSON document (the return
// policy, the shipping rules, the away message, the channel switches):
// GET /api/v1/admin/settings/{name} shows one, PUT with the document as the
// body saves it, DELETE goes back to the flag or file value. A refused
// document answers 400 invalid_setting with the field at fault in
// error.field.
type Documents interface {
	Doc(name string) (settings.DocumentItem, error)
	PutDoc(ctx context.Context, name string, b []byte) error
	ResetDoc(ctx context.Context, name string) error
	Documents() []string
}

// maxDocumentBody bounds a document: shipping rules for every country of
// the world fit in well under this.
const maxDocumentBody = 256 << 10

func (s *Server) documents() (Documents, bool) {
	d, ok := s.Editable.(Documents)
	return d, ok && s.Editable != nil
}

// isDocument reports whether name is a document setting.
func (s *Server) isDocument(name string) bool {
	d, ok := s.documents()
	if !ok {
		return false
	}
	_, err := d.Doc(name)
	return err == nil
}

// adminDocument answers a document with its default and source.
func (s *Server) adminDocument(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	d, ok := s.documents()
	if !ok {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "no editable settings on this server"))
		return
	}
	it, err := d.Doc(name)
	if errors.Is(err, settings.ErrUnknown) {
		writeError(w, r, errorf(http.StatusNotFound, "not_found", "%q is not a setting shown on its own (see GET /api/v1/admin/settings)", name))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, documentJSON(it))
}

func documentJSON(it settings.DocumentItem) map[string]any {
	return map[string]any{"name": it.Name, "value": json.RawMessage(it.Value), "default": json.RawMessage(it.Default), "source": it.Source}
}

// putDocument saves a document sent as the body.
func (s *Server) putDocument(w http.ResponseWriter, r *http.Request, name string) {
	if err := requireType(r, "application/json"); err != nil {
		writeError(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDocumentBody))
	if err != nil {
		writeError(w, r, bodyError(err))
		return
	}
	if !utf8.Valid(body) || !json.Valid(body) {
		writeError(w, r, errorf(http.StatusBadRequest, "invalid_json", "send the %s as one JSON object (UTF-8)", name))
		return
	}
	d, _ := s.documents()
	s.editDocument(w, r, name, func() error { return d.PutDoc(r.Context(), name, body) })
}

// resetDocument forgets a saved document.
func (s *Server) resetDocument(w http.ResponseWriter, r *http.Request, name string) {
	d, _ := s.documents()
	s.editDocument(w, r, name, func() error { return d.ResetDoc(r.Context(), name) })
}

func (s *Server) editDocument(w http.ResponseWriter, r *http.Request, name string, do func() error) {
	auditTarget(r, "setting "+name)
	var inv *settings.InvalidError
	switch err := do(); {
	case errors.As(err, &inv):
		ae := errorf(http.StatusBadRequest, "invalid_setting", "%s", inv.Error())
		ae.Field = inv.Field
		writeError(w, r, ae)
		return
	case err != nil:
		writeError(w, r, err)
		return
	}
	d, _ := s.documents()
	it, err := d.Doc(name)
	if err != nil {
		writeError(w, r, err)
		return
	}
	noteAudit(r, "source", it.Source)
	// The audit keeps the saved document itself (settings hold no secrets
	// and no shopper's data), so a change can be read back and undone.
	noteAudit(r, "value", json.RawMessage(it.Value))
	writeJSON(w, http.StatusOK, documentJSON(it))
}
