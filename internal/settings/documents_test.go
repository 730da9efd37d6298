package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

// windowDoc is a document for the tests: {"days": N} with 1 <= N <= 90.
func windowDoc(applied *[]int) Document {
	read := func(b []byte) (int, error) {
		var v struct{ Days *int }
		if err := json.Unmarshal(b, &v); err != nil || v.Days == nil {
			return 0, &InvalidError{Name: "window", Field: "days", Reason: "required"}
		}
		if *v.Days < 1 || *v.Days > 90 {
			return 0, &InvalidError{Name: "window", Field: "days", Reason: "must be 1 to 90"}
		}
		return *v.Days, nil
	}
	return Document{Default: []byte(`{"days": 30}`),
		Check: func(b []byte) ([]byte, error) {
			d, err := read(b)
			if err != nil {
				return nil, err
			}
			return fmt.Appendf(nil, `{"days":%d}`, d), nil
		},
		Apply: func(b []byte) { d, _ := read(b); *applied = append(*applied, d) }}
}

// TestDocuments_SavedOverTheDefaultAppliedOnceAndResettable: a document is
// in force from registration (its default), a saved value replaces it at
// once, a refused one changes nothing and names its field, a reload that
// finds nothing new applies nothing, a reset brings the default back, and
// a saved value the rules now refuse is ignored at load.
func TestDocuments_SavedOverTheDefaultAppliedOnceAndResettable(t *testing.T) {
	ctx := context.Background()
	saved := memStore{}
	s := newService(saved)
	var applied []int
	if err := s.Register("window", windowDoc(&applied)); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(applied) != "[30]" {
		t.Fatalf("applied at registration: %v, want the default", applied)
	}
	if err := s.PutDoc(ctx, "window", []byte(`{"days": 14}`)); err != nil {
		t.Fatal(err)
	}
	var inv *InvalidError
	if err := s.PutDoc(ctx, "window", []byte(`{"days": 0}`)); !errors.As(err, &inv) || inv.Field != "days" {
		t.Errorf("a refused value: %v, want an InvalidError naming days", err)
	}
	if err := s.PutDoc(ctx, "nope", []byte(`{}`)); !errors.Is(err, ErrUnknown) {
		t.Errorf("an unknown document: %v", err)
	}
	it, _ := s.Doc("window")
	if string(it.Value) != `{"days":14}` || it.Source != "admin" || saved["window"] != `{"days":14}` {
		t.Errorf("after saving: %s (%s), stored %q", it.Value, it.Source, saved["window"])
	}
	if err := s.Load(ctx); err != nil { // another instance's reload: nothing new
		t.Fatal(err)
	}
	if err := s.ResetDoc(ctx, "window"); err != nil {
		t.Fatal(err)
	}
	if it, _ := s.Doc("window"); it.Source != "default" || string(it.Value) != `{"days":30}` {
		t.Errorf("after the reset: %s (%s)", it.Value, it.Source)
	}
	if fmt.Sprint(applied) != "[30 14 30]" {
		t.Errorf("applied %v, want 30, 14, 30: each change once, nothing for a refusal or a reload", applied)
	}
	// A value saved elsewhere (another instance) is applied at the next Load;
	// one the rules refuse is ignored there.
	saved["window"] = `{"days": 7}`
	s.Load(ctx)
	saved["window"] = `{"days": 700}`
	s.Load(ctx)
	if fmt.Sprint(applied) != "[30 14 30 7 30]" {
		t.Errorf("applied %v after two reloads, want 7 then the default", applied)
	}
}
