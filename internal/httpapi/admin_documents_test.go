package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopkeeper/shopkeeper/internal/settings"
)

type memSettings map[string]string

func (m memSettings) Settings(context.Context) (map[string]string, error) { return m, nil }
func (m memSettings) PutSetting(_ context.Context, n, v string) error     { m[n] = v; return nil }
func (m memSettings) DeleteSetting(_ context.Context, n string) error     { delete(m, n); return nil }

// TestAdminDocuments_SaveShowResetAndRefuseWithTheField: the document
// endpoints take the document as the body, answer a refusal 400 with the
// field at fault, and keep the admin key in front of them.
func TestAdminDocuments_SaveShowResetAndRefuseWithTheField(t *testing.T) {
	saved := memSettings{}
	st := settings.New(saved, nil)
	err := st.Register("away_message", settings.Document{Default: []byte(`{}`),
		Check: func(b []byte) ([]byte, error) {
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, &settings.InvalidError{Name: "away_message", Field: "away_message", Reason: "must be an object"}
			}
			if len(m["en"]) > 10 {
				return nil, &settings.InvalidError{Name: "away_message", Field: "en", Reason: "at most 10 characters"}
			}
			return json.Marshal(m)
		}})
	if err != nil {
		t.Fatal(err)
	}
	h := (&Server{AdminKey: "the-admin-key-of-this-test", Editable: st}).Handler()
	call := func(method, path, key, ctype, body string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	const key, path = "the-admin-key-of-this-test", "/api/v1/admin/settings/away_message"
	for _, c := range []struct {
		name, method, key, ctype, body string
		status                         int
		field                          string
	}{
		{"no key", "PUT", "", "application/json", `{"en":"hi"}`, http.StatusUnauthorized, ""},
		{"not JSON", "PUT", key, "application/json", `{"en":`, http.StatusBadRequest, ""},
		{"wrong type", "PUT", key, "text/plain", `{"en":"hi"}`, http.StatusUnsupportedMediaType, ""},
		{"refused", "PUT", key, "application/json", `{"en":"far too long a text"}`, http.StatusBadRequest, "en"},
		{"saved", "PUT", key, "application/json", `{"en":"Back soon"}`, http.StatusOK, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out := call(c.method, path, c.key, c.ctype, c.body)
			if code != c.status {
				t.Fatalf("status %d (%v), want %d", code, out, c.status)
			}
			if c.field != "" {
				e, _ := out["error"].(map[string]any)
				if e["field"] != c.field || e["code"] != "invalid_setting" || !strings.HasPrefix(e["message"].(string), c.field+":") {
					t.Errorf("error = %v, want invalid_setting naming %s", e, c.field)
				}
			}
		})
	}
	if saved["away_message"] != `{"en":"Back soon"}` {
		t.Errorf("stored %q", saved["away_message"])
	}
	code, out := call("GET", path, key, "", "")
	if v, _ := out["value"].(map[string]any); code != 200 || out["source"] != "admin" || v["en"] != "Back soon" {
		t.Errorf("GET = %d %v", code, out)
	}
	if code, _ := call("GET", "/api/v1/admin/settings/nothing_like_it", key, "", ""); code != http.StatusNotFound {
		t.Errorf("an unknown document answered %d", code)
	}
	if code, out := call("DELETE", path, key, "", ""); code != 200 || out["source"] != "default" || saved["away_message"] != "" {
		t.Errorf("reset = %d %v, stored %q", code, out, saved["away_message"])
	}
}
