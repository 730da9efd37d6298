package settings

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
)

// A Document is a setting whose value is a JSON document: the return
// policy, the shipping rules, the away message, the channels. The package
// that owns the rules checks a value (Check) and the app puts it in force
// (Apply), so a saved document, a reset and a change another instance
// saved all take effect without a restart.
type Document struct {
	// Default is the flag or file value, in the document's JSON form.
	Default []byte
	// Check reads a value and returns it in canonical JSON, or an
	// *InvalidError naming the field at fault.
	Check func(b []byte) ([]byte, error)
	// Apply puts a checked value in force.
	Apply func(b []byte)
}

// DocumentItem is a document as the admin shows it.
type DocumentItem struct {
	Name    string `json:"name"`
	Value   []byte `json:"-"`
	Default []byte `json:"-"`
	Source  string `json:"source"` // "admin" when saved in the admin, else "default"
}

type document struct {
	Document
	applied []byte // the value last put in force
}

// Register adds a document setting; call it before Load. Its default is
// applied at once, so the owner runs with it until Load finds a saved one.
func (s *Service) Register(name string, d Document) error {
	def, err := d.Check(d.Default)
	if err != nil {
		return fmt.Errorf("setting %s: the default: %w", name, err)
	}
	d.Default = def
	s.mu.Lock()
	if s.docs == nil {
		s.docs = map[string]*document{}
	}
	s.docs[name] = &document{Document: d}
	s.mu.Unlock()
	s.apply(name)
	return nil
}

// Documents lists the registered document settings' names in a stable order.
func (s *Service) Documents() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.docs))
	for n := range s.docs {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Doc is a document's current value, its default and where the value
// comes from.
func (s *Service) Doc(name string) (DocumentItem, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	d, ok := s.docs[name]
	if !ok {
		return DocumentItem{}, fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	it := DocumentItem{Name: name, Value: d.Default, Default: d.Default, Source: "default"}
	if v, ok := s.savedDocs[name]; ok {
		it.Value, it.Source = v, "admin"
	}
	return it, nil
}

// PutDoc checks, saves and applies a document.
func (s *Service) PutDoc(ctx context.Context, name string, b []byte) error {
	s.mu.RLock()
	d, ok := s.docs[name]
	s.mu.RUnlock()
	if !ok {
		return fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	v, err := d.Check(b)
	if err != nil {
		return err
	}
	if err := s.store.PutSetting(ctx, name, string(v)); err != nil {
		return err
	}
	s.mu.Lock()
	s.savedDocs[name] = v
	s.mu.Unlock()
	s.apply(name)
	return nil
}

// ResetDoc forgets a saved document: the flag or file value applies again.
func (s *Service) ResetDoc(ctx context.Context, name string) error {
	s.mu.RLock()
	_, ok := s.docs[name]
	s.mu.RUnlock()
	if !ok {
		return fmt.Errorf("%q: %w", name, ErrUnknown)
	}
	if err := s.store.DeleteSetting(ctx, name); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.savedDocs, name)
	s.mu.Unlock()
	s.apply(name)
	return nil
}

// loadDocs keeps the saved documents of m the current rules accept (a
// value they refuse is ignored: the default applies) and applies those
// that changed.
func (s *Service) loadDocs(m map[string]string) {
	s.mu.RLock()
	checks := map[string]func([]byte) ([]byte, error){}
	for n, d := range s.docs {
		checks[n] = d.Check
	}
	s.mu.RUnlock()
	saved := map[string][]byte{}
	for n, check := range checks {
		if v, ok := m[n]; ok {
			if c, err := check([]byte(v)); err == nil {
				saved[n] = c
			}
		}
	}
	s.mu.Lock()
	s.savedDocs = saved
	s.mu.Unlock()
	for n := range checks {
		s.apply(n)
	}
}

// apply puts the document's current value in force when it changed.
func (s *Service) apply(name string) {
	s.mu.Lock()
	d := s.docs[name]
	v, ok := s.savedDocs[name]
	if !ok {
		v = d.Default
	}
	if d.applied != nil && bytes.Equal(d.applied, v) {
		s.mu.Unlock()
		return
	}
	d.applied = v
	s.mu.Unlock()
	if d.Apply != nil {
		d.Apply(v)
	}
}

// Invalid turns a document's refusal into an *InvalidError: errors that
// name their field (a Fields method, as returns, fulfilment and inbox give)
// keep it; others are about the document as a whole.
func Invalid(name string, err error) error {
	var f interface{ Fields() (field, reason string) }
	if errors.As(err, &f) {
		field, reason := f.Fields()
		return &InvalidError{Name: name, Field: field, Reason: reason}
	}
	return &InvalidError{Name: name, Field: name, Reason: err.Error()}
}
